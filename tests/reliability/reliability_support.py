"""Helpers shared by the reliability tests: running the CLI as a user does, and hostile fixtures.

(A plain module, not a conftest: test folders here are not packages, and tests/conftest.py already
puts tests/ on sys.path; this folder is added by pytest's rootdir-relative import of the test files.)
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CORPUS_CARDS = REPO_ROOT.parent / "shared" / "corpus" / "cards"

# A token shaped like a real one, used wherever a secret could leak; grepped for in every output.
SECRET_TOKEN = "hf_RelIabIl1tyT0kenThatMustNeverBeSh0wn"

ESC = "\x1b"


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str
    elapsed: float


def run_cli(args: list[str], env: dict[str, str], *, timeout: float = 90, cwd: Path | None = None) -> CliResult:
    """`python -m openness ARGS` in a subprocess with `env` (e.g. hub_env), timed."""
    env = {**env, "NO_COLOR": "1", "COLUMNS": "120"}
    env.pop("OPENNESS_DEBUG", None)
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "openness", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        cwd=cwd or REPO_ROOT,
    )
    return CliResult(proc.returncode, proc.stdout, proc.stderr, time.monotonic() - start)


def assert_one_line_error(result: CliResult, code: int) -> str:
    """The documented failure shape: exit `code`, exactly one stderr line starting 'error:', no traceback."""
    assert result.returncode == code, (result.returncode, result.stderr, result.stdout[:500])
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), result.stderr
    return lines[0]


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """os.environ without Hub identity or endpoint variables (tests/conftest.py has already cleaned it)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGING_FACE", "OPENNESS_"))}
    env.update({"HF_HUB_DISABLE_TELEMETRY": "1", "HF_HUB_DISABLE_PROGRESS_BARS": "1", "HF_HUB_DISABLE_XET": "1"})
    env.update(extra or {})
    return env


# A card whose every field a report might show is hostile: markdown/HTML injection, table breakers,
# terminal escape sequences (written as YAML escapes: raw ESC is not valid YAML), C1 CSI.
HOSTILE_CARD = """---
license: other
license_name: "evil|name <script>alert(1)</script> \\e[31mRED\\e[0m \\e]0;pwned title\\a \\u009b2J"
license_link: "javascript:alert(1)"
datasets:
- "evil/data|x <script>alert(2)</script>"
- "org/ds\\e[2J"
base_model: "../../etc/passwd"
---
# Model <script>alert('h')</script> \x1b[2J

We release the weights. Technical report: https://arxiv.org/abs/2401.00001 <img src=x onerror=alert(4)> \x1b[31mred\x1b[0m
Training code: https://github.com/evil/train|<img src=x onerror=alert(5)> \x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\
Training data: https://huggingface.co/datasets/evil/data)](javascript:alert(6))
| a | b |
|---|---|
| x | y |
"""

HOSTILE_LICENSE = (
    "Evil License <script>alert(7)</script> | \x1b[31m\n"
    "You may not use the model for commercial purposes.\n"
    "If you have more than 5 million monthly active users you must request a license. \x1b[2J\n"
)


def run_main(args: list[str]) -> CliResult:
    """The CLI's main() in this process (exit-code mapping included), for cases that make no Hub
    request: ten times faster than a subprocess."""
    import contextlib
    import io

    from openness.cli.app import main

    out, err = io.StringIO(), io.StringIO()
    saved = sys.argv
    sys.argv = ["openness", *args]
    start = time.monotonic()
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = saved
    return CliResult(code, out.getvalue(), err.getvalue(), time.monotonic() - start)
