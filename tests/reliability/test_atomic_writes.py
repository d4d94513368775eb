"""Every report we write is atomic: a process killed at any moment leaves the previous version or
the new one, complete; a write that fails or is stopped (SIGTERM) leaves no temporary file.

The kill tests are seeded, so a failure can be replayed; each kill lands at a random moment of a
write loop (or of a whole CLI run), many times over.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from openness.errors import UsageError
from openness.fileio import write_atomic
from reliability_support import REPO_ROOT, assert_one_line_error, clean_env, run_main

# A child that writes two large self-checking versions to TARGET in turn, as fast as it can.
_WRITER = r"""
import sys
from openness.fileio import write_atomic
target, size = sys.argv[1], int(sys.argv[2])
versions = [f"BEGIN {name} {size}\n" + name * size + f"\nEND {name}\n" for name in "AB"]
print("ready", flush=True)
i = 0
while True:
    write_atomic(target, versions[i % 2])
    i += 1
"""


def _is_complete(text: str, size: int) -> bool:
    for name in "AB":
        if text == f"BEGIN {name} {size}\n" + name * size + f"\nEND {name}\n":
            return True
    return False


def _temp_files(folder: Path, name: str) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(f".{name}.") and p.name.endswith(".tmp")]


def test_killed_writer_leaves_a_complete_old_or_new_file(tmp_path: Path) -> None:
    rng = random.Random(8)
    target = tmp_path / "report.txt"
    size = 8_000_000  # ~8 MB per version: a write takes long enough to be hit mid-way
    kills = 0
    for _ in range(12):
        proc = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(target), str(size)],
            stdout=subprocess.PIPE, cwd=REPO_ROOT, env=clean_env(),
        )
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.0, 0.4))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        proc.stdout.close()
        kills += 1
        if target.exists():
            assert _is_complete(target.read_text(encoding="utf-8"), size), f"torn file after kill {kills}"
    assert target.exists(), "no write ever completed: the test did not exercise anything"
    # SIGKILL cannot be cleaned up after; only our temporary names may remain, never a torn target.
    for leftover in _temp_files(tmp_path, target.name):
        leftover.unlink()


def test_killed_audit_with_output_leaves_the_old_report_or_a_whole_new_one(tmp_path: Path) -> None:
    rng = random.Random(3)
    out = tmp_path / "report.json"
    old = '{"old": "previous report, complete"}\n'
    out.write_text(old, encoding="utf-8")
    args = [sys.executable, "-m", "openness", "audit", "meta-llama/Meta-Llama-3-70B", "--offline", "-f", "json", "-o", str(out)]
    for _ in range(6):
        proc = subprocess.Popen(args, cwd=REPO_ROOT, env=clean_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 1.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        text = out.read_text(encoding="utf-8")
        if text != old:
            assert json.loads(text)["subject"]["repo_id"] == "meta-llama/Meta-Llama-3-70B"
    # Random kills may all land before the write: let one run finish, and the new report is whole.
    subprocess.run(args, cwd=REPO_ROOT, env=clean_env(), capture_output=True, timeout=60, check=True)
    assert json.loads(out.read_text(encoding="utf-8"))["level"]["value"] >= 1


# A child that runs the real CLI with a write that stalls inside write_atomic (after the temporary
# file is created, before the rename), so the parent can SIGTERM it mid-write.
_STALLED_CLI = r"""
import os, sys, time
import openness.fileio as fileio
real_fsync = fileio.os.fsync
def slow_fsync(fd):
    print("writing", flush=True)
    time.sleep(30)
fileio.os.fsync = slow_fsync
sys.argv = ["openness", *sys.argv[1:]]
from openness.cli.app import main
main()
"""


def test_sigterm_during_a_report_write_keeps_the_old_file_and_leaves_no_temp(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    out.write_text("old report\n", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-c", _STALLED_CLI, "audit", "meta-llama/Meta-Llama-3-70B", "--offline", "-f", "markdown", "-o", str(out)],
        cwd=REPO_ROOT, env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == b"writing"
    assert _temp_files(tmp_path, out.name), "the write should be in progress"
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=10)
    assert proc.returncode == 128 + signal.SIGTERM, stderr
    assert b"Traceback" not in stderr
    assert out.read_text(encoding="utf-8") == "old report\n"
    assert _temp_files(tmp_path, out.name) == []


def test_a_failed_rename_keeps_the_old_file_and_removes_the_temp(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "report.json"
    out.write_text("old\n", encoding="utf-8")

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("openness.fileio.os.replace", refuse)
    with pytest.raises(UsageError, match="No space left on device"):
        write_atomic(out, "new\n")
    assert out.read_text(encoding="utf-8") == "old\n"
    assert _temp_files(tmp_path, out.name) == []


def test_a_failed_write_keeps_the_old_file_and_removes_the_temp(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "report.json"
    out.write_text("old\n", encoding="utf-8")

    def broken(fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("openness.fileio.os.fsync", broken)
    with pytest.raises(UsageError, match="Input/output error"):
        write_atomic(out, "new\n")
    assert out.read_text(encoding="utf-8") == "old\n"
    assert _temp_files(tmp_path, out.name) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_unwritable_output_folder_is_exit_2_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = run_main(["audit", "meta-llama/Meta-Llama-3-70B", "--offline", "-o", str(folder / "r.txt")])
        assert "cannot write" in assert_one_line_error(result, 2)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_output_onto_a_folder_is_exit_2_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "a-folder"
    target.mkdir()
    result = run_main(["audit", "meta-llama/Meta-Llama-3-70B", "--offline", "-o", str(target)])
    assert_one_line_error(result, 2)
    assert [p.name for p in tmp_path.iterdir()] == ["a-folder"]


def test_a_report_keeps_the_mode_of_the_file_it_replaces_or_follows_the_umask(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.md"
    old_mask = os.umask(0o022)
    try:
        write_atomic(fresh, "x\n")
    finally:
        os.umask(old_mask)
    assert fresh.stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600
    shared = tmp_path / "shared.md"
    shared.write_text("old\n", encoding="utf-8")
    shared.chmod(0o664)
    write_atomic(shared, "new\n")
    assert shared.stat().st_mode & 0o777 == 0o664


def test_rubric_docs_output_is_written_atomically(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "rubrics.md"
    target.write_text("old\n", encoding="utf-8")
    calls = []
    import openness.fileio

    real = openness.fileio.write_atomic
    monkeypatch.setattr(openness.fileio, "write_atomic", lambda p, t: (calls.append(p), real(p, t)))
    result = run_main(["rubric", "docs", "--output", str(target)])
    assert result.returncode == 0, result.stderr
    assert calls == [target]
