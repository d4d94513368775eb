"""`openness audit` as a user runs it: a subprocess, real exit codes, real output."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def run(args: list[str], env_extra: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGING_FACE"))}
    env.update({"HF_HUB_DISABLE_TELEMETRY": "1", "NO_COLOR": "1"})
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "openness", *args], capture_output=True, text=True, env=env, timeout=timeout, cwd=REPO_ROOT
    )


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


UNREACHABLE = {"HF_ENDPOINT": f"http://127.0.0.1:{_closed_port()}"}


def test_offline_registry_audit_of_llama3_70b(tmp_path):
    result = run(["audit", "meta-llama/Meta-Llama-3-70B", "--offline", "--format", "json"])
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["subject"]["repo_id"] == "meta-llama/Meta-Llama-3-70B"
    assert report["subject"]["source"] == "registry"
    assert 1 <= report["level"]["value"] <= 2
    lic = report["license"]
    assert lic["key"] == "llama3"
    assert lic["osi_approved"] is False
    assert {"metric": "monthly_active_users", "threshold": 700_000_000} in [
        {"metric": c["metric"], "threshold": c["threshold"]} for c in lic["usage_caps"]
    ]
    # every passing check is backed by evidence from the registry
    for check in report["checks"]:
        if check["outcome"] == "pass":
            assert check["evidence"], check
            assert all(ev["origin"] == "registry" for ev in check["evidence"])


def test_unreachable_hub_falls_back_to_registry_at_once_and_says_so():
    start = time.monotonic()
    result = run(["audit", "meta-llama/Meta-Llama-3-70B"], env_extra=UNREACHABLE)
    elapsed = time.monotonic() - start
    assert result.returncode == 0, result.stderr
    assert elapsed < 15
    assert "registry" in result.stdout.lower()
    assert "Level " in result.stdout
    assert "Traceback" not in result.stderr


def test_unreachable_hub_and_no_registry_entry_is_exit_3_with_one_line():
    result = run(["audit", "nobody-knows/this-model"], env_extra=UNREACHABLE)
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("error:")
    assert len(result.stderr.strip().splitlines()) == 1


def test_offline_no_registry_is_a_usage_error_as_in_scan():
    result = run(["audit", "meta-llama/Meta-Llama-3-70B", "--offline", "--no-registry"])
    assert result.returncode == 2
    assert "nothing to audit from" in result.stderr


@pytest.mark.parametrize("bad", ["../etc/passwd", "just-a-name", "a/b/c", "org/na me", "org/..", "x-/y", "org/a--b"])
def test_malformed_repo_id_is_a_usage_error(bad):
    result = run(["audit", bad, "--offline"])
    assert result.returncode == 2, (bad, result.stdout, result.stderr)
    assert "not a model repo id" in result.stderr
    assert "Traceback" not in result.stderr


def test_gate_min_level_fails_with_exit_1_but_still_writes_output(tmp_path):
    out = tmp_path / "report.md"
    result = run(["audit", "meta-llama/Meta-Llama-3-70B", "--offline", "--min-level", "4", "-f", "markdown", "-o", str(out)])
    assert result.returncode == 1
    assert "gate failed" in result.stderr
    assert out.read_text().startswith("# Openness audit: meta-llama/Meta-Llama-3-70B")


def test_gate_passes_with_exit_0():
    result = run(["audit", "meta-llama/Meta-Llama-3-70B", "--offline", "--min-level", "1", "--require", "weights-downloadable"])
    assert result.returncode == 0, result.stderr


def test_require_unknown_check_is_usage_error():
    result = run(["audit", "meta-llama/Meta-Llama-3-70B", "--offline", "--require", "no-such-check"])
    assert result.returncode == 2
    assert "unknown check" in result.stderr


def test_bad_format_and_bad_date_are_usage_errors():
    assert run(["audit", "meta-llama/Meta-Llama-3-70B", "--offline", "-f", "xml"]).returncode == 2
    r = run(["audit", "meta-llama/Meta-Llama-3-70B", "--offline", "--as-of", "yesterday"])
    assert r.returncode == 2 and "YYYY-MM-DD" in r.stderr


def test_as_of_before_the_paper_lowers_llama3_to_level_1():
    before = json.loads(run(["audit", "meta-llama/Meta-Llama-3-70B", "--offline", "-f", "json", "--as-of", "2024-05-01"]).stdout)
    after = json.loads(run(["audit", "meta-llama/Meta-Llama-3-70B", "--offline", "-f", "json", "--as-of", "2024-08-01"]).stdout)
    assert before["level"]["value"] == 1
    assert after["level"]["value"] == 2
    assert before["as_of"] == "2024-05-01"


def test_output_to_missing_folder_is_usage_error_and_writes_nothing(tmp_path):
    target = tmp_path / "nope" / "r.json"
    result = run(["audit", "meta-llama/Meta-Llama-3-70B", "--offline", "-f", "json", "-o", str(target)])
    assert result.returncode == 2
    assert not target.exists()


def test_help_does_not_import_the_hub_client():
    code = "import sys; from openness.cli.app import app; print('huggingface_hub' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("args", [["audit", "-x/y"], ["audit"], ["no-such-command"], ["audit", "a/b", "--min-level", "9"]])
def test_command_line_mistakes_exit_2_without_traceback(args):
    result = run(args)
    assert result.returncode == 2, (args, result.stderr)
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr


def test_rubric_all_adds_every_framework_verdict_to_the_json_report():
    result = run(["audit", "meta-llama/Meta-Llama-3-70B", "--offline", "-f", "json", "--rubric", "all"])
    assert result.returncode == 0, result.stderr
    frameworks = json.loads(result.stdout)["frameworks"]
    assert set(frameworks) == {"mof", "osaid", "eu_ai_act", "eu_index"}
    eu = frameworks["eu_ai_act"]
    assert eu["verdict"] == "fail"
    assert any("700,000,000" in f or "usage cap" in f for f in eu["failing"])
    assert frameworks["osaid"]["verdict"] == "fail" and frameworks["osaid"]["failing"]


def test_plain_audit_has_no_frameworks_and_unknown_framework_is_usage_error():
    plain = json.loads(run(["audit", "meta-llama/Meta-Llama-3-70B", "--offline", "-f", "json"]).stdout)
    assert plain["frameworks"] == {}
    bad = run(["audit", "meta-llama/Meta-Llama-3-70B", "--offline", "--rubric", "iso-42001"])
    assert bad.returncode == 2 and "unknown framework" in bad.stderr


def test_a_publisher_may_relicense_its_own_derivative():
    # DeepSeek-R1 (MIT) is a fine-tune of DeepSeek-V3-Base (DeepSeek model license), both by DeepSeek.
    report = json.loads(run(["audit", "deepseek-ai/DeepSeek-R1", "--offline", "-f", "json"]).stdout)
    assert report["lineage"]["base_model"] == "deepseek-ai/DeepSeek-V3-Base"
    assert report["license"]["key"] == "mit"
    assert report["license"]["declared"] is None  # no card was read: nothing was declared to us
    assert any("deepseek" in note and "same publisher" in note for note in report["notes"])
