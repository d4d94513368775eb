"""The summary of a scan, as a terminal table or markdown. Renders a ScanSummary; decides nothing.
Repo ids and license keys come from the Hub: printed as plain Text / escaped, never as markup."""

from __future__ import annotations

import io

from openness.scan import ScanSummary

LEVEL_NAMES = ("Closed", "Open weights", "Training report", "Reproducible recipe", "Open training data", "Open data pipeline")
MAX_LISTED = 20  # failures and capped models listed by name; the rest counted


def render_summary(summary: ScanSummary, fmt: str, *, color: bool = False, width: int = 100) -> str:
    if fmt == "markdown":
        return _markdown(summary)
    return _table(summary, color=color, width=width)


def _table(summary: ScanSummary, *, color: bool, width: int) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False)
    audited, failed = summary.audited, summary.failed
    console.print(
        Text(f"Scan of {summary.what}: ", style="bold"),
        Text(f"{len(audited)} audited, {len(failed)} failed"),
    )

    levels = Table(title="Levels", title_justify="left", show_edge=False)
    levels.add_column("level", justify="right")
    levels.add_column("name")
    levels.add_column("models", justify="right")
    for level, count in summary.level_counts().items():
        levels.add_row(str(level), LEVEL_NAMES[level], str(count))
    console.print(levels)

    licenses = Table(title="Licenses", title_justify="left", show_edge=False)
    licenses.add_column("license")
    licenses.add_column("models", justify="right")
    for key, count in summary.license_counts():
        licenses.add_row(Text(key), str(count))
    console.print(licenses)
    osi = summary.osi_counts()
    console.print(Text("  " + "; ".join(f"{k}: {v}" for k, v in osi.items())))

    capped = summary.capped()
    console.print(Text(f"Models with usage caps: {len(capped)}", style="bold"))
    for repo_id in capped[:MAX_LISTED]:
        console.print(Text(f"  {repo_id}"))
    if len(capped) > MAX_LISTED:
        console.print(Text(f"  ... and {len(capped) - MAX_LISTED} more"))

    if failed:
        console.print(Text(f"Failed: {len(failed)}", style="bold red"))
        for row in failed[:MAX_LISTED]:
            console.print(Text(f"  {row.repo_id}: {row.error}"))
        if len(failed) > MAX_LISTED:
            console.print(Text(f"  ... and {len(failed) - MAX_LISTED} more (see the JSON Lines output)"))
    if summary.requests:
        console.print(Text(_cost_line(summary), style="dim"))
    return buf.getvalue()


def _markdown(summary: ScanSummary) -> str:
    audited, failed = summary.audited, summary.failed
    lines = [f"## Scan of {_md(summary.what)}", "", f"{len(audited)} audited, {len(failed)} failed.", ""]
    lines += ["| level | name | models |", "|---:|---|---:|"]
    lines += [f"| {lvl} | {LEVEL_NAMES[lvl]} | {n} |" for lvl, n in summary.level_counts().items()]
    lines += ["", "| license | models |", "|---|---:|"]
    lines += [f"| {_md(key)} | {n} |" for key, n in summary.license_counts()]
    lines += ["", "; ".join(f"{k}: {v}" for k, v in summary.osi_counts().items()) + "."]
    capped = summary.capped()
    lines += ["", f"**Models with usage caps: {len(capped)}**", ""]
    lines += [f"- `{r}`" for r in capped[:MAX_LISTED]]  # validated repo ids: nothing to escape
    if len(capped) > MAX_LISTED:
        lines.append(f"- ... and {len(capped) - MAX_LISTED} more")
    if failed:
        lines += ["", f"**Failed: {len(failed)}**", ""]
        lines += [f"- {_md(r.repo_id)}: {_md(r.error or '')}" for r in failed[:MAX_LISTED]]
        if len(failed) > MAX_LISTED:
            lines.append(f"- ... and {len(failed) - MAX_LISTED} more")
    if summary.requests:
        lines += ["", _md(_cost_line(summary))]
    return "\n".join(lines) + "\n"


def _cost_line(summary: ScanSummary) -> str:
    r = summary.requests
    text = (
        f"Hub requests: {r.get('api', 0)} API, {r.get('resolvers', 0)} file downloads; "
        f"{summary.cache_hits} model(s) answered from the cache"
    )
    if summary.throttled_seconds:
        text += f"; waited {summary.throttled_seconds:.0f} s for the rate limit"
    return text


def _md(text: str) -> str:
    """Hub text inside markdown: no table breaks, no markup, one line."""
    out = " ".join(str(text).split())
    for ch in "\\`*_[]<>|":
        out = out.replace(ch, "\\" + ch)
    return out
