"""Find the clauses that matter in any license text, known or not, by rule.

Custom AI licenses reuse a handful of clause templates (usage caps, "do not use outputs to improve
other models", "Built with X" naming, research-only grants, registration before commercial use,
remote restriction, governing law). Each rule needs its trigger *and* a cue that the sentence
binds (a negation, "only", "must"...), so that "we claim no rights in outputs" is not an output
ban. Every clause quotes the sentence it came from, with 1-based line numbers, so a reader can
check it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field

from openness.licenses.normalise import split_lines
from openness.licenses.numbers import NUMBER, number_value

QUOTE_LIMIT = 300


class Clause(BaseModel):
    kind: str = Field(description="usage_cap, output_training_ban, naming, non_commercial, governing_law...")
    summary: str
    quote: str = Field(description="the sentence the clause was read from, trimmed")
    line_start: int = Field(ge=1)
    line_end: int = Field(ge=1)
    metric: str | None = Field(default=None, description="usage caps: what is counted")
    threshold: float | None = Field(default=None, description="usage caps: the limit, as a number")
    value: str | None = Field(default=None, description="e.g. the required name, or the governing law")
    confidence: Literal["high", "medium", "low"] = "medium"


@dataclass
class Sentence:
    text: str
    line_start: int
    line_end: int


# --------------------------------------------------------------------------------------------
# Splitting: paragraphs (blank lines, list items), then sentences, keeping line numbers.

_ITEM_START = re.compile(r"^\s*(?:[-*•]|\(?[0-9]{1,2}(?:\.[0-9]+)*[.)]|\(?[a-z]{1,4}[.)]|§)\s+", re.I)
_SENTENCE_END = re.compile(r"(?<=[.;:!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")


def sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    paragraph: list[tuple[int, str]] = []

    def flush() -> None:
        if paragraph:
            out.extend(_split_paragraph(paragraph))
            paragraph.clear()

    for number, line in enumerate(split_lines(text), start=1):
        stripped = line.strip().replace("\\", "")
        if not stripped:
            flush()
            continue
        if _ITEM_START.match(stripped):
            flush()
        paragraph.append((number, stripped))
    flush()
    return out


def _split_paragraph(paragraph: list[tuple[int, str]]) -> list[Sentence]:
    joined, starts = "", []
    for _, line in paragraph:
        starts.append(len(joined))
        joined += line + " "
    result, pos = [], 0
    for match in [*_SENTENCE_END.finditer(joined), None]:
        end = match.start() if match else len(joined)
        chunk = joined[pos:end].strip()
        if match and _ITEM_START.match(chunk + " ") and len(chunk) <= 5:
            continue  # "1." or "(b)" opens an item, it does not end a sentence
        if chunk:
            first = paragraph[bisect.bisect_right(starts, pos) - 1][0]
            last = paragraph[bisect.bisect_right(starts, max(pos, end - 1)) - 1][0]
            result.append(Sentence(chunk.replace("**", ""), first, last))
        pos = match.end() if match else pos
    return result


# --------------------------------------------------------------------------------------------
# Rules

_NEG = r"(?:\bnot\b|\bno\b|\bnever\b|cannot|can't|prohibit\w*|\bban\w*|restrict\w*|agree not)"
# A binding "do not": stricter than _NEG, since output clauses are often definitions.
_BAN = r"\b(?:may|shall|will|can|must|do|does|agree)\s+not\b|cannot|\bnot\s+(?:be\s+)?used?\b|\bprohibited\b"
_DEFINITION = re.compile(
    r"^\W*(?:[\w.()]{1,8}\s+)?[\"“'][^\"”']{1,80}[\"”']\s*(?:\([^)]*\)\s*)?(?:means|refers to|shall mean|has the meaning|includes?)\b"
    r"|^-?\s*but not limited to|for the avoidance of doubt, outputs? do not include",
    re.I,
)
_USER_METRIC = re.compile(
    r"(?P<period>monthly|daily)\s+active\s+users|\b(?P<abbr>MAU|DAU)s?\b", re.I
)
_MONEY = re.compile(r"(?:US\s?\$|USD\s?\$?|\$|€|EUR\s?)\s?\d|\d[\d,.]*\s*(?:million|billion|m|k)?\s*(?:US dollars|United States dollars|dollars|USD|euros?)\b", re.I)
_QUOTED = re.compile(r"[\"“”]\s*([^\"“”]{2,140}?)\s*[\"“”]")
_NAMING_QUOTE = re.compile(r"^(?:built with|built on|powered by|improved using|made with)\b|\bis built using\b", re.I)
_LAW = re.compile(
    r"(?:governed|construed)\s+(?:in\s+all\s+respects\s+)?(?:by|under|in accordance with)\s+(?:and\s+construed\s+(?:in accordance with|under)\s+)?"
    r"(?:the\s+)?(?:laws?\s+of\s+(?:the\s+)?(?P<of>[A-Z][\w'’ ]{1,60}?(?:\s+and\s+the\s+(?:laws\s+of\s+the\s+)?[A-Z][\w ]{1,40}?)?)|(?P<pre>[A-Z]{2,}[\w ]{0,20}?)\s+laws?)"
    r"(?=[,.;(]|\s+(?:without|and|excluding|shall|as|to)\b)"
    r"|\blaws\s+of\s+(?:the\s+)?(?P<gov>[A-Z][\w ]{1,40}?)\s+govern",
    re.I,
)


def _cap_clauses(s: Sentence) -> list[Clause]:
    out = []
    for metric in _USER_METRIC.finditer(s.text):
        period = (metric.group("period") or metric.group("abbr")[0]).lower()
        name = "daily_active_users" if period.startswith("d") else "monthly_active_users"
        number = _nearest_number(s.text, metric.start(), metric.end())
        if number is None or number < 1000:
            continue
        out.append(_clause("usage_cap", f"a limit of {number:,.0f} {name.replace('_', ' ')}", s,
                           metric=name, threshold=number, confidence="high"))
    if re.search(r"\brevenue", s.text, re.I):
        for money in _MONEY.finditer(s.text):
            found = NUMBER.search(s.text, money.start())
            if not found:
                continue
            number = number_value(found)
            if number < 1000:
                continue
            monthly = re.search(r"monthly\s+revenue|revenue[^.]{0,30}per\s+month|a\s+month", s.text, re.I)
            name = "monthly_revenue_usd" if monthly else "annual_revenue_usd"
            out.append(_clause("usage_cap", f"a revenue threshold of {number:,.0f} ({name.replace('_', ' ')})", s,
                               metric=name, threshold=number, confidence="medium"))
            break
    return out


def _nearest_number(text: str, start: int, end: int) -> float | None:
    """The number that counts the users: just before the metric, else just after it."""
    before = [number_value(m) for m in NUMBER.finditer(text[max(0, start - 60) : start])]
    if before and before[-1] >= 1000:
        return before[-1]
    after = [number_value(m) for m in NUMBER.finditer(text[end : end + 100])]
    big = [n for n in after if n >= 1000]
    return big[0] if big else None


def _clause(kind: str, summary: str, s: Sentence, **extra) -> Clause:
    quote = s.text if len(s.text) <= QUOTE_LIMIT else s.text[: QUOTE_LIMIT - 1] + "…"
    return Clause(kind=kind, summary=summary, quote=quote, line_start=s.line_start, line_end=s.line_end, **extra)


def _rules(s: Sentence) -> list[Clause]:
    t = s.text
    low = t.lower()
    out = _cap_clauses(s)
    has_cap = bool(out)

    if re.search(r"(acceptable|prohibited)\s+use\s+policy|use[- ]based\s+restrictions|attachment\s+a\b", low) and re.search(
        r"incorporated|adhere|comply|compliance|subject to|must|shall|condition|agree", low
    ):
        out.append(_clause("acceptable_use_policy", "use is bound by an acceptable-use policy or use restrictions", s))

    if (
        re.search(r"\b(outputs?|results|synthetic data|generated (data|content))\b", low)
        and re.search(r"\b(improve|train\w*|develop\w*|fine[- ]?tun\w*|distil\w*|create)\b", low)
        and re.search(r"\b(other|another|competing|any)\b[^.]{0,60}\b(models?|llms?|language models?|ai)\b", low)
        and re.search(_BAN, low)
        and not _DEFINITION.search(t)
    ) or re.search(r"synthetic data[^.]{0,40}commercial[^.]{0,60}\b(train|improve)", low):
        out.append(_clause("output_training_ban", "outputs may not be used to train or improve other models", s, confidence="high"))

    names = [q for q in _QUOTED.findall(t) if _NAMING_QUOTE.search(q)]
    prefix = re.search(r"at the beginning of [^.]{0,40}\bname", low)
    if names or prefix:
        short = [q for q in _QUOTED.findall(t) if len(q.split()) <= 3] if prefix else []
        quoted = [*names, *short] or [q for q in _QUOTED.findall(t) if len(q.split()) <= 4]
        value = "; ".join(dict.fromkeys(quoted)) or None
        what = "a model-name prefix" if prefix else "a public statement"
        out.append(_clause("naming", f"requires {what}" + (f": {value}" if value else ""), s, value=value, confidence="high"))

    if re.search(r"attribution notices?|[\"“]notice[\"”]\s+text\s+file|retain[^.]{0,80}notice", low):
        out.append(_clause("attribution", "copies must carry an attribution notice", s))

    if re.search(
        r"non[- ]?commercial[^.]{0,40}\b(only|solely|exclusively)\b|\b(only|solely|exclusively)\b[^.]{0,60}non[- ]?commercial"
        r"|research (or|and) evaluation purposes only|research purposes only|non[- ]production environments?"
        r"|\bonly\b[^.]{0,60}for research purposes|solely for[^.]{0,40}research",
        low,
    ):
        out.append(_clause("non_commercial", "only non-commercial, research or non-production use is granted", s, confidence="high"))

    if not has_cap and re.search(r"commercial|submit[^.]{0,40}application[^.]{0,60}licen[sc]e", low) and re.search(
        r"\bregist(er|ration)\b|submit[^.]{0,40}application|apply (to|for)|request a (commercial )?licen[sc]e", low
    ):
        out.append(_clause("registration_for_commercial", "commercial use needs registration or a separate license", s))

    if re.search(r"(?<!ir)(?<!non-)revocable|\brevoke", low):
        out.append(_clause("revocable", "the licensor may revoke the grant", s, confidence="low"))

    if re.search(r"restrict\s*\(\s*remotely|remotely or otherwise", low):
        out.append(_clause("remote_restriction", "the licensor may restrict usage remotely", s, confidence="high"))

    if re.search(r"european union|\beea\b|domiciled in|principal place of business", low) and re.search(
        r"not (being )?granted|not (be )?licensed|excluded|may not|does not apply to you", low
    ):
        out.append(_clause("territorial", "rights are withheld in some territories", s, confidence="high"))

    if re.search(r"hosting use|hosted or managed service|managed service", low) and re.search(_NEG + r"|apply|permission", low):
        out.append(_clause("hosting_restricted", "offering it as a hosted service is restricted", s))

    if re.search(r"\bmilitary\b", low):
        out.append(_clause("military", "military uses are restricted", s, confidence="low"))

    law = _LAW.search(t)
    if law:
        value = (law.group("of") or law.group("pre") or law.group("gov") or "").strip()
        out.append(_clause("governing_law", f"governed by the laws of {value}", s, value=value, confidence="high"))
    return out


def extract_clauses(text: str) -> list[Clause]:
    """Every clause the rules find in `text`, in reading order, without duplicates."""
    seen: set[tuple] = set()
    clauses: list[Clause] = []
    for sentence in sentences(text):
        for clause in _rules(sentence):
            ident = (clause.kind, clause.line_start, clause.metric, clause.threshold, clause.value)
            if ident not in seen:
                seen.add(ident)
                clauses.append(clause)
    return clauses
