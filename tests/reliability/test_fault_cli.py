"""Network faults served by the fake Hub, seen through `openness audit` as a user runs it.

tests/hub/test_fetch_snapshot.py covers the same faults at the API (fetch_snapshot raises the right
SourceError kind, within its budget); here we check what reaches the user: one line on stderr, the
documented exit code (0 with a registry-fallback note when the registry has the model, else 3; 2 for
an unknown revision), bounded time, never a traceback.

Each scenario gets a fake Hub of its own (its own faults and request log), and all scenarios run as
concurrent subprocesses once per module: most of their time is spent waiting on backoff and timeouts,
and one by one they would cost a minute.
"""

from __future__ import annotations

import json
import socket
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import pytest

from fakehub import FIXTURES_ROOT, FakeHub
from reliability_support import CliResult, assert_one_line_error, clean_env, run_cli

OPEN = "fakeorg/tiny-open"  # on the fake Hub, not in the registry
CURATED = "meta-llama/Meta-Llama-3-70B"  # on the fake Hub and in the registry
REGISTRY_ONLY = "EleutherAI/pythia-70m"  # in the registry, unknown to the fake Hub

# Start-up of a subprocess that imports the Hub client, on a busy 2-core CI machine running the
# scenarios side by side.
STARTUP = 12.0


@dataclass
class Scenario:
    repo: str
    faults: list[dict[str, Any]] = field(default_factory=list)
    args: list[str] = field(default_factory=list)
    endpoint: str | None = None  # None: the scenario's own fake Hub


@dataclass
class Outcome:
    result: CliResult
    counts: dict[str, int]  # requests per (route, repo) seen by the scenario's fake Hub

    def count(self, route: str, repo: str) -> int:
        return self.counts.get(f"{route} {repo}", 0)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SCENARIOS: dict[str, Scenario] = {
    # 429
    "429-twice-then-ok": Scenario(OPEN, [dict(kind="rate_limit", repo=OPEN, route="model_info", times=2, seconds=1)], ["-f", "json"]),
    "429-forever": Scenario(OPEN, [dict(kind="rate_limit", route="model_info", seconds=1)]),
    "429-asks-minutes": Scenario(OPEN, [dict(kind="rate_limit", route="model_info", seconds=300)]),
    "429-forever-registry": Scenario(CURATED, [dict(kind="rate_limit", route="model_info", seconds=1)]),
    # 5xx
    **{
        f"{status}-burst": Scenario(OPEN, [dict(kind="server_error", repo=OPEN, route="model_info", times=2, status=status)], ["-f", "json"])
        for status in (500, 502, 503, 504)
    },
    "503-forever": Scenario(OPEN, [dict(kind="server_error", route="model_info", status=503)]),
    "501-not-retried": Scenario(OPEN, [dict(kind="server_error", route="model_info", status=501)]),
    "503-forever-registry": Scenario(CURATED, [dict(kind="server_error", route="model_info", status=503)]),
    # timeouts
    "stalled-metadata": Scenario(OPEN, [dict(kind="slow", route="model_info", seconds=30)], ["--timeout", "1"]),
    "stalled-metadata-registry": Scenario(CURATED, [dict(kind="slow", route="model_info", seconds=30)], ["--timeout", "1"]),
    "stalled-files": Scenario(OPEN, [dict(kind="slow", route="resolve", seconds=60)], ["--timeout", "0.5", "-f", "json"]),
    # broken answers to the metadata request, and to the file downloads
    **{f"{kind}-metadata": Scenario(OPEN, [dict(kind=kind, route="model_info")]) for kind in ("truncated", "bad_json", "not_json", "down")},
    **{f"{kind}-metadata-registry": Scenario(CURATED, [dict(kind=kind, route="model_info")]) for kind in ("truncated", "bad_json", "not_json", "down")},
    **{
        f"{kind}-files": Scenario(OPEN, [dict(kind=kind, route="resolve")], ["-f", "json", "--timeout", "0.5"])
        for kind in ("truncated", "bad_json", "not_json", "server_error", "down")
    },
    # gated, not found, bad revision, unreachable
    "gated-401-metadata": Scenario(OPEN, [dict(kind="gated", route="model_info", status=401)]),
    "gated-403-metadata": Scenario(OPEN, [dict(kind="gated", route="model_info", status=403)]),
    "gated-license-file": Scenario("fakeorg/tiny-gated"),
    "not-found": Scenario("fakeorg/no-such-model"),
    "not-found-registry": Scenario(REGISTRY_ONLY),
    "bad-revision": Scenario(OPEN, args=["--revision", "no-such-branch"]),
    "bad-revision-registry": Scenario(CURATED, args=["--revision", "no-such-branch"]),
    "unreachable": Scenario(OPEN, endpoint=f"http://127.0.0.1:{_closed_port()}"),
}


