"""From evidence to a verdict: probes over a snapshot, merged with registry claims, evaluated by a
rubric. Pure (the snapshot and claims are read before), so `audit` (Hub) and `check` (a local
release folder) reach their verdicts the same way."""

from __future__ import annotations

from dataclasses import dataclass

from openness.engine.evaluate import evaluate
from openness.engine.merge import merge_all
from openness.engine.rubric import Rubric
from openness.models import CheckResult, ComponentState, Finding, LevelResult, Snapshot
from openness.registry.schema import ComponentClaim


@dataclass
class Verdict:
    findings: list[Finding]
    states: dict[str, ComponentState]
    checks: list[CheckResult]
    level: LevelResult


def judge(
    rubric: Rubric,
    snapshot: Snapshot | None,
    claims: dict[str, ComponentClaim] | None = None,
    extra_findings: list[Finding] | None = None,
    knowledge=None,
) -> Verdict:
    findings: list[Finding] = []
    if snapshot is not None:
        from openness.knowledge import load_knowledge
        from openness.probes import run_probes

        findings = run_probes(snapshot, knowledge if knowledge is not None else load_knowledge())
    findings += extra_findings or []
    states = merge_all(rubric, findings, claims)
    checks, level = evaluate(rubric, states)
    return Verdict(findings=findings, states=states, checks=checks, level=level)
