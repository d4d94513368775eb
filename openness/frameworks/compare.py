"""Side-by-side comparison of several models under the ladder and every framework.

Pure: audit reports and framework results in, rows out; rendering to a terminal table or markdown
is done from the same rows, so the two views cannot disagree.
"""

from __future__ import annotations

from pydantic import BaseModel

from openness.frameworks.models import FrameworkResult
from openness.models import AuditReport

ROW_TITLES = {
    "level": "Ladder level",
    "license": "License",
    "mof": "MOF class",
    "osaid": "OSAID 1.0",
    "eu_ai_act": "EU AI Act 53(2) exemption",
    "eu_index": "EU index score",
}


class Comparison(BaseModel):
    models: list[str]
    rows: list[tuple[str, list[str]]]


def compare(reports: list[AuditReport], frameworks: list[dict[str, FrameworkResult]]) -> Comparison:
    cells: dict[str, list[str]] = {key: [] for key in ROW_TITLES}
    for report, results in zip(reports, frameworks):
        cells["level"].append(f"{report.level.value} ({report.level.name})")
        lic = report.license
        osi = {True: "OSI", False: "not OSI", None: "?"}[lic.osi_approved]
        cells["license"].append(f"{lic.key or 'unknown'} ({osi})")
        for name in ("mof", "osaid", "eu_ai_act", "eu_index"):
            cells[name].append(_cell(name, results.get(name)))
    return Comparison(
        models=[r.subject.repo_id for r in reports],
        rows=[(ROW_TITLES[k], v) for k, v in cells.items()],
    )


def _cell(name: str, result: FrameworkResult | None) -> str:
    if result is None:
        return "—"
    if name == "mof":
        progress = result.details.get("progress_per_class", {})
        reached = result.details.get("class", 0)
        label = {0: "none", 1: "Class I", 2: "Class II", 3: "Class III"}[reached]
        return f"{label} (C3 {progress.get(3, 0):.0f}%)"
    if name == "eu_index":
        return f"{result.details.get('score', 0):.2f}"
    if result.verdict == "pass":
        return "qualifies" if name == "eu_ai_act" else "pass"
    if name == "eu_ai_act":
        # The first disqualifying clause, without its explanation: "a usage cap", "RAIL use-based restrictions".
        clause = result.failing[0].split(": ", 1)[-1] if result.failing else ""
        return "no: " + clause.split(" (")[0].split(" — ")[0].split(":")[0]
    return "fail: " + ", ".join(dict.fromkeys(f.split(":")[0] for f in result.failing))


def to_markdown(comparison: Comparison) -> str:
    head = "| | " + " | ".join(f"`{m}`" for m in comparison.models) + " |"
    rule = "|---" * (len(comparison.models) + 1) + "|"
    body = ["| " + title + " | " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"
            for title, cells in comparison.rows]
    return "\n".join([head, rule, *body]) + "\n"


def to_table(comparison: Comparison, width: int = 30) -> str:
    """Plain fixed-width text: one column per model, cells cut to `width` characters."""
    def cut(text: str) -> str:
        return text if len(text) <= width else text[: width - 1] + "…"

    label_width = max(len(t) for t, _ in comparison.rows)
    widths = [max(len(cut(m)), *(len(cut(c[i])) for _, c in comparison.rows)) for i, m in enumerate(comparison.models)]
    lines = [" " * label_width + "  " + "  ".join(cut(m).ljust(w) for m, w in zip(comparison.models, widths))]
    lines.append("-" * len(lines[0]))
    for title, cells in comparison.rows:
        lines.append(title.ljust(label_width) + "  " + "  ".join(cut(c).ljust(w) for c, w in zip(cells, widths)))
    return "\n".join(line.rstrip() for line in lines) + "\n"
