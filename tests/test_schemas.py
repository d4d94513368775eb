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
