"""Does the EU AI Act's open-source exemption for general-purpose AI models (Art. 53(2)) apply?

Pass means every condition of rubrics/eu-ai-act.yaml holds on our evidence: a free and open-source
license with no usage cap or use-based restriction, public weights, architecture and usage
information, and training compute under the systemic-risk threshold (estimated as
6 x parameters x training tokens from the registry). The duties that remain are always listed.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal, Mapping

from pydantic import BaseModel, ConfigDict

from openness.frameworks.common import (
    StatusCondition,
    any_unknown,
    describe,
    evidence_of,
    license_facts,
    matching,
)
from openness.frameworks.loader import load_framework_yaml
from openness.frameworks.models import FrameworkResult
from openness.models import ComponentState, Evidence, LicenseResult


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LicenseCondition(_Strict):
    title: str
    article: str
    open_categories: list[str]
    usage_cap: str
    disqualifying_categories: dict[str, str]
    disqualifying_restrictions: dict[str, str]


class UnassessedCondition(_Strict):
    title: str
    article: str
    assessed: Literal[False]
    caveat: str


class PublicCondition(_Strict):
    title: str
    article: str
    any_of: list[StatusCondition]


class ComputeCondition(_Strict):
    title: str
    article: str
    threshold_flop: float
    flop_per_parameter_token: float


class Conditions(_Strict):
    free_open_source_license: LicenseCondition
    not_monetised: UnassessedCondition
    weights_public: PublicCondition
    architecture_public: PublicCondition
    usage_information_public: PublicCondition
    no_systemic_risk: ComputeCondition


class Duty(_Strict):
    id: str
    article: str
    title: str


class EuAiActSpec(_Strict):
    kind: Literal["framework"]
    id: str
    version: str
    title: str
    url: str
    description: str
    conditions: Conditions
    remaining_duties: list[Duty]
    systemic_risk_duties: list[Duty]


@lru_cache(maxsize=1)
def load_eu_ai_act_spec() -> EuAiActSpec:
    raw = load_framework_yaml("eu-ai-act")
    data = dict(raw)
    data["conditions"] = {k.replace("-", "_"): v for k, v in raw["conditions"].items()}
    return EuAiActSpec.model_validate(data)


class ComputeEstimate(BaseModel):
    parameters: int | None = None
    training_tokens: float | None = None
    flop_per_parameter_token: float
    flop: float | None = None
    threshold_flop: float
    above_threshold: bool | None = None
    formula: str = ""
    source: str = ""


def estimate_compute(parameters: int | None, training_tokens: float | None, cond: ComputeCondition) -> ComputeEstimate:
    """6 x N x D, with its inputs; unknown (None) when either input is missing."""
    k = cond.flop_per_parameter_token
    if not parameters or not training_tokens:
        return ComputeEstimate(
            parameters=parameters,
            training_tokens=training_tokens,
            flop_per_parameter_token=k,
            threshold_flop=cond.threshold_flop,
            formula=f"{k:g} x parameters x training tokens (an input is missing)",
        )
    flop = k * parameters * training_tokens
    return ComputeEstimate(
        parameters=parameters,
        training_tokens=training_tokens,
        flop_per_parameter_token=k,
        flop=flop,
        threshold_flop=cond.threshold_flop,
        above_threshold=flop > cond.threshold_flop,
        formula=f"{k:g} x {parameters:.3g} parameters x {training_tokens:.3g} tokens = {flop:.2e} FLOP",
    )


def license_disqualifiers(license_result: LicenseResult | None, cond: LicenseCondition) -> list[str]:
    """Each clause of the license that takes away one of the four freedoms, in report words."""
    if license_result is None or license_result.key is None:
        return []
    found = []
    for cap in license_result.usage_caps:
        found.append(f"{cond.usage_cap}: {cap.metric.replace('_', ' ')} above {cap.threshold:,.0f}")
    category = license_result.category or (license_facts(license_result.key) or _NO_FACTS).category
    if category in cond.disqualifying_categories:
        found.append(cond.disqualifying_categories[category])
    for restriction in license_result.restrictions:
        words = cond.disqualifying_restrictions.get(restriction.kind)
        if words and not (category == "open-rail" and restriction.kind == "acceptable_use_policy"):
            found.append(words + (f" — {restriction.summary}" if restriction.summary else ""))
    return list(dict.fromkeys(found))


class _NoFacts:
    category = None
    osi_approved = None


_NO_FACTS = _NoFacts()


def evaluate_eu_ai_act(
    states: Mapping[str, ComponentState],
    license_result: LicenseResult | None = None,
    entry=None,
    spec: EuAiActSpec | None = None,
) -> FrameworkResult:
    spec = spec or load_eu_ai_act_spec()
    cond = spec.conditions
    failing: list[str] = []
    checks: dict[str, dict] = {}
    evidence: list[Evidence] = []

    # License
    lic = cond.free_open_source_license
    problems = license_disqualifiers(license_result, lic)
    if license_result is None or license_result.key is None:
        problems = ["could not verify: the license is unknown"]
    elif not problems and not _is_free_open_source(license_result, lic):
        problems = [f"the license {license_result.key} is not a recognised free and open-source license"]
    if license_result is not None:
        evidence += license_result.evidence + [ev for cap in license_result.usage_caps for ev in cap.evidence]
    checks["free-open-source-license"] = {"title": lic.title, "article": lic.article, "met": not problems, "problems": problems}
    failing += [f"free-open-source-license: {p}" for p in problems]

    # Publicity of weights, architecture, usage information
    for cond_id, public in (
        ("weights-public", cond.weights_public),
        ("architecture-public", cond.architecture_public),
        ("usage-information-public", cond.usage_information_public),
    ):
        hits = matching(states, public.any_of)
        evidence += evidence_of(hits)
        problems = [] if hits else [
            ("could not verify: " if any_unknown(states, public.any_of) else "") + describe(states, public.any_of)
        ]
        checks[cond_id] = {"title": public.title, "article": public.article, "met": not problems, "problems": problems}
        failing += [f"{cond_id}: {p}" for p in problems]

    # Systemic risk
    risk = cond.no_systemic_risk
    estimate = estimate_compute(getattr(entry, "parameters", None), getattr(entry, "training_tokens", None), risk)
    estimate.source = "registry entry (parameters, training_tokens)" if entry is not None else "no registry entry"
    if estimate.above_threshold is None:
        problems = [f"could not verify: training compute unknown ({estimate.formula})"]
    elif estimate.above_threshold:
        problems = [f"systemic risk presumed: {estimate.formula} exceeds {risk.threshold_flop:.0e} FLOP"]
    else:
        problems = []
    checks["no-systemic-risk"] = {
        "title": risk.title, "article": risk.article, "met": not problems, "problems": problems,
        "estimate": estimate.model_dump(),
    }
    failing += [f"no-systemic-risk: {p}" for p in problems]

    # Not assessable from our evidence: named, never silently passed.
    checks["not-monetised"] = {
        "title": cond.not_monetised.title, "article": cond.not_monetised.article, "met": None,
        "problems": [], "caveat": cond.not_monetised.caveat,
    }

    duties = list(spec.remaining_duties)
    if estimate.above_threshold:
        duties += spec.systemic_risk_duties
    verdict = "fail" if failing else "pass"
    summary = (
        "the open-source exemption (Art. 53(2)) applies, provided the model is not monetised"
        if verdict == "pass"
        else "the open-source exemption does not apply: " + failing[0].split(": ", 1)[1]
    )
    return FrameworkResult(
        framework=spec.id,
        title=spec.title,
        verdict=verdict,
        summary=summary,
        failing=failing,
        details={
            "exempt": verdict == "pass",
            "conditions": checks,
            "compute": estimate.model_dump(),
            "remaining_duties": [d.model_dump() for d in duties],
        },
        evidence=evidence,
    )


def _is_free_open_source(license_result: LicenseResult, cond: LicenseCondition) -> bool:
    if license_result.osi_approved:
        return True
    facts = license_facts(license_result.key)
    category = license_result.category or (facts.category if facts else None)
    return bool((facts and facts.osi_approved) or category in cond.open_categories)
