"""A release folder on disk as a `Snapshot` (source="local"), for `openness check` before upload.

What we read, and the bounds that keep a huge or hostile folder from costing more than a glance:
- the file list, walking without following symlinks; a symlink that leads outside the folder is
  ignored and reported (a release must not quote files it will not upload), at most MAX_FILES entries;
- README.md (the card, parsed with openness.card.parse_card) and up to MAX_LICENSE_FILES
  license-like files, each read up to its byte cap;
- weights: the weight files themselves, or a manifest (`*.index.json` with a `weight_map`) whose
  shards are listed as files even when they are not in the folder yet.

Locators are plain relative paths (`README.md#L12`), which `Snapshot.file_locator` gives for
source="local".
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from openness.card import parse_card
from openness.errors import UsageError
from openness.models import RepoFile, Snapshot, Unavailable

README = "README.md"
MAX_FILES = 20_000
MAX_README_BYTES = 2_000_000
MAX_LICENSE_BYTES = 1_000_000
MAX_LICENSE_FILES = 8
MAX_MANIFEST_BYTES = 5_000_000
MAX_MANIFESTS = 4
# Version-control and tool caches: never part of what gets uploaded.
_SKIPPED_DIRS = {".git", ".hg", ".svn", ".cache", "__pycache__", ".ipynb_checkpoints"}


@dataclass
class FolderListing:
    files: list[RepoFile] = field(default_factory=list)
    # relative path -> absolute path to read (a symlink inside the folder resolves to its target)
    readable: dict[str, Path] = field(default_factory=dict)
    unavailable: list[Unavailable] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def list_release_files(root: Path, max_files: int = MAX_FILES) -> FolderListing:
    """Every file under `root` (relative POSIX paths, sorted), symlinks out of the folder excluded."""
    root_real = root.resolve()
    listing = FolderListing()
    outside: list[str] = []
    truncated = False
    for current, dirs, names in os.walk(root, followlinks=False):
        base = Path(current)
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS)
        # A symlinked directory is not descended into (os.walk does not follow it), but one that
        # leads outside the folder is still worth a warning.
        for name in list(dirs):
            full = base / name
            if full.is_symlink() and not _inside(full, root_real):
                outside.append(_relative(full, root))
        for name in sorted(names):
            if len(listing.files) >= max_files:
                truncated = True
                break
            full = base / name
            rel = _relative(full, root)
            if full.is_symlink():
                if not _inside(full, root_real):
                    outside.append(rel)
                    continue
                target = full.resolve()
                if not target.is_file():
                    continue
                listing.files.append(RepoFile(path=rel, size=target.stat().st_size))
                listing.readable[rel] = target
                continue
            try:
                info = full.lstat()
            except OSError:
                continue
            listing.files.append(RepoFile(path=rel, size=info.st_size))
            listing.readable[rel] = full
        if truncated:
            break
    listing.files.sort(key=lambda f: f.path)
    for rel in outside:
        listing.unavailable.append(
            Unavailable(what=rel, reason="error", detail="symlink pointing outside the release folder; ignored")
        )
    if outside:
        shown = ", ".join(outside[:5]) + (f" and {len(outside) - 5} more" if len(outside) > 5 else "")
        listing.notes.append(f"Ignored {len(outside)} symlink(s) pointing outside the release folder: {shown}.")
    if truncated:
        listing.notes.append(f"The folder has more than {max_files:,} files; only the first {max_files:,} were listed.")
        listing.unavailable.append(Unavailable(what="file listing", reason="too_large", detail=f"over {max_files:,} files"))
    return listing


def _inside(path: Path, root_real: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root_real)
    except (OSError, RuntimeError):  # a symlink loop
        return False


def _relative(path: Path, root: Path) -> str:
    return PurePosixPath(*path.relative_to(root).parts).as_posix()


def read_text_bounded(path: Path, cap: int) -> tuple[str | None, Unavailable | None]:
    """(text, problem). Text is None when the file is too large or not text."""
    try:
        size = path.stat().st_size
        if size > cap:
            return None, Unavailable(what=path.name, reason="too_large", detail=f"{size:,} bytes, over {cap:,}")
        with open(path, "rb") as fh:
            data = fh.read(cap + 1)
    except OSError as exc:
        return None, Unavailable(what=path.name, reason="error", detail=exc.strerror or str(exc))
    text = _decode(data)
    if text is None:
        return None, Unavailable(what=path.name, reason="not_text", detail="binary content")
    return text, None


def _decode(data: bytes) -> str | None:
    if b"\x00" in data[:8192]:
        return None
    text = data.decode("utf-8", errors="replace")
    sample = text[:8192]
    if sample and sample.count("\ufffd") > len(sample) * 0.1:
        return None
    return text.removeprefix("\ufeff")


def manifest_shards(text: str) -> list[str]:
    """Shard file names a weights manifest (`model.safetensors.index.json`) lists; [] if not one."""
    try:
        doc = json.loads(text)
    except ValueError:
        return []
    weight_map = doc.get("weight_map") if isinstance(doc, dict) else None
    if not isinstance(weight_map, dict):
        return []
    return sorted({v for v in weight_map.values() if isinstance(v, str) and v and ".." not in v})


def _is_manifest(path: str) -> bool:
    return path.lower().endswith(".index.json")


def read_release_folder(path: str | Path, repo_id: str | None = None) -> Snapshot:
    """Read a release folder into a Snapshot. `repo_id` (from openness.yaml) else `local/<folder name>`.

    Raises UsageError when the folder does not exist or is not a folder.
    """
    from openness.sources.hub import base_models_from, select_license_files

    root = Path(path)
    if not root.exists():
        raise UsageError(f"{root}: no such folder")
    if not root.is_dir():
        raise UsageError(f"{root}: not a folder (give the release folder that holds README.md)")
    listing = list_release_files(root)
    unavailable = list(listing.unavailable)
    notes = list(listing.notes)
    paths = [f.path for f in listing.files]

    card_text: str | None = None
    card_data: dict = {}
    card_errors: list[str] = []
    if README in listing.readable:
        card_text, problem = read_text_bounded(listing.readable[README], MAX_README_BYTES)
        if problem is not None:
            unavailable.append(problem.model_copy(update={"what": README}))
    else:
        unavailable.append(Unavailable(what=README, reason="missing", detail="the folder has no README.md"))
    if card_text is not None:
        parsed = parse_card(card_text)
        card_data, card_errors = parsed.metadata, list(parsed.errors)

    license_files: dict[str, str] = {}
    for rel in select_license_files(paths, card_data.get("license_link"), limit=MAX_LICENSE_FILES):
        if rel not in listing.readable:
            continue
        text, problem = read_text_bounded(listing.readable[rel], MAX_LICENSE_BYTES)
        if problem is not None:
            unavailable.append(problem.model_copy(update={"what": rel}))
        elif text is not None:
            license_files[rel] = text

    files = list(listing.files)
    for rel in [p for p in paths if _is_manifest(p)][:MAX_MANIFESTS]:
        text, _ = read_text_bounded(listing.readable[rel], MAX_MANIFEST_BYTES)
        shards = manifest_shards(text or "")
        folder = PurePosixPath(rel).parent
        missing = [s for s in (str(folder / s) if str(folder) != "." else s for s in shards) if s not in paths]
        files.extend(RepoFile(path=s) for s in missing)
        if missing:
            notes.append(f"{rel} lists {len(missing)} weight shard(s) not in the folder yet; counted as to be uploaded.")

    tags = [t for t in card_data.get("tags") or [] if isinstance(t, str)] if isinstance(card_data.get("tags"), list) else []
    return Snapshot(
        repo_id=repo_id or f"local/{root.resolve().name}",
        source="local",
        retrieved_at=datetime.now(UTC),
        tags=tags,
        card_data=card_data,
        card_text=card_text,
        card_errors=card_errors,
        files=files,
        license_files=license_files,
        unavailable=unavailable,
        pipeline_tag=card_data.get("pipeline_tag") if isinstance(card_data.get("pipeline_tag"), str) else None,
        library_name=card_data.get("library_name") if isinstance(card_data.get("library_name"), str) else None,
        base_models=base_models_from(card_data, tags, None),
        notes=notes,
    )
