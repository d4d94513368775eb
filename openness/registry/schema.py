"""Registry entry schema: one YAML file per model at registry/models/<org>/<name>.yaml.

Every component claim carries evidence (URL, date checked, who checked) unless its status is
`unknown`. Claims that change over time keep their earlier states in `history`, so an audit can be
asked "as of" a date. Families (registry/families/<id>.yaml) hold facts shared by sizes and variants;
an entry that names a family inherits its components and licenses and overrides what it restates.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

# Where a claim came from. Only `curated` claims were verified by a person against the evidence;
# `pulled` ones were written by `openness registry pull` from the Hub, `imported:*` ones copied from a
# public database. None of the latter is ever presented as verified.
Provenance = Literal["curated", "pulled", "imported:mof", "imported:osai"]

REPO_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Strict):
    """One piece of evidence behind a registry claim."""

    url: str = Field(min_length=8, description="where a reader can check the claim (pin commits where possible)")
    excerpt: str = Field(default="", max_length=400, description="a short phrase or fact, in our words")
    checked: date = Field(description="when a person last checked this source")
    checked_by: str = Field(min_length=1)
    note: str = ""


class PastState(_Strict):
    """A status that held before the current one, up to (not including) `until`."""

    status: str
    until: date
    evidence: list[Source] = Field(default_factory=list)
    note: str = ""


class ComponentClaim(_Strict):
    status: str = Field(description="a status defined for this component in rubrics/ladder.yaml, or unknown")
    since: date | None = Field(default=None, description="since when the status holds, if it changed")
    provenance: Provenance = "curated"
    evidence: list[Source] = Field(default_factory=list)
    note: str = ""
    history: list[PastState] = Field(default_factory=list)

    @model_validator(mode="after")
    def _evidence_required(self) -> "ComponentClaim":
        if self.status != "unknown" and not self.evidence:
            raise ValueError(f"status '{self.status}' needs at least one evidence source (or status: unknown)")
        return self


class PastLicense(_Strict):
    key: str
    until: date
    evidence: list[Source] = Field(default_factory=list)
    note: str = ""


class LicenseClaim(_Strict):
    key: str = Field(description="license catalogue key: the Hub license id, else the Hub license_name")
    since: date | None = None
    provenance: Provenance = "curated"
    evidence: list[Source] = Field(min_length=1)
    note: str = ""
    history: list[PastLicense] = Field(default_factory=list)


class Licenses(_Strict):
    weights: LicenseClaim | None = None
    code: LicenseClaim | None = None
    data: LicenseClaim | None = None


class Lineage(_Strict):
    base_model: str = Field(pattern=REPO_ID_PATTERN)
    relation: Literal["finetune", "adapter", "merge", "quantized"]
    evidence: list[Source] = Field(default_factory=list)


class ModelEntry(_Strict):
    id: str = Field(pattern=REPO_ID_PATTERN, description="Hugging Face repo id, org/name")
    name: str | None = None
    organization: str | None = None
    family: str | None = Field(default=None, description="id of a registry/families/<id>.yaml entry")
    released: date | None = None
    gated: Literal["no", "auto", "manual"] | None = None
    parameters: int | None = Field(default=None, ge=0)
    training_tokens: float | None = Field(default=None, ge=0, description="pretraining tokens, for compute estimates")
    lineage: Lineage | None = None
    components: dict[
        Literal["weights", "technical_report", "training_code", "training_data", "data_pipeline"],
        ComponentClaim,
    ] = Field(default_factory=dict)
    licenses: Licenses = Field(default_factory=Licenses)
    aliases: list[str] = Field(default_factory=list, description="former repo ids (renames)")
    notes: str = ""


class FamilyEntry(_Strict):
    """Facts shared by every model of a family; entries that name it inherit them."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    name: str
    organization: str | None = None
    components: dict[
        Literal["weights", "technical_report", "training_code", "training_data", "data_pipeline"],
        ComponentClaim,
    ] = Field(default_factory=dict)
    licenses: Licenses = Field(default_factory=Licenses)
    notes: str = ""
