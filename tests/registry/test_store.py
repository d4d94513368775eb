"""Loading entries: ids and aliases, family inheritance, and claims as of a date."""

from __future__ import annotations

from datetime import date

import pytest

from openness.errors import UsageError
from openness.registry.store import claims_as_of, license_as_of, load_all, load_entry

from registry_helpers import SOURCE, claim, make_registry, model, write


@pytest.fixture
def family_registry(tmp_path):
    root = make_registry(tmp_path)
    write(root, "families/acme.yaml", {
        "id": "acme", "name": "Acme LM", "organization": "Acme",
        "components": {
            "technical_report": claim("training"),
            "training_code": claim("inference_only"),
            "training_data": claim("none"),
        },
        "licenses": {"weights": {"key": "apache-2.0", "evidence": [SOURCE]},
                     "code": {"key": "mit", "evidence": [SOURCE]}},
    })
    write(root, "models/acme/acme-7b.yaml", model(
        "acme/acme-7b", family="acme", aliases=["acme/old-name-7b"],
        components={"weights": claim("open"), "training_code": claim("released")},
        licenses={"weights": {"key": "acme-license", "evidence": [SOURCE]}},
    ))
    return root


def test_entry_inherits_family_claims_and_overrides_its_own(family_registry):
    entry = load_entry("acme/acme-7b", family_registry)
    assert entry is not None
    statuses = {c: claim.status for c, claim in entry.components.items()}
    # own claims win (training_code), family fills the rest (report, data), own-only claims stay (weights)
    assert statuses == {"technical_report": "training", "training_code": "released",
                        "training_data": "none", "weights": "open"}
    assert entry.licenses.weights.key == "acme-license"  # own license overrides the family's
    assert entry.licenses.code.key == "mit"  # inherited
    assert entry.organization == "Acme"  # inherited when the entry is silent


def test_lookup_by_alias_and_case_insensitively(family_registry):
    assert load_entry("acme/old-name-7b", family_registry).id == "acme/acme-7b"
    assert load_entry("ACME/Acme-7B", family_registry).id == "acme/acme-7b"
    assert load_entry("acme/unknown", family_registry) is None


def test_load_all_skips_broken_files_but_load_entry_names_them(family_registry):
    write(family_registry, "models/acme/broken.yaml", "id: acme/broken\ncomponents: [not, a, mapping]\n")
    assert [e.id for e in load_all(family_registry)] == ["acme/acme-7b"]
    with pytest.raises(UsageError, match=r"registry/models/acme/broken.yaml is broken: components"):
        load_entry("acme/broken", family_registry)


def test_component_history_as_of(tmp_path):
    root = make_registry(tmp_path)
    report = claim("training", since="2024-07-23",
                   history=[{"status": "evaluation", "until": "2024-07-23", "evidence": [SOURCE]}])
    write(root, "models/acme/dated.yaml", model("acme/dated", components={"technical_report": report}))
    entry = load_entry("acme/dated", root)
    assert claims_as_of(entry, date(2024, 7, 22))["technical_report"].status == "evaluation"
    assert claims_as_of(entry, date(2024, 7, 23))["technical_report"].status == "training"
    assert claims_as_of(entry, None)["technical_report"].status == "training"


def test_license_before_history_began_is_none_and_gaps_are_not_filled(tmp_path):
    root = make_registry(tmp_path)
    weights = {"key": "apache-2.0", "since": "2024-06-01", "evidence": [SOURCE],
               "history": [{"key": "old-license", "until": "2024-05-01", "evidence": [SOURCE]}]}
    write(root, "models/acme/gap.yaml", model("acme/gap", licenses={"weights": weights}))
    entry = load_entry("acme/gap", root)
    assert license_as_of(entry, "weights", date(2024, 1, 1)).key == "old-license"
    assert license_as_of(entry, "weights", date(2024, 5, 15)) is None  # nothing recorded for that month
    assert license_as_of(entry, "weights", date(2024, 6, 1)).key == "apache-2.0"
    assert license_as_of(entry, "code", None) is None


# ---------------------------------------------------------------- the shipped registry


def test_llama3_70b_report_before_and_after_the_herd_paper():
    entry = load_entry("meta-llama/Meta-Llama-3-70B")
    assert entry is not None
    before = claims_as_of(entry, date(2024, 5, 1))["technical_report"]
    after = claims_as_of(entry, date(2024, 8, 1))["technical_report"]
    assert before.status == "evaluation"
    assert after.status == "training"
    assert any("2407.21783" in s.url for s in after.evidence)


def test_yi_license_before_and_after_the_apache_switch():
    entry = load_entry("01-ai/Yi-34B")
    assert license_as_of(entry, "weights", date(2024, 5, 29)).key == "yi-license"
    assert license_as_of(entry, "weights", date(2024, 5, 30)).key == "apache-2.0"
    assert license_as_of(entry, "weights", None).key == "apache-2.0"


def test_falcon_40b_license_and_mistral_gating_change_over_time():
    falcon = load_entry("tiiuae/falcon-40b")
    assert license_as_of(falcon, "weights", date(2023, 5, 26)).key != "apache-2.0"
    assert license_as_of(falcon, "weights", date(2023, 7, 1)).key == "apache-2.0"
    mistral = load_entry("mistralai/Mistral-7B-v0.1")
    assert claims_as_of(mistral, date(2024, 1, 1))["weights"].status == "open"
    assert claims_as_of(mistral, date(2024, 10, 1))["weights"].status == "gated"


def test_renamed_llama_31_answers_to_its_former_id():
    assert load_entry("meta-llama/Meta-Llama-3.1-405B").id == "meta-llama/Llama-3.1-405B"
