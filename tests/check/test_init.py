"""`openness init` writes a commented openness.yaml that `openness check` reads back."""

from __future__ import annotations

import json
import shutil

from check_helpers import RELEASES, run_cli  # type: ignore[import-not-found]
from openness.check.publisher import load_publisher_file


def _folder(tmp_path, name="level2-report"):
    folder = tmp_path / "release"
    shutil.copytree(RELEASES / name, folder)
    (folder / "openness.yaml").unlink(missing_ok=True)
    return folder


def test_init_then_check_round_trip(tmp_path):
    folder = _folder(tmp_path)
    readme = folder / "README.md"
    readme.write_text(readme.read_text() + "\nTraining code: https://github.com/fixture-lab/sorrel-train\n")
    result = run_cli(["init", str(folder)])
    assert result.returncode == 0, result.stderr
    written = (folder / "openness.yaml").read_text()
    assert "# target_level: 3" in written and "# withheld:" in written  # placeholders stay commented
    loaded = load_publisher_file(folder / "openness.yaml")
    assert loaded is not None
    assert loaded.data.technical_report.url == "https://arxiv.org/abs/2601.01234"
    assert loaded.data.training_code.url == "https://github.com/fixture-lab/sorrel-train"
    check = run_cli(["check", str(folder), "--offline", "--format", "json"])
    assert check.returncode == 0, check.stderr
    assert json.loads(check.stdout)["subject"]["publisher_file"] == "openness.yaml"


def test_init_fills_pretraining_datasets_from_the_card(tmp_path):
    folder = _folder(tmp_path, "level4-data")
    assert run_cli(["init", str(folder)]).returncode == 0
    loaded = load_publisher_file(folder / "openness.yaml")
    assert loaded.data.training_data.datasets == ["fixture-lab/basil-pretrain-corpus"]


def test_init_refuses_to_overwrite_without_force(tmp_path):
    folder = _folder(tmp_path)
    (folder / "openness.yaml").write_text("target_level: 2\n")
    result = run_cli(["init", str(folder)])
    assert result.returncode == 2 and "already exists" in result.stderr
    assert (folder / "openness.yaml").read_text() == "target_level: 2\n"
    assert run_cli(["init", str(folder), "--force"]).returncode == 0
    assert "technical_report:" in (folder / "openness.yaml").read_text()


def test_init_of_a_missing_folder_exits_2(tmp_path):
    result = run_cli(["init", str(tmp_path / "nope")])
    assert result.returncode == 2 and "no such folder" in result.stderr


def test_hostile_card_links_still_give_loadable_yaml(tmp_path):
    folder = _folder(tmp_path, "hostile-card")
    readme = folder / "README.md"
    readme.write_text(readme.read_text() + '\nTechnical report: https://arxiv.org/abs/2601.09999"#: {x}\n')
    assert run_cli(["init", str(folder)]).returncode == 0
    assert load_publisher_file(folder / "openness.yaml") is not None
