"""Rubrics are data: invalid YAML is refused with a message that says what is wrong."""

from __future__ import annotations

import pytest
import yaml

from openness.engine import rubric as rubric_mod
from openness.engine.rubric import Rubric, load_rubric
from openness.errors import UsageError


def test_shipped_ladder_loads_with_five_levels():
    r = load_rubric("ladder")
    assert [lv.value for lv in r.levels] == [0, 1, 2, 3, 4, 5]
    assert set(r.components) == {"weights", "technical_report", "training_code", "training_data", "data_pipeline"}
    assert all(check.remediation for _, check in r.all_checks())


def test_status_order_is_weakest_first():
    r = load_rubric("ladder")
    assert r.status_rank("training_code", "released") > r.status_rank("training_code", "inference_only")
    assert r.status_rank("training_code", "unknown") == -1


def _raw() -> dict:
    return yaml.safe_load((rubric_mod.rubrics_dir() / "ladder.yaml").read_text())


def test_check_on_unknown_status_is_rejected():
    raw = _raw()
    raw["levels"][1]["checks"][0]["require"]["in"] = ["downloadable"]
    with pytest.raises(ValueError, match="unknown status"):
        Rubric.model_validate(raw)


def test_check_on_unknown_component_is_rejected():
    raw = _raw()
    raw["levels"][2]["checks"][0]["require"]["component"] = "paper"
    with pytest.raises(ValueError, match="unknown component"):
        Rubric.model_validate(raw)


def test_unknown_rubric_names_the_available_ones():
    with pytest.raises(UsageError, match="ladder"):
        load_rubric("no-such-rubric")
