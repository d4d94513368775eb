"""Every reference text of ../shared/corpus/licenses is named right, even after edits, and its caps
come out with the right numbers. Skipped where the corpus is absent (a fresh clone)."""

import random

import pytest

from openness.licenses.catalogue import load_catalogue
from openness.licenses.clauses import extract_clauses
from openness.licenses.identify import identify

pytestmark = pytest.mark.corpus


def expected():
    cat = load_catalogue()
    return {e.reference.corpus_file: e for e in cat if e.reference and e.reference.corpus_file}


def test_every_corpus_text_is_catalogued(corpus):
    missing = sorted(p.name for p in corpus.glob("*.txt") if p.name not in expected())
    assert missing == []


def _edited(text: str, seed: int) -> str:
    """Drop about a seventh of the body lines and reword: the exact fingerprint no longer matches."""
    rng = random.Random(seed)
    lines = text.split("\n")
    body = [i for i, line in enumerate(lines) if i > 3 and len(line.split()) > 3]
    for index in sorted(rng.sample(body, max(1, len(body) // 7)), reverse=True):
        del lines[index]
    return "\n".join(lines).replace("shall", "will")


def test_family_and_version_of_every_text(corpus):
    wrong = []
    for name, entry in expected().items():
        path = corpus / name
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        for variant, sample in [("exact", text), *[(f"edited{s}", _edited(text, s)) for s in range(3)]]:
            result = identify(sample)
            if (result.key, result.family) != (entry.key, entry.family):
                wrong.append((name, variant, result.key, result.method))
    assert wrong == []


@pytest.mark.parametrize(
    "name,key",
    [("llama-3.1.txt", "llama3.1"), ("llama-3.2.txt", "llama3.2"), ("llama-3.3.txt", "llama3.3"), ("llama-4.txt", "llama4"),
     ("gemma-2024-02-21.txt", "gemma-2024-02-21"), ("gemma-2024-04-01.txt", "gemma-2024-04-01"), ("gemma-2025-03-24.txt", "gemma"),
     ("qwen-research.txt", "qwen-research"), ("qwen.txt", "qwen"), ("tongyi-qianwen-research.txt", "tongyi-qianwen-research")],
)
def test_near_identical_versions_are_decided_by_anchors(corpus, name, key):
    text = (corpus / name).read_text(encoding="utf-8").replace("the", "a")  # not exact any more
    result = identify(text)
    assert result.key == key and result.method == "anchor"


def test_license_with_policy_appended(corpus):
    text = (corpus / "llama-3.1.txt").read_text() + "\n\n" + (corpus / "llama-3.1-aup.txt").read_text()
    result = identify(text)
    assert result.key == "llama3.1" and result.also_found == ["llama3.1-aup"]


@pytest.mark.parametrize(
    "name,metric,threshold",
    [("llama-2.txt", "monthly_active_users", 700e6), ("llama-3.txt", "monthly_active_users", 700e6),
     ("llama-3.1.txt", "monthly_active_users", 700e6), ("llama-3.2.txt", "monthly_active_users", 700e6),
     ("llama-3.3.txt", "monthly_active_users", 700e6), ("llama-4.txt", "monthly_active_users", 700e6),
     ("dbrx-databricks-open-model.txt", "monthly_active_users", 700e6),
     ("qwen.txt", "monthly_active_users", 100e6), ("tongyi-qianwen.txt", "monthly_active_users", 100e6),
     ("baichuan2-terms-summary.txt", "daily_active_users", 1e6), ("kimi-modified-mit.txt", "monthly_revenue_usd", 20e6),
     ("stability-ai-community.txt", "annual_revenue_usd", 1e6), ("liquid-lfm-open-1.0.txt", "annual_revenue_usd", 10e6)],
)
def test_caps_come_out_with_the_right_numbers(corpus, name, metric, threshold):
    caps = {(c.metric, c.threshold) for c in extract_clauses((corpus / name).read_text()) if c.kind == "usage_cap"}
    assert (metric, threshold) in caps
    entry = expected()[name]
    assert any(c.metric == metric and c.threshold == threshold for c in entry.usage_caps)


@pytest.mark.parametrize("name", ["qwen-research.txt", "mistral-mnpl-0.1.txt", "mistral-mrl-0.1.txt", "llama-1.txt", "cc-by-nc-4.0.txt"])
def test_non_commercial_texts_are_flagged(corpus, name):
    assert "non_commercial" in {c.kind for c in extract_clauses((corpus / name).read_text())}


def test_catalogue_line_spans_point_at_their_phrases(corpus):
    from openness.licenses.normalise import normalise

    for name, entry in expected().items():
        if not (corpus / name).is_file():
            continue
        norm = normalise((corpus / name).read_text(encoding="utf-8"))
        for fact in [*entry.usage_caps, *entry.restrictions]:
            if fact.phrase and fact.lines:
                assert norm.find(fact.phrase) == fact.lines[0], (entry.key, fact.phrase)


def test_catalogue_fingerprints_are_up_to_date(corpus, capsys):
    from openness.licenses.build import main

    assert main([str(corpus), "--check"]) == 0, capsys.readouterr().err
