"""The EU AI Act exemption, judged from the shipped registry as a user's offline audit would."""

from __future__ import annotations

import pytest

from openness.audit import audit


@pytest.mark.parametrize(
    ("repo_id", "clause"),
    [
        ("meta-llama/Meta-Llama-3-70B", "usage cap"),
        ("google/gemma-7b", "use-based restrictions"),
        ("bigscience/bloom", "RAIL"),
    ],
)
def test_restrictively_licensed_models_do_not_qualify_and_the_clause_is_named(repo_id, clause):
    result = audit(repo_id, offline=True, frameworks=["eu-ai-act"]).frameworks["eu_ai_act"]
    assert result.verdict == "fail"
    assert clause in result.summary
    assert any(clause in f for f in result.failing)


@pytest.mark.parametrize("repo_id", ["allenai/OLMo-7B", "EleutherAI/pythia-6.9b"])
def test_openly_licensed_models_qualify(repo_id):
    result = audit(repo_id, offline=True, frameworks=["eu-ai-act"]).frameworks["eu_ai_act"]
    assert result.verdict == "pass", result.failing


def test_remaining_duties_are_listed_even_when_the_exemption_applies():
    result = audit("allenai/OLMo-7B", offline=True, frameworks=["eu-ai-act"]).frameworks["eu_ai_act"]
    text = str(result.details).lower()
    assert "copyright" in text and "summary" in text
