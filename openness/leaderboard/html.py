"""The leaderboard as one static HTML page: no server, no external assets.

A bar chart of the level distribution (inline SVG) and a table sortable by clicking its headers
(a few lines of inline JavaScript). Every piece of registry text is HTML-escaped; numbers used for
sorting travel in data-sort attributes, escaped as well.
"""

from __future__ import annotations

from html import escape

from openness.leaderboard.rows import Row, count_models, level_counts

LEVEL_NAMES = ["Closed", "Open weights", "Training report", "Reproducible recipe", "Open training data",
               "Open data pipeline"]

_CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:70rem}
h1{font-size:1.5rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{cursor:pointer;background:#f4f4f4;user-select:none}
th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
.unverified{color:#a15c00}
svg text{font-size:12px;fill:#222}
"""

# Sort on data-sort when present (numbers), else on the cell text; click again to reverse.
_JS = """
document.querySelectorAll('table.sortable th').forEach(function (th, column) {
  th.addEventListener('click', function () {
    var table = th.closest('table'), body = table.tBodies[0];
    var ascending = th.getAttribute('aria-sort') !== 'ascending';
    table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var key = function (row) {
      var cell = row.cells[column], raw = cell.getAttribute('data-sort');
      return raw !== null ? parseFloat(raw) : cell.textContent.trim().toLowerCase();
    };
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
    });
    rows.forEach(function (row) { body.appendChild(row); });
  });
});
"""


def render_chart(counts: dict[int, int]) -> str:
    """Horizontal bars, one per level, width proportional to its count."""
    width, bar_left, bar_height, gap = 560, 190, 22, 8
    most = max(counts.values()) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{len(counts) * (bar_height + gap)}" aria-label="Models per openness level">'
    ]
    for i, (level, count) in enumerate(sorted(counts.items())):
        y = i * (bar_height + gap)
        bar = round((width - bar_left - 50) * count / most)
        parts.append(
            f'<g class="bar" data-level="{level}" data-count="{count}">'
            f'<text x="0" y="{y + 16}">{level} {escape(LEVEL_NAMES[level])}</text>'
            f'<rect x="{bar_left}" y="{y}" width="{bar}" height="{bar_height}" fill="#3b7dd8"></rect>'
            f'<text x="{bar_left + bar + 6}" y="{y + 16}">{count}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _row_html(row: Row) -> str:
    osi = {True: "yes", False: "no", None: "?"}[row.osi_approved]
    mark = ' <span class="unverified" title="rests on a pulled or imported claim, not verified by a person">*</span>'
    cells = [
        f'<td><a href="https://huggingface.co/{escape(row.id)}">{escape(row.id)}</a></td>',
        f"<td>{escape(row.organization)}</td>",
        f'<td data-sort="{row.level}">{row.level} {escape(row.level_name)}{mark if row.unverified else ""}</td>',
        f'<td title="{escape(row.license_name)}">{escape(row.license_key or "-")}</td>',
        f"<td>{osi}</td>",
        f"<td>{escape('; '.join(row.caps) or '-')}</td>",
    ]
    return f'<tr data-id="{escape(row.id)}">' + "".join(cells) + "</tr>"


def render_html(rows: list[Row], title: str = "Openness leaderboard") -> str:
    counts = level_counts(rows)
    header = "".join(f"<th>{h}</th>" for h in ("Model", "Organization", "Level", "License", "OSI", "Usage caps"))
    body = "\n".join(_row_html(row) for row in rows)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>\n"
        f"<h1>{escape(title)}</h1>\n"
        f"<p>{count_models(len(rows))} from the openness registry, on the five-level ladder. "
        "<span class=\"unverified\">*</span> marks a level that rests on a claim pulled from the Hub or "
        "imported from a public database, not verified by a person. Click a column header to sort.</p>\n"
        f'<figure id="levels">{render_chart(counts)}</figure>\n'
        f'<table class="sortable" id="leaderboard"><thead><tr>{header}</tr></thead>\n<tbody>\n{body}\n</tbody></table>\n'
        f"<script>{_JS}</script>\n</body></html>\n"
    )

