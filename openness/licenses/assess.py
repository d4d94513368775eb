"""Build the license axis of a report (`LicenseResult`) from a snapshot or a bare catalogue key.

Pure functions: the snapshot already holds the card's front matter, the `license:` tags and the
license files' texts. The license that binds a user is, in order: the base model's when the model
is a derivative of a non-open base (its obligations flow down whatever the card says), else the
license the files' text is identified as, else what the card declares.
"""

from __future__ import annotations

from collections.abc import Iterable

import re
from pathlib import PurePosixPath

from openness.licenses.catalogue import Catalogue, LicenseEntry, load_catalogue, spdx_info
from openness.licenses.clauses import Clause, extract_clauses
from openness.licenses.identify import IdentifyResult, identify
from openness.models import (
    ComponentLicense,
    Evidence,
    Identification,
    LicenseConflict,
    LicenseResult,
    Restriction,
    Snapshot,
    UsageCap,
)

# Hub ids that say "look elsewhere" rather than naming a license.
_PLACEHOLDERS = {"other", "unknown", ""}
# Clause kinds that describe the license rather than restrict the user.
_NOT_RESTRICTIONS = {"usage_cap"}
# Below this identification confidence, a text does not overrule what the card declares.
_TRUSTED = 0.5


# --------------------------------------------------------------------------------------------
# Only a key is known (offline audits from the registry)


def assess_key(key: str, evidence: list[Evidence] | None = None, catalogue: Catalogue | None = None) -> LicenseResult:
    """Facts about license `key` from the catalogue (or the SPDX list), evidence at its canonical URL."""
    catalogue = catalogue or load_catalogue()
    entry = catalogue.resolve(key)
    result = LicenseResult(key=entry.key if entry else key, declared=key, evidence=list(evidence or []))
    if entry is not None:
        _fill_from_entry(result, entry, catalogue)
        result.identification = Identification(method="declared", confidence=1.0)
    else:
        info = spdx_info(key)
        if info is not None:
            result.key, result.name, result.osi_approved = key.lower(), info.name, info.osi_approved
            result.category = _spdx_category(info.id, info.osi_approved)
            result.identification = Identification(method="declared", confidence=1.0)
        else:
            result.identification = Identification(method="none", confidence=0.0)
    return result


def _entry_evidence(entry: LicenseEntry, fact, note: str = "") -> Evidence:
    span = f" (lines {fact.lines[0]}-{fact.lines[1]} of the reference text)" if getattr(fact, "lines", None) else ""
    return Evidence(
        locator=entry.url or f"license:{entry.key}",
        excerpt=getattr(fact, "phrase", "") or "",
        origin="registry",
        note=(note or f"{entry.title}{span}"),
    )


def _fill_from_entry(result: LicenseResult, entry: LicenseEntry, catalogue: Catalogue) -> None:
    result.name = entry.title
    result.osi_approved = entry.osi_approved
    result.category = entry.category
    if entry.spdx and result.osi_approved is None:
        info = spdx_info(entry.spdx)
        result.osi_approved = info.osi_approved if info else None
    have_caps = {(c.metric, c.threshold) for c in result.usage_caps}
    for cap in entry.usage_caps:
        if (cap.metric, cap.threshold) not in have_caps:
            result.usage_caps.append(
                UsageCap(metric=cap.metric, threshold=cap.threshold, consequence=cap.consequence,
                         evidence=[_entry_evidence(entry, cap)])
            )
    have = {r.kind for r in result.restrictions}
    # The policies a license incorporates bind too (the Llama 3.2 policy's EU clause, say).
    sources = [entry, *[p for p in (catalogue.get(k) for k in entry.companions) if p is not None]]
    for source in sources:
        for fact in source.restrictions:
            if fact.kind not in have:
                have.add(fact.kind)
                result.restrictions.append(
                    Restriction(kind=fact.kind, summary=fact.summary, evidence=[_entry_evidence(source, fact)])
                )
    law = entry.governing_law
    if law and "governing_law" not in have and law.law:
        where = law.law + (f"; {law.venue}" if law.venue else "")
        result.restrictions.append(
            Restriction(kind="governing_law", summary=f"governed by the law of {where}", evidence=[_entry_evidence(entry, law)])
        )


