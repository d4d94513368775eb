"""`openness registry validate|list|show|pull|import`: the curated registry from the command line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Optional

import typer

from openness.errors import EXIT_GATE_FAILED, NoVerdictError, OpennessError, UsageError

app = typer.Typer(
    help="The curated registry: validate it, list its entries, show one, pull one from the Hub, import public databases.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

class RegistryProblems(OpennessError):
    """`validate` found problems: exit 1, like a failed gate."""

    exit_code = EXIT_GATE_FAILED


_ROOT_HELP = "Registry folder (default: the one shipped with openness)."


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--as-of '{text}' is not a date: expected YYYY-MM-DD, e.g. 2024-05-01") from None


def _check_root(root: Optional[Path]) -> Optional[Path]:
    if root is not None and not root.is_dir():
        raise UsageError(f"--root {root}: no such folder")
    return root


def _check_read_root(root: Optional[Path]) -> Optional[Path]:
    """A registry to read must have its models/ folder: an empty listing of a wrong folder would
    look like a registry without matches."""
    root = _check_root(root)
    if root is not None and not (root / "models").is_dir():
        raise UsageError(f"--root {root}: not a registry (no models/ folder)")
    return root


@app.command("validate")
def validate(
    root: Optional[Path] = typer.Option(None, "--root", help=_ROOT_HELP),
    strict: bool = typer.Option(False, "--strict", help="Fail on warnings too."),
) -> None:
    """Check every entry: it loads, each claim has evidence, statuses and keys are known. Exit 1 on errors."""
    from openness.registry.store import validate_registry

    problems = validate_registry(_check_root(root))
    for problem in problems:
        typer.echo(f"{problem.severity}: {problem}")
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    summary = f"{errors} error(s), {warnings} warning(s)"
    # Raised rather than typer.Exit: the entry point maps our errors to exit codes.
    if errors or (strict and warnings):
        raise RegistryProblems(f"registry validation failed: {summary}")
    typer.echo(summary, err=True)


@app.command("list")
def list_entries(
    org: Optional[str] = typer.Option(None, "--org", help="Only entries of this organisation (repo id prefix)."),
    license_key: Optional[str] = typer.Option(None, "--license", help="Only entries whose weights license has this key."),
    level: Optional[int] = typer.Option(None, "--level", min=0, max=5, help="Only entries at this ladder level."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Use the claims valid at this date (YYYY-MM-DD)."),
    root: Optional[Path] = typer.Option(None, "--root", help=_ROOT_HELP),
) -> None:
    """One line per entry: id, ladder level from its claims, weights license, family."""
    from openness.registry.level import entry_level
    from openness.registry.store import license_as_of, load_all

    when = _parse_date(as_of) if as_of else None
    rows = []
    for entry in load_all(_check_read_root(root)):
        if org and entry.id.split("/")[0].lower() != org.lower():
            continue
        weights = license_as_of(entry, "weights", when)
        key = weights.key if weights else "-"
        if license_key and key.lower() != license_key.lower():
            continue
        value = entry_level(entry, when).value
        if level is not None and value != level:
            continue
        rows.append((entry.id, str(value), key, entry.family or "-"))
    if not rows:
        typer.echo("no entries match", err=True)
        return
    widths = [max(len(r[i]) for r in rows + [("id", "level", "license", "family")]) for i in range(4)]
    for row in [("id", "level", "license", "family"), *rows]:
        typer.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    typer.echo(f"{len(rows)} entr{'y' if len(rows) == 1 else 'ies'}", err=True)


@app.command("show")
def show(
    repo_id: str = typer.Argument(..., help="Model id, e.g. meta-llama/Meta-Llama-3-70B (a former id works too)."),
    fmt: str = typer.Option("yaml", "--format", "-f", help="yaml or json."),
    root: Optional[Path] = typer.Option(None, "--root", help=_ROOT_HELP),
) -> None:
    """Print one entry, merged with its family, with every claim's evidence and dated history."""
    from openness.registry.store import load_entry
    from openness.repo_id import parse_repo_id

    if fmt not in ("yaml", "json"):
        raise UsageError(f"unknown format '{fmt}' (choose from yaml, json)")
    entry = load_entry(parse_repo_id(repo_id), _check_read_root(root))
    if entry is None:
        raise NoVerdictError(f"the registry has no entry for {repo_id} (see `openness registry list`)")
    if fmt == "json":
        typer.echo(json.dumps(entry.model_dump(mode="json", exclude_none=True), indent=2, ensure_ascii=False))
    else:
        import yaml

        data = entry.model_dump(mode="python", exclude_none=True)
        typer.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000).rstrip())


