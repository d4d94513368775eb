from __future__ import annotations

from pathlib import Path

import pytest
from helpers import card, snap

from openness.knowledge import KnowledgeError, load_knowledge
from openness.models import Finding
from openness.probes import registered_probes, run_probes
from openness.probes.links import classify, find_links


@pytest.mark.parametrize(
    "url, kind, target",
    [
        ("https://arxiv.org/abs/2402.00838", "arxiv", "2402.00838"),
        ("https://arxiv.org/pdf/2304.01373.pdf", "arxiv", "2304.01373"),
        ("https://arxiv.org/html/2407.21783v2", "arxiv", "2407.21783"),
        ("https://huggingface.co/papers/2402.19173", "hf_paper", "2402.19173"),
        ("https://github.com/EleutherAI/gpt-neox.git", "code_repo", "EleutherAI/gpt-neox"),
        ("https://github.com/allenai/OLMo/tree/main/configs", "code_repo", "allenai/OLMo"),
        ("https://gitlab.com/acme/otter", "code_repo", "acme/otter"),
        ("https://huggingface.co/datasets/allenai/dolma", "hf_dataset", "allenai/dolma"),
        ("https://huggingface.co/spaces/acme/demo", "hf_space", "acme/demo"),
        ("https://raw.githubusercontent.com/acme/otter/main/logo.png", "other", None),
        ("https://huggingface.co/blog/smollm", "blog", None),
    ],
)
def test_classify_urls(url, kind, target):
    assert classify(url) == (kind, target)


def test_links_keep_their_line_and_text_and_skip_code_blocks():
    text = card(
        front="license: mit",
        body="# T\n\nSee [the paper](https://arxiv.org/abs/2501.00001).\n\n```\npip install git+https://github.com/a/b\n```",
    )
    links = find_links(text)
    assert [(l.target, l.line.number, l.text) for l in links] == [("2501.00001", 7, "the paper")]
    assert [l.target for l in find_links(text, include_code=True)] == ["2501.00001", "a/b"]


def test_shipped_knowledge_table_holds_the_documented_rows():
    knowledge = load_knowledge()
    assert knowledge.code_repo("eleutherai/GPT-NEOX").training_code == "released"
    assert knowledge.code_repo("LLM360/amber-data-prep").data_pipeline == "partial"
    assert knowledge.dataset("tiiuae/falcon-refinedweb").kind == "pretraining_partial"
    for row in list(knowledge.code.values()) + list(knowledge.datasets.values()):
        assert row.reason and row.source.startswith("https://"), row


def test_malformed_knowledge_file_is_a_clear_error(tmp_path: Path):
    (tmp_path / "code.yaml").write_text("repos:\n- repo: a/b\n  training_code: maybe\n  reason: x\n  source: y\n")
    with pytest.raises(KnowledgeError, match="code.yaml"):
        load_knowledge(tmp_path)


def test_missing_knowledge_folder_is_an_empty_table(tmp_path: Path):
    knowledge = load_knowledge(tmp_path / "nowhere")
    assert knowledge.code == {} and knowledge.datasets == {}


def test_run_probes_covers_every_component_and_survives_a_broken_probe(monkeypatch):
    snapshot = snap(card_text=card(body="# Otter"))
    findings = run_probes(snapshot, load_knowledge())
    assert {f.component for f in findings} == {
        "weights", "technical_report", "training_code", "training_data", "data_pipeline"
    }

    def broken(snapshot, knowledge) -> list[Finding]:
        raise RuntimeError("boom")

    first = registered_probes()[0]
    import openness.probes as probes

    monkeypatch.setitem(probes._PROBES, first.id, probes.RegisteredProbe(first.id, first.component, broken))
    findings = run_probes(snapshot, load_knowledge())
    failed = [f for f in findings if f.probe == first.id]
    assert [f.status for f in failed] == ["unknown"] and "boom" in failed[0].reason


def test_probes_are_pure_on_odd_input():
    odd = card(front="datasets: 12\nbase_model: [1, 2]", body="| | |\n|---|\n| x |\n[](https://github.com/)\n")
    findings = run_probes(snap(card_text=odd), load_knowledge())
    assert all(f.status != "unknown" or "probe failed" not in f.reason for f in findings)
