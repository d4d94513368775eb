"""The committed JSON Schemas match the models, so the documented contract is the real one."""

from __future__ import annotations

from openness.resources import data_dir
from openness.schema_gen import generate


def test_committed_schemas_match_the_models():
    folder = data_dir("schemas")
    for name, text in generate().items():
        path = folder / name
        assert path.is_file(), f"{path} missing: run python -m openness.schema_gen"
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run python -m openness.schema_gen"


def test_report_schema_requires_the_contract_keys():
    import json

    schema = json.loads(generate()["report.schema.json"])
    props = schema["properties"]
    for key in ("subject", "level", "checks", "license", "rubric", "components", "notes"):
        assert key in props
    defs = schema["$defs"]
    assert {"repo_id", "revision", "source"} <= set(defs["Subject"]["properties"])
    assert {"value", "name", "blocked_by"} <= set(defs["LevelResult"]["properties"])
    assert {"key", "declared", "osi_approved", "usage_caps", "restrictions", "conflicts"} <= set(defs["LicenseResult"]["properties"])


def _as_json(document):
    import json

    return json.loads(json.dumps(document, default=str))  # YAML dates become strings, as in an editor


def test_editor_schemas_accept_what_the_loaders_accept():
    """registry entries and openness.yaml files that load must also pass the schemas editors use."""
    import json
    from pathlib import Path

    import jsonschema
    import yaml

    folder = data_dir("schemas")
    entry_schema = json.loads((folder / "registry-entry.schema.json").read_text())
    publisher_schema = json.loads((folder / "openness-yaml.schema.json").read_text())
    entries = sorted((data_dir("registry") / "models").glob("*/*.yaml"))
    assert len(entries) >= 150
    for path in entries:
        jsonschema.validate(_as_json(yaml.safe_load(path.read_text())), entry_schema)
    releases = sorted((Path(__file__).parent / "fixtures" / "releases").glob("*/openness.yaml"))
    assert releases
    for path in releases:
        jsonschema.validate(_as_json(yaml.safe_load(path.read_text())), publisher_schema)
    # and the shorthand forms people write
    jsonschema.validate({"training_code": "https://github.com/org/train", "training_data": ["org/corpus"]}, publisher_schema)
