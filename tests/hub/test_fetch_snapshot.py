"""fetch_snapshot with the real huggingface_hub client against the fake Hub."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fakehub import FIXTURES_ROOT, FakeHub, write_fixture_repo
from openness.errors import SourceError, UsageError
from openness.sources import hub as hub_source
from openness.sources.hub import fetch_snapshot

OPEN = "fakeorg/tiny-open"
GATED = "fakeorg/tiny-gated"
ODD = "fakeorg/tiny-odd"
OPEN_SHA = "1" * 40
SECRET = "hf_NotARealTokenButSecretAnyway1234"


def fetch(hub: FakeHub, repo_id: str, cache_dir: Path, **kwargs) -> object:
    return fetch_snapshot(repo_id, endpoint=hub.url, cache_dir=cache_dir, **kwargs)


def fetch_error(hub: FakeHub, repo_id: str, cache_dir: Path, **kwargs) -> SourceError:
    with pytest.raises(SourceError) as caught:
        fetch(hub, repo_id, cache_dir, **kwargs)
    return caught.value


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --------------------------------------------------------------------------------------------
# Normal reads


def test_open_repo_snapshot_has_metadata_card_and_license(fake_hub: FakeHub, tmp_path: Path) -> None:
    snap = fetch(fake_hub, OPEN, tmp_path)

    assert snap.source == "hub"
    assert snap.revision == OPEN_SHA
    assert snap.endpoint == fake_hub.url
    assert snap.retrieved_at is not None and snap.retrieved_at.tzinfo is not None
    assert snap.gated is None and not snap.private and not snap.disabled
    assert "arxiv:2501.00001" in snap.tags
    assert snap.card_data["license"] == "apache-2.0"
    assert snap.card_text is not None and snap.card_text.startswith("---\nlicense: apache-2.0")
    assert "# Tiny Open" in snap.card_text
    assert snap.card_errors == []
    assert set(snap.license_files) == {"LICENSE"}
    assert snap.license_files["LICENSE"].startswith("Tiny Test License, version 1")
    weights = {f.path: f for f in snap.files}["model.safetensors"]
    assert weights.lfs and weights.size == 248_000_000
    assert snap.parameters == 124_000_000
    assert snap.base_models == ["fakeorg/tiny-base"]
    assert snap.pipeline_tag == "text-generation" and snap.library_name == "transformers"
    assert snap.created_at.year == 2025 and snap.last_modified.month == 3
    assert snap.unavailable == []


def test_one_model_info_request_with_expand_and_downloads_pinned_to_sha(fake_hub: FakeHub, tmp_path: Path) -> None:
    fetch(fake_hub, OPEN, tmp_path)

    infos = [r for r in fake_hub.requests if r.route == "model_info"]
    assert len(infos) == 1
    expand = set(infos[0].query["expand"])
    assert {"sha", "siblings", "cardData", "tags", "gated", "safetensors", "baseModels"} <= expand
    resolves = [r for r in fake_hub.requests if r.route == "resolve"]
    assert {r.filename for r in resolves} == {"README.md", "LICENSE"}  # never weights or config
    assert {r.revision for r in resolves} == {OPEN_SHA}
    assert fake_hub.count("agent_harnesses") == 0


def test_a_branch_revision_is_resolved_to_its_commit(fake_hub: FakeHub, tmp_path: Path) -> None:
    snap = fetch(fake_hub, OPEN, tmp_path, revision="v1.0")

    assert snap.revision == OPEN_SHA
    assert [r.revision for r in fake_hub.requests if r.route == "model_info"] == ["v1.0"]


def test_second_fetch_reads_files_from_cache_without_resolve_requests(fake_hub: FakeHub, tmp_path: Path) -> None:
    first = fetch(fake_hub, OPEN, tmp_path, revision=OPEN_SHA)
    assert fake_hub.count("resolve") > 0
    fake_hub.clear_requests()

    second = fetch(fake_hub, OPEN, tmp_path, revision=OPEN_SHA)

    assert fake_hub.count("resolve") == 0
    assert fake_hub.count("model_info") == 1
    assert second.card_text == first.card_text and second.license_files == first.license_files


def test_broken_front_matter_is_reported_and_api_card_data_used(fake_hub: FakeHub, tmp_path: Path) -> None:
    snap = fetch(fake_hub, ODD, tmp_path)

    assert snap.card_errors and "README line 3" in snap.card_errors[0]
    assert snap.card_data == {"license": "mit", "base_model": "fakeorg/tiny-open"}
    assert len(snap.notes) == 1
    assert "front matter was not used" in snap.notes[0] and "cardData" in snap.notes[0]
    assert "# Tiny Odd" in snap.card_text


def test_binary_license_file_is_not_text_and_others_are_read(fake_hub: FakeHub, tmp_path: Path) -> None:
    snap = fetch(fake_hub, ODD, tmp_path)

    assert {(u.what, u.reason) for u in snap.unavailable} == {("NOTICE", "not_text")}
    assert snap.license_files == {"LICENSE-CODE": "MIT License for the tiny odd model code.\n"}


# --------------------------------------------------------------------------------------------
# Gated repos


def test_gated_repo_card_is_read_and_license_is_unavailable(fake_hub: FakeHub, tmp_path: Path) -> None:
    snap = fetch(fake_hub, GATED, tmp_path)

    assert snap.gated == "manual"
    assert snap.card_data["license_name"] == "tiny-community-license"
    assert "Tiny Community License" in snap.card_text
    assert snap.license_files == {}
    reasons = {u.what: u for u in snap.unavailable}
    assert set(reasons) == {"LICENSE", "USE_POLICY.md"}
    assert all(u.reason == "gated" and "HF_TOKEN" in u.detail for u in reasons.values())


def test_gated_repo_with_token_reads_license_and_never_stores_the_token(fake_hub: FakeHub, tmp_path: Path) -> None:
    snap = fetch(fake_hub, GATED, tmp_path, token=SECRET)

    assert "1 million monthly active users" in snap.license_files["LICENSE"]
    assert snap.unavailable == []
    assert all(r.authorized for r in fake_hub.requests)
    assert SECRET not in snap.model_dump_json()


def test_token_without_approval_is_told_to_request_access(fake_hub_factory, tmp_path: Path) -> None:
    root = tmp_path / "hub"
    write_fixture_repo(
        root,
        "fakeorg/pending",
        info={"gated": "auto"},
        files={"README.md": "# Pending\n", "LICENSE": "terms\n"},
        meta={"sha": "4" * 40, "gated": "auto", "approved_tokens": ["hf_someone_else"]},
    )
    hub = fake_hub_factory(root)

    snap = fetch(hub, "fakeorg/pending", tmp_path / "cache", token=SECRET)

    [license_gap] = snap.unavailable
    assert license_gap.reason == "gated" and "request access" in license_gap.detail
    assert snap.card_text == "# Pending\n"


# --------------------------------------------------------------------------------------------
# Repo-level errors


def test_unknown_repo_is_not_found(fake_hub: FakeHub, tmp_path: Path) -> None:
    err = fetch_error(fake_hub, "fakeorg/does-not-exist", tmp_path)

    assert err.kind == "not_found"
    assert "fakeorg/does-not-exist" in err.message and "HF_TOKEN" in err.message
    assert "\n" not in err.message


def test_unknown_revision_is_revision_not_found(fake_hub: FakeHub, tmp_path: Path) -> None:
    err = fetch_error(fake_hub, OPEN, tmp_path, revision="no-such-branch")

    assert err.kind == "revision_not_found"
    assert "no-such-branch" in err.message


def test_private_and_disabled_repos(fake_hub_factory, tmp_path: Path) -> None:
    root = tmp_path / "hub"
    write_fixture_repo(root, "fakeorg/secret", files={"README.md": "x"}, meta={"private": True})
    write_fixture_repo(root, "fakeorg/gone", files={"README.md": "x"}, meta={"disabled": True})
    hub = fake_hub_factory(root)

    assert fetch_error(hub, "fakeorg/secret", tmp_path).kind == "not_found"
    assert fetch_error(hub, "fakeorg/gone", tmp_path).kind == "disabled"


def test_invalid_repo_id_is_a_usage_error_before_any_request(fake_hub: FakeHub, tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        fetch(fake_hub, "not a repo id", tmp_path)
    assert fake_hub.requests == []


# --------------------------------------------------------------------------------------------
# Rate limits, server errors, broken answers


def test_429_then_success_is_retried(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.set_fault("rate_limit", repo=OPEN, route="model_info", times=2, seconds=0)

    snap = fetch(fake_hub, OPEN, tmp_path)

    assert snap.revision == OPEN_SHA
    assert fake_hub.count("model_info") == 3


def test_429_forever_gives_up_within_the_wait_budget(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.set_fault("rate_limit", repo=OPEN, route="model_info", seconds=1)

    started = time.monotonic()
    err = fetch_error(fake_hub, OPEN, tmp_path, max_retries=3, max_retry_wait=2.5)
    elapsed = time.monotonic() - started

    assert err.kind == "rate_limited"
    assert "rate-limit" in err.message and "HF_TOKEN" in err.message
    assert fake_hub.count("model_info") == 3  # waits of 1 s + 1 s fit the 2.5 s budget, a third does not
    assert elapsed < 4


def test_429_asking_for_a_long_wait_gives_up_at_once(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.set_fault("rate_limit", route="model_info", seconds=120)

    started = time.monotonic()
    err = fetch_error(fake_hub, OPEN, tmp_path)

    assert err.kind == "rate_limited"
    assert time.monotonic() - started < 2
    assert fake_hub.count("model_info") == 1


def test_5xx_burst_is_retried(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.set_fault("server_error", route="model_info", times=2, status=502)

    snap = fetch(fake_hub, OPEN, tmp_path)

    assert snap.revision == OPEN_SHA
    assert fake_hub.count("model_info") == 3


def test_5xx_forever_is_bounded(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.set_fault("server_error", route="model_info")

    err = fetch_error(fake_hub, OPEN, tmp_path, max_retries=2)

    assert err.kind == "error" and "503" in err.message
    assert fake_hub.count("model_info") == 3


def test_slow_server_fails_within_the_timeout(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.set_fault("slow", route="model_info", seconds=5)

    started = time.monotonic()
    err = fetch_error(fake_hub, OPEN, tmp_path, timeout=0.5)

    assert time.monotonic() - started < 2.5
    assert err.kind == "offline" and "0.5 s" in err.message


@pytest.mark.parametrize("fault", ["truncated", "bad_json", "not_json"])
def test_broken_answers_are_bad_response(fake_hub: FakeHub, tmp_path: Path, fault: str) -> None:
    fake_hub.set_fault(fault, route="model_info")

    err = fetch_error(fake_hub, OPEN, tmp_path)

    assert err.kind == "bad_response", err.message


def test_server_hanging_up_is_offline(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.set_fault("down")

    assert fetch_error(fake_hub, OPEN, tmp_path).kind == "offline"


def test_file_errors_after_metadata_are_recorded_not_raised(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.set_fault("not_found", route="resolve")

    snap = fetch(fake_hub, OPEN, tmp_path)

    assert snap.card_text is None
    assert {(u.what, u.reason) for u in snap.unavailable} == {("README.md", "error"), ("LICENSE", "error")}
    assert snap.card_data["license"] == "apache-2.0"  # from the API's cardData


def test_failing_file_downloads_are_bounded_by_the_files_deadline(fake_hub: FakeHub, tmp_path: Path) -> None:
    # With nothing cached, huggingface_hub retries a 5xx HEAD with backoff for ~25 s; we do not wait.
    fake_hub.set_fault("server_error", route="resolve")

    started = time.monotonic()
    snap = fetch(fake_hub, OPEN, tmp_path, files_deadline=1.5)

    assert time.monotonic() - started < 3
    assert snap.revision == OPEN_SHA
    assert {u.what for u in snap.unavailable} == {"README.md", "LICENSE"}
    assert all(u.reason == "error" for u in snap.unavailable)
    # Let the abandoned downloads succeed on their next retry instead of logging into a closed
    # pytest stream at exit.
    fake_hub.clear_faults()


# --------------------------------------------------------------------------------------------
# No network


def test_connection_refused_is_offline_and_fast(tmp_path: Path) -> None:
    endpoint = f"http://127.0.0.1:{free_port()}"

    started = time.monotonic()
    with pytest.raises(SourceError) as caught:
        fetch_snapshot(OPEN, endpoint=endpoint, cache_dir=tmp_path)

    assert caught.value.kind == "offline"
    assert "unreachable" in caught.value.message
    assert time.monotonic() - started < 3


def test_unresolvable_host_is_offline_and_fast(tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(SourceError) as caught:
        fetch_snapshot(OPEN, endpoint="http://hub.openness-test.invalid", cache_dir=tmp_path, timeout=2)

    assert caught.value.kind == "offline"
    assert time.monotonic() - started < 15  # bounded by the resolver, never minutes


def test_offline_argument_makes_no_request(fake_hub: FakeHub, tmp_path: Path) -> None:
    err = fetch_error(fake_hub, OPEN, tmp_path, offline=True)

    assert err.kind == "offline" and "offline mode" in err.message
    assert fake_hub.requests == []


def test_hf_hub_offline_env_makes_no_request(fake_hub: FakeHub, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")

    assert fetch_error(fake_hub, OPEN, tmp_path).kind == "offline"
    assert fake_hub.requests == []


# --------------------------------------------------------------------------------------------
# Secrets and settings


@pytest.mark.parametrize(
    "setup",
    ["not_found", "rate_limited", "refused", "slow", "gated_file"],
)
def test_token_never_appears_in_errors(fake_hub: FakeHub, tmp_path: Path, setup: str) -> None:
    endpoint = fake_hub.url
    repo = OPEN
    if setup == "not_found":
        repo = "fakeorg/missing"
    elif setup == "rate_limited":
        fake_hub.set_fault("rate_limit", seconds=60)
    elif setup == "refused":
        endpoint = f"http://127.0.0.1:{free_port()}"
    elif setup == "slow":
        fake_hub.set_fault("slow", seconds=2)
    elif setup == "gated_file":
        fake_hub.set_fault("gated", route="resolve", status=403)

    try:
        snap = fetch_snapshot(repo, endpoint=endpoint, cache_dir=tmp_path, token=SECRET, timeout=0.5)
    except SourceError as err:
        assert SECRET not in str(err) and SECRET not in repr(err) and SECRET not in err.message
        assert SECRET not in repr(err.__context__) if err.__context__ else True
    else:
        assert setup == "gated_file"
        assert SECRET not in snap.model_dump_json()
        assert {u.reason for u in snap.unavailable} == {"gated"}


def test_endpoint_credentials_are_not_shown(fake_hub: FakeHub, tmp_path: Path) -> None:
    endpoint = fake_hub.url.replace("http://", "http://user:pa55word@")

    snap = fetch_snapshot(OPEN, endpoint=endpoint, cache_dir=tmp_path)

    assert snap.endpoint == fake_hub.url
    assert "pa55word" not in snap.model_dump_json()


def test_endpoint_comes_from_openness_then_hf_environment(fake_hub: FakeHub, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    monkeypatch.setenv("OPENNESS_HF_ENDPOINT", fake_hub.url + "/")

    snap = fetch_snapshot(OPEN, cache_dir=tmp_path)

    assert snap.endpoint == fake_hub.url


def test_resolve_endpoint_precedence(monkeypatch) -> None:
    assert hub_source.resolve_endpoint() == "https://huggingface.co"
    monkeypatch.setenv("HF_ENDPOINT", "http://mirror.example/")
    assert hub_source.resolve_endpoint() == "http://mirror.example"
    monkeypatch.setenv("OPENNESS_HF_ENDPOINT", "http://ours.example")
    assert hub_source.resolve_endpoint() == "http://ours.example"
    assert hub_source.resolve_endpoint("http://explicit.example") == "http://explicit.example"


# --------------------------------------------------------------------------------------------
# Bounded reads


def test_files_over_the_cap_are_not_downloaded(fake_hub_factory, tmp_path: Path) -> None:
    root = tmp_path / "hub"
    write_fixture_repo(
        root,
        "fakeorg/huge-license",
        info={
            "siblings": [
                {"rfilename": "README.md", "size": 9},
                {"rfilename": "LICENSE", "size": 5_000_000},
                {"rfilename": "LICENSE.md", "size": 10},
            ]
        },
        files={"README.md": "# Huge\nok\n", "LICENSE": "pretend this is five megabytes\n"},
    )
    hub = fake_hub_factory(root)

    snap = fetch(hub, "fakeorg/huge-license", tmp_path / "cache")

    reasons = {u.what: u.reason for u in snap.unavailable}
    assert reasons == {"LICENSE": "too_large", "LICENSE.md": "missing"}
    assert hub.count("resolve", filename="LICENSE") == 0
    assert snap.card_text == "# Huge\nok\n"


def test_size_cap_applies_when_the_hub_gives_no_size(fake_hub_factory, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("openness.sources.hub.snapshot.MAX_LICENSE_BYTES", 100)  # where wanted_files reads it
    root = tmp_path / "hub"
    write_fixture_repo(
        root,
        "fakeorg/no-sizes",
        info={"siblings": [{"rfilename": "README.md"}, {"rfilename": "LICENSE.txt"}]},
        files={"README.md": "# No sizes\n", "LICENSE.txt": "x" * 500},
    )
    hub = fake_hub_factory(root)

    snap = fetch(hub, "fakeorg/no-sizes", tmp_path / "cache")

    assert [(u.what, u.reason) for u in snap.unavailable] == [("LICENSE.txt", "too_large")]


def test_importing_the_hub_source_does_not_import_huggingface_hub() -> None:
    code = "import sys, openness.sources.hub; print('huggingface_hub' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert result.stdout.strip() == "False"


def test_hf_token_from_the_environment_is_used_and_kept_secret(fake_hub: FakeHub, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HF_TOKEN", SECRET)

    snap = fetch(fake_hub, GATED, tmp_path)
    with pytest.raises(SourceError) as caught:
        fetch_snapshot(OPEN, endpoint=f"http://127.0.0.1:{free_port()}", cache_dir=tmp_path)

    assert "LICENSE" in snap.license_files
    assert fake_hub.requests and all(r.authorized for r in fake_hub.requests)
    assert SECRET not in snap.model_dump_json()
    assert SECRET not in str(caught.value) and SECRET not in repr(caught.value)


# --------------------------------------------------------------------------------------------
# Every fixture repo (ours and the realistic ones) must be readable by the Hub source.

_ALL_FIXTURE_REPOS = FakeHub(FIXTURES_ROOT).all_repo_ids()


@pytest.mark.parametrize("repo_id", _ALL_FIXTURE_REPOS)
def test_every_fixture_repo_yields_a_snapshot_with_its_readme(fake_hub: FakeHub, tmp_path: Path, repo_id: str) -> None:
    snap = fetch(fake_hub, repo_id, tmp_path)

    readme = FIXTURES_ROOT / repo_id.replace("/", "__", 1) / "files" / "README.md"
    assert snap.repo_id == repo_id and snap.revision and len(snap.revision) == 40
    if readme.is_file():
        expected = readme.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
        assert snap.card_text == expected
    assert not [u for u in snap.unavailable if u.reason in ("error", "offline")]
