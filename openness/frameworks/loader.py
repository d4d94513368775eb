"""Loading framework definitions: rubrics/<file>.yaml files whose top-level `kind:` is `framework`.

Ladder-style rubrics are loaded by openness.engine.rubric; framework files have their own shape,
validated by the pydantic spec of the module that applies them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from openness import yamlfast
from openness.errors import UsageError
from openness.resources import data_dir


def rubrics_dir() -> Path:
    return data_dir("rubrics")


@lru_cache(maxsize=16)
def load_framework_yaml(file_stem: str) -> dict:
    """The parsed YAML of rubrics/<file_stem>.yaml, which must declare `kind: framework`."""
    path = rubrics_dir() / f"{file_stem}.yaml"
    if not path.is_file():
        raise UsageError(f"framework definition not found: {path}")
    data = yamlfast.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("kind") != "framework":
        raise UsageError(f"{path.name}: not a framework definition (expected `kind: framework`)")
    return data


def framework_files() -> list[Path]:
    """Every rubrics/*.yaml that declares `kind: framework`, sorted by name."""
    found = []
    for path in sorted(rubrics_dir().glob("*.yaml")):
        try:
            data = yamlfast.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            continue
        if isinstance(data, dict) and data.get("kind") == "framework":
            found.append(path)
    return found
