"""`openness scan` as a user runs it, against a fake Hub serving a generated org in small pages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from scan_helpers import REPO_ROOT, build_org, run_scan, scan_env

PAGE = 3


@pytest.fixture
def org_hub(tmp_path, fake_hub_factory):
    root = tmp_path / "hub"
    ids = build_org(root, count=7)  # 3 pages of 3
    hub = fake_hub_factory(root)
    hub.list_page_size = PAGE
    env = scan_env(hub.url, tmp_path / "hf_home", tmp_path / "cache")
    return hub, ids, env, tmp_path


def test_cold_scan_lists_by_page_and_downloads_each_file_once(org_hub):
    hub, ids, env, tmp = org_hub
    result = run_scan(["--author", "scanorg", "--jsonl", str(tmp / "out.jsonl")], env)
    assert result.returncode == 0, result.stderr
    assert hub.count("model_list") == 3  # 7 models, pages of 3
    assert hub.count("model_info") == 0  # the fine-tune's base came from the same listing
    assert hub.count("resolve", method="HEAD") == 0
    assert hub.count("resolve") == 2 * len(ids)  # README.md and LICENSE of each, once
    assert "7 audited, 0 failed" in result.stdout


def test_warm_scan_sends_only_the_listing_requests(org_hub):
    hub, ids, env, tmp = org_hub
    assert run_scan(["--author", "scanorg"], env).returncode == 0
    hub.clear_requests()
    result = run_scan(["--author", "scanorg"], env)
    assert result.returncode == 0, result.stderr
    assert [r.route for r in hub.requests] == ["model_list"] * 3
    assert "7 audited, 0 failed" in result.stdout


def test_refresh_ignores_the_cache(org_hub):
    hub, ids, env, tmp = org_hub
    assert run_scan(["--author", "scanorg"], env).returncode == 0
    hub.clear_requests()
    assert run_scan(["--author", "scanorg", "--refresh"], env).returncode == 0
    assert hub.count("resolve") == 2 * len(ids)


def test_corrupt_cache_entry_is_detected_and_refetched(org_hub):
    hub, ids, env, tmp = org_hub
    first = run_scan(["--author", "scanorg", "--jsonl", str(tmp / "a.jsonl")], env)
    assert first.returncode == 0, first.stderr
    cache = tmp / "cache"
    torn = sorted(cache.glob("*/scanorg/model-2/*.json"))  # files and report entries
    assert {p.parts[-4] for p in torn} == {"files", "reports"}
    for entry in torn:
        entry.write_text(entry.read_text()[:40])  # a torn write
    for entry in sorted(cache.glob("*/scanorg/model-3/*.json")):
        entry.write_text(entry.read_text().replace("Apache", "Evil"))  # well-formed, wrong checksum

    hub.clear_requests()
    second = run_scan(["--author", "scanorg", "--jsonl", str(tmp / "b.jsonl")], env)
    assert second.returncode == 0, second.stderr
    refetched = {r.repo for r in hub.requests if r.route == "resolve"}
    assert refetched == {"scanorg/model-2", "scanorg/model-3"}
    assert _levels(tmp / "a.jsonl") == _levels(tmp / "b.jsonl")
    for entry in torn:
        header, _, _payload = entry.read_text().partition("\n")
        assert json.loads(header)["checksum"]  # rewritten whole: a header line, then the payload

    hub.clear_requests()
    assert run_scan(["--author", "scanorg"], env).returncode == 0
    assert hub.count("resolve") == 0


def test_output_dir_and_jsonl_hold_one_report_per_model(org_hub):
    hub, ids, env, tmp = org_hub
    out = tmp / "reports"
    result = run_scan(["--author", "scanorg", "--output-dir", str(out), "--jsonl", "-"], env)
    assert result.returncode == 0, result.stderr
    files = sorted(p.name for p in out.iterdir())
    assert files == sorted(i.replace("/", "--") + ".json" for i in ids)
    report = json.loads((out / "scanorg--model-6.json").read_text())
    assert report["subject"]["repo_id"] == "scanorg/model-6"
    assert report["lineage"]["base_model"] == "scanorg/model-0"

    lines = [json.loads(line) for line in result.stdout.splitlines()]  # stdout is pure JSON Lines
    assert sorted(r["subject"]["repo_id"] for r in lines) == sorted(ids)
    assert "7 audited" in result.stderr  # the summary moved to stderr
    assert not list(out.glob(".*.tmp"))


def test_failures_are_recorded_and_the_rest_finished(org_hub):
    hub, ids, env, tmp = org_hub
    id_file = tmp / "ids.txt"
    id_file.write_text(
        "# models to check\n"
        "scanorg/model-0\n"
        "scanorg/model-1   # trailing comment\n"
        "scanorg/does-not-exist\n"
        "not a repo id\n"
        "\n"
        "other/missing\n"
    )
    result = run_scan(["--file", str(id_file), "--jsonl", str(tmp / "out.jsonl"), "--format", "markdown"], env)
    assert result.returncode == 0, result.stderr
    records = {r.get("repo_id") or r["subject"]["repo_id"]: r for r in map(json.loads, (tmp / "out.jsonl").read_text().splitlines())}
    assert set(records) == {"scanorg/model-0", "scanorg/model-1", "scanorg/does-not-exist", "not a repo id", "other/missing"}
    assert records["scanorg/model-0"]["level"]["value"] >= 1
    assert records["other/missing"]["error"]["kind"] == "not_found"
    assert records["scanorg/does-not-exist"]["error"]["kind"] == "not_found"
    assert "line 5" in records["not a repo id"]["error"]["message"]
    assert "2 audited, 3 failed" in result.stdout
    # three ids of scanorg: listed together (pages stop once all are found); the lone id alone.
    assert hub.count("model_info", repo="other/missing") == 1
    assert hub.count("model_info", repo="scanorg/model-0") == 0


def test_a_model_that_cannot_be_read_does_not_stop_the_scan(org_hub):
    hub, ids, env, tmp = org_hub
    hub.set_fault("server_error", repo="scanorg/model-1", status=500)
    result = run_scan(["--file", str(_ids_file(tmp, ["scanorg/model-1", "other/x"])), "--jsonl", "-"], env)
    assert result.returncode == 0, result.stderr
    errors = [json.loads(line) for line in result.stdout.splitlines()]
    assert {e["repo_id"] for e in errors} == {"scanorg/model-1", "other/x"}


def test_nothing_listed_exits_3(org_hub):
    hub, ids, env, tmp = org_hub
    result = run_scan(["--author", "nobody-here"], env)
    assert result.returncode == 3
    assert "no models found" in result.stderr
    assert "Traceback" not in result.stderr


def test_listing_failure_exits_3_and_writes_no_jsonl(org_hub):
    hub, ids, env, tmp = org_hub
    hub.set_fault("not_json", route="model_list")
    result = run_scan(["--author", "scanorg", "--jsonl", str(tmp / "out.jsonl")], env)
    assert result.returncode == 3, result.stderr
    assert not (tmp / "out.jsonl").exists()
    assert not list(tmp.glob(".out.jsonl.*"))


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--author", "a", "--search", "b"],
        ["--author", "a", "--file", "ids.txt"],
        ["--file", "/nonexistent/ids.txt"],
        ["--author", "a", "--format", "json"],
        ["--author", "bad/name"],
        ["--author", "a", "--offline", "--no-registry"],
        ["--author", "a", "--concurrency", "0"],
        ["--author", "a", "--jsonl", "/nonexistent/dir/out.jsonl"],
    ],
)
def test_usage_errors_exit_2(org_hub, args):
    hub, ids, env, tmp = org_hub
    result = run_scan(args, env)
    assert result.returncode == 2, (args, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert hub.requests == []


def test_offline_scan_answers_from_the_registry_without_the_hub(org_hub):
    hub, ids, env, tmp = org_hub
    result = run_scan(["--author", "meta-llama", "--offline", "--jsonl", "-"], env)
    assert result.returncode == 0, result.stderr
    reports = [json.loads(line) for line in result.stdout.splitlines()]
    assert reports and all(r["subject"]["source"] == "registry" for r in reports)
    assert hub.requests == []


@pytest.mark.parametrize(
    "code",
    [
        "from openness.cli.app import app\n"
        "try:\n    app(['scan', '--help'])\nexcept SystemExit:\n    pass",
        "from openness.audit import audit\naudit('meta-llama/Meta-Llama-3-70B', offline=True)",
    ],
    ids=["scan --help", "offline registry audit"],
)
def test_start_up_paths_never_import_the_hub_client(code):
    probe = code + "\nimport sys\nprint('huggingface_hub' in sys.modules, 'httpx2' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO_ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "False False"


def _ids_file(tmp: Path, ids: list[str]) -> Path:
    path = tmp / "some-ids.txt"
    path.write_text("\n".join(ids) + "\n")
    return path


def _levels(jsonl: Path) -> dict[str, int]:
    return {r["subject"]["repo_id"]: r["level"]["value"] for r in map(json.loads, jsonl.read_text().splitlines())}
