"""`openness compare A B C ...`: several models side by side under the ladder and every framework."""

from __future__ import annotations

from typing import Optional

import typer

from openness.errors import UsageError

FORMATS = ("table", "markdown")


def compare(
    repo_ids: list[str] = typer.Argument(..., help="Two or more Hugging Face model ids."),
    fmt: str = typer.Option("table", "--format", "-f", help="Output format: table or markdown."),
    offline: bool = typer.Option(False, "--offline", help="Do not contact the Hub; answer from the registry alone."),
    endpoint: Optional[str] = typer.Option(None, "--endpoint", help="Hub endpoint (default: $HF_ENDPOINT)."),
    timeout: float = typer.Option(10.0, "--timeout", min=0.1, help="Seconds to wait for each Hub request."),
) -> None:
    """Compare models: ladder level, license, MOF class, OSAID, EU AI Act exemption, EU index score."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    from openness.audit import audit
    from openness.frameworks.apply import FRAMEWORKS, evaluate_frameworks
    from openness.frameworks.compare import compare as build, to_markdown, to_table
    from openness.registry.store import load_entry

    reports, results = [], []
    for repo_id in repo_ids:
        report = audit(repo_id, offline=offline, endpoint=endpoint, timeout=timeout)
        reports.append(report)
        results.append(evaluate_frameworks(report, list(FRAMEWORKS), entry=load_entry(report.subject.repo_id)))
    comparison = build(reports, results)
    typer.echo(to_markdown(comparison) if fmt == "markdown" else to_table(comparison), nl=False)