def _run(scenario: Scenario) -> Outcome:
    with FakeHub(FIXTURES_ROOT) as hub:
        for fault in scenario.faults:
            fault = dict(fault)
            hub.set_fault(fault.pop("kind"), **fault)
        env = clean_env({"HF_ENDPOINT": scenario.endpoint or hub.url, "HF_HOME": tempfile.mkdtemp(prefix="hf_home_fault_")})
        result = run_cli(["audit", scenario.repo, *scenario.args], env)
        counts: dict[str, int] = {}
        for r in hub.requests:
            counts[f"{r.route} {r.repo}"] = counts.get(f"{r.route} {r.repo}", 0) + 1
        return Outcome(result, counts)


@pytest.fixture(scope="module")
def outcomes() -> dict[str, Outcome]:
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = {name: pool.submit(_run, s) for name, s in SCENARIOS.items()}
        return {name: f.result() for name, f in futures.items()}


def _assert_fallback(result: CliResult, why: str) -> None:
    """Exit 0, the verdict from the registry, and a note that says why the Hub was not used."""
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "source: registry only" in result.stdout
    notes = " ".join(result.stdout.split("Notes", 1)[-1].lower().split())
    assert "falling back to the registry" in notes, notes
    assert why in notes, notes


def _assert_hub_verdict(result: CliResult) -> dict:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert report["subject"]["source"] == "hub"
    return report


def test_every_scenario_is_covered_and_none_shows_a_traceback(outcomes) -> None:
    assert set(outcomes) == set(SCENARIOS)
    for name, outcome in outcomes.items():
        assert "Traceback" not in outcome.result.stderr + outcome.result.stdout, name
        assert outcome.result.returncode in (0, 2, 3), (name, outcome.result.stderr)


# --------------------------------------------------------------------------------------------
# 429


def test_429_with_retry_after_is_waited_out_then_the_audit_succeeds(outcomes) -> None:
    o = outcomes["429-twice-then-ok"]
    _assert_hub_verdict(o.result)
    assert o.count("model_info", OPEN) == 3
    assert o.result.elapsed >= 2.0  # it honoured Retry-After: 1 twice rather than hammering


def test_429_forever_gives_a_clear_one_line_message_and_exit_3_within_budget(outcomes) -> None:
    o = outcomes["429-forever"]
    line = assert_one_line_error(o.result, 3)
    assert "rate-limiting" in line and "try again later" in line
    assert o.result.elapsed < 10 + STARTUP  # MAX_RETRY_WAIT_SECONDS plus start-up
    assert 2 <= o.count("model_info", OPEN) <= 4


def test_429_asking_for_minutes_gives_up_at_once(outcomes) -> None:
    o = outcomes["429-asks-minutes"]
    assert "rate-limiting" in assert_one_line_error(o.result, 3)
    assert o.result.elapsed < STARTUP
    assert o.count("model_info", OPEN) == 1


def test_429_with_a_registry_entry_falls_back_with_a_note(outcomes) -> None:
    _assert_fallback(outcomes["429-forever-registry"].result, "rate-limiting")


# --------------------------------------------------------------------------------------------
# 5xx


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_5xx_burst_is_retried_and_the_audit_succeeds(outcomes, status: int) -> None:
    o = outcomes[f"{status}-burst"]
    _assert_hub_verdict(o.result)
    assert o.count("model_info", OPEN) == 3


def test_5xx_forever_is_exit_3_with_the_status_in_one_line(outcomes) -> None:
    o = outcomes["503-forever"]
    line = assert_one_line_error(o.result, 3)
    assert "HTTP 503" in line and "try again later" in line
    assert o.result.elapsed < 10 + STARTUP


