"""A token given by HF_TOKEN never appears in anything we produce: stdout, stderr, reports in every
format (also when written with --output), files left under HF_HOME, on success and on every error
path. tests/hub/test_fetch_snapshot.py checks fetch_snapshot's exceptions; this is the CLI a user runs.

Each scenario has its own fake Hub and HF_HOME; they run concurrently once per module.
"""

from __future__ import annotations

import socket
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from fakehub import FIXTURES_ROOT, FakeHub
from reliability_support import SECRET_TOKEN, CliResult, clean_env, run_cli

OPEN = "fakeorg/tiny-open"
GATED = "fakeorg/tiny-gated"
CURATED = "meta-llama/Meta-Llama-3-70B"
FORMATS = ("table", "json", "markdown", "sarif")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Case:
    repo: str
    faults: list[dict[str, Any]] = field(default_factory=list)
    args: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    endpoint: str | None = None
    expect: tuple[int, ...] = (0,)
    reports: bool = False  # also write every format with -o


CASES: dict[str, Case] = {
    "ok": Case(OPEN, reports=True),
    "ok-gated-with-token": Case(GATED, reports=True),
    "gated-token-not-approved-403": Case(OPEN, [dict(kind="gated", route="resolve", status=403)]),
    "gated-metadata-401": Case(OPEN, [dict(kind="gated", route="model_info", status=401)], expect=(3,)),
    "not-found": Case("fakeorg/no-such-model", expect=(3,)),
    "5xx": Case(OPEN, [dict(kind="server_error", route="model_info", status=503)], expect=(3,)),
    "5xx-files": Case(OPEN, [dict(kind="server_error", route="resolve")], args=["--timeout", "0.5"]),
    "429": Case(OPEN, [dict(kind="rate_limit", route="model_info", seconds=60)], expect=(3,)),
    "timeout": Case(OPEN, [dict(kind="slow", route="model_info", seconds=30)], args=["--timeout", "0.5"], expect=(3,)),
    "timeout-registry-fallback": Case(CURATED, [dict(kind="slow", route="model_info", seconds=30)], args=["--timeout", "0.5"], reports=True),
    "truncated": Case(OPEN, [dict(kind="truncated", route="model_info")], expect=(3,)),
    "bad-revision": Case(OPEN, args=["--revision", "nope"], expect=(2,)),
    "unreachable": Case(OPEN, endpoint=f"http://127.0.0.1:{_closed_port()}", expect=(3,)),
    "hf-debug-on": Case(OPEN, env={"HF_DEBUG": "1"}),
    "openness-debug-on-error": Case("fakeorg/no-such-model", env={"OPENNESS_DEBUG": "1"}, expect=(3,)),
    "gate-failure": Case(OPEN, args=["--min-level", "5"], expect=(1,)),
}


@dataclass
class Seen:
    result: CliResult  # the stdout run (table)
    texts: dict[str, str]  # every output, file and log we could find, by where it came from


def _run(case: Case) -> Seen:
    with FakeHub(FIXTURES_ROOT) as hub:
        for fault in case.faults:
            fault = dict(fault)
            hub.set_fault(fault.pop("kind"), **fault)
        work = Path(tempfile.mkdtemp(prefix="secret_case_"))
        hf_home = work / "hf_home"
        env = clean_env({"HF_ENDPOINT": case.endpoint or hub.url, "HF_HOME": str(hf_home), "HF_TOKEN": SECRET_TOKEN, **case.env})
        texts: dict[str, str] = {}
        first: CliResult | None = None
        # The table on stdout; then, when there is a verdict, every format written with -o (its notes
        # go to stderr). Without a verdict no report exists, and one run shows the error path.
        runs: list[tuple[str, list[str]]] = [("table", [])]
        if case.reports:
            runs += [(fmt, ["-o", str(work / f"report.{fmt}")]) for fmt in FORMATS]
        for fmt, extra in runs:
            result = run_cli(["audit", case.repo, *case.args, "-f", fmt, *extra], env)
            first = first or result
            assert result.returncode in case.expect, (case, fmt, result.returncode, result.stderr)
            where = f"{fmt}{' -o' if extra else ''}"
            texts[f"{where} stdout"] = result.stdout
            texts[f"{where} stderr"] = result.stderr
        # The reports written with -o, and whatever the client left in its home (cache, logs, refs).
        for path in work.rglob("*"):
            if path.is_file():
                texts[str(path.relative_to(work))] = path.read_bytes().decode("utf-8", "replace")
        # The fake Hub did receive the token: it was sent, and only then can "never shown" mean something.
        assert any(r.authorized for r in hub.requests) or case.endpoint, case
        assert first is not None
        return Seen(first, texts)


@pytest.fixture(scope="module")
def seen() -> dict[str, Seen]:
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = {name: pool.submit(_run, case) for name, case in CASES.items()}
        return {name: f.result() for name, f in futures.items()}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_token_appears_nowhere(seen, name: str) -> None:
    texts = seen[name].texts
    assert any(k.endswith("stdout") or k.endswith("stderr") for k in texts)
    leaks = [where for where, text in texts.items() if SECRET_TOKEN in text]
    assert leaks == [], f"{name}: the token appears in {leaks}"
    # Nor a recognisable piece of it (a redaction that keeps most of it is not one).
    assert not [w for w, t in texts.items() if SECRET_TOKEN[3:20] in t]


def test_reports_were_written_for_cases_that_give_a_verdict(seen) -> None:
    """Guard against a vacuous pass: the -o reports exist, so they were grepped."""
    for name, case in CASES.items():
        if case.reports:
            assert all(f"report.{fmt}" in seen[name].texts for fmt in FORMATS), name
