"""Link checks against a local HTTP server on 127.0.0.1 (no test touches the internet)."""

from __future__ import annotations

import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from check_helpers import RELEASES, run_cli  # type: ignore[import-not-found]
from openness.check.checklist import run_check
from openness.check.linkcheck import check_links


class _Handler(BaseHTTPRequestHandler):
    seen: list[tuple[str, str]] = []

    def _answer(self, body: bool) -> None:
        self.seen.append((self.command, self.path))
        status = {"/ok": 200, "/gone": 404, "/busy": 429, "/no-head": 200}.get(self.path, 404)
        if self.path == "/no-head" and self.command == "HEAD":
            status = 405
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self):  # noqa: N802
        self._answer(body=False)

    def do_GET(self):  # noqa: N802
        self._answer(body=True)

    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture
def server():
    _Handler.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_statuses(server):
    results = {r.url.rsplit("/", 1)[1]: r for r in check_links(
        [f"{server}/ok", f"{server}/gone", f"{server}/busy", f"{server}/no-head", f"{server}/redirect", f"{server}/ok"]
    )}
    assert results["ok"].reachable is True
    assert results["gone"].reachable is False and results["gone"].status == 404
    assert results["busy"].reachable is None  # rate limited: not verified, not broken
    assert results["no-head"].reachable is True  # HEAD refused, GET fine
    assert results["redirect"].reachable is True
    assert _Handler.seen.count(("HEAD", "/ok")) == 2  # once directly, once via the redirect (deduplicated input)


def test_number_of_links_is_bounded(server):
    assert len(check_links([f"{server}/ok?{i}" for i in range(100)], max_links=5)) == 5


def test_refused_connection_is_unreachable():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    (result,) = check_links([f"http://127.0.0.1:{port}/x"], timeout=2)
    assert result.reachable is False


def _release_with_links(tmp_path, server: str):
    folder = tmp_path / "release"
    shutil.copytree(RELEASES / "level1-weights", folder)
    readme = folder / "README.md"
    readme.write_text(readme.read_text() + f"\nSee [our blog]({server}/ok) and [the old page]({server}/gone).\n")
    return folder


def test_broken_card_link_is_a_warning(tmp_path, server):
    report = run_check(_release_with_links(tmp_path, server), offline=False, link_timeout=2)
    item = next(h for h in report.hygiene if h.id == "links-reachable")
    assert item.outcome == "fail" and item.severity == "warning"
    assert "/gone" in item.message and "HTTP 404" in item.message
    assert item.evidence[0].locator.startswith("README.md#L")
    assert report.gate.passed


def test_broken_declared_link_is_a_blocker(tmp_path, server):
    folder = _release_with_links(tmp_path, server)
    (folder / "openness.yaml").write_text(f"training_code: {server}/gone\n")
    report = run_check(folder, offline=False, link_timeout=2)
    item = next(h for h in report.hygiene if h.id == "links-reachable")
    assert item.severity == "blocker" and item.outcome == "fail"
    assert any(ev.locator == "openness.yaml#L1" for ev in item.evidence)
    assert not report.gate.passed


@pytest.mark.parametrize("how", [["--offline"], []])
def test_offline_skips_link_checks_with_a_notice(tmp_path, server, how):
    folder = _release_with_links(tmp_path, server)
    env = {} if how else {"HF_HUB_OFFLINE": "1"}
    result = run_cli(["check", str(folder), "--format", "json", *how], env_extra=env)
    assert result.returncode == 0
    assert _Handler.seen == []
    assert "link check skipped" in result.stdout
