"""How much of the training process a card discloses.

Two questions, answered from the card text alone:
- which kinds of training detail it gives (token counts, training hardware, optimiser settings,
  training stages or checkpoints, training time): two or more kinds read as 'the training process is
  described';
- whether it discloses the data mixture per source: a table of data sources with percentages or
  token counts, or a sentence listing several sources each with its token count.

Usage, deployment and fine-tuning sections are skipped: the GPUs needed to run or fine-tune a model
say nothing about how it was trained.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openness.probes.cardtext import CardLine, prose_lines

_SKIP_SECTIONS = re.compile(
    r"usage|quick ?start|how to|inference|deploy|fine-?tun|quantiz|requirement|required|install|getting started|"
    r"run the model|running|troubleshoot|download|citation|bibtex|evaluation result|license",
    re.IGNORECASE,
)

_SCALE = r"(?:T|B|trillion|billion|万亿|亿)"
_DETAIL_PATTERNS: dict[str, re.Pattern[str]] = {
    "token count": re.compile(
        rf"\d[\d.,]*\+?\s*{_SCALE}\+?\s*(?:unique\s+|training\s+|high-quality\s+)?tokens"
        rf"|tokens?\W{{0,25}}\d[\d.,]*\+?\s*{_SCALE}\b",
        re.IGNORECASE,
    ),
    "training hardware": re.compile(
        r"\b\d[\d,.]*\s*[x×]?\s*(?:NVIDIA\s+)?(?:A100|H100|H800|H200|V100|A800|TPU\s?v?\d|GPUs)\b"
        r"|\d[\d.,]*\s*[MK]?\s*(?:GPU|TPU)[- ]hours|\bTPUv\d",
        re.IGNORECASE,
    ),
    "optimiser settings": re.compile(
        r"learning rate|\bpeak lr\b|batch[- ]size|\bAdamW?\b|warm-?up|weight decay|optimi[sz]er|lr schedule",
        re.IGNORECASE,
    ),
    "training stages or checkpoints": re.compile(
        r"intermediate checkpoints|continu(?:ed|ous|al) pre-?training|continu\w* (?:to )?(?:pre-?)?train|"
        r"cool-?down|anneal|"
        r"trained in \d+ stages|\bstage\s?[12]\b|pre-?training (?:steps|phase)|training steps|"
        r"\d+\s+(?:model\s+)?checkpoints",
        re.IGNORECASE,
    ),
    "training time": re.compile(
        r"trained between|training (?:started|took|lasted)|\b\d+\s+days\b|training time",
        re.IGNORECASE,
    ),
}

# A table header naming data sources, and one naming their share.
_SOURCE_HEADER = re.compile(r"data|source|subset|corpus|corpora|mix|domain|category|component", re.IGNORECASE)
_SHARE_HEADER = re.compile(r"%|fraction|proportion|ratio|share|percent|weight|tokens|sampling|epochs", re.IGNORECASE)
_NOT_MIX_HEADER = re.compile(r"benchmark|task|metric|score|accuracy|model\b|checkpoint|hyperparameter", re.IGNORECASE)
_SHARE_CELL = re.compile(rf"^\s*~?\d[\d.,]*\s*(?:%|{_SCALE})?\s*$", re.IGNORECASE)
# "Source (28B tokens of ...)": a token count in parentheses after a source's name.
_PROSE_SOURCE_TOKENS = re.compile(rf"\(\s*~?\d[\d.,]*\s*{_SCALE}\s+tokens\b", re.IGNORECASE)


@dataclass(frozen=True)
class Detail:
    kind: str
    line: CardLine
    excerpt: str


def _in_skipped_section(line: CardLine) -> bool:
    return bool(_SKIP_SECTIONS.search(line.section))


def training_details(card_text: str) -> list[Detail]:
    """The first line giving each kind of training detail, in kind order."""
    found: dict[str, Detail] = {}
    for line in prose_lines(card_text):
        if _in_skipped_section(line):
            continue
        for kind, pattern in _DETAIL_PATTERNS.items():
            if kind in found:
                continue
            match = pattern.search(line.text)
            if match:
                found[kind] = Detail(kind, line, _around(line.text, match.start(), match.end()))
    return [found[kind] for kind in _DETAIL_PATTERNS if kind in found]


def _around(text: str, start: int, end: int, width: int = 70) -> str:
    left = max(0, start - width)
    right = min(len(text), end + width)
    snippet = re.sub(r"<[^>]+>", " ", text[left:right])
    return re.sub(r"\s+", " ", snippet).strip()


def _cells(line: str) -> list[str]:
    return [cell.strip().strip("*_ ") for cell in line.strip().strip("|").split("|")]


def _is_table_row(line: str) -> bool:
    return line.strip().startswith("|") and line.count("|") >= 3


def _is_separator(line: str) -> bool:
    return bool(re.fullmatch(r"\s*\|?[\s:|-]+\|?\s*", line)) and "-" in line


def mixture_table(card_text: str) -> Detail | None:
    """A markdown table listing data sources with their share (%, tokens...), at least 3 rows."""
    lines = prose_lines(card_text)
    index = 0
    while index < len(lines) - 2:
        header = lines[index]
        if not (_is_table_row(header.text) and _is_separator(lines[index + 1].text)):
            index += 1
            continue
        cells = _cells(header.text)
        rows: list[list[str]] = []
        cursor = index + 2
        while cursor < len(lines) and _is_table_row(lines[cursor].text):
            rows.append(_cells(lines[cursor].text))
            cursor += 1
        if _looks_like_mixture(cells, rows):
            return Detail("data mixture", header, f"table: {' | '.join(c for c in cells if c)} ({len(rows)} rows)")
        index = cursor
    return None


def _looks_like_mixture(header: list[str], rows: list[list[str]]) -> bool:
    header_text = " ".join(header)
    if _NOT_MIX_HEADER.search(header_text) or len(rows) < 3:
        return False
    if not _SOURCE_HEADER.search(header[0] if header else ""):
        return False
    share_columns = [i for i, cell in enumerate(header) if i > 0 and _SHARE_HEADER.search(cell)]
    if not share_columns:
        return False
    numeric_rows = sum(
        1 for row in rows if any(i < len(row) and _SHARE_CELL.match(row[i]) for i in share_columns)
    )
    return numeric_rows >= 3


def mixture_prose(card_text: str) -> Detail | None:
    """One sentence naming three or more sources, each with its token count."""
    for line in prose_lines(card_text):
        if _in_skipped_section(line):
            continue
        counts = list(_PROSE_SOURCE_TOKENS.finditer(line.text))
        if len(counts) >= 3:
            return Detail("data mixture", line, _around(line.text, counts[0].start(), counts[-1].end(), 40))
    return None


_PERCENT = re.compile(r"(\d{1,3}(?:\.\d+)?)\s?%")
_MIX_WORDS = re.compile(r"mixture|\bmix\b|composition|proportion|blend|sampling", re.IGNORECASE)


def mixture_percentages(card_text: str) -> Detail | None:
    """A sentence about the data mix giving three or more shares that add up to about 100%."""
    for line in prose_lines(card_text):
        if _in_skipped_section(line) or not _MIX_WORDS.search(line.text):
            continue
        shares = [float(m.group(1)) for m in _PERCENT.finditer(line.text)]
        if len(shares) >= 3 and 95 <= sum(shares) <= 105:
            return Detail("data mixture", line, _around(line.text, 0, 0, 160))
    return None


def data_mixture(card_text: str) -> Detail | None:
    return mixture_table(card_text) or mixture_prose(card_text) or mixture_percentages(card_text)
