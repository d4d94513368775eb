"""`openness rubric list|show ID|docs`: the rubrics and frameworks shipped in rubrics/*.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from openness.errors import UsageError

app = typer.Typer(help="The ladder rubric and the frameworks (MOF, OSAID, EU AI Act, EU index): list, show, document.",
                  no_args_is_help=True)

DEFAULT_DOCS = Path("docs") / "rubrics.md"


@app.command("list")
def list_rubrics() -> None:
    """List every rubric and framework with its version."""
    from openness.frameworks.docs import load_all_rubrics, rubric_summary

    for doc in load_all_rubrics():
        s = rubric_summary(doc)
        typer.echo(f"{s['id']:<10} {s['kind']:<10} {s['version']:<10} {s['title']}")


@app.command("show")
def show(rubric_id: str = typer.Argument(..., help="Rubric id, e.g. ladder, mof, osaid, eu-ai-act, eu-index.")) -> None:
    """Print one rubric as documentation (markdown)."""
    from openness.frameworks.docs import load_all_rubrics, render_one

    docs = {d["id"]: d for d in load_all_rubrics()}
    if rubric_id not in docs:
        raise UsageError(f"unknown rubric '{rubric_id}' (available: {', '.join(docs)})")
    typer.echo(render_one(docs[rubric_id]).rstrip())


@app.command("docs")
def docs(
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Where to write (default: docs/rubrics.md)."),
    check: bool = typer.Option(False, "--check", help="Exit 1 if the file differs from what the YAML generates."),
) -> None:
    """Generate docs/rubrics.md from rubrics/*.yaml."""
    from openness.frameworks.docs import load_all_rubrics, render_markdown

    target = output or DEFAULT_DOCS
    text = render_markdown(load_all_rubrics())
    if check:
        current = target.read_text(encoding="utf-8") if target.is_file() else ""
        if current != text:
            typer.echo(f"{target} is out of date: run `openness rubric docs`", err=True)
            raise typer.Exit(1)
        typer.echo(f"{target} is up to date", err=True)
        return
    from openness.fileio import write_atomic

    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, text)
    typer.echo(f"wrote {target}", err=True)
