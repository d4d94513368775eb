"""The data contracts between the stages of an audit.

sources/ produce a `Snapshot`; probes/ turn it into `Finding`s; engine/ evaluates a rubric over the
resulting `ComponentState`s into `CheckResult`s and a `LevelResult`; licenses/ produce a
`LicenseResult`; everything is gathered in an `AuditReport`, which formats/ only render.

These models are the JSON report contract (schemas/report.schema.json is generated from them), so
every field has a default and is always present in the output.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"

# Where a piece of evidence came from. `hub`: the Hub's API metadata; `card`: the model card or a
# file in the repository; `registry`: a human-curated registry entry; `declared`: a publisher's own
# openness.yaml (stated, not verified); `local`: a release folder on disk (openness check).
Origin = Literal["hub", "card", "registry", "declared", "local"]

# Outcome of one rubric check. Unknown ("could not verify") is not fail ("checked and absent"),
# but both stop the climb: openness needs positive evidence.
Outcome = Literal["pass", "fail", "unknown", "not_applicable", "error"]

# The five components the ladder looks at. Their possible statuses, weakest first, are defined in
# rubrics/ladder.yaml (`components:`), not here, so a rubric can be read on its own.
Component = Literal["weights", "technical_report", "training_code", "training_data", "data_pipeline"]
COMPONENTS: tuple[str, ...] = (
    "weights",
    "technical_report",
    "training_code",
    "training_data",
    "data_pipeline",
)


class _Model(BaseModel):
    # Every key is always present in the output, so the generated schema marks them all required.
    model_config = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)


class Evidence(_Model):
    """Where a claim comes from, so a reader can check it."""

    locator: str = Field(description="URL, or hf://org/name@sha/README.md#L12 for a line of a Hub file")
    excerpt: str = Field(default="", description="the words that support the claim, trimmed")
    origin: Origin
    retrieved_at: datetime | date | None = Field(
        default=None, description="when it was read (automatic) or checked (registry)"
    )
    checked_by: str | None = Field(default=None, description="who verified it (registry claims)")
    note: str = ""


class Finding(_Model):
    """One probe's answer about one component, with its evidence."""

    probe: str = Field(description="id of the probe that produced it, e.g. code.repo_links")
    component: str
    status: str = Field(description="a status of the component, as defined by the rubric")
    reason: str
    evidence: list[Evidence] = Field(default_factory=list)
    confidence: Literal["high", "medium", "low"] = "medium"


class ComponentState(_Model):
    """What we conclude about one component after merging every finding."""

    component: str
    status: str = "unknown"
    origin: Origin | None = None
    reason: str = ""
    evidence: list[Evidence] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list, description="every finding considered")
    disagreement: str | None = Field(
        default=None, description="set when automatic evidence and the registry disagree"
    )


# --------------------------------------------------------------------------------------------
# Source snapshot


class RepoFile(_Model):
    path: str
    size: int | None = None
    lfs: bool = False


class Unavailable(_Model):
    """Something a source could not read, and why (gated, missing, error...)."""

    what: str
    reason: Literal["gated", "missing", "offline", "error", "too_large", "not_text"]
    detail: str = ""


class Snapshot(_Model):
    """Everything a source could read about one model, before any judgement."""

    repo_id: str
    revision: str | None = Field(default=None, description="commit sha when known")
    source: Literal["hub", "local", "registry"]
    endpoint: str | None = None
    retrieved_at: datetime | None = None
    gated: str | None = Field(default=None, description="'auto' or 'manual' when the repo is gated")
    private: bool = False
    disabled: bool = False
    tags: list[str] = Field(default_factory=list)
    card_data: dict = Field(default_factory=dict, description="the card's YAML front matter")
    card_text: str | None = Field(default=None, description="README.md as published, front matter included")
    card_errors: list[str] = Field(default_factory=list)
    files: list[RepoFile] = Field(default_factory=list)
    license_files: dict[str, str] = Field(default_factory=dict, description="path -> text")
    publisher_file: str | None = Field(
        default=None, description="the publisher's openness.yaml at the top of the repo, when it has one"
    )
    unavailable: list[Unavailable] = Field(default_factory=list)
    pipeline_tag: str | None = None
    library_name: str | None = None
    created_at: datetime | None = None
    last_modified: datetime | None = None
    parameters: int | None = Field(default=None, description="parameter count from safetensors metadata")
    base_models: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    def file_locator(self, path: str, line: int | None = None) -> str:
        """A stable pointer to a file (and line) of this snapshot: hf://org/name@sha/path#L12."""
        if self.source == "local":
            base = path
        else:
            base = f"hf://{self.repo_id}@{self.revision or 'main'}/{path}"
        return f"{base}#L{line}" if line else base


