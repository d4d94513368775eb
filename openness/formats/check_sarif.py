"""SARIF 2.1.0 for the check: one rule per rubric check and hygiene check, one result per item that
did not pass, located at the README.md or openness.yaml line of its evidence."""

from __future__ import annotations

import json
import re

from openness.check.report import CheckReport
from openness.models import Evidence

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LOCAL = re.compile(r"^(?P<path>[^:#]+?)(?:#L(?P<line>\d+))?$")


def render(report: CheckReport) -> str:
    rules: list[dict] = []
    results: list[dict] = []
    target = report.gate.target_level
    for item in report.items:
        rules.append(_rule(item.id, item.title, item.fix or item.title, {"level": item.level}))
        if item.outcome == "pass" or item.outcome == "not_applicable":
            continue
        # Beyond the target, a missing component is information, not a problem.
        in_scope = target is None or item.level <= target
        level = ("error" if item.outcome in ("fail", "error") else "warning") if in_scope else "note"
        text = f"Level {item.level} check '{item.id}' {item.outcome}: {item.reason}"
        results.append(_result(item.id, len(rules) - 1, level, text, item.fix, item.evidence, report.subject.uri_prefix))
    for h in report.hygiene:
        rules.append(_rule(h.id, h.title, h.fix or h.title, {"severity": h.severity}))
        if h.outcome in ("pass", "not_applicable"):
            continue
        level = "error" if (h.outcome == "fail" and h.severity == "blocker") else "warning"
        results.append(_result(h.id, len(rules) - 1, level, f"{h.title}: {h.message}", h.fix, h.evidence, report.subject.uri_prefix))
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "openness", "version": report.tool.version,
                                    "informationUri": "https://github.com/openness-dev/openness", "rules": rules}},
                "results": results,
                "properties": {"subject": report.subject.repo_id, "level": report.level.value,
                               "targetLevel": target, "passed": report.gate.passed},
            }
        ],
    }
    return json.dumps(doc, indent=2) + "\n"


def _rule(rule_id: str, title: str, help_text: str, props: dict) -> dict:
    return {"id": rule_id, "name": rule_id, "shortDescription": {"text": title}, "help": {"text": help_text}, "properties": props}


def _result(rule_id: str, index: int, level: str, text: str, fix: str, evidence: list[Evidence], prefix: str) -> dict:
    message = text + (f" Fix: {fix}" if fix else "")
    return {"ruleId": rule_id, "ruleIndex": index, "level": level, "message": {"text": message}, "locations": [_location(evidence, prefix)]}


def _location(evidence: list[Evidence], prefix: str) -> dict:
    """The first evidence that is a file of the folder (declared evidence, pointing into openness.yaml,
    first: that is where the publisher acts), else README.md."""
    ordered = sorted(evidence, key=lambda ev: ev.origin != "declared")
    for ev in ordered:
        if "://" in ev.locator:
            continue
        m = _LOCAL.match(ev.locator)
        # Local metadata evidence is named by what it is ("files", "tags"), not a file: skip it.
        if m and (m.group("line") or "." in m.group("path")):
            loc: dict = {"physicalLocation": {"artifactLocation": {"uri": prefix + m.group("path")}}}
            if m.group("line"):
                loc["physicalLocation"]["region"] = {"startLine": int(m.group("line"))}
            return loc
    return {"physicalLocation": {"artifactLocation": {"uri": prefix + "README.md"}}}
