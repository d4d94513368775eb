"""Regressions found by running `openness check` as publishers do."""

from __future__ import annotations

from pathlib import Path

from openness.check.checklist import run_check

RELEASES = Path(__file__).resolve().parents[1] / "fixtures" / "releases"


def test_one_license_file_agrees_with_the_declaration():
    # The table read "LICENSE agree with the declaration".
    report = run_check(RELEASES / "level3-code", offline=True)
    item = next(h for h in report.hygiene if h.id == "license-consistent")
    assert item.message.startswith("LICENSE agrees with the declaration"), item.message
