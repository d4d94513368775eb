"""The pre-commit hook and the GitHub composite action, parsed and run locally as a runner would."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from check_helpers import RELEASES, REPO_ROOT  # type: ignore[import-not-found]

BIN = Path(sys.executable).parent


def _env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGING_FACE", "GITHUB_"))}
    env.update({"PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}", "NO_COLOR": "1"})
    env.update(extra)
    return env


def test_pre_commit_hooks_run_openness_check():
    hooks = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text())
    by_id = {h["id"]: h for h in hooks}
    assert set(by_id) == {"openness-check", "openness-check-links"}
    for hook in hooks:
        assert hook["entry"] == "openness check" and hook["language"] == "python"
        assert hook["pass_filenames"] is False
        re.compile(hook["files"])
        assert re.search(hook["files"], "README.md") and re.search(hook["files"], "models/x/openness.yaml")
    hook = by_id["openness-check"]
    # run it as pre-commit would, from the repository root
    for name, code in (("level3-code", 0), ("claims4-no-data", 1)):
        cmd = [*shlex.split(hook["entry"]), *hook.get("args", [])]
        result = subprocess.run(cmd, cwd=RELEASES / name, capture_output=True, text=True, env=_env({}), timeout=60)
        assert result.returncode == code, result.stderr


def _action_step(action: dict, step_id: str) -> dict:
    return next(s for s in action["runs"]["steps"] if s.get("id") == step_id)


def _run_action_step(tmp_path: Path, inputs: dict[str, str]) -> tuple[subprocess.CompletedProcess, Path, Path]:
    action = yaml.safe_load((REPO_ROOT / "action.yml").read_text())
    values = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    values.update(inputs)
    step = _action_step(action, "check")
    env = {}
    for key, expr in step["env"].items():
        match = re.fullmatch(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", expr)
        assert match, f"{key} must be a plain input expression"
        env[key] = values[match.group(1)]
    assert "${{" not in step["run"], "inputs must reach the script through env, not template expansion"
    summary, outputs = tmp_path / "summary.md", tmp_path / "outputs.txt"
    script = tmp_path / "step.sh"
    script.write_text(step["run"])
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],  # GitHub's `shell: bash`
        capture_output=True, text=True, timeout=120, cwd=REPO_ROOT,
        env=_env({**env, "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(outputs), "RUNNER_TEMP": str(tmp_path)}),
    )
    return result, summary, outputs


def test_action_declares_its_inputs_and_installs_the_package():
    action = yaml.safe_load((REPO_ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    assert {"path", "target-level", "format"} <= set(action["inputs"])
    assert any("pip install" in s.get("run", "") for s in action["runs"]["steps"])


def test_action_writes_the_step_summary_and_fails_below_target(tmp_path):
    result, summary, outputs = _run_action_step(
        tmp_path, {"path": str(RELEASES / "claims4-no-data"), "offline": "true"}
    )
    assert result.returncode == 1, result.stderr
    text = summary.read_text()
    assert "# Openness pre-publication check" in text and "**Result: FAIL**" in text
    out = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    assert out["exit-code"] == "1" and Path(out["report"]).is_file()


def test_action_sarif_report_and_markdown_summary(tmp_path):
    result, summary, outputs = _run_action_step(
        tmp_path, {"path": str(RELEASES / "level3-code"), "format": "sarif", "target-level": "3", "offline": "true"}
    )
    assert result.returncode == 0, result.stderr
    out = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    assert json.loads(Path(out["report"]).read_text())["version"] == "2.1.0"
    assert "**Result: PASS**" in summary.read_text()


def test_action_configuration_error_exits_2(tmp_path):
    result, summary, _ = _run_action_step(tmp_path, {"path": str(tmp_path / "missing"), "offline": "true"})
    assert result.returncode == 2
    assert not summary.exists() or summary.read_text() == ""


@pytest.mark.parametrize("hostile", ["x; touch pwned", "$(touch pwned)"])
def test_action_inputs_cannot_inject_shell(tmp_path, hostile):
    _run_action_step(tmp_path, {"path": hostile, "offline": "true"})
    assert not (REPO_ROOT / "pwned").exists() and not (tmp_path / "pwned").exists()
