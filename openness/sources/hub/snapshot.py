"""Pure functions that build a Snapshot: which files to read, how to decode them, and how API
metadata plus file texts become the Snapshot the probes see."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any

from openness.card import parse_card
from openness.models import RepoFile, Snapshot, Unavailable
from openness.repo_id import is_valid_repo_id
from openness.sources.hub.settings import (
    _LICENSE_NAMES,
    _NOT_TEXT_SUFFIXES,
    MAX_LICENSE_BYTES,
    MAX_LICENSE_FILES,
    MAX_PUBLISHER_BYTES,
    MAX_README_BYTES,
    PUBLISHER_FILE,
    README,
)


def select_license_files(paths: Iterable[str], license_link: Any = None, limit: int = MAX_LICENSE_FILES) -> list[str]:
    """The repo's license-like files worth reading, best first, at most `limit`.

    Top-level files before nested ones (a LICENSE in `original/` usually repeats the top one);
    the file the card's `license_link` names is always included when the repo has it.
    """
    available = list(dict.fromkeys(paths))
    candidates = [p for p in available if _is_license_like(p)]

    def rank(path: str) -> tuple[int, int, str]:
        name = PurePosixPath(path).name.lower()
        known = _LICENSE_NAMES.index(name) if name in _LICENSE_NAMES else len(_LICENSE_NAMES)
        return (path.count("/"), known, path)

    chosen = sorted(candidates, key=rank)[:limit]
    linked = _in_repo_link(license_link)
    if linked and linked in available and linked not in chosen:
        chosen = [linked, *chosen][:limit]
    return chosen

def _is_license_like(path: str) -> bool:
    pure = PurePosixPath(path)
    if pure.suffix.lower() in _NOT_TEXT_SUFFIXES:
        return False
    name = pure.name.lower()
    return name in _LICENSE_NAMES or "license" in name or "licence" in name

def _in_repo_link(link: Any) -> str | None:
    """`license_link: LICENSE` or `./LICENSE.md` names a file of the repo; URLs do not."""
    if not isinstance(link, str) or "://" in link or not link.strip():
        return None
    return link.strip().removeprefix("./").lstrip("/")

def base_models_from(card_data: dict[str, Any], tags: Iterable[str], api_base_models: Any) -> list[str]:
    """Base model ids from the card's `base_model`, the Hub's `base_model:` tags and `baseModels`."""
    found: list[str] = []
    declared = card_data.get("base_model")
    if isinstance(declared, str):
        found.append(declared)
    elif isinstance(declared, list):
        found.extend(x for x in declared if isinstance(x, str))
    for tag in tags:
        if tag.startswith("base_model:"):
            # "base_model:org/m" or "base_model:finetune:org/m" (relation first)
            found.append(tag.rsplit(":", 1)[1])
    if isinstance(api_base_models, dict):
        for model in api_base_models.get("models") or []:
            if isinstance(model, dict) and isinstance(model.get("id"), str):
                found.append(model["id"])
    return [m for m in dict.fromkeys(x.strip() for x in found) if is_valid_repo_id(m)]

def decode_text(data: bytes) -> str | None:
    """UTF-8 text with replacement characters, or None when the bytes are clearly not text."""
    head = data[:8192]
    if b"\x00" in head:
        return None
    text = data.decode("utf-8", errors="replace")
    sample = text[:8192]
    if sample and sample.count("\ufffd") > len(sample) * 0.1:
        return None
    return text.removeprefix("\ufeff")

@dataclass(frozen=True)
class _FileResult:
    path: str
    text: str | None = None
    unavailable: Unavailable | None = None

def _listed_snapshot(info: Any, repo_id: str, *, revision: str | None, shown_endpoint: str) -> Snapshot:
    """A Snapshot from API metadata alone (model_info or one item of list_models): no file read yet,
    card_data from the API's cardData. `with_files` completes it."""
    siblings = list(getattr(info, "siblings", None) or [])
    files = [
        RepoFile(path=s.rfilename, size=getattr(s, "size", None), lfs=getattr(s, "lfs", None) is not None)
        for s in siblings
    ]
    card_data = _card_data_dict(getattr(info, "card_data", None))
    tags = list(getattr(info, "tags", None) or [])
    gated = getattr(info, "gated", None)
    safetensors = getattr(info, "safetensors", None)
    return Snapshot(
        repo_id=repo_id,
        revision=getattr(info, "sha", None) or revision,
        source="hub",
        endpoint=shown_endpoint,
        retrieved_at=datetime.now(UTC),
        gated=gated if isinstance(gated, str) else None,
        private=bool(getattr(info, "private", False)),
        disabled=bool(getattr(info, "disabled", False)),
        tags=tags,
        card_data=card_data,
        files=files,
        pipeline_tag=getattr(info, "pipeline_tag", None),
        library_name=getattr(info, "library_name", None),
        created_at=getattr(info, "created_at", None),
        last_modified=getattr(info, "last_modified", None),
        parameters=getattr(safetensors, "total", None) if safetensors is not None else None,
        base_models=base_models_from(card_data, tags, getattr(info, "base_models", None)),
    )

