"""A small fake Hugging Face Hub on 127.0.0.1, served from fixture folders.

The real `huggingface_hub` client talks to it over a real socket (in-process httpx mocks do not see
httpx2 traffic), so tests exercise the actual transport, headers and error mapping. It follows the
contract in shared/reference/hub-client.md §6.

Fixture layout, one folder per repo under the root:

    <root>/<org>__<name>/info.json    model_info JSON (as corpus/hub/model_info_example.json);
                                      `siblings` and `sha` may be omitted and are then computed
    <root>/<org>__<name>/files/...    the repo's files (README.md, LICENSE, ...)
    <root>/<org>__<name>/meta.yaml    optional: sha, gated (auto|manual), gated_files, weight_stubs
                                      {path: size}, private, disabled, revisions [names], approved_tokens

Weights are never stored: `weight_stubs` lists them in siblings and the tree with their sizes, and the
resolve route answers EntryNotFound for them.

Faults are set per repo or for the whole server with `set_fault(...)`; see `Fault` for the kinds.
Nothing is cached: fixtures are read from disk on every request, so a test may edit a tmp root live.
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

import yaml

FIXTURES_ROOT = Path(__file__).parent / "fixtures" / "hub"

FaultKind = Literal[
    "rate_limit",  # 429 with Retry-After and RateLimit headers
    "server_error",  # 5xx (status, default 503)
    "slow",  # sleep `seconds` before answering normally
    "truncated",  # 200 announcing the full Content-Length, half the body sent, connection closed
    "bad_json",  # 200 with a complete but cut-off JSON text (Content-Length matches)
    "not_json",  # 200 with an HTML page instead of JSON
    "gated",  # 401 (or `status` 403) with X-Error-Code: GatedRepo
    "not_found",  # 401 with X-Error-Code: RepoNotFound
    "down",  # the connection is closed without any response
]

# Route names recorded in the request log and usable as fault filters. "api" matches every /api/ route.
Route = Literal["model_info", "model_list", "tree", "resolve", "agent_harnesses", "other"]
_API_ROUTES = {"model_info", "model_list", "tree", "agent_harnesses"}


@dataclass
class Fault:
    kind: FaultKind
    repo: str | None = None  # "org/name"; None = every repo (and repo-less routes)
    route: str | None = None  # a Route, "api", or None for every route
    times: int | None = None  # answer with the fault this many times, then normally; None = forever
    status: int | None = None  # for server_error (default 503) and gated (default 401)
    seconds: float = 1.0  # Retry-After / RateLimit t= for rate_limit; the sleep for slow
    hits: int = 0

    def matches(self, route: str, repo: str | None) -> bool:
        if self.times is not None and self.hits >= self.times:
            return False
        if self.repo is not None and self.repo != repo:
            return False
        if self.route is None:
            return True
        if self.route == "api":
            return route in _API_ROUTES
        return self.route == route


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    route: str
    repo: str | None
    revision: str | None
    filename: str | None
    query: dict[str, list[str]]
    authorized: bool  # whether an authorization header came; the token itself is never stored


@dataclass
class _Repo:
    """One fixture repo, read from disk."""

    repo_id: str
    folder: Path
    info: dict[str, Any]
    meta: dict[str, Any]

    @property
    def files_dir(self) -> Path:
        return self.folder / "files"

    @property
    def sha(self) -> str:
        # Quote shas in meta.yaml: YAML reads an all-digit sha as an int.
        sha = self.meta.get("sha") or self.info.get("sha")
        return str(sha) if sha else hashlib.sha1(self.repo_id.encode()).hexdigest()

    @property
    def gated(self) -> str | bool:
        return self.meta.get("gated") or self.info.get("gated") or False

    def revisions(self) -> set[str]:
        return {"main", self.sha, *(str(r) for r in self.meta.get("revisions", []))}

    def stored_files(self) -> dict[str, Path]:
        if not self.files_dir.is_dir():
            return {}
        return {
            p.relative_to(self.files_dir).as_posix(): p
            for p in sorted(self.files_dir.rglob("*"))
            if p.is_file()
        }

    def weight_stubs(self) -> dict[str, int]:
        return {str(k): int(v) for k, v in (self.meta.get("weight_stubs") or {}).items()}

    def is_gated_file(self, path: str) -> bool:
        if not self.gated:
            return False
        gated_files = self.meta.get("gated_files")
        if gated_files is None:
            return path not in ("README.md", ".gitattributes")
        return path in gated_files

    def siblings(self) -> list[dict[str, Any]]:
        if "siblings" in self.info:
            return self.info["siblings"]
        out: list[dict[str, Any]] = []
        for path, file in self.stored_files().items():
            data = file.read_bytes()
            out.append({"rfilename": path, "size": len(data), "blobId": git_blob_sha(data)})
        for path, size in self.weight_stubs().items():
            digest = hashlib.sha256(f"{self.repo_id}/{path}".encode()).hexdigest()
            out.append(
                {
                    "rfilename": path,
                    "size": size,
                    "blobId": digest[:40],
                    "lfs": {"sha256": digest, "size": size, "pointerSize": 135},
                }
            )
        return sorted(out, key=lambda s: s["rfilename"])

    def full_info(self) -> dict[str, Any]:
        info = dict(self.info)
        info.setdefault("_id", hashlib.md5(self.repo_id.encode()).hexdigest()[:24])
        info["id"] = self.repo_id
        info.setdefault("modelId", self.repo_id)
        info.setdefault("author", self.repo_id.split("/")[0])
        info["sha"] = self.sha
        info["gated"] = self.gated
        info.setdefault("private", bool(self.meta.get("private", False)))
        info.setdefault("disabled", bool(self.meta.get("disabled", False)))
        info["siblings"] = self.siblings()
        return info


def write_fixture_repo(
    root: Path | str,
    repo_id: str,
    *,
    info: dict[str, Any] | None = None,
    files: dict[str, str | bytes] | None = None,
    meta: dict[str, Any] | None = None,
) -> Path:
    """Write one fixture repo under `root` (for tests that build fixtures on the fly); returns its folder.

    `info` defaults to a minimal public model; `files` maps repo paths to contents.
    """
    folder = Path(root) / repo_id.replace("/", "__", 1)
    (folder / "files").mkdir(parents=True, exist_ok=True)
    base_info: dict[str, Any] = {
        "id": repo_id,
        "author": repo_id.split("/")[0],
        "private": False,
        "disabled": False,
        "tags": [],
        "createdAt": "2025-01-01T00:00:00.000Z",
        "lastModified": "2025-01-01T00:00:00.000Z",
    }
    (folder / "info.json").write_text(json.dumps({**base_info, **(info or {})}, indent=1), encoding="utf-8")
    for path, content in (files or {}).items():
        target = folder / "files" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        target.write_bytes(data)
    if meta is not None:
        (folder / "meta.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    return folder


def git_blob_sha(data: bytes) -> str:
    """The id git gives a file's content; the real Hub sends it as the ETag of small files."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def select_expanded(info: dict[str, Any], expand: list[str]) -> dict[str, Any]:
    """With `expand`, the Hub returns only the listed properties plus `_id` and `id`."""
    if not expand:
        return info
    keep = {"_id", "id", *expand}
    return {k: v for k, v in info.items() if k in keep}