def _registry_root_for_writing(root: Optional[Path]) -> Path:
    from openness.registry.store import default_root

    chosen = _check_root(root) or default_root()
    if not (chosen / "models").is_dir():
        raise UsageError(f"{chosen} is not a registry folder (it has no models/ folder)")
    return chosen


def _report_update(result, dry_run: bool) -> None:
    """The diff to stdout; what was kept and what happened to stderr."""
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)
    if not result.changed:
        typer.echo(f"{result.path}: up to date", err=True)
        return
    typer.echo(result.diff(), nl=False)
    verb = "would write" if dry_run else "wrote"
    typer.echo(f"{verb} {result.path}", err=True)


@app.command("pull")
def pull(
    repo_id: str = typer.Argument(..., help="Model id on the Hub, e.g. allenai/OLMo-7B."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show the diff; write nothing."),
    endpoint: Optional[str] = typer.Option(None, "--endpoint", help="Hub endpoint (default $HF_ENDPOINT, else https://huggingface.co)."),
    timeout: float = typer.Option(10.0, "--timeout", min=0.1, help="Per-request Hub timeout in seconds."),
    root: Optional[Path] = typer.Option(None, "--root", help=_ROOT_HELP),
) -> None:
    """Write or refresh an entry from the Hub. Curated claims are never overwritten; disagreements are reported."""
    from openness.registry.pull import pull as pull_entry
    from openness.repo_id import parse_repo_id

    result = pull_entry(
        parse_repo_id(repo_id), _registry_root_for_writing(root), endpoint=endpoint, dry_run=dry_run, timeout=timeout
    )
    _report_update(result, dry_run)


@app.command("import")
def import_database(
    database: str = typer.Argument(..., help="mof (the Model Openness Tool) or osai (the European Open Source AI Index)."),
    source: Optional[Path] = typer.Option(None, "--source", help="Folder of the database's YAML files (default: the anchors corpus)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show the diffs; write nothing."),
    existing_only: bool = typer.Option(False, "--existing-only", help="Only add claims to entries that exist; create none."),
    root: Optional[Path] = typer.Option(None, "--root", help=_ROOT_HELP),
) -> None:
    """Import claims from a public database, marked imported:mof / imported:osai; curated claims are kept."""
    from openness.registry.importers import DATABASES, default_source, run_import

    if database not in DATABASES:
        raise UsageError(f"unknown database '{database}' (choose from {', '.join(DATABASES)})")
    folder = source or default_source(database)
    if folder is None or not folder.is_dir():
        raise UsageError(f"--source {folder or '(none)'}: no such folder; give the folder of the {database} YAML files")
    summary = run_import(database, folder, _registry_root_for_writing(root), dry_run=dry_run, existing_only=existing_only)
    for result in summary.results:
        if result.changed or result.notes:
            _report_update(result, dry_run)
    for skipped in summary.skipped:
        typer.echo(f"skipped: {skipped}", err=True)
    changed = sum(r.changed for r in summary.results)
    verb = "would change" if dry_run else "changed"
    typer.echo(
        f"{database}: {summary.read} file(s) read, {len(summary.results)} model(s) matched, {changed} entr"
        f"{'y' if changed == 1 else 'ies'} {verb}, {len(summary.skipped)} skipped",
        err=True,
    )
