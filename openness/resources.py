"""Where the shipped data lives: rubrics/, registry/ and schemas/.

In a checkout (and an editable install) they sit at the top of the repository, where people edit
them; in a wheel they are bundled under openness/_bundled/ (see pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Path of a shipped data folder: 'rubrics', 'registry' or 'schemas'."""
    bundled = _PACKAGE_DIR / "_bundled" / name
    if bundled.is_dir():
        return bundled
    return _PACKAGE_DIR.parent / name
