"""Evaluate any of the frameworks over one audit report: the one entry point for reports and CLI."""

from __future__ import annotations

from openness.errors import UsageError
from openness.frameworks.models import FrameworkResult
from openness.models import AuditReport

# Public names (as in `openness audit --rubric ...` and report keys) and the aliases accepted.
FRAMEWORKS = ("mof", "osaid", "eu_ai_act", "eu_index")
_ALIASES = {"eu-ai-act": "eu_ai_act", "eu-index": "eu_index", "mof": "mof", "osaid": "osaid"}


def normalise_names(names: list[str]) -> list[str]:
    """Framework names in canonical form; 'all' expands to every framework."""
    out: list[str] = []
    for name in names:
        key = name.strip().lower()
        if key == "all":
            out.extend(FRAMEWORKS)
            continue
        key = _ALIASES.get(key, key)
        if key not in FRAMEWORKS:
            raise UsageError(f"unknown framework '{name}': choose from {', '.join(FRAMEWORKS)} or all")
        out.append(key)
    return list(dict.fromkeys(out))


def evaluate_frameworks(
    report: AuditReport, names: list[str], entry=None, base_report: AuditReport | None = None
) -> dict[str, FrameworkResult]:
    """Each named framework's verdict on the report's evidence (registry `entry` adds parameters,
    training tokens and per-component licenses)."""
    results: dict[str, FrameworkResult] = {}
    for name in normalise_names(names):
        results[name] = _EVALUATORS[name](report, entry, base_report)
    return results


def _mof(report: AuditReport, entry, _base) -> FrameworkResult:
    from openness.frameworks.mof import classify_mof, components_from_evidence, load_mof_spec

    spec = load_mof_spec()
    components, not_assessed = components_from_evidence(report.components, report.license, entry, spec)
    result = classify_mof(components, spec, not_assessed=not_assessed)
    return FrameworkResult(
        framework="mof",
        title=spec.title,
        verdict="pass" if result.class_ > 0 else "fail",
        summary=f"{result.label} ({result.progress})",
        failing=result.failing,
        details=result.model_dump(by_alias=True),
        evidence=[ev for c in components for ev in c.evidence],
    )


def _osaid(report: AuditReport, entry, _base) -> FrameworkResult:
    from openness.frameworks.osaid import evaluate_osaid

    return evaluate_osaid(report.components, report.license, entry)


def _eu_ai_act(report: AuditReport, entry, _base) -> FrameworkResult:
    from openness.frameworks.eu_ai_act import evaluate_eu_ai_act

    return evaluate_eu_ai_act(report.components, report.license, entry)


def _eu_index(report: AuditReport, _entry, base) -> FrameworkResult:
    from openness.frameworks.eu_index import evaluate_eu_index

    return evaluate_eu_index(report, base)


_EVALUATORS = {"mof": _mof, "osaid": _osaid, "eu_ai_act": _eu_ai_act, "eu_index": _eu_index}