# --------------------------------------------------------------------------------------------
# Results


class CheckResult(_Model):
    id: str
    level: int
    title: str
    outcome: Outcome
    reason: str
    evidence: list[Evidence] = Field(default_factory=list)
    remediation: str = ""


class BlockedBy(_Model):
    check: str
    outcome: Outcome
    reason: str


class LevelResult(_Model):
    value: int = Field(ge=0, le=5)
    name: str
    blocked_by: list[BlockedBy] = Field(default_factory=list)
    rationale: str = ""


class UsageCap(_Model):
    metric: str = Field(description="e.g. monthly_active_users, daily_active_users, annual_revenue_usd")
    threshold: float
    evidence: list[Evidence] = Field(default_factory=list)
    consequence: str = ""


class Restriction(_Model):
    kind: str = Field(description="e.g. acceptable_use_policy, output_training_ban, naming, non_commercial")
    summary: str = ""
    evidence: list[Evidence] = Field(default_factory=list)


class LicenseConflict(_Model):
    kind: str = Field(description="e.g. declared_vs_text, derivative_vs_base, missing_declaration")
    message: str
    evidence: list[Evidence] = Field(default_factory=list)


class Identification(_Model):
    method: str = Field(description="declared, hub_id, exact, anchor, similarity, spdx_tag, none")
    confidence: float = Field(ge=0.0, le=1.0)
    candidates: list[str] = Field(default_factory=list, description="closest keys when nothing matched")


class ComponentLicense(_Model):
    component: Literal["weights", "code", "data"]
    key: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class LicenseResult(_Model):
    key: str | None = Field(
        default=None,
        description="the license that binds the user: Hub license id, else the Hub license_name",
    )
    name: str | None = None
    declared: str | None = Field(default=None, description="what the card declares")
    osi_approved: bool | None = None
    category: str | None = None
    usage_caps: list[UsageCap] = Field(default_factory=list)
    restrictions: list[Restriction] = Field(default_factory=list)
    conflicts: list[LicenseConflict] = Field(default_factory=list)
    components: list[ComponentLicense] = Field(default_factory=list)
    identification: Identification | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class Subject(_Model):
    repo_id: str
    revision: str | None = None
    source: Literal["hub", "registry", "hub+registry", "local"]
    url: str | None = None
    retrieved_at: datetime | None = None


class Lineage(_Model):
    base_model: str | None = None
    relation: str | None = Field(default=None, description="finetune, adapter, merge, quantized")
    base_level: int | None = None
    own_level: int | None = Field(default=None, description="level from the model's own evidence")
    note: str = ""


class FrameworkResult(_Model):
    """One framework's verdict (MOF, OSAID, EU AI Act exemption, EU index grid) on the same evidence."""

    framework: str = Field(description="framework id: mof, osaid, eu-ai-act, eu-index")
    title: str = ""
    verdict: Literal["pass", "fail"] = Field(
        description="pass when the framework's bar is met (MOF: any class reached; EU index: score >= 0.5)"
    )
    summary: str = Field(default="", description="one line: the class reached, the clause that fails, the score")
    failing: list[str] = Field(default_factory=list, description="each unmet requirement, named, with why")
    details: dict = Field(default_factory=dict, description="framework-specific figures (class, progress, grid...)")
    evidence: list[Evidence] = Field(default_factory=list)


class RubricRef(_Model):
    id: str
    version: str


class ToolInfo(_Model):
    name: str = "openness"
    version: str


class AuditReport(_Model):
    schema_version: str = SCHEMA_VERSION
    tool: ToolInfo
    generated_at: datetime
    as_of: date | None = None
    subject: Subject
    rubric: RubricRef
    level: LevelResult
    checks: list[CheckResult] = Field(default_factory=list)
    components: dict[str, ComponentState] = Field(default_factory=dict)
    license: LicenseResult = Field(default_factory=LicenseResult)
    lineage: Lineage | None = None
    frameworks: dict[str, FrameworkResult] = Field(
        default_factory=dict, description="other frameworks' verdicts, when asked for with --rubric"
    )
    notes: list[str] = Field(default_factory=list, description="what the reader must know: fallbacks, gating")
