"""Every output format tells the same story: the level, each check's outcome as computed (unknown is
never shown as fail), and the evidence behind each claim."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from openness.engine.evaluate import evaluate
from openness.engine.rubric import load_rubric
from openness.formats import render_audit
from openness.models import (
    AuditReport,
    ComponentState,
    Evidence,
    LicenseResult,
    RubricRef,
    Subject,
    ToolInfo,
    UsageCap,
)

RUBRIC = load_rubric("ladder")
REPORT_URL = "https://arxiv.org/abs/2401.00001"
README_LINE = "hf://org/model@" + "a" * 40 + "/README.md#L7"


def _report() -> AuditReport:
    states = {
        "weights": ComponentState(component="weights", status="open", origin="hub",
                                  evidence=[Evidence(locator="hf://org/model@" + "a" * 40 + "/model.safetensors", origin="hub")]),
        "technical_report": ComponentState(component="technical_report", status="training", origin="card",
                                           evidence=[Evidence(locator=REPORT_URL, excerpt="training details", origin="card")]),
        # could not be checked: a gated file, say
        "training_code": ComponentState(component="training_code", status="unknown", reason="README unreadable"),
        "training_data": ComponentState(component="training_data", status="none", origin="card",
                                        evidence=[Evidence(locator=README_LINE, origin="card")]),
        "data_pipeline": ComponentState(component="data_pipeline", status="none", origin="card"),
    }
    checks, level = evaluate(RUBRIC, states)
    return AuditReport(
        tool=ToolInfo(version="test"),
        generated_at=datetime(2026, 11, 28, tzinfo=timezone.utc),
        subject=Subject(repo_id="org/model", revision="a" * 40, source="hub"),
        rubric=RubricRef(id="ladder", version="1.0"),
        level=level,
        checks=checks,
        components=states,
        license=LicenseResult(key="llama3", declared="llama3", osi_approved=False,
                              usage_caps=[UsageCap(metric="monthly_active_users", threshold=700_000_000)]),
    )


def test_the_report_under_test_has_an_unknown_check():
    report = _report()
    assert report.level.value == 2
    assert [c.outcome for c in report.checks if c.id == "training-recipe"] == ["unknown"]


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_human_formats_show_unknown_as_unknown_and_cite_the_evidence(fmt):
    text = render_audit(_report(), fmt)
    recipe_line = next(line for line in text.splitlines() if "training-recipe" in line)
    assert "unknown" in recipe_line and "fail" not in recipe_line
    assert "Level 2" in text
    assert REPORT_URL in text  # the passing training-report check's evidence
    assert "700 million monthly active users" in text
    assert "llama3" in text


def test_json_carries_outcomes_and_evidence_per_check():
    data = json.loads(render_audit(_report(), "json"))
    by_id = {c["id"]: c for c in data["checks"]}
    assert by_id["training-recipe"]["outcome"] == "unknown"
    assert by_id["training-report"]["outcome"] == "pass"
    assert by_id["training-report"]["evidence"][0]["locator"] == REPORT_URL
    assert data["level"]["blocked_by"] == [
        {"check": "training-recipe", "outcome": "unknown", "reason": by_id["training-recipe"]["reason"]}
    ]


def test_sarif_maps_unknown_to_warning_fail_to_error_and_locates_card_evidence():
    sarif = json.loads(render_audit(_report(), "sarif"))
    results = {r["ruleId"]: r for r in sarif["runs"][0]["results"]}
    assert results["training-recipe"]["level"] == "warning"
    assert results["training-data"]["level"] == "error"
    assert "training-report" not in results  # passing checks are not problems
    location = results["training-data"]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "README.md"
    assert location["region"]["startLine"] == 7
    assert sarif["runs"][0]["properties"]["level"] == 2
