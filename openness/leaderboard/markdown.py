"""The leaderboard as a markdown table (for a README or an issue)."""

from __future__ import annotations

from openness.leaderboard.rows import Row, count_models, level_counts


def _cell(text: str) -> str:
    # A pipe or a newline in registry text would break the table; HTML in it must not render.
    return (text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\n", " ").strip())


def _osi(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "?"}[value]


def render_markdown(rows: list[Row]) -> str:
    counts = level_counts(rows)
    lines = [
        "# Openness leaderboard",
        "",
        f"{count_models(len(rows))} from the registry. Levels: "
        + ", ".join(f"{level}: {count}" for level, count in counts.items())
        + ". `*` = the level rests on at least one claim pulled from the Hub or imported from a public "
        "database, not verified by a person.",
        "",
        "| model | organization | level | license | OSI | usage caps |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        level = f"{row.level} {row.level_name}" + (" *" if row.unverified else "")
        lines.append(
            f"| {_cell(row.id)} | {_cell(row.organization)} | {_cell(level)} | {_cell(row.license_key or '-')} "
            f"| {_osi(row.osi_approved)} | {_cell('; '.join(row.caps) or '-')} |"
        )
    return "\n".join(lines) + "\n"

