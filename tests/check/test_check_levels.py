"""Release folders we wrote at each level reach that level, and the checklist says what is missing."""

from __future__ import annotations

import json

import pytest

from check_helpers import RELEASES, run_cli  # type: ignore[import-not-found]
from openness.check.checklist import run_check

# folder -> (level, gate passes, hygiene blockers that fail)
EXPECTED = {
    "level0-closed": (0, True, set()),
    "level1-weights": (1, True, set()),
    "level2-report": (2, True, set()),
    "level3-code": (3, True, set()),
    "level4-data": (4, True, set()),
    "level5-pipeline": (5, True, set()),
    "claims4-no-data": (3, False, set()),
    "derivative-no-base": (1, False, {"base-model-declared"}),
    "license-other-incomplete": (1, False, {"license-other-fields"}),
    "license-mismatch": (1, False, {"license-consistent"}),
    "mislabelled-data": (4, False, {"datasets-labelled"}),
    "hostile-card": (1, True, set()),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_release_fixture_reaches_its_level(name):
    level, passes, blockers = EXPECTED[name]
    report = run_check(RELEASES / name, offline=True)
    assert report.level.value == level, [(i.id, i.outcome, i.reason) for i in report.items]
    assert report.gate.passed is passes, report.gate.failures
    failing = {h.id for h in report.hygiene if h.outcome == "fail" and h.severity == "blocker"}
    assert failing == blockers


def test_level_is_blocked_by_the_next_levels_checks():
    report = run_check(RELEASES / "level3-code", offline=True)
    assert [b.check for b in report.level.blocked_by] == ["training-data"]


def test_claiming_level_4_without_data_exits_1_with_a_fix_for_each_gap():
    result = run_cli(["check", str(RELEASES / "claims4-no-data"), "--offline", "--format", "json"])
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["gate"]["target_level"] == 4 and report["gate"]["target_from"] == "openness.yaml"
    assert report["gate"]["reached"] is False
    assert report["gate"]["gaps"] == ["training-data"]
    gaps = [i for i in report["items"] if i["id"] in report["gate"]["gaps"]]
    for item in gaps:
        assert item["outcome"] != "pass"
        assert "`training_data:` in openness.yaml" in item["fix"]
    # items beyond the target are reported but are not gaps
    assert [i["id"] for i in report["items"] if i["level"] == 5][0] not in report["gate"]["gaps"]
    assert "below the target level 4" in result.stderr


def test_target_level_option_overrides_the_file():
    assert run_cli(["check", str(RELEASES / "claims4-no-data"), "--offline", "--target-level", "3"]).returncode == 0
    assert run_cli(["check", str(RELEASES / "level2-report"), "--offline", "-t", "3"]).returncode == 1


def test_without_any_target_the_check_reports_without_a_gate():
    result = run_cli(["check", str(RELEASES / "level1-weights"), "--offline", "--format", "json"])
    assert result.returncode == 0
    gate = json.loads(result.stdout)["gate"]
    assert gate["target_level"] is None and gate["reached"] is None and gate["passed"] is True


def test_withheld_components_say_why_and_how_to_move_on():
    report = run_check(RELEASES / "level2-report", offline=True)
    recipe = next(i for i in report.items if i.id == "training-recipe")
    assert recipe.outcome == "fail"
    assert recipe.withheld and "internal cluster tooling" in recipe.withheld
    # the recipe check has a second way to pass: a report with the full data mixture
    assert "covers_data_mixture: true" in recipe.fix


def test_declared_evidence_is_marked_declared_and_points_into_openness_yaml():
    report = run_check(RELEASES / "level3-code", offline=True)
    recipe = next(i for i in report.items if i.id == "training-recipe")
    declared = [ev for ev in recipe.evidence if ev.origin == "declared"]
    assert declared and declared[0].locator == "openness.yaml#L6"
    assert any("not verified" in n for n in report.notes)


def test_table_output_shows_checklist_fixes_and_verdict():
    result = run_cli(["check", str(RELEASES / "claims4-no-data"), "--offline"])
    assert result.returncode == 1
    assert "Level 4 — Open training data" in result.stdout
    assert "fix: List the full pretraining datasets" in result.stdout
    assert "FAIL" in result.stdout and "Traceback" not in result.stderr


def test_a_hygiene_blocker_fails_even_without_a_target():
    result = run_cli(["check", str(RELEASES / "derivative-no-base"), "--offline", "--format", "json"])
    assert result.returncode == 1
    item = next(h for h in json.loads(result.stdout)["hygiene"] if h["id"] == "base-model-declared")
    assert "base_model: ORG/NAME" in item["fix"]
