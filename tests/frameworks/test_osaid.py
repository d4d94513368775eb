"""OSI Open Source AI Definition: pass only with data information, complete code and parameters,
under OSI-approved terms; failing requirements are named."""

from __future__ import annotations

from framework_helpers import MODELS, report

from openness.frameworks.apply import evaluate_frameworks


def _osaid(name):
    rep, ent = MODELS[name]
    return evaluate_frameworks(rep, ["osaid"], entry=ent)["osaid"]


def test_olmo_and_pythia_are_open_source_ai():
    for name in ("olmo", "pythia"):
        result = _osaid(name)
        assert result.verdict == "pass", (name, result.failing)


def test_llama3_fails_code_data_and_parameters_terms():
    result = _osaid("llama3")
    assert result.verdict == "fail"
    failed = {f.split(":")[0] for f in result.failing}
    assert failed == {"data-information", "code", "parameters"}
    assert "parameters: the weights license llama3 is not OSI-approved" in result.failing


def test_bloom_fails_only_on_its_rail_parameters_license():
    result = _osaid("bloom")
    assert result.failing == ["parameters: the weights license bigscience-bloom-rail-1.0 is not OSI-approved"]


def test_unknown_code_license_is_could_not_verify():
    rep = report("x/y", {"weights": "open", "technical_report": "full", "training_code": "released",
                         "training_data": "full", "data_pipeline": "full"}, "apache-2.0")
    result = evaluate_frameworks(rep, ["osaid"])["osaid"]
    assert result.failing == ["code: could not verify: the code license is unknown"]
