"""The EU-index grid: open/partial/closed per dimension, base and end model apart, and its score."""

from __future__ import annotations

from framework_helpers import MODELS

from openness.frameworks.apply import evaluate_frameworks
from openness.frameworks.eu_index import load_eu_index_spec
from openness.models import Lineage


def test_grid_has_the_indexs_twelve_dimensions():
    assert len(load_eu_index_spec().dimensions) == 12


def test_olmo_grid_and_score():
    rep, ent = MODELS["olmo"]
    result = evaluate_frameworks(rep, ["eu_index"], entry=ent)["eu_index"]
    grid = result.details["grid"]
    assert grid["weights_basemodel"]["grade"] == "open"
    assert grid["licenses"]["grade"] == "open"
    assert grid["paper"]["grade"] == "unknown"  # not something our probes can grade
    assert result.details["score"] == 10.5 / 12


def test_gated_weights_and_custom_license_grade_partial():
    rep, ent = MODELS["llama3"]
    grid = evaluate_frameworks(rep, ["eu_index"], entry=ent)["eu_index"].details["grid"]
    assert grid["weights_endmodel"]["grade"] == "partial"
    assert grid["licenses"]["grade"] == "partial"
    assert grid["datasources_basemodel"]["grade"] == "closed"


def test_derivative_base_dimensions_come_from_the_base_audit():
    rep, _ = MODELS["pythia"]
    derivative = rep.model_copy(deep=True)
    derivative.lineage = Lineage(base_model="EleutherAI/pythia-12b", relation="finetune")
    derivative.components["training_data"].status = "none"
    alone = evaluate_frameworks(derivative, ["eu_index"])["eu_index"].details["grid"]
    assert alone["datasources_basemodel"]["grade"] == "unknown"
    with_base = evaluate_frameworks(derivative, ["eu_index"], base_report=rep)["eu_index"].details["grid"]
    assert with_base["datasources_basemodel"]["grade"] == "open"
    assert with_base["datasources_endmodel"]["grade"] == "closed"
