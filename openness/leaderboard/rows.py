"""One leaderboard row per registry entry: computed here, rendered elsewhere (formatters compute nothing)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pydantic import BaseModel, Field

from openness.registry.schema import ModelEntry

_METRIC_WORDS = {
    "monthly_active_users": "monthly active users",
    "daily_active_users": "daily active users",
    "annual_revenue_usd": "USD annual revenue",
}


class Row(BaseModel):
    id: str
    name: str
    organization: str = ""
    level: int = Field(ge=0, le=5)
    level_name: str
    blocked_by: str = Field(default="", description="the first check of the next level that did not pass")
    license_key: str = ""
    license_name: str = ""
    osi_approved: bool | None = None
    caps: list[str] = Field(default_factory=list)
    unverified: bool = Field(default=False, description="a claim on the level's path was pulled or imported")


def _number(value: float) -> str:
    for size, word in ((1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if value >= size:
            shown = value / size
            return f"{shown:g} {word}"
    return f"{value:g}"


def caps_text(metric: str, threshold: float) -> str:
    return f"{_number(threshold)} {_METRIC_WORDS.get(metric, metric.replace('_', ' '))}"


def row_for(entry: ModelEntry, as_of: date | None = None) -> Row:
    from openness.licenses.assess import assess_key
    from openness.registry.level import entry_level
    from openness.registry.store import claims_as_of, license_as_of

    level = entry_level(entry, as_of)
    weights = license_as_of(entry, "weights", as_of)
    license_result = assess_key(weights.key) if weights else None
    claims = claims_as_of(entry, as_of)
    unverified = any(c.provenance != "curated" for c in claims.values()) or (
        weights is not None and weights.provenance != "curated"
    )
    return Row(
        id=entry.id,
        name=entry.name or entry.id.split("/")[1],
        organization=entry.organization or entry.id.split("/")[0],
        level=level.value,
        level_name=level.name,
        blocked_by=level.blocked_by[0].check if level.blocked_by else "",
        license_key=(license_result.key or "") if license_result else "",
        license_name=(license_result.name or "") if license_result else "",
        osi_approved=license_result.osi_approved if license_result else None,
        caps=[caps_text(c.metric, c.threshold) for c in license_result.usage_caps] if license_result else [],
        unverified=unverified,
    )


def leaderboard_rows(root: Path | None = None, as_of: date | None = None) -> list[Row]:
    """Every valid registry entry, most open first, then by id."""
    from openness.registry.store import load_all

    rows = [row_for(entry, as_of) for entry in load_all(root)]
    return sorted(rows, key=lambda r: (-r.level, r.id.lower()))


def level_counts(rows: list[Row]) -> dict[int, int]:
    counts = {level: 0 for level in range(6)}
    for row in rows:
        counts[row.level] += 1
    return counts


def count_models(n: int) -> str:
    """'1 model', '155 models'."""
    return f"{n} model" if n == 1 else f"{n} models"
