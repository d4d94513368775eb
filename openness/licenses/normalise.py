"""Turn a license text into comparable tokens, in the spirit of licensee's normaliser.

Two copies of one license differ in markdown, quotes, dashes, wrapping, British spelling and
editorial notes; none of that should change what we recognise. Tokens keep their line number so
that an anchor found in a text can be pointed at.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

# An editorial note a mirror puts above a license ("[For the original copy, see https://...]"):
# not part of the license, so it must not count against an exact match.
_EDITORIAL_NOTE = re.compile(r"^\s*\[(?:[^\]]*\b(?:original|source|transcri\w*|copy)\b[^\]]*)\]\s*$", re.I)
# A copyright line names the holder and year, which differ in every copy of MIT or BSD.
_COPYRIGHT_LINE = re.compile(r"^\W*(?:copyright\b|\(c\)|©)[^\n]{0,120}$", re.I)
_URL = re.compile(r"https?://\S+|www\.\S+")
_QUOTES = str.maketrans({c: "'" for c in "\"“”„‟«»‘’‚‛`´"})
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−"})
# Spellings that differ between copies of one text (SPDX matching guidelines' varietal words).
_VARIETAL = {
    "licence": "license",
    "licences": "licenses",
    "licenced": "licensed",
    "licensor's": "licensor",
    "noncommercial": "non commercial",
    "organisation": "organization",
    "authorised": "authorized",
    "whilst": "while",
}
# Words are runs of letters/digits; dotted version numbers ("3.1") and CJK characters stay whole,
# each CJK character being a token (Chinese has no spaces to split on).
_TOKEN = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*|[\u3400-\u9fff\uf900-\ufaff]")


def split_lines(text: str) -> list[str]:
    """Lines as editors and `grep -n` count them: str.splitlines() also breaks on form feeds and
    Unicode separators, which would shift every line number after them."""
    return re.split(r"\r\n|\r|\n", text.removesuffix("\n"))


def normalise_line(line: str) -> str:
    line = unicodedata.normalize("NFKC", line).replace("\ufeff", "")
    line = _URL.sub(" ", line)
    line = line.translate(_QUOTES).translate(_DASHES).lower()
    line = line.replace("&", " and ")
    return line


def tokenise(text: str) -> list[str]:
    """Tokens of any text (a whole document or a short anchor phrase), normalised."""
    tokens: list[str] = []
    for line in split_lines(text):
        tokens.extend(_line_tokens(line))
    return tokens


def _line_tokens(line: str) -> list[str]:
    out: list[str] = []
    for token in _TOKEN.findall(normalise_line(line)):
        token = token.rstrip("'").replace("'s", "") if "'" in token else token
        out.extend(_VARIETAL.get(token, token).split())
    return out


def stable_hash(value: str) -> int:
    """A 32-bit hash that is the same on every run and machine (Python's hash() is salted)."""
    return int.from_bytes(hashlib.blake2b(value.encode(), digest_size=4).digest(), "big")


@dataclass
class Normalised:
    """A text as tokens, each with the 1-based line it came from."""

    tokens: list[str]
    lines: list[int]
    source_lines: list[str] = field(default_factory=list, repr=False)

    @cached_property
    def joined(self) -> str:
        return " " + " ".join(self.tokens) + " "

    @cached_property
    def _offsets(self) -> list[int]:
        offsets, pos = [], 1
        for token in self.tokens:
            offsets.append(pos)
            pos += len(token) + 1
        return offsets

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(" ".join(self.tokens).encode()).hexdigest()

    @cached_property
    def shingles(self) -> frozenset[int]:
        """Hashes of consecutive word pairs: word order matters, unlike a bare word set."""
        toks = self.tokens
        if len(toks) < 2:
            return frozenset(stable_hash(t) for t in toks)
        return frozenset(stable_hash(f"{a} {b}") for a, b in zip(toks, toks[1:]))

    def find(self, phrase: str) -> int | None:
        """1-based line where the normalised phrase starts in this text, or None if absent."""
        wanted = tokenise(phrase)
        if not wanted:
            return None
        pos = self.joined.find(" " + " ".join(wanted) + " ")
        if pos < 0:
            return None
        return self.lines[bisect.bisect_left(self._offsets, pos + 1)]


def normalise(text: str) -> Normalised:
    tokens: list[str] = []
    line_numbers: list[int] = []
    source_lines = split_lines(text)
    for number, line in enumerate(source_lines, start=1):
        if _EDITORIAL_NOTE.match(line) or _COPYRIGHT_LINE.match(line):
            continue
        line_tokens = _line_tokens(line)
        tokens.extend(line_tokens)
        line_numbers.extend([number] * len(line_tokens))
    return Normalised(tokens, line_numbers, source_lines)


def sketch(shingles: frozenset[int], size: int = 256) -> list[int]:
    """Bottom-k sketch: the `size` smallest shingle hashes, a uniform sample of the text's pairs.

    It lets us estimate how much of a reference a new text contains without storing the reference.
    """
    return sorted(shingles)[:size]


def encode_sketch(values: list[int]) -> str:
    return "".join(f"{v:08x}" for v in values)


def decode_sketch(encoded: str) -> list[int]:
    return [int(encoded[i : i + 8], 16) for i in range(0, len(encoded), 8)]
