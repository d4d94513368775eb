"""Markdown checklist for a pull request or $GITHUB_STEP_SUMMARY. Card text is written by strangers
(and by a release's own contributors): every string goes through md_cell, so no pipe breaks a table
and no tag runs."""

from __future__ import annotations

from openness.check.report import CheckReport
from openness.formats.check_render import items_by_level
from openness.formats.text import md_cell, md_link

_ICON = {"pass": "✅ pass", "fail": "❌ fail", "unknown": "❔ unknown", "not_applicable": "➖ n/a", "error": "⚠️ error"}


def render(report: CheckReport) -> str:
    gate, lvl = report.gate, report.level
    out: list[str] = [f"# Openness pre-publication check: {md_cell(report.subject.repo_id)}", ""]
    reached = f"**Level {lvl.value} of 5 — {md_cell(lvl.name)}**"
    if gate.target_level is None:
        out.append(f"{reached}. No target level set (use `--target-level` or `target_level:` in openness.yaml).")
    else:
        verdict = "reached ✅" if gate.reached else "not reached ❌"
        out.append(f"{reached}. Target level {gate.target_level} (from {md_cell(gate.target_from or '')}): {verdict}.")
    out.append("")
    out.append(f"**Result: {'PASS' if gate.passed else 'FAIL'}**" + ("" if gate.passed else f" — {len(gate.failures)} problem(s)"))
    for failure in gate.failures:
        out.append(f"- {md_cell(failure, 400)}")
    out.append("")
    out.append("## Checklist")
    for level, name, items in items_by_level(report):
        target_mark = " (target)" if gate.target_level == level else ""
        out += ["", f"### Level {level} — {md_cell(name)}{target_mark}", "", "| check | outcome | why | what to do |", "|---|---|---|---|"]
        for item in items:
            fix = md_cell(item.fix, 600) if item.fix else ""
            out.append(f"| {md_cell(item.title)} (`{md_cell(item.id)}`) | {_ICON.get(item.outcome, item.outcome)} | {md_cell(item.reason, 300)} | {fix} |")
    out += ["", "## Card hygiene", "", "| check | severity | outcome | finding | what to do |", "|---|---|---|---|---|"]
    for h in report.hygiene:
        out.append(
            f"| {md_cell(h.title)} (`{md_cell(h.id)}`) | {md_cell(h.severity)} | {_ICON.get(h.outcome, h.outcome)} | "
            f"{md_cell(h.message, 400)} | {md_cell(h.fix, 400)} |"
        )
    lic = report.license
    out += ["", "## License", ""]
    out.append(f"- Declared in the card: {md_cell(lic.declared or 'nothing')}")
    out.append(f"- Identified: {md_cell(lic.key or 'unknown')}" + (f" ({md_cell(lic.name)})" if lic.name else ""))
    for c in lic.conflicts:
        out.append(f"- ⚠️ Conflict ({md_cell(c.kind)}): {md_cell(c.message, 300)}")
    declared = [ev for item in report.items for ev in item.evidence if ev.origin == "declared"]
    if declared:
        out += ["", "## Declared in openness.yaml (stated, not verified)", ""]
        for ev in dict.fromkeys((ev.locator, ev.excerpt) for ev in declared):
            out.append(f"- {md_cell(ev[0])}: {md_link(ev[1]) if ev[1].startswith('http') else md_cell(ev[1])}")
    if report.notes:
        out += ["", "## Notes", ""]
        out += [f"- {md_cell(n, 500)}" for n in report.notes]
    out += ["", f"<sub>openness {md_cell(report.tool.version)} check of {md_cell(report.subject.path)}; "
            "unknown means could not verify, not absent.</sub>"]
    return "\n".join(out) + "\n"
