"""The contract of `openness check`: a pre-publication checklist for a release folder.

Built by openness.check.checklist, rendered by openness/formats/check_*.py (which decide nothing). Like the
audit report, every key has a default and is always present in the JSON output.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from openness.models import SCHEMA_VERSION, Evidence, LevelResult, LicenseResult, Outcome, RubricRef, ToolInfo, _Model

Severity = Literal["blocker", "warning"]


class ChecklistItem(_Model):
    """One rubric check, seen by a publisher: did it pass, and if not, what exactly to do."""

    id: str = Field(description="rubric check id, e.g. training-recipe")
    level: int
    level_name: str = Field(default="", description="the rubric's name for that level")
    title: str
    outcome: Outcome
    reason: str
    fix: str = Field(default="", description="the concrete change that would make it pass; empty when it passes")
    withheld: str | None = Field(default=None, description="why the publisher withholds what this check needs")
    evidence: list[Evidence] = Field(default_factory=list)


class HygieneItem(_Model):
    """A card or declaration problem that would mislead readers of the release, whatever its level."""

    id: str = Field(description="e.g. license-declared, base-model-declared, links-reachable")
    title: str
    outcome: Outcome
    severity: Severity = Field(description="a failing blocker fails the check (exit 1); a warning does not")
    message: str
    fix: str = ""
    evidence: list[Evidence] = Field(default_factory=list)


class Gate(_Model):
    target_level: int | None = Field(default=None, description="from --target-level, else openness.yaml")
    target_from: Literal["option", "openness.yaml"] | None = None
    reached: bool | None = Field(default=None, description="None when no target was set")
    gaps: list[str] = Field(default_factory=list, description="checks up to the target level that do not pass")
    passed: bool = True
    failures: list[str] = Field(default_factory=list, description="why the check fails, one line each")


class CheckSubject(_Model):
    path: str = Field(description="the release folder as given")
    repo_id: str = Field(description="openness.yaml repo_id, else local/<folder name>")
    publisher_file: str | None = Field(default=None, description="openness.yaml when the folder has one")
    uri_prefix: str = Field(
        default="",
        description="the folder relative to the working directory ('models/my-release/'), which SARIF "
        "locations start with so code scanning finds the files; empty when it is the working directory "
        "or outside it",
    )


class CheckReport(_Model):
    schema_version: str = SCHEMA_VERSION
    tool: ToolInfo
    generated_at: datetime
    subject: CheckSubject
    rubric: RubricRef
    level: LevelResult
    items: list[ChecklistItem] = Field(default_factory=list)
    hygiene: list[HygieneItem] = Field(default_factory=list)
    license: LicenseResult = Field(default_factory=LicenseResult)
    gate: Gate = Field(default_factory=Gate)
    notes: list[str] = Field(default_factory=list)
