"""`openness license detect FILE|-`: name a license text and list the clauses that matter."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path

import typer

from openness.errors import UsageError

app = typer.Typer(
    help="License texts: identify them and extract their clauses.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)



@app.callback()
def _group() -> None:
    """License texts: identify them and extract their clauses."""
    # A callback keeps `detect` a named subcommand even while it is the only one.


MAX_BYTES = 5_000_000  # license files are kilobytes; anything this big is not one


class Format(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


def read_text(source: str) -> tuple[str, str]:
    """(text, display name) of a file or stdin ('-'); UsageError with a clear reason otherwise."""
    if source == "-":
        data, name = sys.stdin.buffer.read(MAX_BYTES + 1), "<stdin>"
    else:
        path = Path(source)
        if path.is_dir():
            raise UsageError(f"{source} is a folder; give a license file (or - for standard input)")
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except FileNotFoundError:
            raise UsageError(f"{source}: no such file") from None
        except OSError as exc:
            raise UsageError(f"{source}: cannot read it ({exc.strerror or exc})") from None
        name = source
    if len(data) > MAX_BYTES:
        raise UsageError(f"{name} is larger than {MAX_BYTES // 1_000_000} MB; that is not a license text")
    return decode(data, name), name


def decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise UsageError(f"{name} looks like a binary file (a PDF or an archive?), not a license text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"{name} is not UTF-8 text (bad byte at offset {exc.start}); convert it, e.g. iconv -t UTF-8"
        ) from None


def build_report(text: str, name: str) -> dict:
    from openness.licenses.catalogue import load_catalogue
    from openness.licenses.clauses import extract_clauses
    from openness.licenses.identify import identify

    catalogue = load_catalogue()
    ident = identify(text, catalogue)
    entry = catalogue.get(ident.key) if ident.key else None
    return {
        "file": name,
        "identification": ident.model_dump(mode="json"),
        "license": None if entry is None else {
            "key": entry.key, "title": entry.title, "category": entry.category, "commercial": entry.commercial,
            "osi_approved": entry.osi_approved, "url": entry.url,
        },
        "clauses": [c.model_dump(mode="json") for c in extract_clauses(text)],
    }


def render(report: dict, fmt: Format) -> str:
    if fmt is Format.json:
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    ident = report["identification"]
    verdict = (
        f"{ident['key']} ({ident['title']}), by {ident['method']}, confidence {ident['confidence']:.2f}"
        if ident["key"] else
        "not identified" + (f"; closest: {', '.join(ident['candidates'])}" if ident["candidates"] else "")
    )
    anchors = ", ".join(f"'{a['phrase']}' (line {a['line']})" for a in ident["anchors"])
    also = ", ".join(ident["also_found"])
    lines_of = lambda c: f"{c['line_start']}" + (f"-{c['line_end']}" if c["line_end"] != c["line_start"] else "")
    if fmt is Format.markdown:
        out = [f"# License: {report['file']}", "", f"**Identified:** {verdict}"]
        if anchors:
            out.append(f"**Anchors:** {anchors}")
        if also:
            out.append(f"**Also in the file:** {also}")
        out += ["", "| kind | summary | lines |", "|---|---|---|"]
        out += [f"| {c['kind']} | {c['summary'].replace('|', '/')} | {lines_of(c)} |" for c in report["clauses"]]
        return "\n".join(out) + "\n"
    out = [f"{report['file']}: {verdict}"]
    if anchors:
        out.append(f"  anchors: {anchors}")
    if also:
        out.append(f"  also in the file: {also}")
    width = max((len(c["kind"]) for c in report["clauses"]), default=4)
    for c in report["clauses"]:
        out.append(f"  L{lines_of(c):<8} {c['kind']:<{width}}  {c['summary']}")
    if not report["clauses"]:
        out.append("  no clauses found")
    return "\n".join(out) + "\n"


@app.command("detect")
def detect(
    source: str = typer.Argument(..., metavar="FILE|-", help="License file to read, or - for standard input."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the report to FILE instead of stdout."),
) -> None:
    """Identify a license text (family, then version) and list its clauses with line numbers.

    Exit 0 whether or not the license is identified; 2 when the input cannot be read as text.
    """
    text, name = read_text(source)
    content = render(build_report(text, name), fmt)
    if output is None:
        typer.echo(content, nl=False)
    else:
        from openness.fileio import write_atomic

        write_atomic(output, content)
        typer.echo(f"wrote {output}", err=True)
