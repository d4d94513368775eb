"""`openness rubric list|show|docs` and `openness compare`, as a user runs them (offline, registry)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from openness.cli.app import app
from openness.frameworks.docs import load_all_rubrics, render_markdown

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


def test_committed_rubric_docs_match_the_yaml():
    committed = (REPO / "docs" / "rubrics.md").read_text(encoding="utf-8")
    assert committed == render_markdown(load_all_rubrics()), "run `openness rubric docs` and commit docs/rubrics.md"


def test_rubric_list_names_ladder_and_every_framework():
    result = runner.invoke(app, ["rubric", "list"])
    assert result.exit_code == 0
    ids = [line.split()[0] for line in result.output.splitlines()]
    assert ids == ["ladder", "eu-ai-act", "eu-index", "mof", "osaid"]


def test_rubric_show_prints_the_requirements():
    result = runner.invoke(app, ["rubric", "show", "osaid"])
    assert result.exit_code == 0
    assert "Complete code" in result.output and "OSI-approved" in result.output


def test_rubric_docs_check_detects_drift(tmp_path):
    out = tmp_path / "rubrics.md"
    assert runner.invoke(app, ["rubric", "docs", "-o", str(out)]).exit_code == 0
    assert runner.invoke(app, ["rubric", "docs", "-o", str(out), "--check"]).exit_code == 0
    out.write_text("stale", encoding="utf-8")
    assert runner.invoke(app, ["rubric", "docs", "-o", str(out), "--check"]).exit_code == 1


def test_compare_offline_from_the_registry_in_markdown():
    result = runner.invoke(
        app, ["compare", "meta-llama/Meta-Llama-3-70B", "google/gemma-7b", "--offline", "--format", "markdown"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "| | `meta-llama/Meta-Llama-3-70B` | `google/gemma-7b` |"
    eu_row = next(line for line in lines if line.startswith("| EU AI Act"))
    assert "no: a usage cap" in eu_row and "no: use-based restrictions" in eu_row
