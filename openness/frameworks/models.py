"""The result every framework returns, so reports and the compare table treat them alike."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from openness.models import Evidence


class FrameworkResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    framework: str = Field(description="framework id: mof, osaid, eu-ai-act, eu-index")
    title: str = ""
    verdict: Literal["pass", "fail"] = Field(
        description="pass when the framework's bar is met (MOF: any class reached; EU index: score >= 0.5)"
    )
    summary: str = Field(default="", description="one line: the class reached, the clause that fails, the score")
    failing: list[str] = Field(default_factory=list, description="each unmet requirement, named, with why")
    details: dict = Field(default_factory=dict, description="framework-specific figures (class, progress, grid...)")
    evidence: list[Evidence] = Field(default_factory=list)