def _spdx_category(spdx_id: str, osi: bool) -> str:
    upper = spdx_id.upper()
    if "-NC" in upper:
        return "non-commercial"
    if upper.startswith(("GPL", "AGPL", "CC-BY-SA", "OSL", "EUPL")):
        return "copyleft"
    if upper.startswith(("LGPL", "MPL", "EPL", "CDDL")):
        return "weak-copyleft"
    if upper.startswith(("CC0", "UNLICENSE", "PDDL")):
        return "public-domain"
    return "permissive" if osi or upper.startswith("CC-BY") else "unknown"


# --------------------------------------------------------------------------------------------
# A snapshot


def component_of(path: str, siblings: Iterable[str] = ()) -> str | None:
    """Which component a license file covers, from its name: LICENSE-CODE is code, USE_POLICY none.

    A plain LICENSE beside a model-specific one (MODEL_LICENSE, LICENSE-MODEL) covers the code: repos
    such as ChatGLM3 or Baichuan 2 ship an Apache-2.0 LICENSE for code and a custom one for weights.
    """
    name = PurePosixPath(path).name.upper()
    if re.search(r"USE[_-]?POLICY|\bAUP\b|ACCEPTABLE", name):
        return None
    if "CODE" in name:
        return "code"
    if "DATA" in name:
        return "data"
    if _MODEL_SPECIFIC.search(name):
        return "weights"
    if any(_MODEL_SPECIFIC.search(PurePosixPath(other).name.upper()) for other in siblings if other != path):
        return "code"
    return "weights"


_MODEL_SPECIFIC = re.compile(r"MODEL|WEIGHT")


def _origin(snapshot: Snapshot) -> str:
    """Evidence read from a release folder on disk is `local`; from a Hub repository, `card`."""
    return "local" if snapshot.source == "local" else "card"


def _declared(snapshot: Snapshot) -> tuple[str | None, str | None, str | None]:
    """(license id, license_name, license_link) from the card, else from the `license:` tags."""
    data = snapshot.card_data or {}
    lic = data.get("license")
    if isinstance(lic, list):
        lic = lic[0] if lic else None
    if not lic:
        tags = [t.split(":", 1)[1] for t in snapshot.tags if t.startswith("license:")]
        lic = tags[0] if tags else None
    name = data.get("license_name")
    link = data.get("license_link")
    return (str(lic).strip() if lic else None, str(name).strip() if name else None, str(link).strip() if link else None)


def _card_evidence(snapshot: Snapshot, field: str = "license") -> Evidence:
    line = None
    for number, text in enumerate((snapshot.card_text or "").split("\n"), start=1):
        if re.match(rf"^\s*{field}\s*:", text):
            line = number
            break
    excerpt = next((t.strip() for t in (snapshot.card_text or "").split("\n") if re.match(rf"^\s*{field}\s*:", t)), "")
    return Evidence(locator=snapshot.file_locator("README.md", line), excerpt=excerpt[:200], origin=_origin(snapshot),
                    retrieved_at=snapshot.retrieved_at)


def _clause_evidence(snapshot: Snapshot, path: str, clause: Clause) -> Evidence:
    return Evidence(locator=snapshot.file_locator(path, clause.line_start), excerpt=clause.quote, origin=_origin(snapshot),
                    retrieved_at=snapshot.retrieved_at)


def _binds(base: LicenseResult | None) -> bool:
    """A base's license flows down unless it is an open source (OSI) license."""
    return bool(base and base.key and base.osi_approved is not True)


