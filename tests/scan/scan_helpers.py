"""Helpers for scan tests: a generated org on its own fake Hub, and running `openness scan`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from fakehub import write_fixture_repo

REPO_ROOT = Path(__file__).resolve().parents[2]

APACHE_CARD = """---
license: apache-2.0
---
# {name}

Weights in safetensors. Technical report: https://arxiv.org/abs/2401.00001
"""

FINETUNE_CARD = """---
license: apache-2.0
base_model: {base}
---
# {name}

A fine-tune of {base}.
"""


def build_org(root: Path, org: str = "scanorg", count: int = 7) -> list[str]:
    """`count` public models of `org`; the last is a fine-tune of the first. Returns their ids."""
    ids = [f"{org}/model-{i}" for i in range(count)]
    for i, repo_id in enumerate(ids):
        name = repo_id.split("/")[1]
        derivative = i == count - 1
        card = FINETUNE_CARD.format(name=name, base=ids[0]) if derivative else APACHE_CARD.format(name=name)
        write_fixture_repo(
            root,
            repo_id,
            info={"tags": ["license:apache-2.0"], "cardData": {"license": "apache-2.0"}},
            files={"README.md": card, "LICENSE": "Apache License\nVersion 2.0, January 2004\n"},
            meta={"weight_stubs": {"model.safetensors": 1000}},
        )
    return ids


def scan_env(hub_url: str, hf_home: Path, cache_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGING", "OPENNESS_"))}
    env.update(
        HF_ENDPOINT=hub_url,
        HF_HOME=str(hf_home),
        HF_HUB_DISABLE_TELEMETRY="1",
        HF_HUB_DISABLE_PROGRESS_BARS="1",
        HF_HUB_DISABLE_XET="1",
        OPENNESS_CACHE_DIR=str(cache_dir),
        NO_PROXY="127.0.0.1,localhost",
    )
    return env


def run_scan(args: list[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "openness", "scan", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO_ROOT,
        timeout=timeout,
    )
