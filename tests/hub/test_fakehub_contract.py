"""The fake Hub speaks the contract of hub-client.md §6, so other tests can trust it."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from fakehub import FakeHub, git_blob_sha, write_fixture_repo


def raw(hub: FakeHub, path: str, method: str = "GET", headers: dict | None = None):
    request = urllib.request.Request(hub.url + path, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_resolve_head_and_get_carry_the_hub_headers(fake_hub: FakeHub) -> None:
    body = (Path(__file__).parents[1] / "fixtures/hub/fakeorg__tiny-open/files/README.md").read_bytes()

    head_status, head, head_body = raw(fake_hub, "/fakeorg/tiny-open/resolve/main/README.md", "HEAD")
    get_status, get, get_body = raw(fake_hub, "/fakeorg/tiny-open/resolve/main/README.md")

    assert head_status == get_status == 200
    assert head_body == b"" and get_body == body
    for headers in (head, get):
        assert headers["X-Repo-Commit"] == "1" * 40
        assert headers["ETag"] == f'"{git_blob_sha(body)}"'
        assert headers["Content-Length"] == str(len(body))
        assert "X-Xet-Hash" not in headers


@pytest.mark.parametrize(
    "path, status, code",
    [
        ("/api/models/fakeorg/nope", 401, "RepoNotFound"),
        ("/api/models/fakeorg/tiny-open/revision/nope", 404, "RevisionNotFound"),
        ("/fakeorg/tiny-open/resolve/main/missing.txt", 404, "EntryNotFound"),
        ("/fakeorg/tiny-gated/resolve/main/LICENSE", 401, "GatedRepo"),
        ("/fakeorg/tiny-gated/resolve/main/model-00001-of-00002.safetensors", 401, "GatedRepo"),
        ("/api/agent-harnesses", 404, "EntryNotFound"),
    ],
)
def test_every_error_has_an_error_code(fake_hub: FakeHub, path: str, status: int, code: str) -> None:
    got_status, headers, _ = raw(fake_hub, path)

    assert got_status == status
    assert headers["X-Error-Code"] == code
    if "/resolve/" in path:
        assert headers["X-Repo-Commit"]  # lets the client write its negative cache


def test_gated_readme_is_public_and_license_needs_authorization(fake_hub: FakeHub) -> None:
    assert raw(fake_hub, "/fakeorg/tiny-gated/resolve/main/README.md")[0] == 200
    auth = {"authorization": "Bearer hf_test"}
    assert raw(fake_hub, "/fakeorg/tiny-gated/resolve/main/LICENSE", headers=auth)[0] == 200
    info = json.loads(raw(fake_hub, "/api/models/fakeorg/tiny-gated")[2])
    assert info["gated"] == "manual"


def test_expand_returns_only_the_listed_keys(fake_hub: FakeHub) -> None:
    _, _, body = raw(fake_hub, "/api/models/fakeorg/tiny-open?expand=sha&expand=gated")

    assert json.loads(body) == {
        "_id": "66aa00000000000000000001",
        "id": "fakeorg/tiny-open",
        "sha": "1" * 40,
        "gated": False,
    }


def test_siblings_are_computed_from_files_and_weight_stubs(fake_hub: FakeHub) -> None:
    info = json.loads(raw(fake_hub, "/api/models/fakeorg/tiny-gated?expand=siblings")[2])

    siblings = {s["rfilename"]: s for s in info["siblings"]}
    assert set(siblings) == {
        "LICENSE",
        "README.md",
        "USE_POLICY.md",
        "model-00001-of-00002.safetensors",
        "model-00002-of-00002.safetensors",
    }
    assert siblings["model-00001-of-00002.safetensors"]["lfs"]["size"] == 1_000_000_000
    assert "lfs" not in siblings["README.md"]


def test_list_models_follows_absolute_links_across_pages(fake_hub: FakeHub, monkeypatch) -> None:
    from huggingface_hub import HfApi

    monkeypatch.setattr(fake_hub, "list_page_size", 1)

    models = list(HfApi(endpoint=fake_hub.url).list_models(author="fakeorg", expand=["gated", "sha"]))

    ids = [m.id for m in models]
    assert {"fakeorg/tiny-open", "fakeorg/tiny-gated", "fakeorg/tiny-odd"} <= set(ids)
    assert len(ids) == len(set(ids))
    pages = [r for r in fake_hub.requests if r.route == "model_list"]
    assert len(pages) == len(ids)
    assert all(r.query["expand"] == ["gated", "sha"] for r in pages)  # the Link repeats every param


def test_tree_lists_files_with_lfs_entries(fake_hub: FakeHub) -> None:
    from huggingface_hub import HfApi

    files = HfApi(endpoint=fake_hub.url).list_repo_files("fakeorg/tiny-open")

    assert "model.safetensors" in files and "README.md" in files


def test_faults_run_out_after_their_count(fake_hub: FakeHub) -> None:
    fake_hub.set_fault("server_error", repo="fakeorg/tiny-open", times=1, status=502)

    assert raw(fake_hub, "/api/models/fakeorg/tiny-open")[0] == 502
    assert raw(fake_hub, "/api/models/fakeorg/tiny-odd")[0] == 200  # another repo is unaffected
    assert raw(fake_hub, "/api/models/fakeorg/tiny-open")[0] == 200


def test_factory_serves_a_root_built_by_the_test(fake_hub_factory, tmp_path: Path) -> None:
    write_fixture_repo(tmp_path, "someorg/built", files={"README.md": "# Built\n"}, meta={"sha": "5" * 40})
    hub = fake_hub_factory(tmp_path)

    status, headers, body = raw(hub, "/someorg/built/resolve/main/README.md")

    assert (status, body, headers["X-Repo-Commit"]) == (200, b"# Built\n", "5" * 40)


def test_hub_env_lets_a_subprocess_use_the_fake_hub(hub_env: dict, fake_hub: FakeHub) -> None:
    code = (
        "from huggingface_hub import hf_hub_download;"
        "print(open(hf_hub_download('fakeorg/tiny-open', 'LICENSE')).readline().strip())"
    )
    result = subprocess.run([sys.executable, "-c", code], env=hub_env, capture_output=True, text=True, timeout=60)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Tiny Test License, version 1"
    assert fake_hub.count("agent_harnesses") == 0  # telemetry off: no hidden request
    assert Path(hub_env["HF_HOME"], "hub").is_dir()  # the download went to the fresh cache


def test_every_test_gets_a_clean_hub_environment(fake_hub: FakeHub) -> None:
    import os

    from huggingface_hub import constants, get_token

    for var in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_HUB_OFFLINE", "HF_ENDPOINT"):
        assert var not in os.environ
    hf_home = Path(os.environ["HF_HOME"])
    assert not any(hf_home.iterdir())  # fresh: no token file, no cache
    assert os.environ["HF_HUB_DISABLE_TELEMETRY"] == "1"
    # The client's import-time copies follow this test's HF_HOME too, and forgetting endpoint= fails
    # locally instead of reaching the real Hub.
    assert Path(constants.HF_HUB_CACHE).parent == hf_home
    assert get_token() is None
    assert constants.ENDPOINT.startswith("http://127.0.0.1")
