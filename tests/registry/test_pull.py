"""`openness registry pull`: entries written from the (fake) Hub, curated work never overwritten,
and a pull killed mid-write or racing another pull never leaves a lost or broken file."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml

from openness.registry.schema import ModelEntry
from openness.registry.store import clear_cache, validate_registry
from openness.registry.update import update_entry
from registry_helpers import SOURCE, claim, make_registry, model, write

OPENNESS = [sys.executable, "-m", "openness"]


def run_cli(args: list[str], env: dict, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*OPENNESS, *args], env=env, capture_output=True, text=True, timeout=120, **kw)


def load(path: Path) -> ModelEntry:
    return ModelEntry.model_validate(yaml.safe_load(path.read_text()))


def errors(root: Path) -> list:
    clear_cache()
    return [p for p in validate_registry(root) if p.severity == "error"]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_registry(tmp_path)


def test_pull_writes_a_new_entry_with_pulled_claims(root: Path, hub_env: dict) -> None:
    done = run_cli(["registry", "pull", "allenai/OLMo-7B", "--root", str(root)], hub_env)
    assert done.returncode == 0, done.stderr
    path = root / "models" / "allenai" / "OLMo-7B.yaml"
    entry = load(path)
    assert entry.components["weights"].status == "open"
    assert {c.provenance for c in entry.components.values()} == {"pulled"}
    assert entry.licenses.weights is not None and entry.licenses.weights.provenance == "pulled"
    assert "+id: allenai/OLMo-7B" in done.stdout  # the diff is shown
    assert errors(root) == []
    # Readable YAML: block style, schema key order, no anchors.
    text = path.read_text()
    assert text.index("id:") < text.index("components:") < text.index("licenses:")
    assert "&id" not in text and "{" not in text


def test_second_pull_is_up_to_date(root: Path, hub_env: dict) -> None:
    run_cli(["registry", "pull", "allenai/OLMo-7B", "--root", str(root)], hub_env)
    again = run_cli(["registry", "pull", "allenai/OLMo-7B", "--root", str(root)], hub_env)
    assert again.returncode == 0
    assert again.stdout == ""
    assert "up to date" in again.stderr


def test_dry_run_shows_the_diff_and_writes_nothing(root: Path, hub_env: dict) -> None:
    done = run_cli(["registry", "pull", "allenai/OLMo-7B", "--dry-run", "--root", str(root)], hub_env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("--- /dev/null\n+++ b/OLMo-7B.yaml")
    assert "would write" in done.stderr
    assert list((root / "models").rglob("*")) == []  # not even a folder or a lock file


def test_curated_claims_are_kept_and_disagreements_reported(root: Path, hub_env: dict) -> None:
    path = write(root, "models/allenai/OLMo-7B.yaml", model(
        "allenai/OLMo-7B",
        name="OLMo 7B (curated name)",
        components={"training_data": claim("partial", note="curator's judgement")},
        licenses={"weights": {"key": "mit", "evidence": [dict(SOURCE)]}},
    ))
    done = run_cli(["registry", "pull", "allenai/OLMo-7B", "--root", str(root)], hub_env)
    assert done.returncode == 0, done.stderr
    entry = load(path)
    assert entry.name == "OLMo 7B (curated name)"
    kept = entry.components["training_data"]
    assert (kept.status, kept.provenance, kept.note) == ("partial", "curated", "curator's judgement")
    assert entry.licenses.weights.key == "mit" and entry.licenses.weights.provenance == "curated"
    assert entry.components["weights"].provenance == "pulled"  # gaps are filled
    assert "training_data: kept the curated 'partial'" in done.stderr
    assert "license: kept the curated 'mit'" in done.stderr


def test_a_curated_family_claim_is_not_shadowed(root: Path, hub_env: dict) -> None:
    write(root, "families/olmo.yaml", {"id": "olmo", "name": "OLMo", "components": {"weights": claim("gated")}})
    path = write(root, "models/allenai/OLMo-7B.yaml", model("allenai/OLMo-7B", family="olmo"))
    done = run_cli(["registry", "pull", "allenai/OLMo-7B", "--root", str(root)], hub_env)
    assert done.returncode == 0, done.stderr
    assert "weights" not in load(path).components
    assert "weights: kept the curated 'gated' from its family" in done.stderr


def test_earlier_pulled_claims_are_refreshed(root: Path, hub_env: dict) -> None:
    stale = claim("closed", provenance="pulled")
    path = write(root, "models/allenai/OLMo-7B.yaml", model("allenai/OLMo-7B", components={"weights": stale}))
    assert run_cli(["registry", "pull", "allenai/OLMo-7B", "--root", str(root)], hub_env).returncode == 0
    assert load(path).components["weights"].status == "open"


def test_unknown_model_exits_3_and_writes_nothing(root: Path, hub_env: dict) -> None:
    done = run_cli(["registry", "pull", "nobody/no-such-model", "--root", str(root)], hub_env)
    assert done.returncode == 3
    assert "Traceback" not in done.stderr
    assert list((root / "models").rglob("*.yaml")) == []


def test_bad_root_is_a_usage_error(tmp_path: Path, hub_env: dict) -> None:
    done = run_cli(["registry", "pull", "allenai/OLMo-7B", "--root", str(tmp_path / "nowhere")], hub_env)
    assert done.returncode == 2
    assert "no such folder" in done.stderr


def test_a_broken_entry_is_not_overwritten(root: Path, hub_env: dict) -> None:
    path = write(root, "models/allenai/OLMo-7B.yaml", "id: [unclosed\n")
    done = run_cli(["registry", "pull", "allenai/OLMo-7B", "--root", str(root)], hub_env)
    assert done.returncode == 2
    assert "fix it by hand" in done.stderr
    assert path.read_text() == "id: [unclosed\n"


# ------------------------------------------------------------------------------------------------
# Crashes and races

# Runs `openness registry pull` with fsync slowed down: the new text sits complete in write_atomic's
# temporary file, not yet renamed over the entry, when the test kills the process.
_SLOW_WRITE_DRIVER = textwrap.dedent(
    """
    import os, sys, time
    real_fsync = os.fsync
    def slow_fsync(fd):
        time.sleep(float(os.environ["SLOW_FSYNC"]))
        real_fsync(fd)
    os.fsync = slow_fsync
    from openness.cli.app import main
    sys.argv = ["openness", *sys.argv[1:]]
    main()
    """
)


def _seed_curated(root: Path) -> tuple[Path, str]:
    path = write(root, "models/allenai/OLMo-7B.yaml", model(
        "allenai/OLMo-7B", name="OLMo 7B", components={"training_data": claim("partial")}
    ))
    return path, path.read_text()


def _assert_intact(path: Path, previous: str) -> None:
    text = path.read_text()
    entry = ModelEntry.model_validate(yaml.safe_load(text))  # valid, whichever version it is
    assert text == previous or entry.components["training_data"].provenance == "curated"


def test_pull_killed_mid_write_leaves_the_previous_file_intact(root: Path, hub_env: dict) -> None:
    path, previous = _seed_curated(root)
    env = {**hub_env, "SLOW_FSYNC": "30"}
    args = ["registry", "pull", "allenai/OLMo-7B", "--root", str(root)]
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_WRITE_DRIVER, *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not list(path.parent.glob(".OLMo-7B.yaml.*.tmp")):  # the write has begun
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline, "the pull never started writing"
        time.sleep(0.02)
    time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stdout.close(), proc.stderr.close()

    assert path.read_text() == previous
    assert load(path).components["training_data"].provenance == "curated"
    assert errors(root) == []  # the leftover temp file and lock are not mistaken for entries

    # The killed writer's lock dies with it: the next pull succeeds at once and cleans up.
    started = time.monotonic()
    done = run_cli(args, hub_env)
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 20
    assert load(path).components["weights"].provenance == "pulled"
    assert load(path).components["training_data"].provenance == "curated"
    assert sorted(p.name for p in path.parent.iterdir()) == ["OLMo-7B.yaml"]


def test_pulls_killed_at_random_moments_never_break_the_file(root: Path, hub_env: dict) -> None:
    path, previous = _seed_curated(root)
    args = ["registry", "pull", "allenai/OLMo-7B", "--root", str(root)]
    env = {**hub_env, "SLOW_FSYNC": "0.3"}
    rng = random.Random(4)
    for _ in range(6):
        proc = subprocess.Popen([sys.executable, "-c", _SLOW_WRITE_DRIVER, *args], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        _assert_intact(path, previous)
        previous = path.read_text()


def test_concurrent_pulls_leave_a_valid_file(root: Path, hub_env: dict) -> None:
    path, _ = _seed_curated(root)
    args = ["registry", "pull", "allenai/OLMo-7B", "--root", str(root)]
    procs = [subprocess.Popen([*OPENNESS, *args], env=hub_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for _ in range(4)]
    for proc in procs:
        assert proc.wait(timeout=120) == 0, proc.stderr.read().decode()
        proc.stderr.close()
    entry = load(path)
    assert entry.components["training_data"].provenance == "curated"
    assert entry.components["weights"].provenance == "pulled"
    assert errors(root) == []


_ADD_ALIAS = textwrap.dedent(
    """
    import sys
    from openness.registry.update import update_entry
    root, alias = sys.argv[1], sys.argv[2]
    def add(entry, family):
        return entry.model_copy(update={"aliases": [*entry.aliases, alias]}), []
    update_entry(root, "allenai/OLMo-7B", add)
    """
)


def test_concurrent_writers_lose_no_update(root: Path) -> None:
    """Each writer reads the entry under the lock, so none bases its change on a stale copy."""
    path, _ = _seed_curated(root)
    env = {**os.environ}
    procs = [subprocess.Popen([sys.executable, "-c", _ADD_ALIAS, str(root), f"old-org/olmo-{i}"], env=env)
             for i in range(8)]
    assert [p.wait(timeout=60) for p in procs] == [0] * 8
    assert sorted(load(path).aliases) == sorted(f"old-org/olmo-{i}" for i in range(8))


def test_update_entry_refuses_to_write_an_invalid_entry(root: Path) -> None:
    path, previous = _seed_curated(root)

    def breaks(entry, family):
        return entry.model_copy(update={"id": "not a repo id"}), []

    with pytest.raises(Exception):
        update_entry(root, "allenai/OLMo-7B", breaks)
    assert path.read_text() == previous
