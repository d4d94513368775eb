"""`openness check [PATH]`: the pre-publication checklist for a release folder and its openness.yaml."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from openness.errors import EXIT_GATE_FAILED, EXIT_OK, UsageError

FORMATS = ("table", "json", "markdown", "sarif")


def check(
    path: Path = typer.Argument(Path("."), help="The release folder (README.md, LICENSE, weights, openness.yaml)."),
    target_level: Optional[int] = typer.Option(None, "--target-level", "-t", min=0, max=5, help="The level this release must reach (default: target_level in openness.yaml)."),
    fmt: str = typer.Option("table", "--format", "-f", help="Output format: table, json, markdown or sarif."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to FILE (atomically) instead of stdout."),
    offline: bool = typer.Option(False, "--offline", help="Do not check that links are reachable (also when HF_HUB_OFFLINE=1)."),
    link_timeout: float = typer.Option(5.0, "--link-timeout", min=0.1, help="Seconds to wait for each link."),
) -> None:
    """Check a release before upload: the level it reaches, what is missing for the target, and card hygiene.

    Exit 0 when the target level is reached (or none is set) and no hygiene blocker fails, 1 otherwise,
    2 for a missing folder or a bad openness.yaml.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    from openness.check.checklist import run_check
    from openness.cli.audit_cmd import _env_no_color, _env_offline, _width
    from openness.formats.check_render import render_check

    report = run_check(path, target_level=target_level, offline=offline or _env_offline(), link_timeout=link_timeout)
    color = output is None and fmt == "table" and sys.stdout.isatty() and not _env_no_color()
    text = render_check(report, fmt, color=color, width=_width())
    if output is not None:
        from openness.fileio import write_atomic

        write_atomic(output, text)
        typer.echo(
            f"{report.subject.repo_id}: level {report.level.value} ({report.level.name}); "
            f"{'pass' if report.gate.passed else 'FAIL'}; report written to {output}",
            err=True,
        )
    else:
        sys.stdout.write(text)
    if fmt != "table" or output is not None:
        for failure in report.gate.failures:
            typer.echo(f"check failed: {failure}", err=True)
    raise typer.Exit(EXIT_OK if report.gate.passed else EXIT_GATE_FAILED)
