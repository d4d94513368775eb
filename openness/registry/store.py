"""Reading the curated registry: entries by repo id, family inheritance, and claims as of a date.

Layout under the registry root (default: the shipped `registry/` folder):

    models/<org>/<name>.yaml    one ModelEntry per model
    families/<id>.yaml          one FamilyEntry per family, shared by its sizes and variants
    licenses/*.yaml             the license catalogue (read only for its `key:` fields, by validation)

Loading is tolerant: a file that does not parse is left out of `load_all` and reported by
`validate_registry`, but asking `load_entry` for the model of a broken file raises `RegistryError`,
because answering "no entry" would silently hide curated evidence.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml

from openness import yamlfast
from pydantic import ValidationError

from openness.errors import UsageError
from openness.registry.problems import ValidationProblem
from openness.registry.schema import (
    ComponentClaim,
    FamilyEntry,
    LicenseClaim,
    ModelEntry,
)
from openness.resources import data_dir

# Registry files are small hand-written YAML; anything bigger is a mistake (or an attack on the parser).
MAX_FILE_BYTES = 256 * 1024

LicenseComponent = Literal["weights", "code", "data"]


class RegistryError(UsageError):
    """The registry itself is broken where the user needs it (exit code 2: configuration error)."""


@dataclass
class _LoadedFile:
    path: Path
    data: Any = None  # the parsed YAML mapping, or None when it could not be read
    error: str | None = None  # why it could not be read or parsed


@dataclass
class _Registry:
    """One root's files, parsed once. Entries are stored unmerged; merging happens on lookup."""

    root: Path
    models: dict[Path, _LoadedFile] = field(default_factory=dict)
    families: dict[Path, _LoadedFile] = field(default_factory=dict)
    entries: dict[Path, ModelEntry] = field(default_factory=dict)
    entry_errors: dict[Path, ValidationError] = field(default_factory=dict)
    family_entries: dict[str, FamilyEntry] = field(default_factory=dict)
    family_errors: dict[Path, ValidationError] = field(default_factory=dict)
    # lower-cased repo id or alias -> file of the entry that answers it
    index: dict[str, Path] = field(default_factory=dict)


def default_root() -> Path:
    return data_dir("registry")


def _resolve_root(root: Path | str | None) -> Path:
    return Path(root).resolve() if root is not None else default_root().resolve()


