"""`openness scan`: audit many models (an author's, a search's, or a list of ids) and summarise."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Optional

import typer

from openness.errors import EXIT_OK, UsageError

SUMMARY_FORMATS = ("table", "markdown")


def scan(
    author: Optional[str] = typer.Option(None, "--author", help="Audit every model of this user or organisation."),
    search: Optional[str] = typer.Option(None, "--search", help="Audit the models whose id contains TEXT."),
    ids_file: Optional[Path] = typer.Option(None, "--file", help="Audit the ids in this file (one ORG/NAME a line; '#' comments)."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Audit at most N models of the listing."),
    output_dir: Optional[Path] = typer.Option(None, "--output-dir", help="Write one JSON report per model into DIR (ORG--NAME.json)."),
    jsonl: Optional[str] = typer.Option(None, "--jsonl", help="Write one JSON report per line to FILE, or '-' for stdout."),
    fmt: str = typer.Option("table", "--format", "-f", help="Summary format: table or markdown."),
    offline: bool = typer.Option(False, "--offline", help="Do not contact the Hub; audit from the registry alone."),
    no_registry: bool = typer.Option(False, "--no-registry", help="Automatic evidence only: ignore the curated registry."),
    concurrency: int = typer.Option(8, "--concurrency", min=1, max=64, help="Models audited at the same time."),
    refresh: bool = typer.Option(False, "--refresh", help="Ignore the cache: download every card and license again."),
    timeout: float = typer.Option(10.0, "--timeout", min=0.1, help="Seconds to wait for each Hub request."),
    endpoint: Optional[str] = typer.Option(None, "--endpoint", help="Hub endpoint (default: $HF_ENDPOINT or https://huggingface.co)."),
) -> None:
    """Audit many models: a summary of levels and licenses, per-model reports, failures recorded."""
    chosen = [name for name, value in (("--author", author), ("--search", search), ("--file", ids_file)) if value]
    if len(chosen) != 1:
        raise UsageError("give exactly one of --author, --search or --file" + (f" (got {', '.join(chosen)})" if chosen else ""))
    if fmt not in SUMMARY_FORMATS:
        raise UsageError(f"unknown format '{fmt}' (choose from {', '.join(SUMMARY_FORMATS)})")
    offline = offline or _env_offline()
    if offline and no_registry:
        raise UsageError("--offline answers from the registry alone; it cannot be combined with --no-registry")
    if author is not None and not _plain_name(author):
        raise UsageError(f"--author: '{author}' is not a user or organisation name")

    from openness.scan import ScanRequest, read_ids, run_scan

    preset = []
    ids = None
    if ids_file is not None:
        ids, preset = read_ids(_read_lines(ids_file))
        for item in preset:
            typer.echo(f"warning: {ids_file}: {item.error}", err=True)
    if output_dir is not None:
        _prepare_dir(output_dir)
    jsonl_sink = _JsonlSink(jsonl) if jsonl is not None else None

    request = ScanRequest(
        author=author,
        search=search,
        ids=ids,
        limit=limit,
        offline=offline,
        use_registry=not no_registry,
        concurrency=concurrency,
        refresh=refresh,
        endpoint=endpoint,
        timeout=timeout,
    )
    progress = _Progress() if sys.stderr.isatty() else None

    def on_item(item) -> None:
        if jsonl_sink is not None:
            jsonl_sink.write(item)
        if output_dir is not None and item.report is not None:
            from openness.fileio import write_atomic
            from openness.formats.json_format import render

            write_atomic(output_dir / report_file_name(item.repo_id), render(item.report))
        if progress is not None:
            progress.advance(item.repo_id)

    try:
        summary = run_scan(
            request,
            on_item,
            on_total=progress.start if progress is not None else None,
            preset_items=preset,
        )
    except BaseException:
        if jsonl_sink is not None:
            jsonl_sink.discard()
        raise
    finally:
        if progress is not None:
            progress.stop()
    if jsonl_sink is not None:
        jsonl_sink.commit()

    from openness.formats.scan_summary import render_summary

    to_stderr = jsonl == "-"  # stdout carries the JSON Lines then
    stream = sys.stderr if to_stderr else sys.stdout
    color = fmt == "table" and stream.isatty() and not os.environ.get("NO_COLOR")
    stream.write(render_summary(summary, fmt, color=color, width=_width()))
    raise typer.Exit(EXIT_OK)


def report_file_name(repo_id: str) -> str:
    """ORG--NAME.json: repo ids never contain '--' (repo_id.py), so the name maps back one-to-one,
    and they are checked to hold only letters, digits, '.', '_' and '-' before they get here."""
    return repo_id.replace("/", "--", 1) + ".json"


def _plain_name(name: str) -> bool:
    import re

    return bool(re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?", name))


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise UsageError(f"--file: {path} is not UTF-8 text") from None
    except OSError as exc:
        raise UsageError(f"--file: cannot read {path}: {exc.strerror or exc}") from None


def _prepare_dir(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--output-dir: cannot create {path}: {exc.strerror or exc}") from None
    if not os.access(path, os.W_OK):
        raise UsageError(f"--output-dir: {path} is not writable")


class _JsonlSink:
    """One line per item. To a file: written to a temporary file beside it and renamed at the end,
    so the file is whole or absent; to '-': streamed to stdout for pipelines."""

    def __init__(self, target: str):
        self.target = target
        self._tmp: str | None = None
        if target == "-":
            self._fh = sys.stdout
            return
        dest = Path(target)
        folder = dest.parent if str(dest.parent) else Path(".")
        if not folder.is_dir():
            raise UsageError(f"--jsonl: cannot write {dest}: folder {folder} does not exist")
        try:
            fd, self._tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise UsageError(f"--jsonl: cannot write {dest}: {exc.strerror or exc}") from None
        self._fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")

    def write(self, item) -> None:
        import json

        if item.report is not None:
            line = item.report.model_dump_json()
        else:
            line = json.dumps({"repo_id": item.repo_id, "error": {"kind": item.error_kind, "message": item.error}})
        self._fh.write(line + "\n")
        if self._tmp is None:
            self._fh.flush()

    def commit(self) -> None:
        if self._tmp is None:
            return
        try:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
            os.replace(self._tmp, self.target)
        except OSError as exc:
            self.discard()
            raise UsageError(f"--jsonl: cannot write {self.target}: {exc.strerror or exc}") from None

    def discard(self) -> None:
        if self._tmp is None:
            return
        try:
            self._fh.close()
        except OSError:
            pass
        try:
            os.unlink(self._tmp)
        except OSError:
            pass
        self._tmp = None


class _Progress:
    """A rich progress bar on stderr (only when stderr is a terminal)."""

    def __init__(self):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._progress = Progress(
            TextColumn("scanning"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.description}"),
            console=Console(stderr=True),
            transient=True,
        )
        self._task = None

    def start(self, total: int) -> None:
        self._progress.start()
        self._task = self._progress.add_task("", total=total)

    def advance(self, repo_id: str) -> None:
        if self._task is not None:
            self._progress.update(self._task, advance=1, description=repo_id)

    def stop(self) -> None:
        self._progress.stop()


def _env_offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().upper() in {"1", "ON", "YES", "TRUE"}


def _width() -> int:
    import shutil

    return max(80, min(shutil.get_terminal_size((100, 24)).columns, 160))
