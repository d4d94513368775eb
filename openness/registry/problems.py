"""A problem found in the registry, named by file and field so a person can fix it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class ValidationProblem(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    severity: Literal["error", "warning"]
    file: str = "registry"  # e.g. registry/models/meta-llama/Meta-Llama-3-70B.yaml
    field: str = ""  # dotted path inside the file, e.g. components.training_code.evidence
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        return f"{where}: {self.message}"
