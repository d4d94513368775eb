"""Probes: small pure functions that each answer one question about a snapshot, with evidence.

A probe takes a `Snapshot` (and the curated table of known artefacts) and returns `Finding`s for one
component; it never does I/O. Probes register themselves with `@probe(...)`; `run_probes` runs them
all. What the findings mean for a level is decided by the rubric (rubrics/*.yaml), not here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from openness.models import Finding, Snapshot

ProbeFn = Callable[..., list[Finding]]


@dataclass(frozen=True)
class RegisteredProbe:
    id: str
    component: str
    fn: ProbeFn


_PROBES: dict[str, RegisteredProbe] = {}


def probe(probe_id: str, component: str) -> Callable[[ProbeFn], ProbeFn]:
    """Register a probe function `fn(snapshot, knowledge) -> list[Finding]`."""

    def register(fn: ProbeFn) -> ProbeFn:
        if probe_id in _PROBES:
            raise ValueError(f"probe {probe_id} registered twice")
        _PROBES[probe_id] = RegisteredProbe(probe_id, component, fn)
        return fn

    return register


def registered_probes() -> list[RegisteredProbe]:
    _load_all()
    return list(_PROBES.values())


def _load_all() -> None:
    # Importing the modules runs their @probe decorators.
    from openness.probes import code, data, pipeline, report, weights  # noqa: F401


def run_probes(snapshot: Snapshot, knowledge) -> list[Finding]:
    """Run every registered probe on the snapshot; a probe that fails becomes an `unknown` finding
    (with the error) instead of ending the audit."""
    findings: list[Finding] = []
    for registered in registered_probes():
        try:
            findings.extend(registered.fn(snapshot, knowledge))
        except Exception as error:  # noqa: BLE001 - one broken probe must not abort the audit
            findings.append(
                Finding(
                    probe=registered.id,
                    component=registered.component,
                    status="unknown",
                    reason=f"probe failed: {error.__class__.__name__}: {error}",
                    confidence="low",
                )
            )
    return findings
