"""Terminal checklist: what a publisher reads first. Untrusted text is plain Text, never markup."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from openness.check.report import CheckReport
from openness.formats.check_render import items_by_level
from openness.formats.text import one_line

_STYLE = {"pass": "green", "fail": "red", "unknown": "yellow", "not_applicable": "dim", "error": "magenta"}
_MARK = {"pass": "✓ pass", "fail": "✗ fail", "unknown": "? unknown", "not_applicable": "- n/a", "error": "! error"}


def render(report: CheckReport, *, color: bool = False, width: int = 100) -> str:
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False)
    gate, lvl = report.gate, report.level
    console.print(Text(report.subject.repo_id, style="bold"), Text(f"  folder: {report.subject.path}", style="dim"))
    line = Text(f"Level {lvl.value} of 5 — {lvl.name}", style="bold cyan")
    if gate.target_level is not None:
        line.append(f"   target {gate.target_level} ({gate.target_from}): ", style="")
        line.append("reached" if gate.reached else "NOT reached", style="green" if gate.reached else "bold red")
    console.print(line)
    console.print()
    for level, name, items in items_by_level(report):
        marker = "  ← target" if gate.target_level == level else ""
        console.print(Text(f"Level {level} — {name}{marker}", style="bold"))
        for item in items:
            console.print(Text("  "), Text(f"{_MARK.get(item.outcome, item.outcome):<10}", style=_STYLE.get(item.outcome, "")),
                          Text(f"{item.title} [{item.id}]"))
            if item.outcome != "pass":
                console.print(Text(f"      why: {one_line(item.reason, 300)}", style="dim"))
                if item.fix:
                    console.print(Text(f"      fix: {one_line(item.fix, 500)}"))
    console.print()
    table = Table(title="Card hygiene", title_justify="left", expand=True)
    table.add_column("check", no_wrap=True)
    table.add_column("severity", no_wrap=True)
    table.add_column("outcome", no_wrap=True)
    table.add_column("finding / fix", ratio=1)
    for h in report.hygiene:
        detail = Text(one_line(h.message, 300))
        if h.fix:
            detail.append("\nfix: " + one_line(h.fix, 400))
        table.add_row(Text(h.id), Text(h.severity), Text(_MARK.get(h.outcome, h.outcome), style=_STYLE.get(h.outcome, "")), detail)
    console.print(table)
    lic = report.license
    console.print(Text(f"License: declared {lic.declared or 'nothing'}; identified {lic.key or 'unknown'}"))
    for c in lic.conflicts:
        console.print(Text(f"  CONFLICT {c.kind}: {one_line(c.message, 240)}", style="red"))
    for note in report.notes:
        console.print(Text(f"note: {one_line(note, 400)}", style="dim"))
    console.print()
    if gate.passed:
        console.print(Text("PASS", style="bold green"))
    else:
        console.print(Text(f"FAIL ({len(gate.failures)} problem(s))", style="bold red"))
        for failure in gate.failures:
            console.print(Text(f"  - {one_line(failure, 400)}"))
    return buf.getvalue()
