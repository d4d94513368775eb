"""Markdown report, safe to paste into an issue or $GITHUB_STEP_SUMMARY: every card-derived string
is escaped so it cannot break a table or inject HTML."""

from __future__ import annotations

from openness.formats.text import cap_text, md_cell, md_link, one_line
from openness.models import AuditReport

_ICON = {"pass": "✅ pass", "fail": "❌ fail", "unknown": "❔ unknown", "not_applicable": "➖ n/a", "error": "⚠️ error"}


def render(report: AuditReport) -> str:
    s, lvl, lic = report.subject, report.level, report.license
    out: list[str] = []
    out.append(f"# Openness audit: {md_cell(s.repo_id)}")
    out.append("")
    rev = f" at `{md_cell(s.revision)}`" if s.revision else ""
    out.append(f"**Level {lvl.value} of 5 — {md_cell(lvl.name)}** ({md_cell(report.rubric.id)} rubric {md_cell(report.rubric.version)}), from {md_cell(s.source)}{rev}.")
    if report.as_of:
        out.append(f"As of {report.as_of}.")
    out.append("")
    out.append(md_cell(lvl.rationale, 600))
    out.append("")
    out.append("## Checks")
    out.append("")
    out.append("| level | check | outcome | why |")
    out.append("|---|---|---|---|")
    for c in report.checks:
        out.append(f"| {c.level} | {md_cell(c.id)} | {_ICON.get(c.outcome, c.outcome)} | {md_cell(c.reason, 400)} |")
    out.append("")
    todo = [c for c in report.checks if c.outcome != "pass" and c.remediation]
    if todo:
        out.append("### How to climb")
        out.append("")
        for c in todo:
            out.append(f"- **{md_cell(c.id)}** (level {c.level}): {md_cell(c.remediation, 500)}")
        out.append("")
    out.append("## Evidence")
    out.append("")
    out.append("| component | status | origin | evidence |")
    out.append("|---|---|---|---|")
    for name, st in report.components.items():
        evs = "<br>".join(
            f"{md_link(e.locator)}" + (f" — “{md_cell(e.excerpt, 160)}”" if e.excerpt else "") for e in st.evidence[:5]
        ) or md_cell(st.reason or "none", 200)
        out.append(f"| {md_cell(name)} | {md_cell(st.status)} | {md_cell(st.origin or '-')} | {evs} |")
    out.append("")
    out.append("## License")
    out.append("")
    osi = {True: "yes", False: "no", None: "unknown"}[lic.osi_approved]
    out.append(f"- Binding license: **{md_cell(lic.key or 'unknown')}**" + (f" ({md_cell(lic.name)})" if lic.name else ""))
    declared = lic.declared or ("card not read (registry only)" if s.source == "registry" else "nothing")
    out.append(f"- Declared in the card: {md_cell(declared)}")
    out.append(f"- OSI-approved: {osi}")
    for cap in lic.usage_caps:
        out.append(f"- Usage cap: {md_cell(cap_text(cap))}")
    for r in lic.restrictions:
        out.append(f"- Restriction: {md_cell(r.kind)}" + (f" — {md_cell(r.summary, 200)}" if r.summary else ""))
    for comp in lic.components:
        out.append(f"- {md_cell(comp.component)}: {md_cell(comp.key or 'unknown')}")
    for c in lic.conflicts:
        out.append(f"- ⚠️ Conflict ({md_cell(c.kind)}): {md_cell(c.message, 300)}")
    out.append("")
    if report.lineage and report.lineage.base_model:
        lin = report.lineage
        out.append("## Lineage")
        out.append("")
        out.append(f"Derived from {md_cell(lin.base_model)} ({md_cell(lin.relation or 'relation unknown')}); base level {lin.base_level if lin.base_level is not None else 'unknown'}, own evidence level {lin.own_level}.")
        out.append("")
    if report.frameworks:
        out.append("## Other frameworks")
        out.append("")
        out.append("| framework | verdict | summary | unmet requirements |")
        out.append("|---|---|---|---|")
        for fw in report.frameworks.values():
            unmet = "<br>".join(md_cell(f, 200) for f in fw.failing[:8]) or "-"
            out.append(f"| {md_cell(fw.title or fw.framework)} | {md_cell(fw.verdict)} | {md_cell(fw.summary, 300)} | {unmet} |")
        out.append("")
    if report.notes:
        out.append("## Notes")
        out.append("")
        for n in report.notes:
            out.append(f"- {md_cell(n, 500)}")
        out.append("")
    out.append(f"<sub>openness {md_cell(report.tool.version)}, generated {report.generated_at:%Y-%m-%d %H:%M} UTC. {md_cell(one_line('Unknown means could not verify, not absent.'))}</sub>")
    return "\n".join(out) + "\n"