def test_a_non_retryable_5xx_is_not_retried(outcomes) -> None:
    o = outcomes["501-not-retried"]
    assert "HTTP 501" in assert_one_line_error(o.result, 3)
    assert o.count("model_info", OPEN) == 1


def test_5xx_with_a_registry_entry_falls_back_with_a_note(outcomes) -> None:
    _assert_fallback(outcomes["503-forever-registry"].result, "http 503")


# --------------------------------------------------------------------------------------------
# Timeouts


def test_stalled_metadata_request_ends_within_the_timeout(outcomes) -> None:
    o = outcomes["stalled-metadata"]
    assert "did not answer within 1 s" in assert_one_line_error(o.result, 3)
    assert o.result.elapsed < 1 + STARTUP


def test_stalled_metadata_with_a_registry_entry_falls_back(outcomes) -> None:
    o = outcomes["stalled-metadata-registry"]
    _assert_fallback(o.result, "did not answer within 1 s")
    assert o.result.elapsed < 1 + STARTUP


def test_stalled_file_downloads_are_bounded_and_reported(outcomes) -> None:
    """Metadata answers, every file download stalls: the audit still ends. The file phase is bounded
    by timeout + 2 s (sources/hub/fetch.py), so the whole run by timeout + that + start-up."""
    o = outcomes["stalled-files"]
    timeout = 0.5
    report = _assert_hub_verdict(o.result)
    assert o.result.elapsed < timeout + (timeout + 2) + STARTUP
    # Without the card there is no evidence of a report: the climb stops at the weights.
    assert report["level"]["value"] <= 1


# --------------------------------------------------------------------------------------------
# Broken answers


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("truncated", "cut off"),
        ("bad_json", "not valid model metadata"),
        ("not_json", "not valid model metadata"),
        ("down", "closed the connection"),
    ],
)
def test_broken_metadata_answers_are_exit_3_in_one_line(outcomes, kind: str, words: str) -> None:
    assert words in assert_one_line_error(outcomes[f"{kind}-metadata"].result, 3)


@pytest.mark.parametrize("kind", ["truncated", "bad_json", "not_json", "down"])
def test_broken_metadata_answers_with_a_registry_entry_fall_back(outcomes, kind: str) -> None:
    result = outcomes[f"{kind}-metadata-registry"].result
    assert result.returncode == 0, result.stderr
    assert "source: registry only" in result.stdout


@pytest.mark.parametrize("kind", ["truncated", "bad_json", "not_json", "server_error", "down"])
def test_broken_file_answers_do_not_end_the_audit(outcomes, kind: str) -> None:
    _assert_hub_verdict(outcomes[f"{kind}-files"].result)


# --------------------------------------------------------------------------------------------
# Gated, not found, bad revision, unreachable


@pytest.mark.parametrize("status", [401, 403])
def test_gated_metadata_is_exit_3_and_names_hf_token(outcomes, status: int) -> None:
    line = assert_one_line_error(outcomes[f"gated-{status}-metadata"].result, 3)
    assert "gated" in line and "HF_TOKEN" in line


def test_gated_license_file_still_gives_a_verdict_and_says_a_token_is_needed(outcomes) -> None:
    result = outcomes["gated-license-file"].result
    assert result.returncode == 0, result.stderr
    assert "HF_TOKEN" in result.stdout


def test_unknown_repo_is_exit_3_in_one_line(outcomes) -> None:
    assert "not found" in assert_one_line_error(outcomes["not-found"].result, 3)


def test_repo_unknown_to_the_hub_but_in_the_registry_falls_back(outcomes) -> None:
    _assert_fallback(outcomes["not-found-registry"].result, "not found")


@pytest.mark.parametrize("name", ["bad-revision", "bad-revision-registry"])
def test_unknown_revision_is_a_usage_error_even_with_a_registry_entry(outcomes, name: str) -> None:
    assert "no-such-branch" in assert_one_line_error(outcomes[name].result, 2)


def test_unreachable_endpoint_is_exit_3_fast(outcomes) -> None:
    o = outcomes["unreachable"]
    assert "unreachable" in assert_one_line_error(o.result, 3)
    assert o.result.elapsed < STARTUP
