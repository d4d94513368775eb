"""Read the numbers licenses write in words: "700 million", "100,000,000", "1M", "US$10 million"."""

from __future__ import annotations

import re

_SCALE = {
    "thousand": 1e3, "k": 1e3,
    "million": 1e6, "millions": 1e6, "mn": 1e6, "m": 1e6, "mm": 1e6,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "b": 1e9,
}

# A number: digits with thousands separators and decimals, optionally followed by a scale word
# ("700 million") or a glued suffix ("1M", "10bn"). Scale letters must end the word, so "1 MAU"
# stays 1, not a million.
NUMBER = re.compile(
    r"(?P<num>\d{1,3}(?:[,\u00a0 ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s*(?P<scale>thousand|millions?|billions?|mn|mm|bn|[kmb])\b)?",
    re.IGNORECASE,
)


def parse_number(text: str) -> float | None:
    """The first number in `text`, scaled: parse_number('700 million') == 700_000_000."""
    match = NUMBER.search(text)
    if not match:
        return None
    return number_value(match)


def number_value(match: re.Match) -> float:
    digits = re.sub(r"[,\u00a0 ]", "", match.group("num"))
    value = float(digits)
    scale = (match.group("scale") or "").lower()
    return value * _SCALE.get(scale, 1)