def wanted_files(listed: Snapshot) -> list[tuple[str, int]]:
    """The files an audit reads, with their size caps: README.md and the license-like files.
    Without a sibling list (unusual) we still try README.md."""
    paths = [f.path for f in listed.files]
    wanted: list[tuple[str, int]] = []
    if README in paths or not paths:
        wanted.append((README, MAX_README_BYTES))
    license_paths = select_license_files(paths, listed.card_data.get("license_link"))
    wanted.extend((path, MAX_LICENSE_BYTES) for path in license_paths)
    if PUBLISHER_FILE in paths:
        wanted.append((PUBLISHER_FILE, MAX_PUBLISHER_BYTES))
    return wanted

def with_files(listed: Snapshot, results: Iterable[_FileResult]) -> Snapshot:
    """The listed snapshot completed with the files read (pure): card text and its front matter
    (the API's cardData stays as the fallback), license texts, and what could not be read."""
    unavailable: list[Unavailable] = []
    if listed.files and README not in {f.path for f in listed.files}:
        unavailable.append(Unavailable(what=README, reason="missing", detail="the repo has no README.md"))
    license_files: dict[str, str] = {}
    card_text: str | None = None
    publisher_file: str | None = None
    for result in results:
        if result.unavailable is not None:
            unavailable.append(result.unavailable)
        elif result.path == README:
            card_text = result.text
        elif result.path == PUBLISHER_FILE:
            publisher_file = result.text
        elif result.text is not None:
            license_files[result.path] = result.text

    api_card_data = listed.card_data
    notes: list[str] = []
    card_errors: list[str] = []
    card_data: dict[str, Any] = {}
    if card_text is not None:
        parsed = parse_card(card_text)
        card_data, card_errors = parsed.metadata, list(parsed.errors)
    fell_back = not card_data and bool(api_card_data)
    if fell_back:
        card_data = api_card_data
    if card_errors:
        source = "the Hub API's cardData is used instead" if fell_back else "no card metadata is available"
        notes.append(f"README.md front matter was not used ({card_errors[0]}); {source}.")

    return listed.model_copy(
        update={
            "card_data": card_data,
            "card_text": card_text,
            "card_errors": card_errors,
            "license_files": license_files,
            "publisher_file": publisher_file,
            "unavailable": unavailable,
            # The card's own base_model first; what the API listed (cardData, baseModels) after it.
            "base_models": list(dict.fromkeys(base_models_from(card_data, listed.tags, None) + listed.base_models)),
            "notes": notes,
        }
    )

def _card_data_dict(card_data: Any) -> dict[str, Any]:
    if card_data is None:
        return {}
    if isinstance(card_data, dict):
        return dict(card_data)
    to_dict = getattr(card_data, "to_dict", None)
    return dict(to_dict()) if callable(to_dict) else {}

def _unavailable(path: str, reason: str, detail: str) -> _FileResult:
    return _FileResult(path=path, unavailable=Unavailable(what=path, reason=reason, detail=detail))  # type: ignore[arg-type]
