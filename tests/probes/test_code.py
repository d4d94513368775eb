from __future__ import annotations

import pytest
from helpers import card, run, snap, strongest

from openness.probes.code import code_probe


def code_status(body: str) -> tuple[str, list]:
    findings = run(code_probe, snap(card_text=card(body=body)))
    return strongest(findings, "training_code"), findings


@pytest.mark.parametrize(
    "body, expected, reason_part",
    [
        # Known-artefacts table rows.
        ("Trained with [GPT-NeoX](https://github.com/EleutherAI/gpt-neox).", "released", "known-artefacts table"),
        ("Run it with [the reference code](https://github.com/meta-llama/llama).", "inference_only", "meta-llama/llama"),
        ("Built on [nanotron](https://github.com/huggingface/nanotron/tree/main).", "partial", "framework"),
        # Heuristics on the repository's own name and link text.
        ("- [Training code](https://github.com/acme/otter-train)", "released", "names training code"),
        ("- Code: https://github.com/acme/otter-pretrain", "released", "names training code"),
        ("- [Inference demo](https://github.com/acme/otter-demo)", "inference_only", "usage code"),
        ("Fine-tune with [otter-finetune](https://github.com/acme/otter-finetune).", "inference_only", "usage code"),
        ("See [reproducing training](https://github.com/acme/otter#reproducing-training).", "released", "training"),
        ("Our code lives at [GitHub](https://gitlab.com/acme/otter).", "inference_only", "nothing in the card"),
        # Libraries are cited, not released.
        ("Needs [transformers](https://github.com/huggingface/transformers).", "none", "no link to training code"),
        # A fork of a public framework: the code that trained the model is not public.
        (
            "- Library: [GPT-NeoX](https://github.com/EleutherAI/gpt-neox)\n\n"
            "We trained with a fork of GPT-NeoX ([link](https://github.com/EleutherAI/gpt-neox)).",
            "partial",
            "fork",
        ),
        # A config file alone is the recipe without the code.
        (
            "Hyperparameters are in [the training config](https://github.com/acme/otter/blob/main/configs/otter-7b.yml).",
            "partial",
            "configuration file",
        ),
        ("No code has been released.", "none", "no link to training code"),
    ],
)
def test_linked_repositories_are_classified(body, expected, reason_part):
    status, findings = code_status(body)
    assert status == expected
    assert any(reason_part in f.reason for f in findings if f.status == expected), [f.reason for f in findings]


def test_training_code_evidence_points_at_the_card_line():
    status, findings = code_status("# Otter\n\nintro\n\n- [Training code](https://github.com/acme/otter-train)")
    released = [f for f in findings if f.status == "released"][0]
    assert released.evidence[0].locator == "hf://acme/model-7b@" + "a" * 40 + "/README.md#L5"
    assert released.evidence[0].origin == "card"


def test_clone_command_in_a_code_block_is_still_seen():
    status, _ = code_status("```\ngit clone https://github.com/EleutherAI/gpt-neox.git\n```")
    assert status == "released"
