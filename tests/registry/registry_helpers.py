"""Build small registries in a tmp dir, in the shape curators write them."""

from __future__ import annotations

from pathlib import Path

import yaml

SOURCE = {"url": "https://example.org/report", "excerpt": "a fact", "checked": "2026-11-28", "checked_by": "tester"}


def claim(status: str, **extra) -> dict:
    return {"status": status, "evidence": [dict(SOURCE)], **extra}


def write(root: Path, relative: str, data: dict | str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False))
    return path


def model(repo_id: str, **fields) -> dict:
    return {"id": repo_id, **fields}


def make_registry(tmp_path: Path) -> Path:
    """A root named `registry`, so messages read `registry/models/...` as they do for the shipped one."""
    root = tmp_path / "registry"
    (root / "models").mkdir(parents=True)
    (root / "families").mkdir()
    return root
