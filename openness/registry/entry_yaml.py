"""Writing a registry entry back as YAML a curator can still read and diff.

Key order follows the schema (pydantic dumps fields in declaration order), block style, dates as
plain YAML dates, defaults left out (a claim without `provenance:` is curated), and the comment lines
at the top of an existing file kept.
"""

from __future__ import annotations

from typing import Any

import yaml

from openness.registry.schema import ModelEntry

NEW_FILE_HEADER = "# Registry entry. Claims marked `provenance: pulled` or `imported:*` are not verified by a person.\n"


def leading_comments(text: str) -> str:
    """The comment block at the top of a file (what yaml.safe_load would lose)."""
    lines = []
    for line in text.splitlines(keepends=True):
        if line.startswith("#"):
            lines.append(line if line.endswith("\n") else line + "\n")
        else:
            break
    return "".join(lines)


def _tidy(value: Any) -> Any:
    """Whole-number floats as ints (15000000000000, not 15000000000000.0)."""
    if isinstance(value, dict):
        return {k: _tidy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class _PlainDumper(yaml.SafeDumper):
    """No `&id001` anchors: each claim's date is written out where it is, as a curator would."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def entry_to_yaml(entry: ModelEntry, header: str = NEW_FILE_HEADER) -> str:
    data = _tidy(entry.model_dump(mode="python", exclude_defaults=True))
    body = yaml.dump(data, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True, width=1000, default_flow_style=False)
    return header + body
