"""The ladder climbs only on positive evidence, names what blocks it, and never reads unknown as fail."""

from __future__ import annotations

import pytest

from openness.engine.evaluate import cap_level, evaluate
from openness.engine.rubric import load_rubric
from openness.models import ComponentState

RUBRIC = load_rubric("ladder")


def states(**statuses: str) -> dict[str, ComponentState]:
    base = dict(weights="open", technical_report="none", training_code="none", training_data="none", data_pipeline="none")
    base.update(statuses)
    return {c: ComponentState(component=c, status=s, reason=f"test {c}") for c, s in base.items()}


@pytest.mark.parametrize(
    ("statuses", "level"),
    [
        (dict(weights="closed"), 0),
        (dict(weights="open"), 1),
        (dict(weights="gated", technical_report="evaluation"), 1),
        (dict(technical_report="training"), 2),
        (dict(technical_report="full"), 3),  # full recipe incl. data mixture reaches 3 without code
        (dict(technical_report="training", training_code="released"), 3),
        (dict(technical_report="training", training_code="inference_only"), 2),
        (dict(technical_report="training", training_code="partial"), 2),
        (dict(technical_report="training", training_code="released", training_data="full"), 4),
        (dict(technical_report="training", training_code="released", training_data="partial", data_pipeline="full"), 3),
        (dict(technical_report="training", training_code="released", training_data="full", data_pipeline="partial"), 4),
        (dict(technical_report="training", training_code="released", training_data="full", data_pipeline="full"), 5),
        # cumulative: open data without a report stays at level 1
        (dict(technical_report="none", training_code="released", training_data="full", data_pipeline="full"), 1),
    ],
)
def test_level_is_highest_fully_passed(statuses, level):
    _, result = evaluate(RUBRIC, states(**statuses))
    assert result.value == level
    assert result.name == RUBRIC.level(level).name


def test_unknown_stops_the_climb_but_is_reported_as_unknown():
    checks, level = evaluate(RUBRIC, states(technical_report="training", training_code="unknown"))
    assert level.value == 2
    recipe = next(c for c in checks if c.id == "training-recipe")
    assert recipe.outcome == "unknown"
    assert [b.outcome for b in level.blocked_by] == ["unknown"]
    assert "could not be verified" in recipe.reason


def test_any_of_fails_only_when_every_branch_fails():
    checks, _ = evaluate(RUBRIC, states(technical_report="training", training_code="none"))
    recipe = next(c for c in checks if c.id == "training-recipe")
    assert recipe.outcome == "fail"
    assert recipe.remediation  # a failed check tells how to fix it


def test_blocked_by_names_the_next_levels_checks():
    _, level = evaluate(RUBRIC, states(technical_report="training", training_code="released"))
    assert level.value == 3
    assert [b.check for b in level.blocked_by] == ["training-data"]


def test_level_five_has_no_blockers():
    _, level = evaluate(RUBRIC, states(technical_report="full", training_code="released", training_data="full", data_pipeline="full"))
    assert level.value == 5 and level.blocked_by == []


def test_passing_check_carries_the_components_evidence():
    from openness.models import Evidence

    st = states(technical_report="training")
    st["technical_report"].evidence = [Evidence(locator="https://arxiv.org/abs/2407.21783", origin="card")]
    checks, _ = evaluate(RUBRIC, st)
    report_check = next(c for c in checks if c.id == "training-report")
    assert report_check.outcome == "pass"
    assert report_check.evidence[0].locator == "https://arxiv.org/abs/2407.21783"
    assert report_check.remediation == ""


def test_derivative_is_capped_at_its_base_level():
    _, own = evaluate(RUBRIC, states(technical_report="training", training_code="released"))
    capped = cap_level(RUBRIC, own, 2, "a finetune of org/base, which reaches level 2")
    assert capped.value == 2
    assert capped.blocked_by[0].check == "base-model"
    assert cap_level(RUBRIC, own, 4, "base higher") is own
