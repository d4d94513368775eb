"""`openness registry import mof|osai`: claims from the two public openness databases.

- mof: the Model Openness Tool's self-reported entries (one YAML per model, `release.components`
  lists what the producer says it released, `release.huggingface` names the repo);
- osai: the European Open Source AI Index (one YAML per system, each dimension graded
  open / partial / closed; `system.link` and `weights_*.link` name the repos).

Both were found wrong in many listings, so the mapping is deliberately conservative (a claim only
where the database says something positive and specific), every claim is marked `imported:mof` or
`imported:osai`, cites the database file it came from, and is written in our words (never the
database's notes). Curated and pulled claims are never replaced, nor a curated family claim
shadowed; an earlier import from the same database is refreshed. Models whose Hugging Face repo id
cannot be read from the database are skipped, with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

from openness.registry.schema import REPO_ID_PATTERN, ComponentClaim, FamilyEntry, LicenseClaim, Licenses, ModelEntry, Source
from openness.registry.update import UpdateResult, update_entry

DATABASES = ("mof", "osai")
IMPORTED_BY = "openness registry import"

# Where each database's files are published, pinned to the commits the anchors corpus holds: the MOT
# commit is recorded in corpus/anchors/README.md; for the OSAI (recorded without a commit) every file
# of the corpus was compared byte for byte with the repository's history and matches 5a388e8
# (2026-06-12, "Teuken update, Fietje metadata").
MOF_FILE_URL = "https://github.com/lfai/model_openness_tool/blob/8b5d30e90a7c62d7d6ece48b91e69ff495920a4d/models/{file}"
OSAI_FILE_URL = (
    "https://github.com/Language-Technology-Assessment/main-database/blob/5a388e871b88735e7ab7e6fb230b76c9d460d99a/{file}"
)
# In a development checkout the public databases sit in ../shared/corpus/anchors beside the repo;
# anywhere else `--source` says where a copy of them is.
DEFAULT_ANCHORS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "anchors"

_HF_REPO = re.compile(r"huggingface\.co/(?!datasets/|spaces/)([A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)")
_REPO_ID = re.compile(REPO_ID_PATTERN)


@dataclass
class ImportedModel:
    """The claims one database makes about one Hub repo."""

    repo_id: str
    file: str
    components: dict[str, ComponentClaim] = field(default_factory=dict)
    licenses: dict[str, LicenseClaim] = field(default_factory=dict)


@dataclass
class ImportSummary:
    read: int = 0
    results: list[UpdateResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def default_source(database: str) -> Path | None:
    return {"mof": DEFAULT_ANCHORS / "mot" / "models", "osai": DEFAULT_ANCHORS / "osai" / "main-database"}.get(database)


def repo_id_from_link(link: Any) -> str | None:
    """`org/name` from a Hugging Face model URL (a list of links: the first that is one)."""
    for candidate in link if isinstance(link, list) else [link]:
        match = _HF_REPO.search(str(candidate or ""))
        if match:
            repo_id = match.group(1).removesuffix(".git")
            if _REPO_ID.match(repo_id):
                return repo_id
    return None


def _license_key(name: Any) -> str | None:
    text = str(name or "").strip()
    if not text or text.lower() in ("unlicensed", "none", "unknown", "other", "n/a", "proprietary") or " " in text:
        return None  # free text ("Apache 2.0 and custom terms") is not a key we can trust
    return text.lower()


def _source(url: str, excerpt: str, today: date, note: str = "") -> Source:
    return Source(url=url, excerpt=excerpt, checked=today, checked_by=IMPORTED_BY, note=note)


# ------------------------------------------------------------------------------------------------
# MOF (Model Openness Tool)

# MOT component name -> (our component, our status, why). Only components whose presence says
# something specific; "Datasets" and "Data preprocessing code" do not say the whole corpus or the
# pipeline from raw sources is out, so they map to `partial`.
_MOF_COMPONENTS: dict[str, tuple[str, str]] = {
    "Model parameters (Final)": ("weights", "open"),
    "Training code": ("training_code", "released"),
    "Inference code": ("training_code", "inference_only"),
    "Research paper": ("technical_report", "training"),
    "Technical report": ("technical_report", "evaluation"),
    "Model card": ("technical_report", "evaluation"),
    "Datasets": ("training_data", "partial"),
    "Data preprocessing code": ("data_pipeline", "partial"),
}
_MOF_LICENSE_SLOT = {"Model parameters (Final)": "weights", "Training code": "code", "Datasets": "data"}
_RANK = {
    "weights": ["closed", "gated", "open"],
    "technical_report": ["none", "evaluation", "training", "full"],
    "training_code": ["none", "inference_only", "partial", "released"],
    "training_data": ["none", "partial", "full"],
    "data_pipeline": ["none", "partial", "full"],
}


def _stronger(component: str, a: str, b: str) -> bool:
    return _RANK[component].index(a) > _RANK[component].index(b)


def read_mof(data: dict, file: str, today: date) -> ImportedModel | str:
    """One MOT file as imported claims, or the reason it cannot be imported."""
    release = data.get("release") if isinstance(data, dict) else None
    if not isinstance(release, dict):
        return f"{file}: no `release:` section"
    repo_id = repo_id_from_link(release.get("huggingface"))
    if repo_id is None:
        return f"{file}: no Hugging Face repo in `release.huggingface`"
    url = MOF_FILE_URL.format(file=quote(file))
    model = ImportedModel(repo_id=repo_id, file=file)
    listed = [c for c in release.get("components") or [] if isinstance(c, dict) and c.get("name")]
    for component in listed:
        name = str(component["name"])
        if name in _MOF_COMPONENTS:
            ours, status = _MOF_COMPONENTS[name]
            held = model.components.get(ours)
            if held is None or _stronger(ours, status, held.status):
                model.components[ours] = ComponentClaim(
                    status=status,
                    provenance="imported:mof",
                    evidence=[_source(url, f"MOT lists '{name}' as released", today)],
                    note="self-reported to the Model Openness Tool" + (
                        "; gating not recorded there" if ours == "weights" else ""),
                )
        slot = _MOF_LICENSE_SLOT.get(name)
        key = _license_key(component.get("license"))
        if slot and key:
            model.licenses[slot] = LicenseClaim(
                key=key, provenance="imported:mof",
                evidence=[_source(url, f"MOT gives '{name}' the license {component.get('license')}", today)],
            )
    distribution = ((release.get("license") or {}).get("distribution") or {}) if isinstance(release.get("license"), dict) else {}
    key = _license_key(distribution.get("name"))
    if key and "weights" not in model.licenses:
        model.licenses["weights"] = LicenseClaim(
            key=key, provenance="imported:mof",
            evidence=[_source(url, f"MOT distribution license {distribution.get('name')}", today)],
        )
    if not model.components and not model.licenses:
        return f"{file}: lists nothing we map"
    return model


# ------------------------------------------------------------------------------------------------
# OSAI (European Open Source AI Index)

_OSAI_WEIGHTS = {"open": "open", "partial": "gated", "closed": "closed"}
_OSAI_DATA = {"open": "full", "partial": "partial", "closed": "none"}
_OSAI_CODE = {"open": "released", "partial": "partial", "closed": "none"}


def _grade(data: dict, dimension: str) -> str | None:
    value = data.get(dimension)
    grade = value.get("class") if isinstance(value, dict) else None
    return grade if grade in ("open", "partial", "closed") else None


def _weaker(a: str | None, b: str | None) -> str | None:
    order = ["closed", "partial", "open"]
    known = [g for g in (a, b) if g]
    return min(known, key=order.index) if known else None


def _report_status(data: dict) -> tuple[str, str] | None:
    papers = [g for g in (_grade(data, "preprint"), _grade(data, "paper")) if g]
    if "open" in papers:
        return "training", "a preprint or paper graded open"
    if "partial" in papers:
        return "evaluation", "a preprint or paper graded partial"
    card = _grade(data, "modelcard")
    if card in ("open", "partial"):
        return "evaluation", f"no paper; model card graded {card}"
    if papers and card == "closed":
        return "none", "preprint, paper and model card graded closed"
    return None


def read_osai(data: dict, file: str, today: date) -> list[ImportedModel] | str:
    """One OSAI file as imported claims for its end model and, when named, its base model."""
    if not isinstance(data, dict) or not isinstance(data.get("system"), dict):
        return f"{file}: no `system:` section"
    system = data["system"]
    url = OSAI_FILE_URL.format(file=quote(file))

    def claim(status: str, dimension: str, grade: str) -> ComponentClaim:
        return ComponentClaim(
            status=status, provenance="imported:osai",
            evidence=[_source(url, f"OSAI grades {dimension} {grade}", today)],
            note="graded by the European Open Source AI Index",
        )

    models: list[ImportedModel] = []
    end_id = repo_id_from_link(system.get("link")) or repo_id_from_link((data.get("weights_endmodel") or {}).get("link"))
    if end_id:
        end = ImportedModel(repo_id=end_id, file=file)
        if (grade := _grade(data, "weights_endmodel")):
            end.components["weights"] = claim(_OSAI_WEIGHTS[grade], "weights_endmodel", grade)
        data_grade = _weaker(_grade(data, "datasources_basemodel"), _grade(data, "datasources_endmodel"))
        if data_grade:
            end.components["training_data"] = claim(_OSAI_DATA[data_grade], "base and end model data (weaker)", data_grade)
        if (grade := _grade(data, "trainingcode")):
            end.components["training_code"] = claim(_OSAI_CODE[grade], "trainingcode", grade)
        if (report := _report_status(data)):
            end.components["technical_report"] = claim(report[0], "documentation:", report[1])
        if (key := _license_key(system.get("endmodellicense"))):
            end.licenses["weights"] = LicenseClaim(
                key=key, provenance="imported:osai",
                evidence=[_source(url, f"OSAI end model license {system.get('endmodellicense')}", today)],
            )
        models.append(end)
    base_id = repo_id_from_link((data.get("weights_basemodel") or {}).get("link"))
    if base_id and (end_id is None or base_id.lower() != end_id.lower()):
        base = ImportedModel(repo_id=base_id, file=file)
        if (grade := _grade(data, "weights_basemodel")):
            base.components["weights"] = claim(_OSAI_WEIGHTS[grade], "weights_basemodel", grade)
        if (grade := _grade(data, "datasources_basemodel")):
            base.components["training_data"] = claim(_OSAI_DATA[grade], "datasources_basemodel", grade)
        if base.components:
            models.append(base)
    models = [m for m in models if m.components or m.licenses]
    return models or f"{file}: no Hugging Face repo in `system.link` or the weights links"


# ------------------------------------------------------------------------------------------------
# Merging and running


def merge_imported(
    entry: ModelEntry | None, family: FamilyEntry | None, imported: ImportedModel, provenance: str
) -> tuple[ModelEntry, list[str]]:
    """Fill the entry's gaps with imported claims; curated, pulled and other databases' claims stay."""
    entry = entry or ModelEntry(id=imported.repo_id)
    notes: list[str] = []
    components = dict(entry.components)
    for component, claim in imported.components.items():
        held = components.get(component)
        family_claim = family.components.get(component) if family else None
        if held is None and family_claim is not None and family_claim.provenance == "curated":
            held = family_claim
        if held is None or held.provenance == provenance or held.status == "unknown" and held.provenance != "curated":
            components[component] = claim
        elif held.provenance == "curated" and held.status not in ("unknown", claim.status):
            notes.append(f"{entry.id} {component}: kept the curated '{held.status}'; {provenance} says '{claim.status}'")
    slots = {slot: getattr(entry.licenses, slot) for slot in ("weights", "code", "data")}
    for slot, claim in imported.licenses.items():
        held = slots[slot] or (getattr(family.licenses, slot) if family else None)
        if held is None or held.provenance == provenance:
            slots[slot] = claim
        elif held.provenance == "curated" and held.key.lower() != claim.key.lower():
            notes.append(f"{entry.id} license.{slot}: kept the curated '{held.key}'; {provenance} says '{claim.key}'")
    from openness.models import COMPONENTS

    ordered = {c: components[c] for c in COMPONENTS if c in components}
    return entry.model_copy(update={"components": ordered, "licenses": Licenses(**slots)}), notes


def _database_files(database: str, folder: Path) -> Iterator[Path]:
    pattern = "*.yml" if database == "mof" else "*.yaml"
    for path in sorted(folder.glob(pattern)):
        if not path.name.startswith("_"):
            yield path


def read_database(database: str, folder: Path, today: date) -> tuple[int, list[ImportedModel], list[str]]:
    """Every importable model of a database folder, and why the others were skipped."""
    reader: Callable = read_mof if database == "mof" else read_osai
    models: dict[str, ImportedModel] = {}
    skipped: list[str] = []
    read = 0
    for path in _database_files(database, folder):
        read += 1
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            skipped.append(f"{path.name}: cannot be read ({type(exc).__name__})")
            continue
        found = reader(data, path.name, today)
        if isinstance(found, str):
            skipped.append(found)
            continue
        for model in found if isinstance(found, list) else [found]:
            key = model.repo_id.lower()
            if key in models:  # two files about one repo: keep the first, say so
                skipped.append(f"{path.name}: {model.repo_id} already imported from {models[key].file}")
                continue
            models[key] = model
    return read, list(models.values()), skipped


def run_import(
    database: str, folder: Path, root: Path, *, dry_run: bool = False, existing_only: bool = False,
    today: date | None = None,
) -> ImportSummary:
    from openness.registry.store import load_entry

    provenance = f"imported:{database}"
    read, models, skipped = read_database(database, folder, today or date.today())
    summary = ImportSummary(read=read, skipped=skipped)
    for model in models:
        existing = load_entry(model.repo_id, root)  # also finds an entry that lists the id as an alias
        if existing_only and existing is None:
            summary.skipped.append(f"{model.file}: {model.repo_id} has no registry entry (--existing-only)")
            continue
        result = update_entry(
            root, existing.id if existing else model.repo_id, lambda entry, family, m=model: merge_imported(entry, family, m, provenance), dry_run
        )
        summary.results.append(result)
    return summary
