"""`openness registry import mof|osai`: claims from the public databases, marked as imported,
citing the database file, never replacing curated work."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from openness.registry.importers import read_mof, read_osai, repo_id_from_link, run_import
from openness.registry.schema import ModelEntry
from openness.registry.store import clear_cache, validate_registry
from registry_helpers import SOURCE, claim, make_registry, model, write

ANCHORS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "anchors"  # ../shared beside the repo
TODAY = __import__("datetime").date(2026, 11, 28)


def mof_file(folder: Path, name: str, huggingface: str, components: list[dict], license_name: str = "Apache-2.0") -> None:
    write(folder, name, {
        "framework": {"name": "Model Openness Framework", "version": "1.0"},
        "release": {
            "name": name, "producer": "Example Lab", "huggingface": huggingface,
            "license": {"distribution": {"name": license_name, "path": ""}},
            "components": components,
        },
    })


def osai_file(folder: Path, name: str, link: str, **grades: str) -> None:
    data = {"system": {"name": name, "link": link, "endmodellicense": "MIT"}}
    for dimension, grade in grades.items():
        data[dimension] = {"class": grade, "link": "https://example.org", "notes": "their words, not ours"}
    write(folder, name, data)


def load(path: Path) -> ModelEntry:
    return ModelEntry.model_validate(yaml.safe_load(path.read_text()))


@pytest.mark.parametrize(
    "link, expected",
    [
        ("https://huggingface.co/allenai/OLMo-7B", "allenai/OLMo-7B"),
        ("https://huggingface.co/allenai/OLMo-7B/tree/main", "allenai/OLMo-7B"),
        (["https://github.com/x/y", "https://huggingface.co/org/m"], "org/m"),
        ("https://huggingface.co/datasets/allenai/dolma", None),
        ("https://huggingface.co/allenai", None),
        ("", None),
        (None, None),
    ],
)
def test_repo_id_from_link(link, expected) -> None:
    assert repo_id_from_link(link) == expected


def test_mof_components_map_conservatively() -> None:
    data = {"release": {"huggingface": "https://huggingface.co/lab/m-7b", "components": [
        {"name": "Model parameters (Final)", "license": "Apache-2.0"},
        {"name": "Inference code", "license": "MIT"},
        {"name": "Training code", "license": "MIT"},
        {"name": "Technical report"},
        {"name": "Datasets", "license": "ODC-By-1.0"},
    ]}}
    imported = read_mof(data, "m 7b.yml", TODAY)
    statuses = {c: claim.status for c, claim in imported.components.items()}
    assert statuses == {"weights": "open", "training_code": "released", "technical_report": "evaluation",
                        "training_data": "partial"}
    assert {c.provenance for c in imported.components.values()} == {"imported:mof"}
    url = imported.components["weights"].evidence[0].url
    assert url == ("https://github.com/lfai/model_openness_tool/blob/"
                   "8b5d30e90a7c62d7d6ece48b91e69ff495920a4d/models/m%207b.yml")
    assert imported.licenses["weights"].key == "apache-2.0"
    assert imported.licenses["code"].key == "mit"
    assert imported.licenses["data"].key == "odc-by-1.0"


def test_mof_without_a_hub_repo_is_skipped() -> None:
    assert "no Hugging Face repo" in read_mof({"release": {"huggingface": ""}}, "x.yml", TODAY)


def test_osai_grades_map_to_our_statuses_and_never_copy_notes() -> None:
    data = {
        "system": {"link": "https://huggingface.co/lab/chat-7b", "endmodellicense": "Apache 2.0 plus terms"},
        "weights_basemodel": {"class": "partial", "link": "https://huggingface.co/lab/base-7b"},
        "weights_endmodel": {"class": "partial"},
        "datasources_basemodel": {"class": "open"},
        "datasources_endmodel": {"class": "closed"},
        "trainingcode": {"class": "open", "notes": "their words, not ours"},
        "preprint": {"class": "open"},
    }
    end, base = read_osai(data, "Lab Chat.yaml", TODAY)
    assert end.repo_id == "lab/chat-7b" and base.repo_id == "lab/base-7b"
    assert {c: x.status for c, x in end.components.items()} == {
        "weights": "gated", "training_data": "none", "training_code": "released", "technical_report": "training"}
    assert {c: x.status for c, x in base.components.items()} == {"weights": "gated", "training_data": "full"}
    assert end.licenses == {}  # free-text license: not a key we can trust
    dumped = yaml.safe_dump([c.model_dump(mode="json") for c in end.components.values()])
    assert "their words" not in dumped
    assert "main-database/blob/5a388e871b88735e7ab7e6fb230b76c9d460d99a/Lab%20Chat.yaml" in dumped


def test_import_creates_entries_and_keeps_curated_claims(tmp_path: Path) -> None:
    root = make_registry(tmp_path)
    source = tmp_path / "mot"
    mof_file(source, "A.yml", "https://huggingface.co/lab/a", [{"name": "Model parameters (Final)"}, {"name": "Training code"}])
    mof_file(source, "B.yml", "https://huggingface.co/lab/b", [{"name": "Model parameters (Final)"}], license_name="MIT")
    mof_file(source, "C.yml", "", [{"name": "Training code"}])
    curated = write(root, "models/lab/b.yaml", model(
        "lab/b", components={"weights": claim("gated")},
        licenses={"weights": {"key": "llama3", "evidence": [dict(SOURCE)]}}))
    summary = run_import("mof", source, root, today=TODAY)

    assert summary.read == 3 and len(summary.results) == 2
    assert any("C.yml" in s for s in summary.skipped)
    a = load(root / "models/lab/a.yaml")
    assert a.components["training_code"].provenance == "imported:mof"
    b = load(curated)
    assert b.components["weights"].status == "gated" and b.components["weights"].provenance == "curated"
    assert b.licenses.weights.key == "llama3"
    notes = [n for r in summary.results for n in r.notes]
    assert any("kept the curated 'gated'" in n for n in notes)
    clear_cache()
    assert [p for p in validate_registry(root) if p.severity == "error"] == []


def test_reimport_refreshes_its_own_claims_but_not_others(tmp_path: Path) -> None:
    root = make_registry(tmp_path)
    write(root, "models/lab/a.yaml", model("lab/a", components={
        "training_code": claim("partial", provenance="pulled"),
        "weights": claim("closed", provenance="imported:mof"),
    }))
    source = tmp_path / "mot"
    mof_file(source, "A.yml", "https://huggingface.co/lab/a", [{"name": "Model parameters (Final)"}, {"name": "Training code"}])
    run_import("mof", source, root, today=TODAY)
    a = load(root / "models/lab/a.yaml")
    assert a.components["weights"].status == "open"  # its own earlier import, refreshed
    assert a.components["training_code"].provenance == "pulled"  # someone else's claim stays
    again = run_import("mof", source, root, today=TODAY)
    assert not any(r.changed for r in again.results)


def test_curated_family_claims_are_not_shadowed(tmp_path: Path) -> None:
    root = make_registry(tmp_path)
    write(root, "families/lab.yaml", {"id": "lab", "name": "Lab", "components": {"weights": claim("gated")}})
    path = write(root, "models/lab/a.yaml", model("lab/a", family="lab"))
    source = tmp_path / "osai"
    osai_file(source, "A.yaml", "https://huggingface.co/lab/a", weights_endmodel="open", trainingcode="closed")
    run_import("osai", source, root, today=TODAY)
    entry = load(path)
    assert "weights" not in entry.components
    assert entry.components["training_code"].status == "none"


def test_existing_only_and_dry_run(tmp_path: Path) -> None:
    root = make_registry(tmp_path)
    source = tmp_path / "osai"
    osai_file(source, "A.yaml", "https://huggingface.co/lab/a", weights_endmodel="open")
    summary = run_import("osai", source, root, existing_only=True, today=TODAY)
    assert summary.results == [] and "no registry entry" in summary.skipped[0]
    summary = run_import("osai", source, root, dry_run=True, today=TODAY)
    assert summary.results[0].changed and not summary.results[0].written
    assert not (root / "models" / "lab").exists()


def test_cli_import_reports_and_validates(tmp_path: Path) -> None:
    root = make_registry(tmp_path)
    source = tmp_path / "osai"
    osai_file(source, "A.yaml", "https://huggingface.co/lab/a", weights_endmodel="open")
    done = subprocess.run([sys.executable, "-m", "openness", "registry", "import", "osai", "--source", str(source),
                           "--root", str(root)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "+  weights:" in done.stdout
    assert "1 file(s) read, 1 model(s) matched, 1 entry changed" in done.stderr
    bad = subprocess.run([sys.executable, "-m", "openness", "registry", "import", "fmti", "--root", str(root)],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "unknown database" in bad.stderr


@pytest.mark.skipif(not ANCHORS.is_dir(), reason="the anchors corpus (../shared) is not available")
@pytest.mark.parametrize("database", ["mof", "osai"])
def test_corpus_import_into_a_copy_of_the_registry_validates(tmp_path: Path, database: str) -> None:
    import shutil

    from openness.registry.importers import default_source
    from openness.registry.store import default_root

    root = tmp_path / "registry"
    shutil.copytree(default_root(), root, ignore=shutil.ignore_patterns(".*.lock"))
    summary = run_import(database, default_source(database), root)
    assert summary.read > 150 and len(summary.results) > 100
    clear_cache()
    assert [p for p in validate_registry(root) if p.severity == "error"] == []
    # No curated claim of the shipped registry changed.
    for original in (default_root() / "models").glob("*/*.yaml"):
        before = ModelEntry.model_validate(yaml.safe_load(original.read_text()))
        after = load(root / original.relative_to(default_root()))
        for component, claim_before in before.components.items():
            if claim_before.provenance == "curated":
                assert after.components[component] == claim_before
