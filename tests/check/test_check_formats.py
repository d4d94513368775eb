"""The check report's formats: SARIF that validates against the 2.1.0 schema with file/line locations,
markdown that hostile card text cannot break, --output written atomically."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from check_helpers import RELEASES, REPO_ROOT, run_cli  # type: ignore[import-not-found]
from openness.check.checklist import run_check
from openness.formats.check_render import render_check

SARIF_SCHEMA = REPO_ROOT / "tests" / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def sarif_validator():
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


@pytest.mark.parametrize("name", ["claims4-no-data", "license-mismatch", "hostile-card", "level5-pipeline", "derivative-no-base"])
def test_sarif_validates_against_the_2_1_0_schema(name, sarif_validator):
    doc = json.loads(render_check(run_check(RELEASES / name, offline=True), "sarif"))
    errors = sorted(sarif_validator.iter_errors(doc), key=str)
    assert not errors, errors[0].message


def test_sarif_rule_is_the_check_id_and_location_the_file_and_line():
    doc = json.loads(render_check(run_check(RELEASES / "claims4-no-data", offline=True), "sarif"))
    run = doc["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert {"training-data", "license-declared", "links-reachable"} <= set(rule_ids)
    results = {r["ruleId"]: r for r in run["results"]}
    assert results["training-data"]["level"] == "error"  # within the target
    assert results["data-pipeline"]["level"] == "note"  # beyond the target: information
    for result in run["results"]:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        prefix = _prefix(RELEASES / "claims4-no-data")
        assert uri in (prefix + "README.md", prefix + "openness.yaml")


def test_sarif_points_a_license_conflict_at_the_readme_line():
    doc = json.loads(render_check(run_check(RELEASES / "license-other-incomplete", offline=True), "sarif"))
    result = next(r for r in doc["runs"][0]["results"] if r["ruleId"] == "license-other-fields")
    loc = result["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == _prefix(RELEASES / "license-other-incomplete") + "README.md"
    assert loc["region"]["startLine"] == 2


def _prefix(folder) -> str:
    """SARIF locations start with the folder's path from the working directory (repo-relative in CI)."""
    try:
        return folder.resolve().relative_to(Path.cwd().resolve()).as_posix() + "/"
    except ValueError:
        return ""


def test_sarif_locations_start_at_the_working_directory(tmp_path, monkeypatch):
    import shutil

    release = tmp_path / "models" / "my-release"
    shutil.copytree(RELEASES / "license-other-incomplete", release)
    monkeypatch.chdir(tmp_path)
    doc = json.loads(render_check(run_check(Path("models/my-release"), offline=True), "sarif"))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"]}
    assert uris and all(u.startswith("models/my-release/") for u in uris)
    monkeypatch.chdir(release)
    doc = json.loads(render_check(run_check(Path("."), offline=True), "sarif"))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"]}
    assert uris and all("/" not in u for u in uris)


def test_markdown_survives_hostile_card_text():
    report = run_check(RELEASES / "hostile-card", offline=True)
    text = render_check(report, "markdown")
    assert "<script>" not in text and "<img" not in text
    assert "&lt;script&gt;" in text
    # every table row keeps its column count: no unescaped pipe from the card splits a cell
    for line in text.splitlines():
        if line.startswith("| ") and "|---" not in line:
            cells = line.replace("\\|", "").count("|")
            assert cells in (5, 6), line


def test_markdown_for_a_step_summary_has_verdict_and_checklist():
    text = render_check(run_check(RELEASES / "claims4-no-data", offline=True), "markdown")
    assert "**Result: FAIL**" in text
    assert "### Level 4 — Open training data (target)" in text
    assert "Declared in openness.yaml (stated, not verified)" in text


def test_output_file_is_written_even_when_the_gate_fails(tmp_path):
    out = tmp_path / "check.sarif"
    result = run_cli(["check", str(RELEASES / "claims4-no-data"), "--offline", "-f", "sarif", "-o", str(out)])
    assert result.returncode == 1
    assert json.loads(out.read_text())["version"] == "2.1.0"
    assert "report written to" in result.stderr
    assert result.stdout == ""
    assert [p.name for p in tmp_path.iterdir()] == ["check.sarif"]  # no temporary file left


def test_json_report_has_every_key():
    doc = json.loads(render_check(run_check(RELEASES / "level1-weights", offline=True), "json"))
    assert set(doc) >= {"subject", "level", "items", "hygiene", "license", "gate", "notes"}
    assert all(set(i) >= {"id", "level", "level_name", "outcome", "fix", "withheld", "evidence"} for i in doc["items"])


def test_unknown_format_is_a_usage_error():
    result = run_cli(["check", str(RELEASES / "level1-weights"), "--offline", "-f", "yaml"])
    assert result.returncode == 2 and "unknown format" in result.stderr
