"""The curated table of known artefacts: code repositories and datasets that many model cards cite.

A probe that sees `github.com/EleutherAI/gpt-neox` or `datasets/allenai/dolma` in a card cannot tell
from the link alone whether it is training code or a pretraining corpus; this table holds those
generic facts, each with a short reason and a source a reader can check. It describes artefacts, never
models: the same row serves every card that cites the artefact.

Data lives in registry/artifacts/*.yaml (code.yaml: `repos:`, datasets.yaml: `datasets:`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml

from openness import yamlfast
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from openness.errors import OpennessError
from openness.resources import data_dir

TrainingCodeStatus = Literal["released", "partial", "inference_only"]
PipelineStatus = Literal["full", "partial", "none"]
DatasetKind = Literal["pretraining_full", "pretraining_partial", "finetune", "evaluation"]


class KnowledgeError(OpennessError):
    """The known-artefacts table is malformed (a configuration error, exit code 2)."""


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CodeArtifact(_Row):
    """A code repository and what it holds."""

    repo: str = Field(description="owner/name on GitHub or GitLab")
    training_code: TrainingCodeStatus | None = Field(
        default=None, description="what the repo is as training code (rubric status), if anything"
    )
    data_pipeline: PipelineStatus | None = Field(
        default=None, description="what the repo is as a data pipeline (rubric status), if anything"
    )
    library: bool = Field(
        default=False, description="a general dependency (PyTorch, transformers...), not a model's release"
    )
    reason: str
    source: str = Field(description="URL where the fact can be checked")


class DatasetArtifact(_Row):
    """A Hub dataset and its role as training data."""

    id: str = Field(description="org/name on the Hugging Face Hub")
    kind: DatasetKind
    pipeline: PipelineStatus | None = Field(
        default=None, description="whether the code that built it from raw sources is public"
    )
    pipeline_source: str | None = None
    reason: str
    source: str
    note: str = ""


class Knowledge(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: dict[str, CodeArtifact] = Field(default_factory=dict, description="keyed by lower-case owner/name")
    datasets: dict[str, DatasetArtifact] = Field(default_factory=dict, description="keyed by lower-case id")

    def code_repo(self, repo: str) -> CodeArtifact | None:
        return self.code.get(repo.lower())

    def dataset(self, dataset_id: str) -> DatasetArtifact | None:
        return self.datasets.get(dataset_id.lower())


def default_root() -> Path:
    return data_dir("registry") / "artifacts"


def load_knowledge(root: Path | str | None = None) -> Knowledge:
    """The known-artefacts table under `root` (default: the shipped registry/artifacts)."""
    return _load(Path(root) if root is not None else default_root())


@lru_cache(maxsize=8)
def _load(root: Path) -> Knowledge:
    code: dict[str, CodeArtifact] = {}
    datasets: dict[str, DatasetArtifact] = {}
    if not root.is_dir():
        return Knowledge()
    for path in sorted(root.glob("*.yaml")):
        document = _read_yaml(path)
        try:
            for row in document.get("repos") or []:
                item = CodeArtifact.model_validate(row)
                code[item.repo.lower()] = item
            for row in document.get("datasets") or []:
                item = DatasetArtifact.model_validate(row)
                datasets[item.id.lower()] = item
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise KnowledgeError(f"{path.name}: invalid row ({where}: {first['msg']})") from None
    return Knowledge(code=code, datasets=datasets)


def _read_yaml(path: Path) -> dict:
    try:
        document = yamlfast.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise KnowledgeError(f"{path.name}: cannot read ({error.__class__.__name__})") from None
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise KnowledgeError(f"{path.name}: expected a mapping with `repos:` or `datasets:`")
    return document