class FakeHub:
    """A threaded fake Hub. Use as a context manager, or call start()/stop()."""

    def __init__(self, root: Path | str = FIXTURES_ROOT, *, host: str = "127.0.0.1"):
        self.root = Path(root)
        self.host = host
        self.list_page_size = 1000
        # Benchmarks serve thousands of static fixtures: they may keep each listing once built, so
        # the server's own file reading does not count as the client's time. Off for tests, which
        # write fixtures while the server runs.
        self.cache_listings = False
        self.listing_cache: dict[tuple, list[dict[str, Any]]] = {}
        self.tree_page_size = 1000
        self._faults: list[Fault] = []
        self._requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> FakeHub:
        handler = type("_BoundHandler", (_Handler,), {"hub": self})
        self._server = _QuietServer((self.host, 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "the fake hub is not started"
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    # -- faults and the request log ---------------------------------------------------------

    def set_fault(
        self,
        kind: FaultKind,
        *,
        repo: str | None = None,
        route: str | None = None,
        times: int | None = None,
        status: int | None = None,
        seconds: float = 1.0,
    ) -> Fault:
        fault = Fault(kind, repo=repo, route=route, times=times, status=status, seconds=seconds)
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    def reset(self) -> None:
        self.clear_faults()
        self.clear_requests()

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def count(
        self,
        route: str | None = None,
        *,
        method: str | None = None,
        repo: str | None = None,
        filename: str | None = None,
    ) -> int:
        return sum(
            1
            for r in self.requests
            if (route is None or r.route == route)
            and (method is None or r.method == method)
            and (repo is None or r.repo == repo)
            and (filename is None or r.filename == filename)
        )

    def _record(self, request: RecordedRequest) -> Fault | None:
        """Log a request and return the fault to apply to it, if any (consuming one use)."""
        with self._lock:
            self._requests.append(request)
            for fault in self._faults:
                if fault.matches(request.route, request.repo):
                    fault.hits += 1
                    return fault
        return None

    # -- fixtures ----------------------------------------------------------------------------

    def load_repo(self, repo_id: str) -> _Repo | None:
        org, _, name = repo_id.partition("/")
        if not org or not name or ".." in repo_id or "/" in name:
            return None
        folder = self.root / f"{org}__{name}"
        info_file = folder / "info.json"
        if not info_file.is_file():
            return None
        info = json.loads(info_file.read_text(encoding="utf-8"))
        meta_file = folder / "meta.yaml"
        meta = yaml.safe_load(meta_file.read_text(encoding="utf-8")) if meta_file.is_file() else None
        return _Repo(repo_id, folder, info, meta or {})

    def all_repo_ids(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(
            p.name.replace("__", "/", 1)
            for p in self.root.iterdir()
            if p.is_dir() and "__" in p.name and (p / "info.json").is_file()
        )


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients that hang up (timeout and fault tests) are expected, not worth a traceback


class _HubError(Exception):
    """An error answer, always with X-Error-Code as the client needs (hub-client.md §6.3)."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


class _Handler(BaseHTTPRequestHandler):
    hub: FakeHub  # bound per server in FakeHub.start
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        self._handle("GET")

    def do_HEAD(self) -> None:
        self._handle("HEAD")

    # -- dispatch ----------------------------------------------------------------------------

    def _handle(self, method: str) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query, keep_blank_values=True)
        raw_segments = parts.path.split("/")[1:]
        route, repo_id, revision, filename = _classify(raw_segments)
        request = RecordedRequest(
            method=method,
            path=unquote(parts.path),
            route=route,
            repo=repo_id,
            revision=revision,
            filename=filename,
            query=query,
            authorized="authorization" in {k.lower() for k in self.headers.keys()},
        )
        fault = self.hub._record(request)
        try:
            if fault is not None and self._apply_fault(fault, method):
                return
            if route == "model_info":
                self._model_info(request)
            elif route == "model_list":
                self._model_list(request, parts.query)
            elif route == "tree":
                self._tree(request, parts.query)
            elif route == "resolve":
                self._resolve(request)
            else:
                raise _HubError(404, "EntryNotFound", "Not found")
        except _HubError as err:
            self._send_error(err, method, request)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test); nothing to answer

    def _apply_fault(self, fault: Fault, method: str) -> bool:
        """Answer with the fault; return False when the request should then proceed normally."""
        kind = fault.kind
        if kind == "slow":
            time.sleep(fault.seconds)
            return False
        if kind == "down":
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return True
        if kind == "rate_limit":
            wait = int(fault.seconds)
            raise _HubError(
                429,
                "RateLimited",
                "You have been rate-limited; retry later.",
                {
                    "Retry-After": str(wait),
                    "RateLimit": f'"api";r=0;t={wait}',
                    "RateLimit-Policy": '"fixed window";"api";q=500;w=300',
                },
            )
        if kind == "server_error":
            raise _HubError(fault.status or 503, "ServerError", "The server is having a bad day.")
        if kind == "gated":
            raise _HubError(fault.status or 401, "GatedRepo", "Access to this model is restricted.")
        if kind == "not_found":
            raise _HubError(401, "RepoNotFound", "Repository not found")
        if kind == "not_json":
            self._send(200, b"<html><body>Maintenance</body></html>", "text/html", method=method)
            return True
        if kind == "bad_json":
            self._send(200, b'{"_id": "x", "id": "cut/off", "tags": ["a", ', method=method)
            return True
        if kind == "truncated":
            body = json.dumps({"_id": "x", "id": "cut/off", "padding": "x" * 2000}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if method != "HEAD":
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return True
        raise AssertionError(f"unknown fault kind {kind!r}")

    # -- routes ------------------------------------------------------------------------------

    def _repo_or_error(self, request: RecordedRequest) -> _Repo:
        assert request.repo is not None
        repo = self.hub.load_repo(request.repo)
        if repo is None or (repo.meta.get("private") and not request.authorized):
            raise _HubError(401, "RepoNotFound", "Repository not found")
        if repo.meta.get("disabled"):
            raise _HubError(403, "RepoDisabled", "Access to this resource is disabled.")
        if request.revision is not None and request.revision not in repo.revisions():
            raise _HubError(404, "RevisionNotFound", f"Invalid rev id: {request.revision}")
        return repo

    def _model_info(self, request: RecordedRequest) -> None:
        repo = self._repo_or_error(request)
        body = select_expanded(repo.full_info(), request.query.get("expand", []))
        self._send_json(200, body, request.method)

    def _model_list(self, request: RecordedRequest, raw_query: str) -> None:
        q = request.query
        author = (q.get("author") or [None])[0]
        search = (q.get("search") or [None])[0]
        filters = q.get("filter", [])
        expand = q.get("expand", [])
        limit = int(q["limit"][0]) if q.get("limit") else None
        cursor = int(q["cursor"][0]) if q.get("cursor") else 0

        key = (author, search, tuple(filters), tuple(expand), limit)
        cached = self.hub.listing_cache.get(key) if self.hub.cache_listings else None
        items = cached if cached is not None else self._list_items(author, search, filters, expand, limit)
        if self.hub.cache_listings:
            self.hub.listing_cache[key] = items

        page = items[cursor : cursor + self.hub.list_page_size]
        headers: dict[str, str] = {}
        if cursor + self.hub.list_page_size < len(items):
            headers["Link"] = self._next_link(raw_query, cursor + self.hub.list_page_size)
        self._send_json(200, page, request.method, headers)

    def _list_items(
        self, author: str | None, search: str | None, filters: list[str], expand: list[str], limit: int | None
    ) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        for repo_id in self.hub.all_repo_ids():
            repo = self.hub.load_repo(repo_id)
            if repo is None or repo.meta.get("private"):
                continue
            info = repo.full_info()
            if author and info.get("author") != author:
                continue
            if search and search.lower() not in repo_id.lower():
                continue
            if any(f not in info.get("tags", []) for f in filters):
                continue
            items.append(select_expanded(info, expand))
        if limit is not None:
            items = items[:limit]
        return items

    def _tree(self, request: RecordedRequest, raw_query: str) -> None:
        repo = self._repo_or_error(request)
        entries: list[dict[str, Any]] = []
        directories: set[str] = set()
        for sibling in repo.siblings():
            path = sibling["rfilename"]
            entry: dict[str, Any] = {
                "type": "file",
                "oid": sibling.get("blobId", ""),
                "size": sibling.get("size", 0),
                "path": path,
            }
            if sibling.get("lfs"):
                lfs = sibling["lfs"]
                entry["lfs"] = {"oid": lfs["sha256"], "size": lfs["size"], "pointerSize": lfs["pointerSize"]}
            entries.append(entry)
            parents = path.split("/")[:-1]
            for i in range(1, len(parents) + 1):
                directories.add("/".join(parents[:i]))
        for directory in sorted(directories):
            oid = hashlib.sha1(directory.encode()).hexdigest()
            entries.append({"type": "directory", "oid": oid, "path": directory})
        entries.sort(key=lambda e: e["path"])

        cursor = int(request.query["cursor"][0]) if request.query.get("cursor") else 0
        size = self.hub.tree_page_size
        headers: dict[str, str] = {}
        if cursor + size < len(entries):
            headers["Link"] = self._next_link(raw_query, cursor + size, path=self.path)
        self._send_json(200, entries[cursor : cursor + size], request.method, headers)

    def _resolve(self, request: RecordedRequest) -> None:
        repo = self._repo_or_error(request)
        commit = {"X-Repo-Commit": repo.sha}
        path = request.filename or ""
        if repo.is_gated_file(path):
            if not request.authorized:
                raise _HubError(401, "GatedRepo", "Access to this model is restricted.", commit)
            approved = repo.meta.get("approved_tokens")
            if approved is not None and self._bearer() not in approved:
                raise _HubError(403, "GatedRepo", "Your request to access this repo is pending.", commit)
        file = repo.stored_files().get(path)
        if file is None:
            raise _HubError(404, "EntryNotFound", f"{path} does not exist on this revision", commit)
        data = file.read_bytes()
        headers = {**commit, "ETag": f'"{git_blob_sha(data)}"'}
        self._send(200, data, "application/octet-stream", method=request.method, headers=headers)

    # -- helpers -----------------------------------------------------------------------------

    def _bearer(self) -> str:
        value = self.headers.get("authorization", "")
        return value.removeprefix("Bearer ").strip()

    def _next_link(self, raw_query: str, cursor: int, path: str | None = None) -> str:
        """An absolute next-page URL repeating every original param (the client adds none)."""
        params = [(k, v) for k, v in parse_qs_list(raw_query) if k != "cursor"]
        params.append(("cursor", str(cursor)))
        base = urlsplit(path or self.path).path
        return f'<{self.hub.url}{base}?{urlencode(params)}>; rel="next"'

    def _send_json(self, status: int, body: Any, method: str, headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(body).encode(), "application/json", method=method, headers=headers)

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str = "application/json",
        *,
        method: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(body)

    def _send_error(self, err: _HubError, method: str, request: RecordedRequest) -> None:
        headers = {"X-Error-Code": err.code, "X-Error-Message": err.message, **err.headers}
        self._send_json(err.status, {"error": err.message}, method, headers)


def parse_qs_list(raw_query: str) -> list[tuple[str, str]]:
    """Query pairs in order, repeated keys kept (parse_qs would merge them)."""
    pairs = []
    for chunk in raw_query.split("&"):
        if not chunk:
            continue
        key, _, value = chunk.partition("=")
        pairs.append((unquote(key.replace("+", " ")), unquote(value.replace("+", " "))))
    return pairs


def _classify(segments: list[str]) -> tuple[str, str | None, str | None, str | None]:
    """(route, repo_id, revision, filename) from raw (still percent-encoded) path segments."""
    decoded = [unquote(s) for s in segments]
    if decoded[:2] == ["api", "agent-harnesses"]:
        return "agent_harnesses", None, None, None
    if decoded[:2] == ["api", "models"]:
        rest = decoded[2:]
        if not rest or rest == [""]:
            return "model_list", None, None, None
        if len(rest) >= 2:
            repo_id = f"{rest[0]}/{rest[1]}"
            if len(rest) == 2:
                return "model_info", repo_id, None, None
            if len(rest) == 4 and rest[2] == "revision":
                return "model_info", repo_id, rest[3], None
            if len(rest) >= 4 and rest[2] == "tree":
                return "tree", repo_id, rest[3], "/".join(rest[4:]) or None
        return "other", None, None, None
    if len(decoded) >= 5 and decoded[2] == "resolve":
        # The revision is quoted with safe="" (so '/' arrives as %2F); filenames keep their '/'.
        return "resolve", f"{decoded[0]}/{decoded[1]}", decoded[3], "/".join(decoded[4:])
    return "other", None, None, None


__all__ = ["FIXTURES_ROOT", "FakeHub", "Fault", "RecordedRequest", "git_blob_sha", "write_fixture_repo"]
