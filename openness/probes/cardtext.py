"""The model card's body as numbered lines, each with the headings it sits under.

Probes quote card lines as evidence, so every line keeps its number in `snapshot.card_text` (front
matter included, 1-based). Lines inside fenced code blocks are kept but flagged: a `git clone` or a
`pip install git+https://...` in a usage example is not a claim about what was released.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_HTML_HEADING = re.compile(r"<h([1-6])[^>]*>(.*?)</h\1>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


@dataclass(frozen=True)
class CardLine:
    number: int  # 1-based line number in card_text
    text: str
    headings: tuple[str, ...]  # enclosing headings, outermost first, lower-cased
    in_code: bool

    @property
    def section(self) -> str:
        """All enclosing headings joined, for keyword tests on 'where am I in the card'."""
        return " / ".join(self.headings)


def body_start_index(text: str) -> int:
    """Index (0-based) of the first line after the YAML front matter, 0 when there is none."""
    try:  # the shared card parser, when present, is the authority on where the body starts
        from openness.card import parse_card  # type: ignore[import-not-found]

        start = parse_card(text).body_start_line
        return max(int(start) - 1, 0)
    except Exception:  # noqa: BLE001 - fall back to the plain '---' convention
        pass
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return 0
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return index + 1
    return 0


def _heading_of(line: str) -> tuple[int, str] | None:
    match = _MD_HEADING.match(line)
    if match:
        return len(match.group(1)), _clean(match.group(2))
    match = _HTML_HEADING.search(line)
    if match:
        return int(match.group(1)), _clean(match.group(2))
    return None


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", _TAGS.sub(" ", text)).strip().lower()


@lru_cache(maxsize=64)
def card_lines(text: str) -> tuple[CardLine, ...]:
    """The body lines of a card with their headings; front matter is skipped."""
    raw = text.splitlines()
    start = body_start_index(text)
    stack: list[tuple[int, str]] = []
    in_code = False
    result: list[CardLine] = []
    for index in range(start, len(raw)):
        line = raw[index]
        if _FENCE.match(line):
            in_code = not in_code
            result.append(CardLine(index + 1, line, tuple(h for _, h in stack), True))
            continue
        if not in_code:
            heading = _heading_of(line)
            if heading is not None:
                level, title = heading
                while stack and stack[-1][0] >= level:
                    stack.pop()
                stack.append((level, title))
        result.append(CardLine(index + 1, line, tuple(h for _, h in stack), in_code))
    return tuple(result)


def prose_lines(text: str) -> list[CardLine]:
    """Body lines outside code blocks."""
    return [line for line in card_lines(text) if not line.in_code]


def excerpt(text: str, start: int = 0, end: int | None = None, width: int = 160) -> str:
    """A trimmed, single-line excerpt of `text` around [start, end)."""
    end = len(text) if end is None else end
    left = max(0, start - width // 3)
    right = min(len(text), max(end, start) + width // 2)
    snippet = re.sub(r"\s+", " ", _TAGS.sub(" ", text[left:right])).strip()
    if left > 0:
        snippet = "…" + snippet
    if right < len(text):
        snippet = snippet + "…"
    return snippet
