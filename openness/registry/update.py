"""Rewrite one registry entry safely: read it under its lock, change it, show the diff, write atomically.

Shared by `registry pull` and `registry import`. The entry is read *inside* the lock, so two writers
never base their change on the same old text and lose one another's claims; the new text is written
through openness.fileio.write_atomic, so a reader (or a crash) only ever sees the old file or the new.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from openness.fileio import write_atomic
from openness.registry.entry_yaml import NEW_FILE_HEADER, entry_to_yaml, leading_comments
from openness.registry.lock import entry_lock
from openness.registry.schema import FamilyEntry, ModelEntry
from openness.registry.store import RegistryError, clear_cache, display_path, load_family, read_yaml_file

# Given the entry as it stands (None: no file yet) and its family, the entry to write and notes.
Updater = Callable[[ModelEntry | None, FamilyEntry | None], tuple[ModelEntry, list[str]]]


@dataclass
class UpdateResult:
    path: Path
    old_text: str
    new_text: str
    written: bool
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.old_text != self.new_text

    def diff(self) -> str:
        name = self.path.name
        return "".join(
            difflib.unified_diff(
                self.old_text.splitlines(keepends=True),
                self.new_text.splitlines(keepends=True),
                fromfile=f"a/{name}" if self.old_text else "/dev/null",
                tofile=f"b/{name}",
            )
        )


def entry_path(root: Path, repo_id: str) -> Path:
    org, name = repo_id.split("/")
    return root / "models" / org / f"{name}.yaml"


def _existing_path(root: Path, repo_id: str) -> Path:
    """The entry's file, matching org and name case-insensitively, so a refresh never forks an entry."""
    wanted = entry_path(root, repo_id)
    models = root / "models"
    if wanted.exists() or not models.is_dir():
        return wanted
    org, name = repo_id.split("/")
    for folder in models.iterdir():
        if folder.name.lower() == org.lower():
            for file in folder.glob("*.yaml"):
                if file.stem.lower() == name.lower():
                    return file
    return wanted


def _read_entry(path: Path, root: Path) -> tuple[ModelEntry | None, str]:
    if not path.exists():
        return None, ""
    loaded = read_yaml_file(path)
    shown = display_path(path, root)
    if loaded.error:
        raise RegistryError(f"{shown} {loaded.error}; fix it by hand before refreshing it")
    try:
        entry = ModelEntry.model_validate(loaded.data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise RegistryError(f"{shown} is not a valid entry ({where}: {first['msg']}); fix it by hand first") from None
    return entry, path.read_text(encoding="utf-8")


def update_entry(root: Path, repo_id: str, updater: Updater, dry_run: bool = False) -> UpdateResult:
    """Apply `updater` to the entry of `repo_id` under `root` (creating it if needed)."""
    root = Path(root).resolve()
    path = _existing_path(root, repo_id)
    if not dry_run:
        path.parent.mkdir(parents=True, exist_ok=True)
    with _maybe_locked(path, dry_run):
        if not dry_run:
            _remove_leftover_temp_files(path)
        entry, old_text = _read_entry(path, root)
        family_id = entry.family if entry is not None else None
        family = load_family(family_id, root) if family_id else None
        new_entry, notes = updater(entry, family)
        header = leading_comments(old_text) if old_text else NEW_FILE_HEADER
        new_text = entry_to_yaml(new_entry, header)
        # Never write what we could not read back: the file must stay a valid entry.
        ModelEntry.model_validate(read_back(new_text))
        written = False
        if new_text != old_text and not dry_run:
            write_atomic(path, new_text)
            clear_cache()
            written = True
    return UpdateResult(path=path, old_text=old_text, new_text=new_text, written=written, notes=notes)


def _remove_leftover_temp_files(path: Path) -> None:
    """Temporary files of a writer killed mid-write (write_atomic names them `.<name>.*.tmp`).

    Only called under the entry's lock, so no live writer of this entry can own one of them.
    """
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        try:
            leftover.unlink()
        except OSError:
            pass


def read_back(text: str):
    import yaml

    return yaml.safe_load(text)


class _NoLock:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def _maybe_locked(path: Path, dry_run: bool):
    # A dry run writes nothing, not even a lock file (the folder may not exist yet).
    return _NoLock() if dry_run else entry_lock(path)
