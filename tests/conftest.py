"""Shared test fixtures: the fake Hub, and an environment where no test can read the developer's
token or cache, or reach the real Hub.

- `fake_hub`: the session's fake Hub over tests/fixtures/hub, with faults and the request log reset
  around every test. `.url`, `.requests`, `.count(route, ...)`, `.set_fault(...)`, `.clear_faults()`.
- `fake_hub_factory(root)`: another fake Hub over any folder (e.g. a tmp dir built by the test),
  stopped at the end of the test.
- `hub_env`: an environment dict for subprocess CLI tests (hub-client.md §6.1) pointing at `fake_hub`.
- autouse `_hub_isolation`: a fresh HF_HOME per test, token/offline/endpoint variables unset.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # so tests can `from fakehub import FakeHub`

from fakehub import FIXTURES_ROOT, FakeHub  # noqa: E402

# Variables that would let a test use the developer's identity, cache or network settings.
_UNSET_VARS = (
    "HF_TOKEN",
    "HUGGING_FACE_HUB_TOKEN",
    "HF_TOKEN_PATH",
    "HF_HUB_OFFLINE",
    "TRANSFORMERS_OFFLINE",
    "HF_ENDPOINT",
    "OPENNESS_HF_ENDPOINT",
    "HF_HUB_CACHE",
    "HUGGINGFACE_HUB_CACHE",
    "HF_XET_CACHE",
    "HF_OIDC_RESOURCE",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN",
    "HUGGINGFACE_CO_STAGING",
)

# Quiet, plain-HTTP client behaviour, and no hidden GET /api/agent-harnesses (hub-client.md §1.2).
_QUIET_VARS = {
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "HF_HUB_DISABLE_XET": "1",
}

# Where in-process code lands if it forgets to pass endpoint=: a local port with nothing listening
# (fails at once), never the real Hub.
_GUARD_ENDPOINT = "http://127.0.0.1:9"


@pytest.fixture(autouse=True)
def _hub_isolation(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    hf_home = tmp_path_factory.mktemp("hf_home")
    for var in _UNSET_VARS:
        monkeypatch.delenv(var, raising=False)
    for var, value in _QUIET_VARS.items():
        monkeypatch.setenv(var, value)
    monkeypatch.setenv("HF_HOME", str(hf_home))
    # Our own cache of files read at a commit: per test too, or one test's reads answer another's.
    monkeypatch.setenv("OPENNESS_CACHE_DIR", str(tmp_path_factory.mktemp("openness_cache")))
    no_proxy = ",".join(filter(None, [os.environ.get("NO_PROXY"), "127.0.0.1,localhost"]))
    monkeypatch.setenv("NO_PROXY", no_proxy)

    # huggingface_hub reads its environment once, when `constants` is first imported (by whichever
    # test comes first). Point its import-time copies at this test's clean state, whatever the order.
    # Importing `constants` alone is cheap and does not load the HTTP client.
    constants = importlib.import_module("huggingface_hub.constants")
    patched = {
        "HF_HOME": str(hf_home),
        "HF_HUB_CACHE": str(hf_home / "hub"),
        "HF_ASSETS_CACHE": str(hf_home / "assets"),
        "HF_XET_CACHE": str(hf_home / "xet"),
        "HF_TOKEN_PATH": str(hf_home / "token"),
        "HF_STORED_TOKENS_PATH": str(hf_home / "stored_tokens"),
        "HF_HUB_OFFLINE": False,
        "HF_HUB_DISABLE_TELEMETRY": True,
        "HF_HUB_DISABLE_PROGRESS_BARS": True,
        "HF_HUB_DISABLE_XET": True,
        "HF_HUB_DISABLE_IMPLICIT_TOKEN": False,
        "ENDPOINT": _GUARD_ENDPOINT,
        "HUGGINGFACE_CO_URL_TEMPLATE": _GUARD_ENDPOINT + "/{repo_id}/resolve/{revision}/{filename}",
    }
    for name, value in patched.items():
        if hasattr(constants, name):
            monkeypatch.setattr(constants, name, value)


@pytest.fixture(scope="session")
def _fake_hub_server() -> Iterator[FakeHub]:
    with FakeHub(FIXTURES_ROOT) as hub:
        yield hub


@pytest.fixture
def fake_hub(_fake_hub_server: FakeHub) -> Iterator[FakeHub]:
    """The shared fake Hub, with no faults and an empty request log at the start of each test."""
    _fake_hub_server.reset()
    yield _fake_hub_server
    _fake_hub_server.reset()


@pytest.fixture
def fake_hub_factory() -> Iterator[Callable[[Path | str], FakeHub]]:
    """Start a fake Hub over another fixture root: `hub = fake_hub_factory(tmp_path)`."""
    started: list[FakeHub] = []

    def start(root: Path | str) -> FakeHub:
        hub = FakeHub(root).start()
        started.append(hub)
        return hub

    yield start
    for hub in started:
        hub.stop()


@pytest.fixture
def hub_env(fake_hub: FakeHub, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment for running `openness` as a subprocess against `fake_hub` (hub-client.md §6.1).

    Built from the already-cleaned os.environ (see _hub_isolation), with its own fresh HF_HOME.
    """
    env = {k: v for k, v in os.environ.items() if k not in _UNSET_VARS}
    env.update(_QUIET_VARS)
    env["HF_ENDPOINT"] = fake_hub.url
    env["HF_HOME"] = str(tmp_path_factory.mktemp("hf_home_cli"))
    env["NO_PROXY"] = os.environ.get("NO_PROXY", "127.0.0.1,localhost")
    return env
