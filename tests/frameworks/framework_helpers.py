"""Build audit reports and registry entries for framework tests, without the Hub or the registry."""

from __future__ import annotations

from datetime import date, datetime, timezone

from openness.licenses.catalogue import load_catalogue, spdx_info
from openness.models import (
    AuditReport,
    ComponentLicense,
    ComponentState,
    Evidence,
    LevelResult,
    LicenseResult,
    Restriction,
    RubricRef,
    Subject,
    ToolInfo,
    UsageCap,
)
from openness.registry.schema import LicenseClaim, Licenses, ModelEntry, Source

EV = Evidence(locator="https://example.org/evidence", origin="registry")
SOURCE = Source(url="https://example.org/evidence", checked=date(2026, 1, 1), checked_by="tests")


def license_result(key: str | None) -> LicenseResult:
    """What the license engine reports for a key, built from our catalogue (or the SPDX list)."""
    if key is None:
        return LicenseResult()
    entry = load_catalogue().resolve(key)
    if entry is None:
        info = spdx_info(key)
        return LicenseResult(key=key, osi_approved=info.osi_approved if info else None, evidence=[EV])
    return LicenseResult(
        key=entry.key,
        name=entry.title,
        osi_approved=entry.osi_approved,
        category=entry.category,
        usage_caps=[UsageCap(metric=c.metric, threshold=c.threshold, consequence=c.consequence, evidence=[EV])
                    for c in entry.usage_caps],
        restrictions=[Restriction(kind=r.kind, summary=r.summary, evidence=[EV]) for r in entry.restrictions],
        evidence=[EV],
    )


def report(repo_id: str, statuses: dict[str, str], license_key: str | None, code: str | None = None,
           data: str | None = None) -> AuditReport:
    lic = license_result(license_key)
    lic.components = [ComponentLicense(component=c, key=k) for c, k in (("code", code), ("data", data)) if k]
    return AuditReport(
        tool=ToolInfo(version="test"),
        generated_at=datetime(2026, 1, 1, tzinfo=timezone.utc),
        subject=Subject(repo_id=repo_id, source="registry"),
        rubric=RubricRef(id="ladder", version="1.0"),
        level=LevelResult(value=0, name="Closed"),
        components={c: ComponentState(component=c, status=s, origin="registry", evidence=[EV])
                    for c, s in statuses.items()},
        license=lic,
    )


def entry(repo_id: str, parameters: int | None, tokens: float | None, code: str | None = None,
          data: str | None = None) -> ModelEntry:
    claim = lambda key: LicenseClaim(key=key, evidence=[SOURCE]) if key else None  # noqa: E731
    return ModelEntry(id=repo_id, parameters=parameters, training_tokens=tokens,
                      licenses=Licenses(code=claim(code), data=claim(data)))


CLOSED_RECIPE = {"training_code": "inference_only", "training_data": "none", "data_pipeline": "none"}

# Well-known releases, as our registry describes them (statuses of rubrics/ladder.yaml).
MODELS = {
    "llama3": (
        report("meta-llama/Meta-Llama-3-70B", {"weights": "gated", "technical_report": "training", **CLOSED_RECIPE}, "llama3"),
        entry("meta-llama/Meta-Llama-3-70B", 70_000_000_000, 15e12),
    ),
    "llama3.1-405b": (
        report("meta-llama/Llama-3.1-405B", {"weights": "gated", "technical_report": "training", **CLOSED_RECIPE}, "llama3.1"),
        entry("meta-llama/Llama-3.1-405B", 405_000_000_000, 15.6e12),
    ),
    "gemma": (
        report("google/gemma-7b", {"weights": "gated", "technical_report": "training", **CLOSED_RECIPE}, "gemma"),
        entry("google/gemma-7b", 8_540_000_000, 6e12),
    ),
    "bloom": (
        report("bigscience/bloom", {"weights": "open", "technical_report": "full", "training_code": "released",
                                    "training_data": "partial", "data_pipeline": "full"},
               "bigscience-bloom-rail-1.0", code="apache-2.0"),
        entry("bigscience/bloom", 176_000_000_000, 366e9, code="apache-2.0"),
    ),
    "olmo": (
        report("allenai/OLMo-7B", {"weights": "open", "technical_report": "full", "training_code": "released",
                                   "training_data": "full", "data_pipeline": "full"},
               "apache-2.0", code="apache-2.0", data="odc-by"),
        entry("allenai/OLMo-7B", 6_900_000_000, 2.46e12, code="apache-2.0", data="odc-by"),
    ),
    "pythia": (
        report("EleutherAI/pythia-12b", {"weights": "open", "technical_report": "training", "training_code": "released",
                                         "training_data": "full", "data_pipeline": "partial"},
               "apache-2.0", code="apache-2.0", data="mit"),
        entry("EleutherAI/pythia-12b", 11_800_000_000, 300e9, code="apache-2.0", data="mit"),
    ),
}
