"""A small on-disk cache of what we read from the Hub, keyed by repo and revision (a commit sha).

Only content pinned to a commit is stored, so an entry never goes stale: a repo that changes gets a
new sha and a new key. A second scan of unchanged models therefore reads its files from here and
sends no download request at all.

Layout: `<root>/<kind>/<org>/<name>/<sha>.json`, each file a one-line header
`{"format": 2, "checksum": <sha256 of the payload bytes>}` followed by the payload's JSON text. The
checksum covers the bytes as stored, so checking it needs no re-serialisation (a warm scan reads
thousands of entries).
- Writes go through a uniquely named temporary file and an atomic rename, so a reader (or another
  process writing the same entry) sees a whole entry or none; the last writer wins.
- A torn or edited entry fails its checksum (or does not parse) and is treated as a miss, then
  overwritten by the refetch. No fsync: a crash can lose an entry, never serve a wrong one.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

ENV_VAR = "OPENNESS_CACHE_DIR"
FORMAT = 2
_SHA = re.compile(r"^[0-9a-f]{40}$")
# Repo id parts as the Hub allows them (see repo_id.py); anything else never becomes a path.
_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def default_cache_dir() -> Path:
    """$OPENNESS_CACHE_DIR, else the platform's user cache folder + /openness."""
    explicit = os.environ.get(ENV_VAR)
    if explicit:
        return Path(explicit).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "openness" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "openness"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "openness"


def is_commit_sha(revision: str | None) -> bool:
    return bool(revision) and bool(_SHA.match(revision or ""))


class Cache:
    """get/put JSON payloads by (kind, repo id, commit sha). Safe across threads and processes."""

    def __init__(self, root: str | os.PathLike[str] | None = None):
        self.root = Path(root) if root is not None else default_cache_dir()
        self.corrupt = 0  # entries found damaged (and treated as misses) since this object was made

    def path_for(self, kind: str, repo_id: str, revision: str) -> Path | None:
        org, _, name = repo_id.partition("/")
        if not (_PART.match(org) and _PART.match(name) and ".." not in repo_id and is_commit_sha(revision)):
            return None  # not pinned to a commit, or not a safe id: never cached
        if not _PART.match(kind):
            raise ValueError(f"bad cache kind {kind!r}")
        return self.root / kind / org / name / f"{revision}.json"

    def get(self, kind: str, repo_id: str, revision: str | None) -> Any | None:
        text = self.get_text(kind, repo_id, revision)
        if text is None:
            return None
        try:
            return json.loads(text)
        except ValueError:
            self.corrupt += 1
            return None

    def get_text(self, kind: str, repo_id: str, revision: str | None) -> str | None:
        """The payload as stored (text), checksum verified; None on a miss or a damaged entry."""
        path = self.path_for(kind, repo_id, revision or "")
        if path is None:
            return None
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        header, newline, payload = raw.partition(b"\n")
        try:
            meta = json.loads(header) if newline else {}
            if meta.get("format") != FORMAT or meta.get("checksum") != hashlib.sha256(payload).hexdigest():
                raise ValueError("checksum mismatch")
            return payload.decode("utf-8")
        except (ValueError, AttributeError, UnicodeDecodeError):
            self.corrupt += 1
            return None

    def put(self, kind: str, repo_id: str, revision: str | None, payload: Any) -> bool:
        """Store `payload`: a JSON-able value (read back with `get`), or text as a str (read back
        with `get_text`). False when it cannot be cached (unpinned, or disk trouble)."""
        path = self.path_for(kind, repo_id, revision or "")
        if path is None:
            return False
        payload_text = payload if isinstance(payload, str) else json.dumps(payload, separators=(",", ":"))
        text = f'{{"format":{FORMAT},"checksum":"{_checksum(payload_text)}"}}\n{payload_text}'
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            os.replace(tmp, path)
            return True
        except OSError:
            # A cache that cannot be written only costs speed; the scan goes on.
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
            return False


def _checksum(payload_text: str) -> str:
    return hashlib.sha256(payload_text.encode("utf-8")).hexdigest()