def read_yaml_file(path: Path) -> _LoadedFile:
    """Parse one YAML file safely, refusing oversized files; errors are returned, not raised."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return _LoadedFile(path, error=f"file is {size} bytes, more than the {MAX_FILE_BYTES} allowed")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return _LoadedFile(path, error=f"cannot be read: {exc}")
    try:
        data = yamlfast.safe_load(text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 1})" if where is not None else ""
        # One line: the message ends up in `registry show`/`audit` errors, which are one line each.
        problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
        return _LoadedFile(path, error=f"is not valid YAML{line}: {problem}")
    if not isinstance(data, dict):
        return _LoadedFile(path, error="must hold a YAML mapping (key: value pairs) at the top level")
    return _LoadedFile(path, data=data)


def _parse(path: Path, model, files: dict, errors: dict):
    """One file read into `files` and validated as `model`; None (with the error kept) if it fails."""
    loaded = files[path] = read_yaml_file(path)
    if loaded.data is None:
        return None
    try:
        return model.model_validate(loaded.data)
    except ValidationError as exc:
        errors[path] = exc
        return None


@lru_cache(maxsize=16)
def _load(root: Path) -> _Registry:
    registry = _Registry(root=root)
    for path in sorted((root / "families").glob("*.yaml")):
        family = _parse(path, FamilyEntry, registry.families, registry.family_errors)
        if family is not None:
            registry.family_entries.setdefault(family.id, family)
    for path in sorted((root / "models").glob("*/*.yaml")):
        entry = _parse(path, ModelEntry, registry.models, registry.entry_errors)
        if entry is not None:
            registry.entries[path] = entry
    # Ids first, then aliases, so an alias can never shadow a real entry.
    for path, entry in registry.entries.items():
        registry.index.setdefault(entry.id.lower(), path)
    for path, entry in registry.entries.items():
        for alias in entry.aliases:
            registry.index.setdefault(alias.lower(), path)
    return registry


def clear_cache() -> None:
    """Forget parsed registries (after files changed on disk)."""
    _load.cache_clear()


def _merge_family(entry: ModelEntry, family: FamilyEntry | None) -> ModelEntry:
    """The entry with its family's claims filled in; the model's own claims win, component by component."""
    if family is None:
        return entry
    components = {**family.components, **entry.components}
    licenses = entry.licenses.model_copy(
        update={
            slot: getattr(entry.licenses, slot) or getattr(family.licenses, slot)
            for slot in ("weights", "code", "data")
        }
    )
    update: dict[str, Any] = {"components": components, "licenses": licenses}
    if entry.organization is None and family.organization is not None:
        update["organization"] = family.organization
    return entry.model_copy(update=update)


def _path_for(repo_id: str, registry: _Registry) -> Path | None:
    path = registry.index.get(repo_id.strip().lower())
    if path is not None:
        return path
    # An entry whose file exists but does not validate is not in the index: find it by path.
    parts = repo_id.strip().split("/")
    if len(parts) == 2:
        for candidate in registry.models:
            if candidate.parent.name.lower() == parts[0].lower() and candidate.stem.lower() == parts[1].lower():
                return candidate
    return None


def load_entry(repo_id: str, root: Path | str | None = None) -> ModelEntry | None:
    """The curated entry for a repo id (or a former id), merged with its family; None if there is none.

    Raises RegistryError when the entry's file exists but is broken.
    """
    resolved = _resolve_root(root)
    direct = _direct_entry(repo_id, resolved)
    if direct is not None:
        return direct
    registry = _load(resolved)
    path = _path_for(repo_id, registry)
    if path is None:
        return None
    entry = registry.entries.get(path)
    if entry is None:
        shown = display_path(path, registry.root)
        problems = [p for p in validate_registry(registry.root) if p.file == shown and p.severity == "error"]
        detail = "; ".join(f"{p.field!s}: {p.message}" for p in problems[:3]) or "invalid entry"
        # Field names come from the file itself and may hold line breaks: keep the message one line.
        detail = re.sub(r"[\x00-\x1f\x7f-\x9f]", lambda m: repr(m.group())[1:-1], detail)
        raise RegistryError(f"registry entry {shown} is broken: {detail}")
    return _merge_family(entry, registry.family_entries.get(entry.family or ""))


def _direct_entry(repo_id: str, root: Path) -> ModelEntry | None:
    """The common case without parsing the whole registry: the file sits where its id says, and it
    and its family are valid. Anything else (another case, an alias, a broken file) returns None
    and is answered by the full index, which also explains what is broken."""
    parts = repo_id.strip().split("/")
    if len(parts) != 2 or not all(parts):
        return None
    path = root / "models" / parts[0] / f"{parts[1]}.yaml"
    if not path.is_file():
        return None
    loaded = read_yaml_file(path)
    if loaded.data is None:
        return None
    try:
        entry = ModelEntry.model_validate(loaded.data)
    except ValidationError:
        return None
    if entry.id != repo_id.strip():
        return None
    family = None
    if entry.family:
        family_file = read_yaml_file(root / "families" / f"{entry.family}.yaml")
        if family_file.data is None:
            return None
        try:
            family = FamilyEntry.model_validate(family_file.data)
        except ValidationError:
            return None
        if family.id != entry.family:
            return None
    return _merge_family(entry, family)


def load_all(root: Path | str | None = None) -> list[ModelEntry]:
    """Every valid entry, merged with its family, sorted by id. Broken files are left out."""
    registry = _load(_resolve_root(root))
    merged = [
        _merge_family(entry, registry.family_entries.get(entry.family or ""))
        for entry in registry.entries.values()
    ]
    return sorted(merged, key=lambda e: e.id.lower())


def load_family(family_id: str, root: Path | str | None = None) -> FamilyEntry | None:
    return _load(_resolve_root(root)).family_entries.get(family_id)


# ------------------------------------------------------------------------------------------------
# "As of" resolution


def _effective_since(since: date | None, past_untils: list[date]) -> date | None:
    # A claim with history but no `since` started when its latest past state ended.
    if since is not None:
        return since
    return max(past_untils) if past_untils else None


def _past_state_at(history: list, as_of: date) -> tuple[Any, date | None] | None:
    """The past state covering `as_of` and the date it began (None: since the beginning).

    Past states are contiguous: each began when the previous one ended (`until`), so the state
    covering a date is the first, in `until` order, that ends after it.
    """
    began: date | None = None
    for past in sorted(history, key=lambda p: p.until):
        if as_of < past.until:
            return past, began
        began = past.until
    return None  # after the last past state ended and before the current one began: a gap


def _state_at(claim, as_of: date | None, past_to_claim):
    """The claim itself when it holds at `as_of`, else its history state then (built by
    `past_to_claim(past, began)`), else None: nothing was recorded for that date."""
    since = _effective_since(claim.since, [p.until for p in claim.history])
    if as_of is None or since is None or since <= as_of:
        return claim
    found = _past_state_at(claim.history, as_of)
    if found is None:
        return None
    past, began = found
    return past_to_claim(past, began)


def claim_as_of(claim: ComponentClaim, as_of: date | None) -> ComponentClaim | None:
    """The state of one component claim valid at `as_of`; None if nothing was recorded for that date."""
    return _state_at(
        claim,
        as_of,
        lambda past, began: ComponentClaim(
            status=past.status, since=began, provenance=claim.provenance,
            evidence=past.evidence or claim.evidence, note=past.note,
        ),
    )


def claims_as_of(entry: ModelEntry, as_of: date | None) -> dict[str, ComponentClaim]:
    """Each component's claim as it stood at `as_of` (today's claims when as_of is None)."""
    resolved: dict[str, ComponentClaim] = {}
    for component, claim in entry.components.items():
        state = claim_as_of(claim, as_of)
        if state is not None:
            resolved[component] = state
    return resolved


def license_as_of(entry: ModelEntry, component: LicenseComponent, as_of: date | None) -> LicenseClaim | None:
    """The license claim of one component (weights, code, data) valid at `as_of`."""
    claim: LicenseClaim | None = getattr(entry.licenses, component)
    if claim is None:
        return None
    return _state_at(
        claim,
        as_of,
        lambda past, began: LicenseClaim(
            key=past.key, since=began, provenance=claim.provenance,
            evidence=past.evidence or claim.evidence, note=past.note,
        ),
    )


def display_path(path: Path, root: Path) -> str:
    """How messages name a file: relative to the registry root, prefixed with the root's folder name."""
    try:
        return f"{root.name}/{path.relative_to(root).as_posix()}"
    except ValueError:
        return str(path)


def validate_registry(root: Path | str | None = None) -> list[ValidationProblem]:
    """Every problem of the registry at `root`, errors first (see openness.registry.validate)."""
    from openness.registry.validate import validate  # late: validate reads this module's loader

    return validate(_resolve_root(root))

__all__ = [
    "MAX_FILE_BYTES",
    "RegistryError",
    "ValidationProblem",
    "claim_as_of",
    "claims_as_of",
    "clear_cache",
    "default_root",
    "display_path",
    "license_as_of",
    "load_all",
    "load_entry",
    "load_family",
    "read_yaml_file",
    "validate_registry",
]
