"""Rubrics as data: loading and validating rubrics/*.yaml.

A rubric defines its components (with their statuses, weakest first) and its levels, each level a
list of checks over component statuses. The engine never hard-codes what a level means.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from openness import yamlfast
from pydantic import BaseModel, ConfigDict, Field, model_validator

from openness.errors import UsageError
from openness.resources import data_dir


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Condition(_Strict):
    """A component must have one of the given statuses."""

    component: str
    statuses: list[str] = Field(alias="in", min_length=1)


class CheckDef(_Strict):
    id: str
    title: str
    require: Condition | None = None
    any_of: list[Condition] | None = None
    remediation: str = ""

    @model_validator(mode="after")
    def _one_rule(self) -> "CheckDef":
        if (self.require is None) == (self.any_of is None):
            raise ValueError(f"check {self.id}: give exactly one of 'require' or 'any_of'")
        return self

    @property
    def conditions(self) -> list[Condition]:
        return [self.require] if self.require else list(self.any_of or [])


class LevelDef(_Strict):
    value: int = Field(ge=0)
    name: str
    summary: str = ""
    checks: list[CheckDef] = Field(default_factory=list)


class ComponentDef(_Strict):
    title: str
    statuses: dict[str, str] = Field(description="status -> meaning, weakest first")


class Rubric(_Strict):
    id: str
    version: str
    title: str
    description: str = ""
    components: dict[str, ComponentDef]
    levels: list[LevelDef]

    @model_validator(mode="after")
    def _consistent(self) -> "Rubric":
        values = [lv.value for lv in self.levels]
        if values != sorted(values) or len(set(values)) != len(values):
            raise ValueError("levels must be listed in increasing order, each value once")
        seen: set[str] = set()
        for level in self.levels:
            for check in level.checks:
                if check.id in seen:
                    raise ValueError(f"check id {check.id} is used twice")
                seen.add(check.id)
                for cond in check.conditions:
                    comp = self.components.get(cond.component)
                    if comp is None:
                        raise ValueError(f"check {check.id}: unknown component {cond.component}")
                    bad = [s for s in cond.statuses if s not in comp.statuses]
                    if bad:
                        raise ValueError(f"check {check.id}: unknown status {bad} for {cond.component}")
        return self

    def status_rank(self, component: str, status: str) -> int:
        """Position of a status in its component's order (weakest = 0); -1 for unknown/undefined."""
        order = list(self.components[component].statuses) if component in self.components else []
        return order.index(status) if status in order else -1

    def level(self, value: int) -> LevelDef:
        for level in self.levels:
            if level.value == value:
                return level
        raise KeyError(value)

    def all_checks(self) -> list[tuple[LevelDef, CheckDef]]:
        return [(level, check) for level in self.levels for check in level.checks]


def rubrics_dir() -> Path:
    return data_dir("rubrics")


def available_rubrics(kind: str | None = "ladder") -> list[str]:
    """Rubric ids in rubrics/. Ladder rubrics are evaluated by this engine; files marked
    `kind: framework` (MOF, OSAID, EU AI Act...) are evaluated by openness.frameworks."""
    ids = []
    for path in sorted(rubrics_dir().glob("*.yaml")):
        is_framework = _declared_kind(path) == "framework"
        if kind is None or (kind == "framework") == is_framework:
            ids.append(path.stem)
    return ids


def _declared_kind(path: Path) -> str | None:
    # Only the top-level `kind:` line matters; reading the head avoids parsing every rubric.
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("kind:"):
                return line.split(":", 1)[1].strip().strip("'\"")
    return None


@lru_cache(maxsize=16)
def load_rubric(rubric_id: str = "ladder") -> Rubric:
    path = rubrics_dir() / f"{rubric_id}.yaml"
    if not path.is_file() or _declared_kind(path) == "framework":
        known = ", ".join(available_rubrics()) or "none"
        raise UsageError(f"unknown rubric '{rubric_id}' (available: {known})")
    try:
        raw = yamlfast.safe_load(path.read_text(encoding="utf-8"))
        return Rubric.model_validate(raw)
    except (yaml.YAMLError, ValueError) as exc:
        raise UsageError(f"{path}: invalid rubric: {exc}") from exc
