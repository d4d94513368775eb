"""The ladder level a registry entry supports on its own, through the rubric engine.

Used by `openness registry list --level` and the registry's tests; an audit combines the same
claims with automatic evidence instead (openness.audit).
"""

from __future__ import annotations

from datetime import date

from openness.models import ComponentState, LevelResult
from openness.registry.schema import ModelEntry
from openness.registry.store import claims_as_of


def entry_level(entry: ModelEntry, as_of: date | None = None, rubric_id: str = "ladder") -> LevelResult:
    """Level from the entry's claims valid at `as_of`; a component the entry does not claim is unknown."""
    from openness.engine.evaluate import evaluate
    from openness.engine.rubric import load_rubric

    rubric = load_rubric(rubric_id)
    states = {
        component: ComponentState(component=component, status=claim.status, origin="registry")
        for component, claim in claims_as_of(entry, as_of).items()
    }
    _, level = evaluate(rubric, states)
    return level
