"""Terminal table: what a person reads first. Untrusted text is passed as plain Text, never markup."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from openness.formats.text import cap_text, evidence_text, one_line
from openness.models import AuditReport

_OUTCOME_STYLE = {"pass": "green", "fail": "red", "unknown": "yellow", "not_applicable": "dim", "error": "magenta"}


def render(report: AuditReport, *, color: bool = False, width: int = 100) -> str:
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False)
    _header(console, report)
    _checks(console, report)
    _evidence(console, report)
    _license(console, report)
    _lineage(console, report)
    _frameworks(console, report)
    _notes(console, report)
    return buf.getvalue()


def _header(console: Console, report: AuditReport) -> None:
    s = report.subject
    rev = f" @ {s.revision[:12]}" if s.revision else ""
    source = s.source
    if source == "registry":
        source += " only (the Hub was not used: see Notes)"
    console.print(Text(f"{s.repo_id}{rev}", style="bold"), Text(f"  source: {source}", style="dim"))
    lvl = report.level
    console.print(Text(f"Level {lvl.value} of 5 — {lvl.name}", style="bold cyan"), Text(f"  ({report.rubric.id} rubric {report.rubric.version})", style="dim"))
    if report.as_of:
        console.print(Text(f"As of {report.as_of}", style="dim"))
    console.print(Text(lvl.rationale))
    console.print()


def _checks(console: Console, report: AuditReport) -> None:
    table = Table(title="Checks", title_justify="left", show_lines=False, expand=True)
    table.add_column("L", width=2)
    table.add_column("check", no_wrap=True)
    table.add_column("outcome", no_wrap=True)
    table.add_column("why", ratio=1)
    for c in report.checks:
        table.add_row(str(c.level), Text(c.id), Text(c.outcome, style=_OUTCOME_STYLE.get(c.outcome, "")), Text(one_line(c.reason, 300)))
    console.print(table)
    fixes = [c for c in report.checks if c.outcome != "pass" and c.remediation and c.level == report.level.value + 1]
    for c in fixes:
        console.print(Text(f"To reach level {c.level}: ", style="bold"), Text(one_line(c.remediation, 400)))
    console.print()


def _evidence(console: Console, report: AuditReport) -> None:
    console.print(Text("Evidence", style="bold"))
    for name, state in report.components.items():
        origin = f", {state.origin}" if state.origin else ""
        console.print(Text(f"  {name}: {state.status}{origin}", style="bold"))
        if not state.evidence:
            console.print(Text(f"    (no evidence) {one_line(state.reason, 200)}", style="dim"))
        for ev in state.evidence[:6]:
            console.print(Text("    " + evidence_text(ev)))
        if len(state.evidence) > 6:
            console.print(Text(f"    … {len(state.evidence) - 6} more (see --format json)", style="dim"))
    console.print()


def _license(console: Console, report: AuditReport) -> None:
    lic = report.license
    console.print(Text("License", style="bold"))
    name = f" ({lic.name})" if lic.name else ""
    declared = lic.declared or ("card not read (registry only)" if report.subject.source == "registry" else "nothing")
    console.print(Text(f"  key: {lic.key or 'unknown'}{name}; declared in card: {declared}"))
    osi = {True: "yes", False: "no", None: "unknown"}[lic.osi_approved]
    console.print(Text(f"  OSI-approved: {osi}" + (f"; category: {lic.category}" if lic.category else "")))
    for cap in lic.usage_caps:
        console.print(Text(f"  usage cap: {cap_text(cap)}" + (f" — {one_line(cap.consequence, 120)}" if cap.consequence else "")))
    for r in lic.restrictions:
        console.print(Text(f"  restriction: {r.kind}" + (f" — {one_line(r.summary, 140)}" if r.summary else "")))
    for comp in lic.components:
        console.print(Text(f"  {comp.component}: {comp.key or 'unknown'}"))
    for conflict in lic.conflicts:
        console.print(Text(f"  CONFLICT {conflict.kind}: {one_line(conflict.message, 240)}", style="red"))
    for ev in lic.evidence[:4]:
        console.print(Text("    " + evidence_text(ev)))
    console.print()


def _lineage(console: Console, report: AuditReport) -> None:
    lin = report.lineage
    if lin is None or not lin.base_model:
        return
    console.print(Text("Lineage", style="bold"))
    base_level = "unknown" if lin.base_level is None else str(lin.base_level)
    # "derived from X (quantized)": a relation such as "quantized" or "merge" does not read as "<relation> of X".
    console.print(Text(f"  derived from {lin.base_model} ({lin.relation or 'relation unknown'}); base level {base_level}, own evidence level {lin.own_level}"))
    if lin.note:
        console.print(Text(f"  {lin.note}"))
    console.print()


def _frameworks(console: Console, report: AuditReport) -> None:
    if not report.frameworks:
        return
    console.print(Text("Other frameworks", style="bold"))
    for result in report.frameworks.values():
        style = "green" if result.verdict == "pass" else "red"
        console.print(Text(f"  {result.title or result.framework}: ", style="bold"), Text(result.verdict, style=style), Text(f" — {one_line(result.summary, 240)}"))
        for failing in result.failing[:5]:
            console.print(Text(f"    - {one_line(failing, 200)}"))
        if len(result.failing) > 5:
            console.print(Text(f"    … {len(result.failing) - 5} more (see --format json)", style="dim"))
    console.print()


def _notes(console: Console, report: AuditReport) -> None:
    if not report.notes:
        return
    console.print(Text("Notes", style="bold"))
    for note in report.notes:
        console.print(Text(f"  - {one_line(note, 400)}"))
