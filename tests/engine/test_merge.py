"""Merging: automatic evidence proposes, the curated registry decides, disagreements are shown."""

from __future__ import annotations

from datetime import date

from openness.engine.merge import merge_component
from openness.engine.rubric import load_rubric
from openness.models import Evidence, Finding
from openness.registry.schema import ComponentClaim, Source

RUBRIC = load_rubric("ladder")


def finding(status: str, component: str = "training_code", locator: str = "hf://o/m@abc/README.md#L3") -> Finding:
    return Finding(
        probe="test", component=component, status=status, reason=f"saw {status}",
        evidence=[Evidence(locator=locator, origin="card", excerpt=status)],
    )


def claim(status: str) -> ComponentClaim:
    return ComponentClaim(
        status=status,
        evidence=[Source(url="https://github.com/org/train", checked=date(2026, 11, 28), checked_by="tester")],
    )


def test_strongest_supported_status_wins_among_findings():
    state = merge_component(RUBRIC, "training_code", [finding("inference_only"), finding("released"), finding("none")], None)
    assert state.status == "released"
    assert state.origin == "card"
    assert [e.excerpt for e in state.evidence] == ["released"]
    assert len(state.findings) == 3


def test_no_findings_means_unknown_not_none():
    state = merge_component(RUBRIC, "training_code", [], None)
    assert state.status == "unknown"


def test_unknown_findings_keep_their_reason():
    f = Finding(probe="t", component="training_code", status="unknown", reason="README is gated")
    state = merge_component(RUBRIC, "training_code", [f], None)
    assert state.status == "unknown" and "README is gated" in state.reason


def test_registry_claim_wins_and_disagreement_is_reported():
    state = merge_component(RUBRIC, "training_code", [finding("inference_only")], claim("released"))
    assert state.status == "released"
    assert state.origin == "registry"
    assert state.evidence[0].origin == "registry"
    assert state.evidence[0].checked_by == "tester"
    assert "inference_only" in state.disagreement


def test_agreeing_automatic_evidence_is_kept_beside_the_registry():
    state = merge_component(RUBRIC, "training_code", [finding("released")], claim("released"))
    assert state.disagreement is None
    assert {e.origin for e in state.evidence} == {"registry", "card"}


def test_registry_unknown_defers_to_automation():
    state = merge_component(RUBRIC, "training_code", [finding("released")], ComponentClaim(status="unknown"))
    assert state.status == "released" and state.origin == "card"


def test_imported_claims_are_labelled_as_not_verified():
    c = claim("released")
    c.provenance = "imported:mof"
    state = merge_component(RUBRIC, "training_code", [], c)
    assert "not verified" in state.reason
    assert "not verified" in state.evidence[0].note
