"""The MOF classifier reproduces every fixture of the Model Openness Tool's own test data.

Expected results come from two places, as the MOT's test script reads them: the file names
(C1_x%-C2_y%-C3_z% and the counts of components, valid and invalid licenses), where a class below an
unmet one is expected at 0%, and expected_results.json (exact progress per class and class reached).
Skipped when the reference corpus (/work/shared) is absent.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from openness.frameworks.mof import (
    LicenseFlags,
    LicenseJudge,
    classify_mof,
    components_from_mot,
    load_mof_spec,
)

SHARED = Path(__file__).resolve().parents[3] / "shared"  # ../shared beside the repository
TEST_DATA = SHARED / "corpus/anchors/mot/test_data"
LICENSES = SHARED / "corpus/anchors/mot/licenses"
pytestmark = pytest.mark.skipif(not TEST_DATA.is_dir(), reason="reference corpus not available")

NAME_PATTERN = re.compile(r"_C1_(\d+)%-C2_(\d+)%-C3_(\d+)%_(\d+)C_(\d+)G_(\d+)L_(\d+)V_(\d+)I_(\d+)T")
FILES = sorted(TEST_DATA.glob("*.yml")) if TEST_DATA.is_dir() else []


def _release(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["release"]


def _mot_license_flags() -> dict[str, LicenseFlags]:
    """The SPDX flags the MOT itself loads (its copy of the SPDX list)."""
    data = json.loads((LICENSES / "licenses.json").read_text(encoding="utf-8"))
    return {
        lic["licenseId"]: LicenseFlags(
            osi_approved=bool(lic.get("isOsiApproved")), fsf_libre=bool(lic.get("isFsfLibre"))
        )
        for lic in data["licenses"]
    }


def _expected_json() -> dict[str, dict]:
    # The file is JSON with trailing commas; drop them before parsing.
    text = (TEST_DATA / "expected_results.json").read_text(encoding="utf-8")
    data = json.loads(re.sub(r",(\s*[}\]])", r"\1", text))
    return {m["release"]["name"]: m["classification"] for m in data["models"]}


def _ids_whose_status_changed() -> set[str]:
    """SPDX ids the installed SPDX list judges differently from the MOT's older copy
    (e.g. CNRI-Python-GPL-Compatible became OSI-approved)."""
    judge_mot = LicenseJudge(load_mof_spec(), _mot_license_flags())
    judge_now = LicenseJudge(load_mof_spec())
    return {i for i in _mot_license_flags() if judge_mot.is_open(i) != judge_now.is_open(i)}


@pytest.fixture(scope="module", params=["mot-spdx-list", "installed-spdx-list"])
def judge(request) -> tuple[str, LicenseJudge]:
    """The MOT's own SPDX copy must reproduce every case; the installed SPDX list (what audits use)
    every case that involves no license whose status changed since."""
    spec = load_mof_spec()
    if request.param == "mot-spdx-list":
        return request.param, LicenseJudge(spec, _mot_license_flags())
    return request.param, LicenseJudge(spec)


def _skip_if_status_changed(release: dict, list_name: str) -> None:
    if list_name == "mot-spdx-list":
        return  # the MOT's own list: every case must match
    changed = _uses_changed(release)
    if changed:
        pytest.skip(f"uses licenses whose SPDX status changed since the MOT's list: {sorted(changed)}")


def _uses_changed(release: dict) -> set[str]:
    used = {c.get("license") for c in release["components"]} | {
        g.get("name") for g in (release.get("license") or {}).values()
    }
    return used & _ids_whose_status_changed()


@pytest.mark.parametrize("path", FILES, ids=[p.stem[:40] for p in FILES])
def test_progress_and_counts_match_the_file_name(path: Path, judge):
    list_name, judge = judge
    c1, c2, c3, n_components, _g, _l, n_valid, n_invalid, _t = map(int, NAME_PATTERN.search(path.stem).groups())
    release = _release(path)
    _skip_if_status_changed(release, list_name)
    result = classify_mof(components_from_mot(release), licenses=judge)

    got = {c: round(result.progress_per_class[c] + 1e-9) for c in (1, 2, 3)}
    # The names were written before progress became cumulative: a class below an unmet one is 0.
    if got[3] < 100:
        c2 = c1 = 0
    elif got[2] < 100:
        c1 = 0
    assert (got[1], got[2], got[3]) == (c1, c2, c3), result.progress
    assert len(release["components"]) == n_components
    assert result.count("invalid") == n_invalid
    assert n_components - result.count("invalid") - result.count("unlicensed") == n_valid


def test_every_fixture_matches_expected_results_json(judge):
    list_name, judge = judge
    expected = _expected_json()
    assert len(expected) == len(FILES) == 27
    for path in FILES:
        release = _release(path)
        if list_name != "mot-spdx-list" and _uses_changed(release):
            continue
        want = expected[release["name"]]
        result = classify_mof(components_from_mot(release), licenses=judge)
        assert result.class_ == want["class"], path.name
        for class_ in (1, 2, 3):
            assert result.progress_per_class[class_] == pytest.approx(want["progress"][str(class_)]), path.name
        assert result.label == want["label"], path.name
