"""`openness leaderboard`: every registry model's level and license, as markdown or one HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from openness.errors import UsageError

FORMATS = ("markdown", "html")


def leaderboard(
    fmt: str = typer.Option("markdown", "--format", "-f", help="markdown or html (one static page)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to FILE atomically instead of stdout."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Use the claims valid at this date (YYYY-MM-DD)."),
    root: Optional[Path] = typer.Option(None, "--root", help="Registry folder (default: the one shipped with openness)."),
) -> None:
    """Every registry model's ladder level (computed by the rubric engine) and weights license."""
    from datetime import date

    from openness.fileio import write_atomic
    from openness.leaderboard.html import render_html
    from openness.leaderboard.markdown import render_markdown
    from openness.leaderboard.rows import leaderboard_rows

    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    if root is not None and not (root / "models").is_dir():
        raise UsageError(f"--root {root}: not a registry (no models/ folder)")
    try:
        when = date.fromisoformat(as_of) if as_of else None
    except ValueError:
        raise UsageError(f"--as-of '{as_of}' is not a date: expected YYYY-MM-DD") from None
    rows = leaderboard_rows(root, when)
    text = render_html(rows) if fmt == "html" else render_markdown(rows)
    if output is None:
        typer.echo(text, nl=False)
        return
    write_atomic(output, text)
    typer.echo(f"wrote {output} ({len(rows)} model{'' if len(rows) == 1 else 's'})", err=True)