def _family(catalogue: Catalogue, key: str | None) -> str | None:
    entry = catalogue.resolve(key)
    if entry:
        return entry.family
    info = spdx_info(key)
    return info.id.lower() if info else (key.lower() if key else None)


def assess_snapshot(
    snapshot: Snapshot, catalogue: Catalogue | None = None, base: LicenseResult | None = None
) -> LicenseResult:
    catalogue = catalogue or load_catalogue()
    lic_id, lic_name, lic_link = _declared(snapshot)
    declared = lic_name if (lic_id or "").lower() in _PLACEHOLDERS and lic_name else lic_id
    result = LicenseResult(declared=declared)
    if lic_id:
        result.evidence.append(_card_evidence(snapshot))

    # What the license files say.
    texts: list[tuple[str, IdentifyResult, list[Clause]]] = []
    for path, text in sorted(snapshot.license_files.items()):
        texts.append((path, identify(text, catalogue), extract_clauses(text)))
    main_text = _main_license_text(texts)

    # Components: one per license file that covers one.
    paths = [t[0] for t in texts]
    for path, ident, _ in texts:
        component = component_of(path, paths)
        if component and ident.kind != "policy":
            result.components.append(
                ComponentLicense(component=component, key=ident.key, evidence=[
                    Evidence(locator=snapshot.file_locator(path), origin=_origin(snapshot), retrieved_at=snapshot.retrieved_at,
                             excerpt=ident.title or "", note=f"identified by {ident.method} ({ident.confidence:.2f})")
                ])
            )

    # Which license binds, and how we know.
    text_key = main_text[1].key if main_text and main_text[1].confidence >= _TRUSTED else None
    declared_entry = catalogue.resolve(declared)
    if text_key:
        result.key = text_key
        result.identification = Identification(method=main_text[1].method, confidence=main_text[1].confidence)
    elif declared and declared.lower() not in _PLACEHOLDERS:
        result.key = declared_entry.key if declared_entry else declared.lower()
        hub_listed = bool(declared_entry and lic_id and lic_id.lower() in [h.lower() for h in declared_entry.hub_ids])
        known = declared_entry is not None or spdx_info(declared) is not None
        result.identification = Identification(
            method="hub_id" if hub_listed else "declared", confidence=0.8 if known else 0.3,
            candidates=[] if known else [e.key for e in _closest_names(catalogue, declared)],
        )
    else:
        candidates = main_text[1].candidates if main_text else []
        result.identification = Identification(method="none", confidence=0.0, candidates=candidates)

    # Facts read from the binding text itself come first: a modified copy binds as written.
    if main_text and main_text[1].key == result.key:
        _add_clauses(result, snapshot, main_text[0], main_text[2])
    for path, ident, clauses in texts:
        if ident.kind == "policy" or (main_text and path != main_text[0] and component_of(path, paths) is None):
            _add_clauses(result, snapshot, path, [c for c in clauses if c.kind != "usage_cap"])
    entry = catalogue.resolve(result.key)
    if entry is not None:
        _fill_from_entry(result, entry, catalogue)
    elif result.key:
        info = spdx_info(result.key)
        if info:
            result.name, result.osi_approved = info.name, info.osi_approved
            result.category = _spdx_category(info.id, info.osi_approved)
    if not snapshot.license_files and not result.components and result.key:
        result.components.append(ComponentLicense(component="weights", key=result.key, evidence=list(result.evidence)))

    result.conflicts.extend(_conflicts(snapshot, catalogue, lic_id, lic_name, lic_link, declared, texts, main_text))
    if _binds(base):
        return _bound_by_base(result, base, catalogue)
    return result


def _main_license_text(texts):
    """The file that holds the model's license: a weights file identified as a license, best first."""
    paths = [t[0] for t in texts]
    ranked = [t for t in texts if t[1].kind != "policy" and component_of(t[0], paths) == "weights"]
    ranked = ranked or [t for t in texts if t[1].kind != "policy" and component_of(t[0], paths) is not None]
    if not ranked:
        return None
    return max(ranked, key=lambda t: (t[1].key is not None, PurePosixPath(t[0]).name.upper().startswith("LICENSE"), t[1].confidence))


