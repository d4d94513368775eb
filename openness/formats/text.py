"""Small text helpers shared by the formats: shortening, escaping, numbers."""

from __future__ import annotations

import html
import re
from typing import Any

from pydantic import BaseModel

from openness.models import Evidence, UsageCap

_WS = re.compile(r"\s+")
# C0 controls other than tab and newline, DEL, and C1 controls (0x9b is a one-byte CSI): in card text
# they can only be terminal escape sequences (colours, cursor moves, window titles, hyperlinks) that
# would act on the reader's terminal. Rich strips BEL/BS/CR but passes ESC through.
# Also the Unicode bidirectional overrides and isolates (U+202A-202E, U+2066-2069), which can make a
# line read differently from what it says ("Trojan Source").
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def strip_controls(text: str) -> str:
    """`text` without control characters, so that printing it cannot drive a terminal."""
    return _CONTROL.sub("", text)


def neutralised(value: Any) -> Any:
    """A copy of a report (any pydantic model, list, dict or str) with control characters removed from
    every string, for the formats a person reads on a terminal. JSON and SARIF keep the exact text:
    json.dumps already writes controls as \\u escapes."""
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, BaseModel):
        return value.model_copy(update={name: neutralised(getattr(value, name)) for name in type(value).model_fields})
    if isinstance(value, list):
        return [neutralised(v) for v in value]
    if isinstance(value, dict):
        return {neutralised(k): neutralised(v) for k, v in value.items()}
    return value


def one_line(text: str, limit: int = 160) -> str:
    """Collapse whitespace, drop control characters and cut to `limit` characters: card text is
    untrusted and unbounded."""
    text = strip_controls(_WS.sub(" ", text or "")).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def md_cell(text: str, limit: int = 200) -> str:
    """Text safe inside a markdown table cell and inert as HTML: no pipe or newline can break the
    table, no tag can run (card fields are written by strangers)."""
    text = html.escape(one_line(text, limit), quote=False)
    return text.replace("|", "\\|").replace("`", "\\`").replace("[", "\\[").replace("]", "\\]")


def md_link(locator: str) -> str:
    safe = md_cell(locator, 300)
    if locator.startswith(("https://", "http://")) and not any(c in locator for c in " <>()[]`|\n"):
        return f"[{safe}]({locator})"
    return safe


def human_number(value: float) -> str:
    for size, word in ((1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if value >= size and value % (size / 10) == 0:
            n = value / size
            return f"{n:g} {word}"
    return f"{value:,.0f}"


def cap_text(cap: UsageCap) -> str:
    metric = cap.metric.replace("_", " ")
    return f"{human_number(cap.threshold)} {metric}"


def evidence_text(ev: Evidence, limit: int = 140) -> str:
    excerpt = f' "{one_line(ev.excerpt, limit)}"' if ev.excerpt else ""
    when = f" ({ev.retrieved_at:%Y-%m-%d})" if ev.retrieved_at else ""
    return f"[{ev.origin}] {ev.locator}{excerpt}{when}"
