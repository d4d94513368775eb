from __future__ import annotations

import pytest
from helpers import card, run, snap, strongest

from openness.models import Unavailable
from openness.probes.report import report_card_details, report_references


def report_status(card_text, tags=None):
    snapshot = snap(card_text=card_text, tags=tags)
    return strongest(run(report_references, snapshot) + run(report_card_details, snapshot), "technical_report")


TRAINING_SECTION = """
# Otter-7B

See our [technical report](https://arxiv.org/abs/2501.12345).

## Training

- Pretraining tokens: 2.4T
- Hardware: 256 H100 GPUs for 30 days
- Optimizer: AdamW, peak learning rate 3e-4, batch size 4M tokens
"""

MIXTURE_TABLE = TRAINING_SECTION + """
## Data mixture

| Data source | Share | Tokens |
|---|---|---|
| Web crawl | 70% | 1.7T |
| Code | 15% | 360B |
| Papers | 10% | 240B |
| Books | 5% | 120B |
"""

EVAL_ONLY = """
# Otter-7B

Details of the architecture and the benchmark results are in [our paper](https://arxiv.org/abs/2501.12345).

## Evaluation

| Benchmark | Otter-7B |
|---|---|
| MMLU | 61.0 |
| GSM8K | 40.2 |
| HellaSwag | 80.1 |
"""


@pytest.mark.parametrize(
    "body, expected",
    [
        (EVAL_ONLY, "evaluation"),
        (TRAINING_SECTION, "training"),
        (MIXTURE_TABLE, "full"),
        # A vague training sentence is not a description of the training process.
        ("# Otter\n\n## Training details\nWe pretrained on a large amount of data, then used SFT and DPO.\n", "none"),
        # Per-source token counts in prose are a mixture too.
        (
            "# Otter\n\nTrained on WebText (600B tokens of filtered pages), CodeMix (90B tokens of code) "
            "and MathSet (10B tokens of proofs).\n",
            "full",
        ),
        # Shares in a sentence about the mix, adding up to 100%.
        ("# Otter\n\nData mixture: crawl 60%, code 25%, books 15%.\n", "full"),
        # Benchmark percentages are not a mixture.
        ("# Otter\n\nOtter scores 61% on MMLU, 40% on GSM8K and 80% on HellaSwag.\n", "none"),
        # The GPUs needed for inference say nothing about training.
        ("# Otter\n\n## Hardware requirements\nRuns on 8x H100 GPUs; batch size 16.\n", "none"),
        ("# Otter\n\nAnnounced on [our blog](https://example.org/blog/otter).\n", "evaluation"),
    ],
)
def test_report_status_from_card(body, expected):
    assert report_status(card(body=body)) == expected


def test_report_cited_in_the_link_text_as_covering_training():
    body = "# Otter\n\nSee the [paper](https://arxiv.org/abs/2501.12345) for details about the training procedure.\n"
    findings = run(report_references, snap(card_text=card(body=body)))
    assert findings[0].status == "training"
    assert findings[0].evidence[0].locator.endswith("README.md#L3")


def test_arxiv_ids_are_found_in_links_tags_and_citations():
    body = """
    # Otter
    The [report](https://arxiv.org/pdf/2501.12345v2) and the [HF page](https://huggingface.co/papers/2502.00001).

    ## Citation
    ```
    @article{otter, title={Otter: a 7B model}, journal={arXiv preprint arXiv:2503.99999}}
    ```
    """
    findings = run(report_references, snap(card_text=card(body=body), tags=["arxiv:2504.11111"]))
    text = " ".join(e.note + e.excerpt for e in findings[0].evidence) + findings[0].reason
    for ident in ("2501.12345", "2502.00001", "2503.99999"):
        assert ident in text


def test_cited_technique_papers_are_not_the_models_report():
    body = "# Otter\n\nUses [rotary embeddings](https://arxiv.org/abs/2104.09864).\n"
    findings = run(report_references, snap(card_text=card(body=body)))
    assert findings[0].status == "evaluation" and findings[0].confidence == "low"
    assert "none presented as this model's report" in findings[0].reason


def test_report_of_an_earlier_version_is_flagged_as_weaker():
    body = """
    # Otter2.5-7B
    ## Citation
    ```
    @article{otter, title={Otter Technical Report}, journal={arXiv preprint arXiv:2309.00001}}
    ```
    """
    snapshot = snap(card_text=card(body=body), repo_id="acme/Otter2.5-7B")
    findings = run(report_references, snapshot)
    assert findings[0].confidence == "low"
    assert "another model of the family" in findings[0].reason


def test_line_numbers_count_the_front_matter():
    text = card(front="license: mit\nlanguage: en", body=TRAINING_SECTION)
    findings = run(report_card_details, snap(card_text=text))
    hardware = [e for e in findings[0].evidence if e.note == "training hardware"][0]
    line = int(hardware.locator.rsplit("#L", 1)[1])
    assert "256 H100" in text.splitlines()[line - 1]


def test_unreadable_card_is_unknown_and_missing_card_is_none():
    gated = snap(card_text=None, unavailable=[Unavailable(what="README.md", reason="gated")])
    assert [f.status for f in run(report_references, gated)] == ["unknown"]
    missing = snap(card_text=None, unavailable=[Unavailable(what="README.md", reason="missing")])
    assert [f.status for f in run(report_references, missing)] == ["none"]
    assert run(report_card_details, gated) == []


def test_community_tutorials_are_not_reports():
    body = "# Otter\n\n## Tutorials\n\n- [Running Otter locally](https://blog.example.org/p/123)\n"
    assert report_status(card(body=body)) == "none"
