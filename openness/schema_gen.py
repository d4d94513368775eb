"""JSON Schemas generated from the pydantic models, committed under schemas/.

Editors validate registry YAML against registry-entry.schema.json as people type; report consumers
validate JSON output against report.schema.json. Regenerate with `python -m openness.schema_gen`;
a test fails when the committed files drift from the models.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from openness.check.publisher import PublisherFile
from openness.models import AuditReport
from openness.registry.schema import FamilyEntry, ModelEntry
from openness.resources import data_dir

# Output we write (the report) is described as serialised, every key present; files people write
# (registry entries, openness.yaml) as accepted on input, so editors allow the same shorthand forms
# and omitted defaults that the loaders accept.
SCHEMAS = {
    "report.schema.json": (AuditReport, "openness audit report", "serialization"),
    "registry-entry.schema.json": (ModelEntry, "openness registry model entry (registry/models/<org>/<name>.yaml)", "validation"),
    "registry-family.schema.json": (FamilyEntry, "openness registry family entry (registry/families/<id>.yaml)", "validation"),
    "openness-yaml.schema.json": (
        PublisherFile,
        "openness.yaml: a publisher's declaration of where each artefact of a release lives",
        "validation",
    ),
}


def generate() -> dict[str, str]:
    out = {}
    for filename, (model, title, mode) in SCHEMAS.items():
        schema = model.model_json_schema(mode=mode)
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": filename, "title": title, **{k: v for k, v in schema.items() if k != "title"}}
        out[filename] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    return out


def write(folder: Path | None = None) -> list[Path]:
    from openness.fileio import write_atomic

    folder = folder or data_dir("schemas")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in generate().items():
        write_atomic(folder / name, text)
        written.append(folder / name)
    return written


if __name__ == "__main__":
    for path in write(Path(sys.argv[1]) if len(sys.argv) > 1 else None):
        print(path)
