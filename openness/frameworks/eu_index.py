"""The European Open Source AI Index grid, as a view of our evidence (rubrics/eu-index.yaml).

Each dimension is graded open / partial / closed (or unknown when our evidence cannot grade it);
the base model's dimensions come from the base model's audit for a derivative, from the model's
own evidence otherwise. Score = mean of the grades' values.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal, Mapping

from pydantic import BaseModel, ConfigDict

from openness.frameworks.common import license_facts
from openness.frameworks.loader import load_framework_yaml
from openness.frameworks.models import FrameworkResult
from openness.models import AuditReport, ComponentState, LicenseResult

Grade = Literal["open", "partial", "closed", "unknown"]
PASS_SCORE = 0.5  # more open than closed: the bar the `verdict` field reports against


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FromComponent(_Strict):
    component: str
    map: dict[str, Grade]


class FromLicense(_Strict):
    osi_approved: Grade
    categories: dict[str, Grade]


class Dimension(_Strict):
    id: str
    group: str
    title: str
    of: Literal["base", "end"]
    from_: FromComponent | None = None
    from_license: FromLicense | None = None


class EuIndexSpec(_Strict):
    kind: Literal["framework"]
    id: str
    version: str
    title: str
    url: str
    description: str
    grades: dict[Grade, float]
    dimensions: list[Dimension]


@lru_cache(maxsize=1)
def load_eu_index_spec() -> EuIndexSpec:
    raw = load_framework_yaml("eu-index")
    data = dict(raw)
    data["dimensions"] = [{("from_" if k == "from" else k): v for k, v in d.items()} for d in raw["dimensions"]]
    return EuIndexSpec.model_validate(data)


class Cell(BaseModel):
    grade: Grade
    reason: str


def grade_dimension(
    dim: Dimension, states: Mapping[str, ComponentState] | None, license_result: LicenseResult | None
) -> Cell:
    if states is None:
        return Cell(grade="unknown", reason="base model not audited")
    if dim.from_ is not None:
        status = states[dim.from_.component].status if dim.from_.component in states else "unknown"
        grade = dim.from_.map.get(status, "unknown")
        return Cell(grade=grade, reason=f"{dim.from_.component} is {status}")
    if dim.from_license is not None:
        return _grade_license(dim.from_license, license_result)
    return Cell(grade="unknown", reason="not assessed by our probes")


def _grade_license(rule: FromLicense, license_result: LicenseResult | None) -> Cell:
    if license_result is None or not license_result.key:
        return Cell(grade="unknown", reason="license unknown")
    facts = license_facts(license_result.key)
    osi = license_result.osi_approved if license_result.osi_approved is not None else (facts and facts.osi_approved)
    if osi:
        return Cell(grade=rule.osi_approved, reason=f"{license_result.key} is OSI-approved")
    category = license_result.category or (facts.category if facts else None)
    grade = rule.categories.get(category or "", "unknown")
    return Cell(grade=grade, reason=f"{license_result.key}: {category or 'category unknown'}")


def evaluate_eu_index(
    report: AuditReport, base_report: AuditReport | None = None, spec: EuIndexSpec | None = None
) -> FrameworkResult:
    spec = spec or load_eu_index_spec()
    is_derivative = report.lineage is not None and bool(report.lineage.base_model)
    own = report.components
    base = (base_report.components if base_report else None) if is_derivative else own
    base_license = (base_report.license if base_report else None) if is_derivative else report.license
    grid: dict[str, dict] = {}
    for dim in spec.dimensions:
        states = base if dim.of == "base" else own
        lic = base_license if dim.of == "base" else report.license
        cell = grade_dimension(dim, states, lic)
        grid[dim.id] = {"title": dim.title, "group": dim.group, "of": dim.of, **cell.model_dump()}
    values = [spec.grades[c["grade"]] for c in grid.values()]
    score = sum(values) / len(values)
    unknown = [d for d, c in grid.items() if c["grade"] == "unknown"]
    verdict = "pass" if score >= PASS_SCORE else "fail"
    return FrameworkResult(
        framework=spec.id,
        title=spec.title,
        verdict=verdict,
        summary=f"score {score:.2f} over {len(values)} dimensions ({len(unknown)} not graded)",
        failing=[f"{d}: {c['grade']} ({c['reason']})" for d, c in grid.items() if c["grade"] != "open"],
        details={"score": round(score, 4), "grid": grid, "not_graded": unknown},
    )
