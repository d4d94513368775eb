"""Validation: the shipped registry is clean; broken entries are named by file and field."""

from __future__ import annotations


from openness.registry.store import validate_registry

from registry_helpers import SOURCE, claim, make_registry, model, write


def _messages(root) -> list[str]:
    return [str(p) for p in validate_registry(root) if p.severity == "error"]


def _warnings(root) -> list[str]:
    return [str(p) for p in validate_registry(root) if p.severity == "warning"]


def test_shipped_registry_has_no_errors():
    errors = [str(p) for p in validate_registry() if p.severity == "error"]
    assert errors == []


def test_clean_tmp_registry_has_no_problems(tmp_path):
    root = make_registry(tmp_path)
    write(root, "models/acme/acme-7b.yaml", model("acme/acme-7b", components={"weights": claim("open")},
                                                   licenses={"weights": {"key": "apache-2.0", "evidence": [SOURCE]}}))
    assert validate_registry(root) == []


def test_claim_without_evidence(tmp_path):
    root = make_registry(tmp_path)
    write(root, "models/foo/bar.yaml", model("foo/bar", components={"training_code": {"status": "released"}}))
    assert _messages(root) == [
        "registry/models/foo/bar.yaml: components.training_code: status 'released' needs at least one evidence source (or status: unknown)"
    ]


def test_status_not_defined_for_the_component(tmp_path):
    root = make_registry(tmp_path)
    write(root, "models/foo/bar.yaml", model("foo/bar", components={"training_data": claim("released")}))
    [message] = _messages(root)
    assert message.startswith("registry/models/foo/bar.yaml: components.training_data.status: 'released' is not a status")
    assert "none, partial, full, unknown" in message


def test_unknown_component_and_unknown_field(tmp_path):
    root = make_registry(tmp_path)
    write(root, "models/foo/bar.yaml", model("foo/bar", components={"weigths": claim("open")}, licence="mit"))
    messages = _messages(root)
    assert any(m.startswith("registry/models/foo/bar.yaml: components.weigths") for m in messages)
    assert "registry/models/foo/bar.yaml: licence: is not a known field (check its spelling and indentation)" in messages


def test_path_must_match_id(tmp_path):
    root = make_registry(tmp_path)
    write(root, "models/foo/other.yaml", model("foo/bar", components={"weights": claim("open")}))
    assert _messages(root) == ["registry/models/foo/other.yaml: id: 'foo/bar' must live at registry/models/foo/bar.yaml"]


def test_duplicate_ids_and_aliases(tmp_path):
    root = make_registry(tmp_path)
    write(root, "models/foo/a.yaml", model("foo/a", aliases=["foo/old"], components={"weights": claim("open")}))
    write(root, "models/foo/b.yaml", model("foo/b", aliases=["foo/old", "foo/a"], components={"weights": claim("open")}))
    messages = _messages(root)
    assert "registry/models/foo/b.yaml: aliases[0]: 'foo/old' is already used by registry/models/foo/a.yaml" in messages
    assert "registry/models/foo/b.yaml: aliases[1]: 'foo/a' is already used by registry/models/foo/a.yaml" in messages


def test_missing_family(tmp_path):
    root = make_registry(tmp_path)
    write(root, "models/foo/bar.yaml", model("foo/bar", family="nope", components={"weights": claim("open")}))
    assert _messages(root) == ["registry/models/foo/bar.yaml: family: no family 'nope' (expected families/nope.yaml)"]


def test_history_without_evidence_or_out_of_order(tmp_path):
    root = make_registry(tmp_path)
    report = claim("training", since="2024-01-01",
                   history=[{"status": "evaluation", "until": "2024-03-01", "evidence": []}])
    write(root, "models/foo/bar.yaml", model("foo/bar", components={"technical_report": report}))
    messages = _messages(root)
    assert "registry/models/foo/bar.yaml: components.technical_report.history[0].evidence: status 'evaluation' needs at least one evidence source" in messages
    assert any(m.startswith("registry/models/foo/bar.yaml: components.technical_report.history: a past state ends after") for m in messages)


def test_not_yaml_not_a_mapping_and_oversized(tmp_path):
    root = make_registry(tmp_path)
    write(root, "models/foo/bad.yaml", "id: [unclosed\n")
    write(root, "models/foo/list.yaml", "- a\n- b\n")
    write(root, "models/foo/huge.yaml", "notes: '" + "x" * 300_000 + "'\n")
    messages = _messages(root)
    assert any(m.startswith("registry/models/foo/bad.yaml: is not valid YAML (line 2)") for m in messages)
    assert "registry/models/foo/list.yaml: must hold a YAML mapping (key: value pairs) at the top level" in messages
    assert any(m.startswith("registry/models/foo/huge.yaml: file is") for m in messages)


def test_bad_dates_and_urls(tmp_path):
    root = make_registry(tmp_path)
    source = dict(SOURCE, url="see the paper", checked="yesterday")
    write(root, "models/foo/bar.yaml", model("foo/bar", components={"weights": {"status": "open", "evidence": [source]}}))
    messages = _messages(root)
    assert any(m.startswith("registry/models/foo/bar.yaml: components.weights.evidence.0.checked:") for m in messages)


def test_unknown_license_key_and_unpinned_github_link_are_warnings(tmp_path):
    root = make_registry(tmp_path)
    pinned_not = dict(SOURCE, url="https://github.com/acme/lm/blob/main/LICENSE")
    write(root, "licenses/acme-license.yaml", {"key": "acme-license"})
    write(root, "models/foo/bar.yaml", model("foo/bar", components={"weights": {"status": "open", "evidence": [pinned_not]}},
                                              licenses={"weights": {"key": "made-up", "evidence": [SOURCE]},
                                                        "code": {"key": "acme-license", "evidence": [SOURCE]},
                                                        "data": {"key": "CC-BY-4.0", "evidence": [SOURCE]}}))
    assert _messages(root) == []
    warnings = _warnings(root)
    assert "registry/models/foo/bar.yaml: licenses.weights.key: 'made-up' is neither in registry/licenses nor an SPDX id" in warnings
    assert "registry/models/foo/bar.yaml: components.weights.evidence[0].url: GitHub link points at 'main', not a commit: pin it" in warnings
    assert len(warnings) == 2  # the catalogue key and the SPDX id (any case) are known


def test_family_file_problems(tmp_path):
    root = make_registry(tmp_path)
    write(root, "families/acme.yaml", {"id": "acme-lm", "name": "Acme", "components": {"training_code": claim("open")}})
    write(root, "families/Bad Name.yaml", {"id": "Bad Name", "name": "Bad"})
    messages = _messages(root)
    assert "registry/families/acme.yaml: id: 'acme-lm' must live at families/acme-lm.yaml" in messages
    assert any(m.startswith("registry/families/acme.yaml: components.training_code.status: 'open' is not a status") for m in messages)
    assert any(m.startswith("registry/families/Bad Name.yaml: id:") for m in messages)
