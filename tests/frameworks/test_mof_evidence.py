"""MOF over our evidence: what the adapter maps, and what the class and failing list tell a user."""

from __future__ import annotations

from framework_helpers import MODELS

from openness.frameworks.apply import evaluate_frameworks
from openness.frameworks.mof import MofComponent, classify_mof, load_mof_spec, to_spdx


def _mof(name):
    rep, ent = MODELS[name]
    return evaluate_frameworks(rep, ["mof"], entry=ent)["mof"]


def test_the_framework_has_17_components_in_three_classes():
    spec = load_mof_spec()
    assert len(spec.components) == 17
    assert {c.class_ for c in spec.components.values()} == {1, 2, 3}


def test_open_model_with_open_licenses_reaches_class_iii():
    result = _mof("olmo")
    assert result.verdict == "pass"
    assert result.details["class"] == 3
    # Components we never assess are named as such, not as missing.
    assert any("Evaluation code: not assessed" in f for f in result.failing)


def test_custom_license_on_the_weights_keeps_llama3_unclassified():
    result = _mof("llama3")
    assert result.verdict == "fail"
    assert result.details["class"] == 0
    assert "Model parameters (Final): license llama3 is not open (needed for Class III - Open Model)" in result.failing


def test_research_paper_stands_in_for_a_missing_technical_report():
    spec = load_mof_spec()
    class_iii = [n for n, c in spec.components.items() if c.class_ == 3 and c.required and n != "Technical report"]
    with_paper = [MofComponent(name=n, license="Apache-2.0") for n in class_iii] + [
        MofComponent(name="Research paper", license="CC-BY-4.0")
    ]
    assert classify_mof(with_paper).class_ == 3
    assert classify_mof(with_paper[:-1]).class_ == 0


def test_progress_string_has_the_mot_shape():
    assert _mof("pythia").details["progress"].startswith("C1_")


def test_hub_ids_map_to_spdx():
    assert to_spdx("apache-2.0") == "Apache-2.0"
    assert to_spdx("odc-by") == "ODC-By-1.0"
    assert to_spdx("llama3") == "llama3"