def _add_clauses(result: LicenseResult, snapshot: Snapshot, path: str, clauses: list[Clause]) -> None:
    have_caps = {(c.metric, c.threshold) for c in result.usage_caps}
    have = {r.kind for r in result.restrictions}
    for clause in clauses:
        evidence = _clause_evidence(snapshot, path, clause)
        if clause.kind == "usage_cap" and clause.metric and clause.threshold:
            if (clause.metric, clause.threshold) not in have_caps:
                have_caps.add((clause.metric, clause.threshold))
                result.usage_caps.append(UsageCap(metric=clause.metric, threshold=clause.threshold,
                                                  consequence=clause.summary, evidence=[evidence]))
        elif clause.kind not in _NOT_RESTRICTIONS and clause.kind not in have:
            have.add(clause.kind)
            result.restrictions.append(Restriction(kind=clause.kind, summary=clause.summary, evidence=[evidence]))


def _closest_names(catalogue: Catalogue, name: str) -> list[LicenseEntry]:
    words = set(re.split(r"[^a-z0-9]+", name.lower())) - {""}
    scored = [(len(words & set(re.split(r"[^a-z0-9]+", " ".join(e.aliases).lower()))), e) for e in catalogue]
    return [e for score, e in sorted(scored, key=lambda s: -s[0]) if score][:3]


def _conflicts(snapshot, catalogue, lic_id, lic_name, lic_link, declared, texts, main_text) -> list[LicenseConflict]:
    conflicts = []
    if (lic_id or "").lower() == "other" and not lic_name and not lic_link:
        conflicts.append(LicenseConflict(
            kind="missing_declaration",
            message="The card says 'license: other' but gives neither license_name nor license_link.",
            evidence=[_card_evidence(snapshot)],
        ))
    if not lic_id and not texts:
        conflicts.append(LicenseConflict(kind="missing_declaration",
                                         message="No license is declared on the card and no license file was found."))
    if main_text and main_text[1].key and main_text[1].confidence >= _TRUSTED and declared and declared.lower() not in _PLACEHOLDERS:
        if _family(catalogue, declared) != _family(catalogue, main_text[1].key):
            conflicts.append(LicenseConflict(
                kind="declared_vs_text",
                message=f"The card declares '{declared}' but {main_text[0]} is the {main_text[1].title or main_text[1].key}.",
                evidence=[_card_evidence(snapshot), Evidence(locator=snapshot.file_locator(main_text[0]), origin=_origin(snapshot),
                                                             excerpt=main_text[1].title or "")],
            ))
    tag_ids = {t.split(":", 1)[1].lower() for t in snapshot.tags if t.startswith("license:")}
    if lic_id and tag_ids and lic_id.lower() not in tag_ids:
        conflicts.append(LicenseConflict(kind="declared_vs_tag",
                                         message=f"The card declares '{lic_id}' but the Hub tags say {sorted(tag_ids)}."))
    return conflicts


def _bound_by_base(result: LicenseResult, base: LicenseResult, catalogue: Catalogue) -> LicenseResult:
    """A derivative of a non-open base: the base's license binds, and any other claim conflicts."""
    bound = base.model_copy(deep=True)
    bound.declared = result.declared
    bound.components = result.components or bound.components
    bound.evidence = result.evidence + bound.evidence
    bound.conflicts = list(result.conflicts)
    own = result.key or result.declared
    if own and _family(catalogue, own) != _family(catalogue, base.key):
        bound.conflicts.append(LicenseConflict(
            kind="derivative_vs_base",
            message=(f"This derivative declares '{own}', but its base model is under '{base.key}', whose terms "
                     "bind users of derivatives; the declared license cannot replace them."),
            evidence=result.evidence[:1] + base.evidence[:1],
        ))
    return bound
