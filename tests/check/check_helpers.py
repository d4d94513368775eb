"""Helpers for `openness check` tests: the release fixtures and a CLI runner (a real subprocess).

A plain module with a unique name (not conftest.py), so importing it never picks up another folder's conftest."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
RELEASES = REPO_ROOT / "tests" / "fixtures" / "releases"


def run_cli(args: list[str], env_extra: dict[str, str] | None = None, cwd: Path = REPO_ROOT, timeout: float = 60):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGING_FACE"))}
    env.update({"HF_HUB_DISABLE_TELEMETRY": "1", "NO_COLOR": "1"})
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "openness", *args], capture_output=True, text=True, env=env,
                          timeout=timeout, cwd=cwd)

