import pytest

from openness.licenses.assess import assess_key, assess_snapshot, component_of
from openness.licenses.catalogue import load_catalogue
from openness.models import Snapshot

from synthetic import AUP, V1, V2, write_catalogue


@pytest.fixture(scope="module")
def cat(tmp_path_factory):
    return load_catalogue(write_catalogue(tmp_path_factory.mktemp("cat")))


def snap(card=None, files=None, tags=(), card_text=None):
    card = card or {}
    text = card_text if card_text is not None else "---\n" + "".join(f"{k}: {v}\n" for k, v in card.items()) + "---\n# Model\n"
    return Snapshot(repo_id="org/model", revision="abc123", source="hub", card_data=card, card_text=text,
                    tags=list(tags), license_files=files or {})


def test_license_from_text_with_caps_and_line_evidence(cat):
    result = assess_snapshot(snap({"license": "other", "license_name": "acme-2-license"}, {"LICENSE": V2}), cat)
    assert result.key == "acme-2" and result.declared == "acme-2-license" and result.osi_approved is False
    assert result.identification.method == "exact"
    cap = result.usage_caps[0]
    assert (cap.metric, cap.threshold) == ("monthly_active_users", 50e6)
    assert cap.evidence[0].locator == "hf://org/model@abc123/LICENSE#L6"
    kinds = {r.kind for r in result.restrictions}
    assert {"output_training_ban", "naming", "remote_restriction", "military"} <= kinds  # military from the policy
    assert result.conflicts == []
    assert result.evidence[0].locator == "hf://org/model@abc123/README.md#L2"


def test_a_modified_text_binds_as_written(cat):
    edited = V2.replace("50 million", "5 million")
    result = assess_snapshot(snap({"license": "acme-2"}, {"LICENSE": edited}), cat)
    assert result.key == "acme-2" and 5e6 in [c.threshold for c in result.usage_caps]


def test_declared_vs_text_conflict(cat):
    result = assess_snapshot(snap({"license": "apache-2.0"}, {"LICENSE": V1}), cat)
    assert result.key == "acme-1"
    assert [c.kind for c in result.conflicts] == ["declared_vs_text"]


def test_other_without_name_or_link(cat):
    result = assess_snapshot(snap({"license": "other"}), cat)
    assert result.key is None and result.conflicts[0].kind == "missing_declaration"


def test_declared_only_uses_catalogue_facts(cat):
    result = assess_snapshot(snap({"license": "acme-1"}), cat)
    assert result.key == "acme-1" and result.identification.method == "hub_id"
    assert result.usage_caps[0].evidence[0].locator == "https://acme.example/acme-1"
    assert result.components[0].component == "weights" and result.components[0].key == "acme-1"


def test_license_tag_when_card_has_none(cat):
    result = assess_snapshot(snap({}, tags=["license:acme-2"], card_text=""), cat)
    assert result.key == "acme-2"


def test_derivative_of_restrictive_base_is_bound_by_base(cat):
    base = assess_snapshot(snap({"license": "acme-1"}, {"LICENSE": V1}), cat)
    result = assess_snapshot(snap({"license": "apache-2.0"}), cat, base=base)
    assert result.key == "acme-1" and result.declared == "apache-2.0"
    assert [c.kind for c in result.conflicts] == ["derivative_vs_base"]
    assert result.usage_caps and result.usage_caps[0].threshold == 50e6


def test_derivative_of_open_base_keeps_its_own_license(cat):
    base = assess_key("apache-2.0")
    result = assess_snapshot(snap({"license": "acme-2"}), cat, base=base)
    assert result.key == "acme-2" and result.conflicts == []


def test_components_per_file(cat):
    mit = "Permission is hereby granted, free of charge, to any person obtaining a copy of this software."
    result = assess_snapshot(snap({"license": "acme-1"}, {"LICENSE-CODE": mit, "LICENSE-MODEL": V1, "USE_POLICY.md": AUP}), cat)
    components = {c.component: c.key for c in result.components}
    assert components["weights"] == "acme-1" and "code" in components and len(result.components) == 2
    assert result.key == "acme-1"


@pytest.mark.parametrize("path,component", [("LICENSE", "weights"), ("LICENSE-CODE", "code"), ("MODEL_LICENSE", "weights"),
                                            ("USE_POLICY.md", None), ("LICENSE_DATA.txt", "data")])
def test_component_of(path, component):
    assert component_of(path) == component


def test_assess_key_shipped_catalogue():
    result = assess_key("llama3.2", evidence=[])
    assert result.key == "llama3.2" and result.osi_approved is False
    assert result.usage_caps[0].threshold == 700_000_000
    assert "territorial" in {r.kind for r in result.restrictions}  # from its companion policy
    assert result.usage_caps[0].evidence[0].locator.startswith("https://")


def test_assess_key_spdx_and_unknown():
    assert assess_key("mit").osi_approved is True
    assert assess_key("gpl-3.0").category == "copyleft"
    unknown = assess_key("made-up-license")
    assert unknown.key == "made-up-license" and unknown.identification.method == "none"
