"""Name the license a text is: family by similarity, then version by anchor phrases.

Word overlap finds the family, but not the version: Llama 3.1, 3.2 and 3.3 overlap by more than
99%, as do the dated Gemma terms. So similarity only picks the family; short anchor phrases
(release-date lines, quoted naming strings) pick the version inside it.

A license file may also carry a second document (Meta appends the acceptable use policy to the
Llama 3 license), or be only a policy. We therefore measure how much of each reference the text
*contains*, not only how alike the two are, and report every document found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, Field

from openness.licenses.catalogue import Catalogue, LicenseEntry, load_catalogue, spdx_info
from openness.licenses.normalise import Normalised, decode_sketch, normalise

# A reference counts as present when this share of its word pairs occurs in the text.
CONTAINED = 0.80
# Below this Dice similarity (and not contained) we do not name a license, only candidates.
SIMILAR = 0.50


class AnchorHit(BaseModel):
    phrase: str
    line: int


class Score(BaseModel):
    key: str
    dice: float = Field(description="similarity of the two texts' word pairs, 0..1")
    containment: float = Field(description="share of the reference's word pairs found in the text")


class IdentifyResult(BaseModel):
    key: str | None = None
    title: str | None = None
    family: str | None = None
    kind: Literal["license", "policy"] | None = None
    method: Literal["exact", "anchor", "similarity", "spdx_tag", "none"] = "none"
    confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    anchors: list[AnchorHit] = Field(default_factory=list, description="anchors that decided the version")
    also_found: list[str] = Field(
        default_factory=list, description="other documents in the same text, e.g. an appended policy"
    )
    candidates: list[str] = Field(default_factory=list, description="closest keys when nothing matched")
    scores: list[Score] = Field(default_factory=list, description="the closest references, best first")


@dataclass(frozen=True)
class _Signature:
    entry: LicenseEntry
    sha256: str
    shingles: int
    sample: frozenset[int]


@lru_cache(maxsize=8)
def _signatures(catalogue: Catalogue) -> tuple[_Signature, ...]:
    # Catalogues are read-only and cached by their loader, so caching per object is safe.
    return tuple(
        _Signature(e, e.fingerprints.sha256, e.fingerprints.shingles, frozenset(decode_sketch(e.fingerprints.sketch)))
        for e in catalogue
        if e.fingerprints and e.fingerprints.shingles
    )


def _score(sig: _Signature, text: Normalised) -> Score:
    found = len(sig.sample & text.shingles)
    containment = found / len(sig.sample) if sig.sample else 0.0
    shared = containment * sig.shingles
    total = sig.shingles + len(text.shingles)
    dice = min(1.0, 2 * shared / total) if total else 0.0
    return Score(key=sig.entry.key, dice=round(dice, 4), containment=round(containment, 4))


def _anchor_hits(entry: LicenseEntry, text: Normalised) -> list[AnchorHit]:
    hits = []
    for phrase in entry.anchors:
        line = text.find(phrase)
        if line is not None:
            hits.append(AnchorHit(phrase=phrase, line=line))
    return hits


def _pick_version(
    family_scores: list[tuple[LicenseEntry, Score]], text: Normalised
) -> tuple[LicenseEntry, Score, list[AnchorHit]]:
    """Inside one family, the member whose anchors the text carries (similarity breaks ties)."""

    def rank(item: tuple[LicenseEntry, Score]):
        entry, score = item
        hits = _anchor_hits(entry, text)
        share = len(hits) / len(entry.anchors) if entry.anchors else 0.0
        return (share, score.containment + score.dice)

    entry, score = max(family_scores, key=rank)
    return entry, score, _anchor_hits(entry, text)


def identify(text: str, catalogue: Catalogue | None = None) -> IdentifyResult:
    """Which catalogued license (or policy) `text` is, how sure we are, and why."""
    catalogue = catalogue or load_catalogue()
    norm = normalise(text)
    if not norm.tokens:
        return IdentifyResult()
    signatures = _signatures(catalogue)

    for sig in signatures:
        if sig.sha256 == norm.sha256:
            entry = sig.entry
            return IdentifyResult(
                key=entry.key, title=entry.title, family=entry.family, kind=entry.kind, method="exact",
                confidence=1.0, anchors=_anchor_hits(entry, norm),
                scores=[Score(key=entry.key, dice=1.0, containment=1.0)],
            )
    tagged = _spdx_tag(text, norm, catalogue)
    if tagged is not None:
        return tagged

    scored = sorted(
        ((sig.entry, _score(sig, norm)) for sig in signatures),
        key=lambda item: max(item[1].dice, item[1].containment * _coverage(item, norm)),
        reverse=True,
    )
    top_scores = [score for _, score in scored[:5]]
    contained = [(e, s) for e, s in scored if s.containment >= CONTAINED]
    if contained:
        # The document covering most of the text leads; a license outranks a policy.
        lead = max(contained, key=lambda item: (item[0].kind == "license", _coverage(item, norm) + item[1].dice))
    elif scored and scored[0][1].dice >= SIMILAR:
        lead = scored[0]
    else:
        return IdentifyResult(candidates=[e.key for e, _ in scored[:3]], scores=top_scores)

    family = lead[0].family
    members = [(e, s) for e, s in scored if e.family == family and e.kind == lead[0].kind]
    entry, score, hits = _pick_version(members, norm)
    # Another document counts only if it explains text the lead does not: Falcon's license contains
    # most of Apache-2.0, yet nobody appended Apache-2.0 to it.
    unexplained = 1.0 - _coverage((entry, score), norm)
    others = []
    for other_family in dict.fromkeys(e.family for e, _ in contained if e.family != family):
        other_members = [(e, s) for e, s in contained if e.family == other_family]
        other = max(other_members, key=lambda item: _coverage(item, norm))
        if unexplained >= 0.5 * _coverage(other, norm):
            others.append(_pick_version(other_members, norm)[0].key)

    base = max(score.dice, score.containment if score.containment >= CONTAINED else 0.0)
    siblings = len([m for m in catalogue.family(family) if m.kind == entry.kind and m.fingerprints])
    if hits:
        method, confidence = "anchor", base * (0.85 + 0.15 * len(hits) / len(entry.anchors))
    elif siblings > 1:
        method, confidence = "similarity", base * 0.6  # family known, version a guess
    elif entry.anchors:
        method, confidence = "similarity", base * 0.7  # its own anchors are missing: a variant
    else:
        method, confidence = "similarity", base * 0.9
    return IdentifyResult(
        key=entry.key, title=entry.title, family=entry.family, kind=entry.kind, method=method,
        confidence=round(min(confidence, 0.99), 3), anchors=hits, also_found=others, scores=top_scores,
    )


def _coverage(item: tuple[LicenseEntry, Score], text: Normalised) -> float:
    """Share of the text's word pairs the reference accounts for (1 = the text is just it)."""
    entry, score = item
    if not text.shingles or not entry.fingerprints:
        return 0.0
    return min(1.0, score.containment * entry.fingerprints.shingles / len(text.shingles))


# `SPDX-License-Identifier: MIT`, the standard short form (REUSE, SPDX spec annex E). Only a single
# identifier is read: an expression with AND/OR/WITH names more than one license.
_SPDX_TAG = re.compile(r"SPDX-License-Identifier:\s*([A-Za-z0-9.+-]+)\s*$", re.MULTILINE)
# A file that is only a tag (plus a copyright line or a link) is short; a full license text with a
# tag in its header is identified from its text instead.
_TAG_FILE_MAX_TOKENS = 60


def _spdx_tag(text: str, norm: Normalised, catalogue: Catalogue) -> IdentifyResult | None:
    found = _SPDX_TAG.findall(text)
    if len(found) != 1 or len(norm.tokens) > _TAG_FILE_MAX_TOKENS:
        return None
    entry = catalogue.resolve(found[0])
    if entry is not None:
        return IdentifyResult(
            key=entry.key, title=entry.title, family=entry.family, kind=entry.kind, method="spdx_tag", confidence=0.95
        )
    info = spdx_info(found[0])
    if info is None:
        return IdentifyResult(candidates=[found[0]])
    return IdentifyResult(
        key=info.id.lower(), title=info.name, family=info.id.lower(), kind="license", method="spdx_tag", confidence=0.95
    )
