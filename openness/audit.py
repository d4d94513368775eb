"""`audit`: from a repo id to an evidenced AuditReport.

This is the one place that wires the stages together: sources (Hub, registry) at the edge, then the
pure probes, merge, rubric evaluation and license assessment. Derivatives are audited together with
their base model, and are never reported as more open than it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from openness import __version__
from openness.engine.evaluate import cap_level
from openness.engine.merge import source_to_evidence
from openness.engine.verdict import judge
from openness.engine.rubric import load_rubric
from openness.errors import NoVerdictError, SourceError, UsageError
from openness.models import (
    AuditReport,
    Lineage,
    LicenseResult,
    RubricRef,
    Snapshot,
    Subject,
    ToolInfo,
)
from openness.repo_id import parse_repo_id

# How deep we follow base_model links (a quantization of a fine-tune of a base is depth 2).
MAX_LINEAGE_DEPTH = 3


@dataclass
class AuditOptions:
    revision: str | None = None
    offline: bool = False
    use_registry: bool = True
    as_of: date | None = None
    endpoint: str | None = None
    token: str | None = None
    timeout: float = 10.0
    rubric_id: str = "ladder"
    frameworks: list[str] = field(default_factory=list)
    cache_dir: str | None = None
    # Set by audit_snapshot (scan): the top model's snapshot is already read, and base models are
    # read through `fetch` (e.g. from the same listing) instead of one fetch_snapshot each.
    prefetched: Snapshot | None = None
    fetch: Callable[[str], Snapshot] | None = None
    _seen: set[str] = field(default_factory=set)


def audit(
    repo_id: str,
    *,
    revision: str | None = None,
    offline: bool = False,
    use_registry: bool = True,
    as_of: date | None = None,
    endpoint: str | None = None,
    token: str | None = None,
    timeout: float = 10.0,
    rubric_id: str = "ladder",
    frameworks: list[str] | None = None,
) -> AuditReport:
    """Audit one model. Raises UsageError (exit 2) or NoVerdictError (exit 3) when no verdict is possible.

    `frameworks` (mof, osaid, eu_ai_act, eu_index or all) adds those frameworks' verdicts on the same
    evidence under `report.frameworks`.
    """
    opts = AuditOptions(
        revision=revision,
        offline=offline,
        use_registry=use_registry,
        as_of=as_of,
        endpoint=endpoint,
        token=token,
        timeout=timeout,
        rubric_id=rubric_id,
        frameworks=list(frameworks or []),
    )
    if opts.frameworks:
        from openness.frameworks.apply import normalise_names

        opts.frameworks = normalise_names(opts.frameworks)  # a bad name is a usage error before any I/O
    return _audit(parse_repo_id(repo_id), opts, depth=0)


def audit_snapshot(
    snapshot: Snapshot,
    *,
    use_registry: bool = True,
    as_of: date | None = None,
    rubric_id: str = "ladder",
    fetch: Callable[[str], Snapshot] | None = None,
) -> AuditReport:
    """Audit a model from a snapshot already read (a scan reads many from one listing).

    Base models of derivatives are read with `fetch(repo_id)`, which raises SourceError like
    fetch_snapshot does; without it they are fetched from the Hub one by one.
    """
    opts = AuditOptions(use_registry=use_registry, as_of=as_of, rubric_id=rubric_id, prefetched=snapshot, fetch=fetch)
    return _audit(snapshot.repo_id, opts, depth=0)


def _audit(repo_id: str, opts: AuditOptions, depth: int) -> AuditReport:
    rubric = load_rubric(opts.rubric_id)
    opts._seen.add(repo_id.lower())
    notes: list[str] = []
    entry = _registry_entry(repo_id) if opts.use_registry else None
    if depth == 0 and opts.prefetched is not None:
        snapshot: Snapshot | None = opts.prefetched
    else:
        snapshot = _snapshot_or_fallback(repo_id, opts, entry, notes, revision=opts.revision if depth == 0 else None)

    claims = None
    if entry is not None:
        from openness.registry.store import claims_as_of

        claims = claims_as_of(entry, opts.as_of)
    if snapshot is not None:
        notes.extend(f"Card front matter could not be used: {err}" for err in snapshot.card_errors)
        notes.extend(snapshot.notes)
        notes.extend(_gating_notes(snapshot))
        if opts.as_of:
            notes.append(
                f"--as-of {opts.as_of}: dated history comes from the registry; the Hub evidence is as retrieved today."
            )

    declared = []
    if snapshot is not None:
        from openness.check.publisher import declared_findings

        # A publisher's own openness.yaml counts as evidence of origin `declared`: shown as stated by
        # the publisher, never as verified.
        declared = declared_findings(snapshot)
        if declared:
            notes.append("The repository's openness.yaml declares artefacts; they are shown as declared, not verified.")
    verdict = judge(rubric, snapshot, claims, extra_findings=declared)
    states, checks, level = verdict.states, verdict.checks, verdict.level
    for state in states.values():
        if state.disagreement:
            notes.append(f"{state.component}: {state.disagreement}.")

    lineage = _lineage(snapshot, entry)
    base_report = None
    if lineage is not None and lineage.base_model:
        base_report = _audit_base(lineage, opts, depth, notes)
        lineage.own_level = level.value
        if base_report is not None:
            lineage.base_level = base_report.level.value
            why = (
                f"Derived from {lineage.base_model} ({lineage.relation or 'relation unknown'}), which reaches level "
                f"{base_report.level.value}: a derivative is never more open than its base"
            )
            capped = cap_level(rubric, level, base_report.level.value, why)
            if capped.value != level.value:
                lineage.note = f"own evidence reaches level {level.value}; capped at the base's level"
            level = capped

    license_result = _license(snapshot, entry, opts, _binding_base_license(repo_id, lineage, base_report, notes), notes)
    source = "registry" if snapshot is None else ("hub+registry" if entry is not None else "hub")
    subject = Subject(
        repo_id=repo_id,
        revision=snapshot.revision if snapshot else None,
        source=source,
        url=f"https://huggingface.co/{repo_id}",
        retrieved_at=snapshot.retrieved_at if snapshot else None,
    )
    report = AuditReport(
        tool=ToolInfo(version=__version__),
        generated_at=datetime.now(timezone.utc),
        as_of=opts.as_of,
        subject=subject,
        rubric=RubricRef(id=rubric.id, version=rubric.version),
        level=level,
        checks=checks,
        components=states,
        license=license_result,
        lineage=lineage,
        notes=list(dict.fromkeys(notes)),
    )
    if depth == 0 and opts.frameworks:
        from openness.frameworks.apply import evaluate_frameworks

        report.frameworks = evaluate_frameworks(report, opts.frameworks, entry=entry, base_report=base_report)
    return report


# ------------------------------------------------------------------------------------------------
# Sources


def _registry_entry(repo_id: str):
    from openness.registry.store import load_entry

    return load_entry(repo_id)


def _snapshot_or_fallback(
    repo_id: str, opts: AuditOptions, entry, notes: list[str], revision: str | None
) -> Snapshot | None:
    """The Hub snapshot, or None when we fall back to the registry (saying so)."""
    if opts.offline:
        if entry is None:
            raise NoVerdictError(_no_entry_message(repo_id, "offline mode is on", opts.use_registry))
        notes.append("Offline: the Hub was not contacted; this verdict comes from the registry alone.")
        return None
    from openness.sources.hub import fetch_snapshot

    try:
        if opts.fetch is not None:
            return opts.fetch(repo_id)
        return fetch_snapshot(
            repo_id, revision=revision, endpoint=opts.endpoint, token=opts.token, timeout=opts.timeout
        )
    except SourceError as exc:
        if exc.kind == "revision_not_found":
            raise UsageError(exc.message) from None
        if entry is None:
            if exc.kind in ("not_found", "disabled"):
                raise NoVerdictError(exc.message) from None
            raise NoVerdictError(_no_entry_message(repo_id, exc.message, opts.use_registry)) from None
        notes.append(f"{exc.message} — falling back to the registry entry alone.")
        return None


def _no_entry_message(repo_id: str, why: str, use_registry: bool = True) -> str:
    if not use_registry:
        # The registry may well have an entry: saying it has none would send the user looking.
        return f"no verdict for {repo_id}: {why}, and the registry is not used (--no-registry)"
    return (
        f"no verdict for {repo_id}: {why}, and the registry has no entry for it "
        "(see `openness registry list`)"
    )


def _gating_notes(snapshot: Snapshot) -> list[str]:
    gated = [u.what for u in snapshot.unavailable if u.reason == "gated"]
    notes = []
    if snapshot.gated:
        notes.append(
            f"The repository is gated ({snapshot.gated}): weights are downloadable after accepting its terms."
        )
    if gated:
        notes.append(
            "Not readable without a token that has access (set HF_TOKEN): " + ", ".join(sorted(gated)) + "."
        )
    return notes


# ------------------------------------------------------------------------------------------------
# Lineage


def _lineage(snapshot: Snapshot | None, entry) -> Lineage | None:
    if entry is not None and entry.lineage is not None:
        return Lineage(base_model=entry.lineage.base_model, relation=entry.lineage.relation)
    if snapshot is not None:
        from openness.probes.lineage import detect_lineage

        return detect_lineage(snapshot)
    return None


def _audit_base(lineage: Lineage, opts: AuditOptions, depth: int, notes: list[str]) -> AuditReport | None:
    base = lineage.base_model
    if base is None:
        return None
    if base.lower() in opts._seen:
        notes.append(f"base_model {base} loops back to a model already audited; lineage not followed further.")
        return None
    if depth + 1 > MAX_LINEAGE_DEPTH:
        notes.append(f"lineage deeper than {MAX_LINEAGE_DEPTH} levels; {base} not audited.")
        return None
    try:
        report = _audit(parse_repo_id(base), opts, depth + 1)
    except (NoVerdictError, UsageError, SourceError) as exc:
        notes.append(f"Base model {base} could not be audited ({exc.message}); its level and license are unknown.")
        return None
    notes.append(
        f"Derivative of {base} ({lineage.relation or 'relation unknown'}); the base reaches level "
        f"{report.level.value} ({report.level.name}) from {report.subject.source}."
    )
    return report


# ------------------------------------------------------------------------------------------------
# License


def _binding_base_license(
    repo_id: str, lineage: Lineage | None, base_report: AuditReport | None, notes: list[str]
) -> LicenseResult | None:
    """The base model's license when it binds the derivative's users.

    A licensor may relicense its own derivative (DeepSeek released R1 under MIT on a base under its
    own model license), so a base published by the same organisation does not override what the
    derivative declares; the base's license is still named in the notes.
    """
    if base_report is None or lineage is None or not lineage.base_model:
        return None
    if lineage.base_model.split("/")[0].lower() == repo_id.split("/")[0].lower():
        if base_report.license.key:
            notes.append(
                f"The base model {lineage.base_model} is under {base_report.license.key}; the same publisher "
                "released this derivative, so its own license is the one reported."
            )
        return None
    return base_report.license


def _license(
    snapshot: Snapshot | None, entry, opts: AuditOptions, base: LicenseResult | None, notes: list[str]
) -> LicenseResult:
    from openness.licenses.assess import assess_key, assess_snapshot

    registry_claim = None
    if entry is not None:
        from openness.registry.store import license_as_of

        registry_claim = license_as_of(entry, "weights", opts.as_of)
    if snapshot is not None:
        result = assess_snapshot(snapshot, base=base)
        if registry_claim is not None:
            if result.key is None:
                reg = assess_key(registry_claim.key, evidence=[source_to_evidence(s) for s in registry_claim.evidence])
                reg.declared = result.declared
                reg.conflicts = result.conflicts + reg.conflicts
                notes.append(f"License identified from the registry ({registry_claim.key}); the Hub files did not settle it.")
                return reg
            if result.key != registry_claim.key and base is None:
                notes.append(
                    f"License: the Hub evidence says {result.key}, the registry says {registry_claim.key} "
                    "(the registry may be out of date, or the card mislabelled)."
                )
        return result
    if registry_claim is not None:
        result = assess_key(registry_claim.key, evidence=[source_to_evidence(s) for s in registry_claim.evidence])
        result.declared = None  # no card was read: the key comes from the registry, not a declaration
        if base is not None and base.key and base.key != result.key and base.osi_approved is not True:
            # The base's license binds whoever uses a derivative, whatever the derivative declares.
            notes.append(f"License: {result.key} is declared, but the base model's {base.key} license binds users.")
            bound = base.model_copy(deep=True)
            bound.declared = None
            return bound
        return result
    if base is not None:
        return base.model_copy()
    return LicenseResult()
