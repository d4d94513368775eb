"""Parse a model card (README.md): YAML front matter into metadata, the rest into the body.

Pure and tolerant: a broken card is still evidence. Whatever the input, `parse_card` returns a
`ParsedCard`; problems go into `errors` as one-line messages and the body is kept.

We do not use huggingface_hub's ModelCard: importing it would pull the Hub client into offline
audits, and it raises on some malformed metadata that we would rather report.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import yaml

# Front matter beyond this is refused unparsed: real cards (even with long model-index blocks)
# stay far below, and it bounds the work an adversarial README can cause.
MAX_FRONT_MATTER_CHARS = 512_000
# Anchors/aliases are rare in cards; many of them is the signature of an "alias bomb".
MAX_ALIASES = 64
# Aliases share nodes, so a small YAML text can stand for a huge tree ("billion laughs"); anything
# walking the metadata (validation, JSON output) would pay for the expanded size. Bound it.
MAX_EXPANDED_NODES = 200_000

_BOM = "\ufeff"
_DELIMITER = "---"


@dataclass(frozen=True)
class ParsedCard:
    metadata: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_start_line: int = 1  # 1-based README line where `body` starts
    errors: list[str] = field(default_factory=list)


class _RefusedYaml(Exception):
    """The front matter is well-formed YAML we decline to load (too many aliases, too large)."""


class _BoundedSafeLoader(yaml.SafeLoader):
    """SafeLoader that refuses documents with more than MAX_ALIASES aliases."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._alias_count = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self._alias_count += 1
            if self._alias_count > MAX_ALIASES:
                raise _RefusedYaml(f"front matter uses more than {MAX_ALIASES} YAML aliases; not loaded")
        return super().compose_node(parent, index)


def parse_card(text: str) -> ParsedCard:
    """Split a README into front-matter metadata and body, never raising."""
    if text.startswith(_BOM):
        text = text[len(_BOM):]
    # One line convention for everything downstream; line numbers are unchanged by this.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")

    opening = _first_non_blank(lines)
    if opening is None or lines[opening].rstrip() != _DELIMITER:
        return ParsedCard(body=text, body_start_line=1)

    closing = _closing_delimiter(lines, opening + 1)
    if closing is None:
        return ParsedCard(
            body=text,
            body_start_line=1,
            errors=[f"front matter opened with '---' on line {opening + 1} is never closed; read as body"],
        )

    front_matter = "\n".join(lines[opening + 1 : closing])
    body = "\n".join(lines[closing + 1 :])
    body_start_line = closing + 2  # closing is 0-based; the body starts on the line after it
    metadata, errors = _load_front_matter(front_matter, first_line=opening + 2)
    return ParsedCard(metadata=metadata, body=body, body_start_line=body_start_line, errors=errors)


def _first_non_blank(lines: list[str]) -> int | None:
    for index, line in enumerate(lines):
        if line.strip():
            return index
    return None


def _closing_delimiter(lines: list[str], start: int) -> int | None:
    for index in range(start, len(lines)):
        if lines[index].rstrip() == _DELIMITER:
            return index
    return None


def _load_front_matter(source: str, *, first_line: int) -> tuple[dict[str, Any], list[str]]:
    """Load YAML front matter safely: (metadata, errors). `first_line` is its README line number."""
    if len(source) > MAX_FRONT_MATTER_CHARS:
        return {}, [
            f"front matter is {len(source):,} characters, over the {MAX_FRONT_MATTER_CHARS:,} limit; not loaded"
        ]
    try:
        loaded = yaml.load(source, Loader=_BoundedSafeLoader)  # noqa: S506 - a SafeLoader subclass
    except _RefusedYaml as refused:
        return {}, [str(refused)]
    except yaml.MarkedYAMLError as err:
        return {}, [_describe_yaml_error(err, first_line)]
    except yaml.YAMLError as err:
        return {}, [f"front matter is not valid YAML: {_one_line(str(err))}"]
    except RecursionError:
        return {}, ["front matter is nested too deeply to load"]

    if loaded is None:
        return {}, []
    if not isinstance(loaded, dict):
        kind = {list: "a list", str: "a string"}.get(type(loaded), f"a {type(loaded).__name__}")
        return {}, [f"front matter is {kind}, not a mapping of fields; ignored"]
    if _expanded_size(loaded) > MAX_EXPANDED_NODES:
        return {}, [f"front matter expands to more than {MAX_EXPANDED_NODES:,} values through aliases; not loaded"]
    return _jsonable(loaded), []


def _describe_yaml_error(err: yaml.MarkedYAMLError, first_line: int) -> str:
    problem = _one_line(err.problem or err.context or "invalid YAML")
    mark = err.problem_mark or err.context_mark
    if mark is None:
        return f"front matter is not valid YAML: {problem}"
    return f"front matter is not valid YAML (README line {first_line + mark.line}): {problem}"


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _expanded_size(root: Any) -> int:
    """How many values the object would have if every shared (aliased) part were copied out.

    Memoised by identity, so it costs one pass over the distinct objects however large the
    expansion is.
    """
    sizes: dict[int, int] = {}

    def size(obj: Any) -> int:
        if isinstance(obj, dict):
            children = [*obj.keys(), *obj.values()]
        elif isinstance(obj, (list, tuple, set)):
            children = list(obj)
        else:
            return 1
        key = id(obj)
        if key not in sizes:
            sizes[key] = 0  # a placeholder guards against cycles (YAML can build recursive lists)
            total = 1
            for child in children:
                total += size(child)
                if total > MAX_EXPANDED_NODES:
                    break
            sizes[key] = total
        return sizes[key] or MAX_EXPANDED_NODES + 1  # 0 here means a cycle: refuse

    try:
        return size(root)
    except RecursionError:
        return MAX_EXPANDED_NODES + 1


def _jsonable(obj: Any) -> Any:
    """YAML types that JSON lacks (dates, sets, bytes, non-string keys, NaN) as JSON-friendly values,
    so the metadata can go into the JSON report as it is."""
    if isinstance(obj, dict):
        return {_key(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, (datetime, date)):
        return obj.isoformat()
    if isinstance(obj, bytes):
        return obj.decode("utf-8", errors="replace")
    if isinstance(obj, float) and not math.isfinite(obj):
        return str(obj)
    return obj


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, (datetime, date)):
        return key.isoformat()
    return str(key)
