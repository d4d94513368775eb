"""Renderers of the `openness check` report: one module per format, each decides nothing."""

from __future__ import annotations

from openness.check.report import CheckReport
from openness.errors import UsageError

CHECK_FORMATS = ("table", "json", "markdown", "sarif")


def render_check(report: CheckReport, fmt: str, *, color: bool = False, width: int = 100) -> str:
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    if fmt == "markdown":
        from openness.formats.check_markdown import render

        return render(report)
    if fmt == "sarif":
        from openness.formats.check_sarif import render

        return render(report)
    if fmt == "table":
        from openness.formats.check_table import render

        return render(report, color=color, width=width)
    raise UsageError(f"unknown format '{fmt}' (choose from {', '.join(CHECK_FORMATS)})")


def items_by_level(report: CheckReport) -> list[tuple[int, str, list]]:
    """(level, level name, checklist items) in ladder order, for renderers that group by level."""
    levels = sorted({i.level for i in report.items})
    grouped = []
    for lv in levels:
        items = [i for i in report.items if i.level == lv]
        grouped.append((lv, items[0].level_name or f"Level {lv}", items))
    return grouped
