"""Every model of the reference dossier has an entry whose ladder level is inside its acceptable range.

Reads ../shared/reference/models.md (skipped when that checkout is absent).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from openness.registry.level import entry_level
from openness.registry.store import load_entry

MODELS_MD = Path(__file__).resolve().parents[3] / "shared" / "reference" / "models.md"
# | 2 | `meta-llama/Meta-Llama-3-70B` | ... | **2** | 1-2 | ...
_ROW = re.compile(r"^\| \d+ \| `(?P<id>[^`]+)` \|.*\| \*\*(?P<ref>\d)\*\* \| (?P<lo>\d)-(?P<hi>\d) \|")


def _reference_rows() -> list[tuple[str, int, int, int]]:
    if not MODELS_MD.is_file():
        return []
    rows = []
    for line in MODELS_MD.read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line)
        if match:
            rows.append((match["id"], int(match["ref"]), int(match["lo"]), int(match["hi"])))
    return rows


ROWS = _reference_rows()
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not ROWS, reason="../shared/reference/models.md is absent"),
]


def test_the_dossier_lists_35_models():
    assert len(ROWS) == 35


@pytest.mark.parametrize("repo_id,reference,low,high", ROWS, ids=[r[0] for r in ROWS])
def test_entry_level_within_acceptable_range(repo_id, reference, low, high):
    entry = load_entry(repo_id)
    assert entry is not None, f"no registry entry for {repo_id}"
    level = entry_level(entry).value
    assert low <= level <= high, f"{repo_id}: level {level}, acceptable {low}-{high}"
    # We curate toward the preferred answer, not merely an acceptable one.
    assert level == reference, f"{repo_id}: level {level}, reference {reference}"


def test_llama3_70b_was_level_1_at_release_and_level_2_after_the_paper():
    from datetime import date

    entry = load_entry("meta-llama/Meta-Llama-3-70B")
    assert entry_level(entry, date(2024, 4, 30)).value == 1
    assert entry_level(entry, date(2024, 8, 1)).value == 2
