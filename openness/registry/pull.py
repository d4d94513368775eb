"""`openness registry pull`: write or refresh a registry entry from what the Hub shows.

The Hub is read first (fetch_snapshot), then the probes and the license assessment turn it into
claims marked `provenance: pulled`. Merging those into the entry is a pure function with one rule:
a person's work is never overwritten. A curated claim (in the entry or in its family) is kept as it
is and, where the Hub evidence disagrees, the disagreement is reported; a plain field already set
(name, released, parameters, gated, lineage) is kept too. Only earlier pulled or imported claims
are replaced by fresh pulled ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from openness.models import ComponentState, Evidence, LicenseResult, Snapshot
from openness.registry.schema import (
    ComponentClaim,
    FamilyEntry,
    LicenseClaim,
    Licenses,
    Lineage,
    ModelEntry,
    Source,
)
from openness.registry.update import UpdateResult, update_entry

PULLED_BY = "openness registry pull"
MAX_SOURCES_PER_CLAIM = 3
_EXCERPT_LIMIT = 400


@dataclass
class PulledFacts:
    """What the Hub evidence says about one model, already in registry terms."""

    repo_id: str
    components: dict[str, ComponentClaim] = field(default_factory=dict)
    weights_license: LicenseClaim | None = None
    gated: str | None = None
    parameters: int | None = None
    lineage: Lineage | None = None


def _source(ev: Evidence, checked: date) -> Source | None:
    if len(ev.locator) < 8:
        return None
    excerpt = " ".join(ev.excerpt.split())
    if len(excerpt) > _EXCERPT_LIMIT:
        excerpt = excerpt[: _EXCERPT_LIMIT - 1] + "…"
    return Source(url=ev.locator, excerpt=excerpt, checked=checked, checked_by=PULLED_BY, note=ev.note[:200])


def _sources(evidence: list[Evidence], checked: date) -> list[Source]:
    sources: list[Source] = []
    seen: set[str] = set()
    for ev in evidence:
        source = _source(ev, checked)
        if source is not None and source.url not in seen:
            seen.add(source.url)
            sources.append(source)
    return sources[:MAX_SOURCES_PER_CLAIM]


def pulled_facts(
    snapshot: Snapshot,
    states: dict[str, ComponentState],
    license_result: LicenseResult,
    lineage=None,
    today: date | None = None,
) -> PulledFacts:
    """Turn automatic component states and the license assessment into pulled claims.

    A component the evidence could not settle (unknown, or a status without any evidence to cite)
    is left out: a pulled claim must point at something a reader can open.
    """
    checked = today or (snapshot.retrieved_at or datetime.now(timezone.utc)).date()
    facts = PulledFacts(repo_id=snapshot.repo_id)
    for component, state in states.items():
        sources = _sources(state.evidence, checked)
        if state.status == "unknown" or not sources:
            continue
        facts.components[component] = ComponentClaim(
            status=state.status, provenance="pulled", evidence=sources, note=state.reason[:300]
        )
    if license_result.key:
        sources = _sources(license_result.evidence, checked) or [
            Source(url=f"https://huggingface.co/{snapshot.repo_id}", excerpt=f"license: {license_result.key}",
                   checked=checked, checked_by=PULLED_BY)
        ]
        facts.weights_license = LicenseClaim(key=license_result.key, provenance="pulled", evidence=sources)
    facts.gated = snapshot.gated if snapshot.gated in ("auto", "manual") else "no"
    facts.parameters = snapshot.parameters
    if lineage is not None and lineage.base_model and lineage.relation in ("finetune", "adapter", "merge", "quantized"):
        facts.lineage = Lineage(
            base_model=lineage.base_model,
            relation=lineage.relation,
            evidence=[Source(url=f"https://huggingface.co/{snapshot.repo_id}", excerpt=f"base_model: {lineage.base_model}",
                             checked=checked, checked_by=PULLED_BY)],
        )
    return facts


def merge_pulled(
    entry: ModelEntry | None, family: FamilyEntry | None, facts: PulledFacts
) -> tuple[ModelEntry, list[str]]:
    """The entry with the pulled facts merged in, and notes on every curated claim the Hub disagrees with."""
    entry = entry or ModelEntry(id=facts.repo_id)
    notes: list[str] = []
    components = dict(entry.components)
    for component, pulled in facts.components.items():
        kept = components.get(component) or (family.components.get(component) if family else None)
        if kept is not None and kept.provenance == "curated":
            where = "its family" if component not in components else "the entry"
            if kept.status != pulled.status and kept.status != "unknown":
                notes.append(
                    f"{component}: kept the curated '{kept.status}' from {where}; the Hub evidence says "
                    f"'{pulled.status}' ({pulled.note or 'see the probes'})"
                )
            continue
        components[component] = pulled

    licenses = entry.licenses
    pulled_license = facts.weights_license
    if pulled_license is not None:
        kept = entry.licenses.weights or (family.licenses.weights if family else None)
        if kept is not None and kept.provenance == "curated":
            if kept.key.lower() != pulled_license.key.lower():
                notes.append(
                    f"license: kept the curated '{kept.key}'; the Hub evidence says '{pulled_license.key}'"
                )
        else:
            licenses = Licenses(weights=pulled_license, code=entry.licenses.code, data=entry.licenses.data)

    update: dict = {"components": _in_component_order(components), "licenses": licenses}
    # Plain fields carry no provenance, so whatever is already there is treated as curated.
    if entry.gated is None and facts.gated:
        update["gated"] = facts.gated
    elif facts.gated and entry.gated != facts.gated:
        notes.append(f"gated: kept '{entry.gated}'; the Hub says '{facts.gated}'")
    if entry.parameters is None and facts.parameters:
        update["parameters"] = facts.parameters
    if entry.lineage is None and facts.lineage is not None:
        update["lineage"] = facts.lineage
    return entry.model_copy(update=update), notes


def _in_component_order(components: dict[str, ComponentClaim]) -> dict[str, ComponentClaim]:
    from openness.models import COMPONENTS

    return {c: components[c] for c in COMPONENTS if c in components}


def read_hub_facts(repo_id: str, endpoint: str | None = None, timeout: float = 10.0) -> PulledFacts:
    """Fetch the model from the Hub and run the probes and the license assessment on it."""
    from openness.engine.rubric import load_rubric
    from openness.engine.verdict import judge
    from openness.licenses.assess import assess_snapshot
    from openness.probes.lineage import detect_lineage
    from openness.sources.hub import fetch_snapshot

    snapshot = fetch_snapshot(repo_id, endpoint=endpoint, timeout=timeout)
    verdict = judge(load_rubric("ladder"), snapshot, None)
    return pulled_facts(snapshot, verdict.states, assess_snapshot(snapshot), detect_lineage(snapshot))


def pull(
    repo_id: str,
    root: Path,
    *,
    endpoint: str | None = None,
    dry_run: bool = False,
    timeout: float = 10.0,
) -> UpdateResult:
    """Refresh the entry of `repo_id` under `root` from the Hub; with dry_run, compute the diff only."""
    facts = read_hub_facts(repo_id, endpoint=endpoint, timeout=timeout)
    # The snapshot's spelling of the id is the Hub's canonical one.
    return update_entry(root, facts.repo_id, lambda entry, family: merge_pulled(entry, family, facts), dry_run)
