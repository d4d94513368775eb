"""`openness registry validate|list|show` through the real entry point, with its exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import yaml

from registry_helpers import make_registry, model, write


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "openness", "registry", *args], capture_output=True, text=True, timeout=60)


def test_validate_shipped_registry_exits_0():
    result = run("validate")
    assert result.returncode == 0, result.stdout
    assert "0 error(s)" in result.stderr


def test_validate_lists_problems_and_exits_1(tmp_path):
    root = make_registry(tmp_path)
    write(root, "models/foo/bar.yaml", model("foo/bar", components={"training_code": {"status": "released"}}))
    result = run("validate", "--root", str(root))
    assert result.returncode == 1
    assert "error: registry/models/foo/bar.yaml: components.training_code: status 'released' needs" in result.stdout
    assert "registry validation failed: 1 error(s)" in result.stderr


def test_list_filters_by_org_license_and_level():
    result = run("list", "--org", "01-ai", "--license", "yi-license", "--as-of", "2024-01-01")
    assert result.returncode == 0
    ids = [line.split()[0] for line in result.stdout.splitlines()[1:]]
    assert "01-ai/Yi-34B" in ids and all(i.startswith("01-ai/") for i in ids)
    assert run("list", "--org", "01-ai", "--license", "yi-license").stdout == ""  # Apache-2.0 today
    level5 = run("list", "--level", "5").stdout
    assert "allenai/OLMo-7B" in level5 and "meta-llama/" not in level5


def test_show_yaml_and_json():
    shown = yaml.safe_load(run("show", "meta-llama/Meta-Llama-3-70B").stdout)
    assert shown["id"] == "meta-llama/Meta-Llama-3-70B"
    assert shown["components"]["technical_report"]["history"][0]["status"] == "evaluation"
    as_json = json.loads(run("show", "https://huggingface.co/01-ai/Yi-34B", "--format", "json").stdout)
    assert as_json["licenses"]["weights"]["history"][0]["key"] == "yi-license"


def test_show_unknown_model_exits_3_with_a_message():
    result = run("show", "nobody/nothing-here")
    assert result.returncode == 3
    assert "no entry for nobody/nothing-here" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_input_is_a_usage_error():
    assert run("show", "not-a-repo-id").returncode == 2
    assert run("show", "meta-llama/Meta-Llama-3-70B", "--format", "xml").returncode == 2
    assert run("list", "--as-of", "last week").returncode == 2
