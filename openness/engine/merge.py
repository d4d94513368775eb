"""Merge automatic findings and curated registry claims into one state per component.

Automatic: the strongest status that some finding supports (the rubric orders statuses weakest
first); a component nobody could check stays unknown. Registry: a curated claim wins, because the
registry is where people record what automation cannot see, but the automatic findings stay
attached and a disagreement is spelled out, never hidden.
"""

from __future__ import annotations

from openness.engine.rubric import Rubric
from openness.models import ComponentState, Evidence, Finding
from openness.registry.schema import ComponentClaim, Source

_PROVENANCE_LABEL = {
    "curated": "registry (curated)",
    "pulled": "registry (pulled from the Hub, not verified by a person)",
    "imported:mof": "registry (imported from the Model Openness Tool, not verified by us)",
    "imported:osai": "registry (imported from the European Open Source AI Index, not verified by us)",
}


def source_to_evidence(source: Source, provenance: str = "curated") -> Evidence:
    note = source.note
    if provenance != "curated":
        note = f"{_PROVENANCE_LABEL.get(provenance, provenance)}" + (f"; {note}" if note else "")
    return Evidence(
        locator=source.url,
        excerpt=source.excerpt,
        origin="registry",
        retrieved_at=source.checked,
        checked_by=source.checked_by,
        note=note,
    )


def automatic_state(rubric: Rubric, component: str, findings: list[Finding]) -> ComponentState:
    mine = [f for f in findings if f.component == component]
    known = [f for f in mine if f.status != "unknown" and rubric.status_rank(component, f.status) >= 0]
    if not known:
        reasons = "; ".join(f.reason for f in mine if f.reason) or "no source could check this"
        return ComponentState(component=component, status="unknown", reason=reasons, findings=mine)
    best_rank = max(rubric.status_rank(component, f.status) for f in known)
    best = [f for f in known if rubric.status_rank(component, f.status) == best_rank]
    evidence = [ev for f in best for ev in f.evidence]
    origin = evidence[0].origin if evidence else None
    return ComponentState(
        component=component,
        status=best[0].status,
        origin=origin,
        reason="; ".join(dict.fromkeys(f.reason for f in best)),
        evidence=evidence,
        findings=mine,
    )


def merge_component(
    rubric: Rubric,
    component: str,
    findings: list[Finding],
    claim: ComponentClaim | None,
) -> ComponentState:
    auto = automatic_state(rubric, component, findings)
    if claim is None or claim.status == "unknown":
        if claim is not None and claim.note:
            auto.reason = f"{auto.reason} (registry: unknown; {claim.note})"
        return auto
    label = _PROVENANCE_LABEL.get(claim.provenance, claim.provenance)
    reason = f"{label}: {claim.note}" if claim.note else label
    disagreement = None
    if auto.status != "unknown" and auto.status != claim.status:
        disagreement = (
            f"automatic evidence says '{auto.status}' ({auto.reason}); the registry says '{claim.status}'"
        )
    return ComponentState(
        component=component,
        status=claim.status,
        origin="registry",
        reason=reason,
        evidence=[source_to_evidence(s, claim.provenance) for s in claim.evidence] + _agreeing(auto, claim),
        findings=auto.findings,
        disagreement=disagreement,
    )


def _agreeing(auto: ComponentState, claim: ComponentClaim) -> list[Evidence]:
    """Automatic evidence that supports the registry's status is shown beside it."""
    return list(auto.evidence) if auto.status == claim.status else []


def merge_all(
    rubric: Rubric,
    findings: list[Finding],
    claims: dict[str, ComponentClaim] | None,
) -> dict[str, ComponentState]:
    claims = claims or {}
    return {c: merge_component(rubric, c, findings, claims.get(c)) for c in rubric.components}
