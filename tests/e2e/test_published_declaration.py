"""A published repo's openness.yaml shows up in everyone's audit, as declared and never as verified."""

from __future__ import annotations

from fakehub import write_fixture_repo

from openness.audit import audit

CARD = """---
license: apache-2.0
---
# Declared-7b

A 7B model. Weights in safetensors.
"""

DECLARATION = """target_level: 3
technical_report:
  url: https://arxiv.org/abs/2601.00001
  covers_training: true
training_code: https://github.com/declared-lab/declared-train
"""


def _repo(tmp_path, with_declaration: bool):
    files = {"README.md": CARD, "model.safetensors": "stub"}
    if with_declaration:
        files["openness.yaml"] = DECLARATION
    write_fixture_repo(tmp_path, "declared-lab/declared-7b", files=files)


def test_declared_artefacts_count_and_are_labelled_declared(tmp_path, fake_hub_factory):
    _repo(tmp_path, with_declaration=True)
    hub = fake_hub_factory(tmp_path)
    report = audit("declared-lab/declared-7b", endpoint=hub.url, use_registry=False)
    code = report.components["training_code"]
    assert code.status == "released"
    assert {e.origin for e in code.evidence} == {"declared"}
    assert any("openness.yaml" in e.locator for e in code.evidence)
    assert report.level.value == 3
    assert any("declared, not verified" in n for n in report.notes)


def test_without_a_declaration_the_same_card_reaches_less(tmp_path, fake_hub_factory):
    _repo(tmp_path, with_declaration=False)
    hub = fake_hub_factory(tmp_path)
    report = audit("declared-lab/declared-7b", endpoint=hub.url, use_registry=False)
    assert report.components["training_code"].status == "none"
    assert report.level.value == 1
