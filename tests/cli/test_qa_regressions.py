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
    result = run(["audit", "meta-llama/Meta-Llama-3-70B", "--offline", "--no-registry"])
    assert result.returncode == 3
    assert "has no entry" not in result.stderr
    assert "--no-registry" in result.stderr
