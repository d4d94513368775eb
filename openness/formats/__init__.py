"""Output formats: each renders an AuditReport to text and decides nothing."""

from __future__ import annotations

from openness.errors import UsageError
from openness.models import AuditReport

AUDIT_FORMATS = ("table", "json", "markdown", "sarif")


def render_audit(report: AuditReport, fmt: str, *, color: bool = False, width: int = 100) -> str:
    if fmt == "json":
        from openness.formats.json_format import render

        return render(report)
    if fmt == "sarif":
        from openness.formats.sarif import render

        return render(report)
    # Read on a terminal or pasted where a terminal shows it: card text must not carry escape sequences.
    from openness.formats.text import neutralised

    if fmt == "markdown":
        from openness.formats.markdown import render

        return render(neutralised(report))
    if fmt == "table":
        from openness.formats.table import render

        return render(neutralised(report), color=color, width=width)
    raise UsageError(f"unknown format '{fmt}' (choose from {', '.join(AUDIT_FORMATS)})")
