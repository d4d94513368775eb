"""Small shared pieces: matching ladder-component conditions, and what we know of a license key."""

from __future__ import annotations

from typing import Mapping

from pydantic import BaseModel, ConfigDict, Field

from openness.models import ComponentState, Evidence


class StatusCondition(BaseModel):
    """`{component: weights, in: [gated, open]}`: a ladder component has one of these statuses."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    component: str
    in_: list[str] = Field(alias="in")


def status_of(states: Mapping[str, ComponentState], component: str) -> str:
    state = states.get(component)
    return state.status if state is not None else "unknown"


def matching(states: Mapping[str, ComponentState], conditions: list[StatusCondition]) -> list[ComponentState]:
    """The states that satisfy at least one condition (empty: none does)."""
    return [
        states[c.component] for c in conditions if c.component in states and states[c.component].status in c.in_
    ]


def any_unknown(states: Mapping[str, ComponentState], conditions: list[StatusCondition]) -> bool:
    return any(status_of(states, c.component) == "unknown" for c in conditions)


def describe(states: Mapping[str, ComponentState], conditions: list[StatusCondition]) -> str:
    """'training_code is inference_only (needs released)', for each condition."""
    return "; ".join(
        f"{c.component} is {status_of(states, c.component)} (needs {' or '.join(c.in_)})" for c in conditions
    )


def evidence_of(states: list[ComponentState]) -> list[Evidence]:
    return [ev for state in states for ev in state.evidence]


class LicenseFacts(BaseModel):
    key: str
    osi_approved: bool | None = None
    category: str | None = None


def license_facts(key: str | None) -> LicenseFacts | None:
    """OSI status and category of a license key, from our catalogue, else the SPDX list."""
    if not key:
        return None
    from openness.licenses.catalogue import load_catalogue, spdx_info

    try:
        entry = load_catalogue().resolve(key)
    except Exception:  # a broken catalogue must not hide the SPDX answer
        entry = None
    if entry is not None:
        return LicenseFacts(key=entry.key, osi_approved=entry.osi_approved, category=entry.category)
    info = spdx_info(key)
    if info is not None:
        return LicenseFacts(key=key, osi_approved=info.osi_approved)
    return LicenseFacts(key=key)
