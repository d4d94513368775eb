"""`openness audit ORG/NAME`: level, reasons, evidence and license findings for one model."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Optional

import typer

from openness.errors import EXIT_GATE_FAILED, EXIT_OK, UsageError

FORMATS = ("table", "json", "markdown", "sarif")


def audit(
    repo_id: str = typer.Argument(..., help="Hugging Face model id, e.g. meta-llama/Meta-Llama-3-70B (or its URL)."),
    fmt: str = typer.Option("table", "--format", "-f", help="Output format: table, json, markdown or sarif."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to FILE (atomically) instead of stdout."),
    offline: bool = typer.Option(False, "--offline", help="Do not contact the Hub; answer from the registry alone."),
    no_registry: bool = typer.Option(False, "--no-registry", help="Automatic evidence only: ignore the curated registry."),
    revision: Optional[str] = typer.Option(None, "--revision", help="Audit this branch, tag or commit of the repo."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Judge the registry's dated claims as of this date (YYYY-MM-DD)."),
    min_level: Optional[int] = typer.Option(None, "--min-level", min=0, max=5, help="Gate: exit 1 unless the level is at least N."),
    require: list[str] = typer.Option([], "--require", help="Gate: exit 1 unless this check passes (repeatable)."),
    timeout: float = typer.Option(10.0, "--timeout", min=0.1, help="Seconds to wait for each Hub request."),
    endpoint: Optional[str] = typer.Option(None, "--endpoint", help="Hub endpoint (default: $HF_ENDPOINT or https://huggingface.co)."),
    rubric: list[str] = typer.Option(
        ["ladder"], "--rubric", help="Also judge by: mof, osaid, eu-ai-act, eu-index, or all (repeatable). The ladder level is always given."
    ),
) -> None:
    """Audit one model: its openness level with evidence, what blocks the next level, and its license."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    when = _parse_date(as_of) if as_of else None
    offline = offline or _env_offline()
    if offline and no_registry:
        # Same rule as `scan`: with neither the Hub nor the registry there is nothing to read.
        raise UsageError("--no-registry with offline mode (--offline or HF_HUB_OFFLINE) leaves nothing to audit from")

    from openness.audit import audit as run_audit
    from openness.formats import render_audit

    report = run_audit(
        repo_id,
        revision=revision,
        offline=offline,
        use_registry=not no_registry,
        as_of=when,
        endpoint=endpoint,
        timeout=timeout,
        frameworks=[r for r in rubric if r.strip().lower() != "ladder"],
    )
    known_checks = {c.id for c in report.checks}
    unknown = [r for r in require if r not in known_checks]
    if unknown:
        raise UsageError(f"--require: unknown check {', '.join(unknown)} (checks: {', '.join(sorted(known_checks))})")

    color = output is None and fmt == "table" and sys.stdout.isatty() and not _env_no_color()
    text = render_audit(report, fmt, color=color, width=_width())
    if output is not None:
        from openness.fileio import write_atomic

        write_atomic(output, text)
        typer.echo(f"{report.subject.repo_id}: level {report.level.value} ({report.level.name}); report written to {output}", err=True)
    else:
        sys.stdout.write(text)
        if fmt != "table":
            from openness.formats.text import strip_controls

            for note in report.notes:  # notes quote card text: no control character reaches the terminal
                typer.echo(f"note: {strip_controls(note)}", err=True)

    failures = _gate_failures(report, min_level, require)
    for failure in failures:
        typer.echo(f"gate failed: {failure}", err=True)
    raise typer.Exit(EXIT_GATE_FAILED if failures else EXIT_OK)


def _gate_failures(report, min_level: int | None, require: list[str]) -> list[str]:
    failures = []
    if min_level is not None and report.level.value < min_level:
        failures.append(f"level {report.level.value} is below --min-level {min_level}")
    by_id = {c.id: c for c in report.checks}
    for check_id in require:
        check = by_id[check_id]
        if check.outcome != "pass":
            failures.append(f"check {check_id} is {check.outcome}: {check.reason}")
    return failures


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--as-of: '{text}' is not a date (expected YYYY-MM-DD)") from None


def _env_offline() -> bool:
    import os

    return os.environ.get("HF_HUB_OFFLINE", "").strip().upper() in {"1", "ON", "YES", "TRUE"}


def _env_no_color() -> bool:
    import os

    return bool(os.environ.get("NO_COLOR"))


def _width() -> int:
    import shutil

    return max(80, min(shutil.get_terminal_size((100, 24)).columns, 160))
