"""Regressions found by running the command line as users do: each test names what went wrong."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from openness import __version__

REPO_ROOT = Path(__file__).resolve().parents[2]


def run(args: list[str], env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGING_FACE", "OPENNESS_"))}
    env.update({"HF_HUB_DISABLE_TELEMETRY": "1", "NO_COLOR": "1"})
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "openness", *args], capture_output=True, text=True, env=env, timeout=60, cwd=REPO_ROOT
    )


def test_version_alone_prints_the_version():
    # `openness --version` failed with "Missing command." (exit 2): the group callback that printed
    # it only runs once a subcommand is given.
    result = run(["--version"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"openness {__version__}"


def test_no_registry_failure_does_not_claim_the_registry_has_no_entry():
    # The registry has an entry for this model; with --no-registry the message said it had none.
    import socket

    with socket.socket() as s:  # a port nothing listens on: the Hub is unreachable
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = run(["audit", "meta-llama/Meta-Llama-3-70B", "--no-registry", "--endpoint", f"http://127.0.0.1:{port}"])
    assert result.returncode == 3
    assert "has no entry" not in result.stderr
    assert "--no-registry" in result.stderr


def test_malformed_endpoint_is_a_usage_error_not_a_silent_registry_fallback():
    # `--endpoint huggingface.co` (no scheme) fell back to the registry and exited 0, as if the Hub
    # were down: a CI job with a typo in HF_ENDPOINT never read the Hub and never noticed.
    for args, env in (
        (["--endpoint", "huggingface.co"], None),
        ([], {"HF_ENDPOINT": "ftp://mirror.example"}),
        (["--endpoint", "https://user:secret@"], None),
        (["--endpoint", "http://[::1"], None),
    ):
        result = run(["audit", "allenai/OLMo-7B", *args], env)
        assert result.returncode == 2, (args, env, result.stdout, result.stderr)
        assert result.stderr.startswith("error: Hub endpoint"), result.stderr
        assert "secret" not in result.stderr


def test_a_folder_that_is_not_a_registry_is_a_usage_error(tmp_path):
    for args in (["registry", "list", "--root", str(tmp_path)], ["leaderboard", "--root", str(tmp_path)]):
        result = run(args)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert "not a registry" in result.stderr


def test_a_trailing_slash_in_a_repo_id_is_accepted():
    result = run(["audit", "meta-llama/Meta-Llama-3-70B/", "--offline", "-f", "json"])
    assert result.returncode == 0, result.stderr
    assert '"repo_id": "meta-llama/Meta-Llama-3-70B"' in result.stdout
