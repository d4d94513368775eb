from __future__ import annotations

import pytest
from helpers import card, run, snap, strongest

from openness.models import Unavailable
from openness.probes.data import data_probe
from openness.probes.pipeline import pipeline_repos, pipeline_via_datasets


def statuses(front: str = "", body: str = "", tags=None) -> dict[str, str]:
    snapshot = snap(card_text=card(front=front, body=body), tags=tags)
    findings = run(data_probe, snapshot) + run(pipeline_repos, snapshot) + run(pipeline_via_datasets, snapshot)
    return {c: strongest(findings, c) for c in ("training_data", "data_pipeline")}


@pytest.mark.parametrize(
    "front, body, data, pipeline",
    [
        # A complete corpus whose builder is public: full data, full pipeline.
        ("datasets:\n- allenai/dolma", "# Otter", "full", "full"),
        # Trap: an extract listed in `datasets:` is not a data release.
        ("datasets:\n- tiiuae/falcon-refinedweb", "# Otter", "partial", "none"),
        # Complete public corpora, all of them: full; their builders are public too.
        ("datasets:\n- cerebras/SlimPajama-627B\n- bigcode/starcoderdata", "# Otter", "full", "full"),
        # One unknown source among known ones: only partial.
        ("datasets:\n- cerebras/SlimPajama-627B\n- acme/web-crawl-2024", "# Otter", "partial", "none"),
        # Fine-tuning and evaluation sets are not pretraining data.
        ("datasets:\n- acme/otter-instruct-v1\n- acme/otter-dpo-pairs\n- cais/mmlu", "# Otter", "none", "none"),
        # A dataset link presented as the complete training data.
        (
            "",
            "- Training data: [acme/otter-pretrain](https://huggingface.co/datasets/acme/otter-pretrain) is\n"
            "  the complete pretraining data, in training order.",
            "full",
            "none",
        ),
        # A dataset linked in a fine-tuning section.
        ("", "## Fine-tuning\nWe tuned on [this set](https://huggingface.co/datasets/acme/otter-mix).", "none", "none"),
        # Data-prep repo that only tokenises cleaned corpora.
        ("", "Data prep: [amber-data-prep](https://github.com/LLM360/amber-data-prep)", "none", "partial"),
        # An unknown repo the card calls data preparation.
        ("", "- [Data preparation](https://github.com/acme/otter-data-prep)", "none", "partial"),
        ("", "# Otter\nNothing about data here.", "none", "none"),
    ],
)
def test_training_data_and_pipeline(front, body, data, pipeline):
    assert statuses(front, body) == {"training_data": data, "data_pipeline": pipeline}


def test_gated_identifier_dataset_is_full_with_a_note():
    snapshot = snap(card_text=card(front="datasets:\n- bigcode/the-stack-v2-train", body="# Coder"))
    finding = run(data_probe, snapshot)[0]
    assert finding.status == "full"
    assert "Software Heritage" in finding.reason
    assert finding.evidence[0].locator.endswith("README.md#L3")  # the front-matter line


def test_dataset_tags_count_without_a_card():
    snapshot = snap(card_text=None, tags=["dataset:allenai/dolma"])
    finding = run(data_probe, snapshot)[0]
    assert finding.status == "full" and finding.evidence[0].origin == "hub"


def test_unreadable_card_without_metadata_is_unknown():
    snapshot = snap(card_text=None, unavailable=[Unavailable(what="README.md", reason="offline")])
    assert [f.status for f in run(data_probe, snapshot)] == ["unknown"]
    assert [f.status for f in run(pipeline_repos, snapshot)] == ["unknown"]


def test_image_links_under_datasets_are_not_data():
    body = "![banner](https://huggingface.co/datasets/acme/images/resolve/main/banner.png)"
    assert statuses(body=body)["training_data"] == "none"
