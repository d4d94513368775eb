"""Bad input is a one-line message and exit 2; the folder reader never leaves the folder."""

from __future__ import annotations

import os
import shutil

import pytest

from check_helpers import RELEASES, run_cli  # type: ignore[import-not-found]
from openness.errors import UsageError
from openness.models import Snapshot
from openness.check.publisher import declared_findings, parse_publisher_text
from openness.sources.local import list_release_files, read_release_folder


def test_missing_folder_exits_2(tmp_path):
    result = run_cli(["check", str(tmp_path / "nope"), "--offline"])
    assert result.returncode == 2
    assert "no such folder" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "text, expected",
    [
        ("trainng_code: https://github.com/a/b\n", "trainng_code (line 1): unknown field"),
        ("target_level: 7\n", "target_level (line 1)"),
        ("training_code:\n  url: ftp://example.org/x\n", "training_code.url (line 2): 'ftp://example.org/x' is not an http(s) URL"),
        ("withheld:\n  weights_and_more: secret\n", "withheld.weights_and_more"),
        ("target_level: [\n", "not valid YAML"),
        ("- just\n- a list\n", "expected a mapping"),
        ("repo_id: not a repo id\n", "repo_id (line 1)"),
        ("training_code: https://github.com/a/b\nwithheld:\n  training_code: internal only\n", "both linked and listed under `withheld`"),
        ("!!python/object/apply:os.system ['echo hi']\n", "not valid YAML"),
    ],
)
def test_bad_openness_yaml_names_file_field_and_line_and_exits_2(tmp_path, text, expected):
    folder = tmp_path / "release"
    shutil.copytree(RELEASES / "level1-weights", folder)
    (folder / "openness.yaml").write_text(text, encoding="utf-8")
    result = run_cli(["check", str(folder), "--offline"])
    assert result.returncode == 2, result.stdout
    assert "openness.yaml" in result.stderr and expected in result.stderr
    assert result.stderr.count("\n") == 1


def test_shorthands_and_full_forms_load_the_same():
    short = parse_publisher_text("training_code: https://github.com/a/b\ntraining_data: [a/b]\n").data
    full = parse_publisher_text("training_code:\n  url: https://github.com/a/b\ntraining_data:\n  datasets: [a/b]\n").data
    assert short == full


def test_symlinks_out_of_the_folder_are_not_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "LICENSE").write_text("SECRET LICENSE TEXT\n")
    (outside / "model.safetensors").write_text("x")
    folder = tmp_path / "release"
    shutil.copytree(RELEASES / "level0-closed", folder)
    (folder / "LICENSE").unlink()
    os.symlink(outside / "LICENSE", folder / "LICENSE")
    os.symlink(outside, folder / "linked-dir")
    os.symlink(outside / "model.safetensors", folder / "model.safetensors")
    snapshot = read_release_folder(folder)
    paths = {f.path for f in snapshot.files}
    assert "LICENSE" not in paths and "model.safetensors" not in paths
    assert not any(p.startswith("linked-dir") for p in paths)
    assert all("SECRET" not in t for t in snapshot.license_files.values())
    ignored = {u.what for u in snapshot.unavailable if "outside" in u.detail}
    assert ignored == {"LICENSE", "linked-dir", "model.safetensors"}
    assert any("symlink" in n for n in snapshot.notes)
    # the weights outside do not lift the release to level 1
    result = run_cli(["check", str(folder), "--offline", "--format", "json"])
    assert '"value": 0' in result.stdout


def test_a_symlink_inside_the_folder_is_read(tmp_path):
    folder = tmp_path / "release"
    shutil.copytree(RELEASES / "level0-closed", folder)
    (folder / "LICENSE").rename(folder / "LICENSE.txt")
    os.symlink("LICENSE.txt", folder / "LICENSE")
    assert "LICENSE" in read_release_folder(folder).license_files


def test_listing_is_bounded(tmp_path):
    for i in range(30):
        (tmp_path / f"f{i:02}.txt").write_text("x")
    listing = list_release_files(tmp_path, max_files=10)
    assert len(listing.files) == 10
    assert any("more than 10" in n for n in listing.notes)


def test_repo_id_comes_from_openness_yaml_else_the_folder_name(tmp_path):
    from openness.check.checklist import run_check

    assert run_check(RELEASES / "level3-code", offline=True).subject.repo_id == "fixture-lab/thyme-7b"
    assert run_check(RELEASES / "level1-weights", offline=True).subject.repo_id == "local/level1-weights"


def test_not_a_folder_is_a_usage_error(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(UsageError):
        read_release_folder(tmp_path / "file")


def test_declared_findings_of_a_published_repo():
    text = (RELEASES / "level3-code" / "openness.yaml").read_text()
    hub = Snapshot(repo_id="fixture-lab/thyme-7b", revision="abc123", source="hub", publisher_file=text)
    findings = declared_findings(hub)
    by_component = {f.component: f for f in findings}
    assert by_component["training_code"].status == "released"
    assert by_component["training_code"].probe == "declared.training_code"
    ev = by_component["training_code"].evidence[0]
    assert ev.origin == "declared" and ev.locator == "hf://fixture-lab/thyme-7b@abc123/openness.yaml#L6"
    assert by_component["training_data"].status == "none" and "withheld" in by_component["training_data"].reason
    # a broken file in someone else's repository yields nothing rather than an error
    assert declared_findings(hub, text="trainng_code: x") == []
