"""SARIF 2.1.0 for code-scanning tools: one rule per rubric check, one result per check that did not
pass (fail → error, unknown → warning), located at the evidence's file and line where there is one."""

from __future__ import annotations

import json
import re

from openness.models import AuditReport, CheckResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"fail": "error", "unknown": "warning", "error": "error"}
_HF_LOCATOR = re.compile(r"^hf://[^@]+@[^/]+/(?P<path>[^#]+)(?:#L(?P<line>\d+))?$")
_LOCAL_LOCATOR = re.compile(r"^(?P<path>[^:#]+?)(?:#L(?P<line>\d+))?$")


def render(report: AuditReport) -> str:
    rules = [
        {
            "id": c.id,
            "name": c.id,
            "shortDescription": {"text": c.title},
            "help": {"text": c.remediation or c.title},
            "properties": {"level": c.level},
        }
        for c in report.checks
    ]
    results = [_result(c, report, i) for i, c in enumerate(report.checks) if c.outcome in _LEVEL]
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "openness",
                        "version": report.tool.version,
                        "informationUri": "https://github.com/openness-dev/openness",
                        "rules": rules,
                    }
                },
                "results": results,
                "properties": {
                    "subject": report.subject.repo_id,
                    "level": report.level.value,
                    "levelName": report.level.name,
                },
            }
        ],
    }
    return json.dumps(doc, indent=2) + "\n"


def _result(check: CheckResult, report: AuditReport, index: int) -> dict:
    message = f"Level {check.level} check '{check.id}' {check.outcome}: {check.reason}"
    if check.remediation:
        message += f" Fix: {check.remediation}"
    return {
        "ruleId": check.id,
        "ruleIndex": index,
        "level": _LEVEL[check.outcome],
        "message": {"text": message},
        "locations": [_location(check, report)],
    }


def _location(check: CheckResult, report: AuditReport) -> dict:
    """The first evidence that points into the repository, else its README."""
    for ev in check.evidence:
        m = _HF_LOCATOR.match(ev.locator) if ev.locator.startswith("hf://") else None
        if m is None and report.subject.source == "local" and "://" not in ev.locator:
            m = _LOCAL_LOCATOR.match(ev.locator)
        if m:
            loc: dict = {"physicalLocation": {"artifactLocation": {"uri": m.group("path")}}}
            if m.group("line"):
                loc["physicalLocation"]["region"] = {"startLine": int(m.group("line"))}
            return loc
    return {"physicalLocation": {"artifactLocation": {"uri": "README.md"}}}
