from __future__ import annotations

import pytest
from helpers import card, snap

from openness.models import RepoFile
from openness.probes.lineage import detect_lineage


def lineage(front: str = "", tags=None, files=None, repo_id="acme/otter-7b-tuned"):
    text = card(front=front, body="# Model") if front else card(body="# Model")
    return detect_lineage(snap(card_text=text, tags=tags, files=files, repo_id=repo_id))


@pytest.mark.parametrize(
    "front, tags, files, base, relation",
    [
        ("base_model: acme/otter-7b", None, None, "acme/otter-7b", "finetune"),
        ("base_model:\n- acme/otter-7b", None, None, "acme/otter-7b", "finetune"),
        ("base_model: acme/otter-7b\nbase_model_relation: quantized", None, None, "acme/otter-7b", "quantized"),
        ("", ["base_model:adapter:acme/otter-7b"], None, "acme/otter-7b", "adapter"),
        ("", ["base_model:quantized:acme/otter-7b"], None, "acme/otter-7b", "quantized"),
        ("", ["base_model:merge:acme/otter-7b", "base_model:merge:acme/heron-7b"], None, "acme/otter-7b", "merge"),
        ("", ["base_model:acme/otter-7b"], None, "acme/otter-7b", "finetune"),
        # Two bases and no relation: a merge.
        ("base_model:\n- acme/otter-7b\n- acme/heron-7b", None, None, "acme/otter-7b", "merge"),
        # The files tell the relation when the card does not.
        (
            "base_model: acme/otter-7b",
            None,
            [RepoFile(path="adapter_config.json"), RepoFile(path="adapter_model.safetensors", size=10**8)],
            "acme/otter-7b",
            "adapter",
        ),
        ("base_model: acme/otter-7b", None, [RepoFile(path="otter-Q4_K_M.gguf", size=10**9)], "acme/otter-7b", "quantized"),
        # GGUF-only without a declared base: still a quantization.
        ("", None, [RepoFile(path="otter-Q8_0.gguf", size=10**9)], None, "quantized"),
    ],
)
def test_lineage_sources(front, tags, files, base, relation):
    result = lineage(front, tags, files)
    assert result is not None
    assert (result.base_model, result.relation) == (base, relation)


def test_not_a_derivative():
    assert lineage() is None


def test_base_model_equal_to_the_repo_itself_is_ignored():
    assert lineage("base_model: acme/otter-7b-tuned") is None


def test_odd_front_matter_values_do_not_raise():
    assert lineage("base_model: 42\nbase_model_relation: [odd]") is None
