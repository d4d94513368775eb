"""OSI Open Source AI Definition 1.0: pass when data information, complete code and parameters are
all public, and the code and parameters are under OSI-approved terms (rubrics/osaid.yaml)."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal, Mapping

from pydantic import BaseModel, ConfigDict

from openness.frameworks.common import StatusCondition, any_unknown, describe, evidence_of, license_facts, matching
from openness.frameworks.loader import load_framework_yaml
from openness.frameworks.models import FrameworkResult
from openness.models import ComponentState, LicenseResult


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AnyOf(_Strict):
    any_of: list[StatusCondition]


class Requirement(_Strict):
    title: str
    summary: str
    all_of: list[AnyOf]
    license: Literal["weights", "code", "data"] | None = None


class OsaidSpec(_Strict):
    kind: Literal["framework"]
    id: str
    version: str
    title: str
    url: str
    description: str
    requirements: dict[str, Requirement]


@lru_cache(maxsize=1)
def load_osaid_spec() -> OsaidSpec:
    return OsaidSpec.model_validate(load_framework_yaml("osaid"))


def license_keys(license_result: LicenseResult | None, entry=None) -> dict[str, str | None]:
    """The license key binding each component: the audit's finding first, then the registry's."""
    keys: dict[str, str | None] = {"weights": None, "code": None, "data": None}
    if entry is not None:
        for slot in keys:
            claim = getattr(entry.licenses, slot, None)
            if claim is not None:
                keys[slot] = claim.key
    if license_result is not None:
        for comp in license_result.components:
            if comp.key:
                keys[comp.component] = comp.key
        if license_result.key:
            keys["weights"] = license_result.key
    return keys


def evaluate_osaid(
    states: Mapping[str, ComponentState],
    license_result: LicenseResult | None = None,
    entry=None,
    spec: OsaidSpec | None = None,
) -> FrameworkResult:
    spec = spec or load_osaid_spec()
    keys = license_keys(license_result, entry)
    failing: list[str] = []
    requirements: dict[str, dict] = {}
    evidence = []
    for req_id, req in spec.requirements.items():
        problems = []
        for group in req.all_of:
            hits = matching(states, group.any_of)
            evidence += evidence_of(hits)
            if not hits:
                prefix = "could not verify: " if any_unknown(states, group.any_of) else ""
                problems.append(prefix + describe(states, group.any_of))
        if req.license is not None:
            problems += _license_problems(req.license, keys[req.license], license_result)
        requirements[req_id] = {"title": req.title, "met": not problems, "problems": problems}
        failing += [f"{req_id}: {p}" for p in problems]
    verdict = "fail" if failing else "pass"
    summary = (
        "Open Source AI under OSAID 1.0"
        if verdict == "pass"
        else "not Open Source AI: " + ", ".join(r for r, v in requirements.items() if not v["met"]) + " not met"
    )
    return FrameworkResult(
        framework=spec.id,
        title=spec.title,
        verdict=verdict,
        summary=summary,
        failing=failing,
        details={"requirements": requirements, "licenses": keys},
        evidence=evidence,
    )


def _license_problems(slot: str, key: str | None, license_result: LicenseResult | None) -> list[str]:
    if key is None:
        return [f"could not verify: the {slot} license is unknown"]
    osi = None
    if slot == "weights" and license_result is not None and license_result.key == key:
        osi = license_result.osi_approved
    if osi is None:
        facts = license_facts(key)
        osi = facts.osi_approved if facts else None
    if osi is True:
        return []
    if osi is None:
        return [f"could not verify: whether the {slot} license {key} is OSI-approved"]
    return [f"the {slot} license {key} is not OSI-approved"]
