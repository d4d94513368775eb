"""Reading a repository's text files: one streamed GET each, cut at a size cap, in parallel under a
deadline, and the commit-keyed cache of what was read."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from openness.models import Snapshot, Unavailable
from openness.sources.hub.metadata import _retry_delay
from openness.sources.hub.settings import (
    _RETRYABLE_STATUS,
    MAX_RETRY_WAIT_SECONDS,
    _one_line,
    _redact,
)
from openness.sources.hub.snapshot import _FileResult, _unavailable, decode_text


def _run_concurrently(
    work: Callable[[str, int], _FileResult], wanted: list[tuple[str, int]], deadline: float
) -> list[_FileResult]:
    """Run the downloads in parallel; whatever is not done after `deadline` seconds is reported so.

    Daemon threads rather than a ThreadPoolExecutor: huggingface_hub retries a failing HEAD with
    backoff (up to ~25 s) when nothing is cached, and an executor's workers would hold the process
    open at exit until they finish. An abandoned daemon thread does not.
    """
    results: dict[str, _FileResult] = {}
    lock = threading.Lock()

    def run(path: str, cap: int) -> None:
        try:
            result = work(path, cap)
        except Exception as err:  # noqa: BLE001 - one unreadable file must not end the audit
            result = _unavailable(path, "error", f"unexpected {type(err).__name__} while reading it")
        with lock:
            results[path] = result

    threads = [threading.Thread(target=run, args=item, daemon=True) for item in wanted]
    for thread in threads:
        thread.start()
    end = time.monotonic() + deadline
    for thread in threads:
        thread.join(max(0.0, end - time.monotonic()))
    with lock:
        return [
            results.get(path) or _unavailable(path, "error", f"no answer from the Hub within {deadline:g} s")
            for path, _ in wanted
        ]

def read_text_file(
    session: Any,
    *,
    endpoint: str,
    repo_id: str,
    revision: str | None,
    path: str,
    cap: int,
    known_size: int | None,
    token: str | None,
    timeout: float | None,
    secrets: list[str],
) -> _FileResult:
    """One plain GET of /resolve/<sha>/<path>, streamed and cut at `cap` bytes: 1 resolver request
    (hf_hub_download spends 2, HEAD + GET, and keeps a second cache we do not need), and a file the
    metadata under-reports is never read past its cap. 429/5xx are retried briefly."""
    if known_size is not None and known_size > cap:
        return _unavailable(path, "too_large", f"{known_size:,} bytes, over the {cap:,}-byte limit for this file")
    from urllib.parse import quote

    import httpx2
    from huggingface_hub.errors import (
        GatedRepoError,
        HfHubHTTPError,
        OfflineModeIsEnabled,
        RemoteEntryNotFoundError,
        RepositoryNotFoundError,
    )
    from huggingface_hub.utils import build_hf_headers, hf_raise_for_status

    url = f"{endpoint}/{repo_id}/resolve/{quote(revision or 'main', safe='')}/{quote(path)}"
    headers = build_hf_headers(token=token)
    # None: the client's own timeout (BulkHub's transport sets one); a number: this request's.
    extra = {} if timeout is None else {"timeout": timeout}
    waited = 0.0
    attempt = 0
    while True:
        try:
            with session.stream("GET", url, headers=headers, **extra) as response:
                if response.status_code in _RETRYABLE_STATUS:
                    delay = _retry_delay(response, attempt)
                    if attempt < 3 and waited + delay <= MAX_RETRY_WAIT_SECONDS:
                        time.sleep(delay)
                        waited += delay
                        attempt += 1
                        continue
                hf_raise_for_status(response)
                data = bytearray()
                for chunk in response.iter_bytes():
                    data.extend(chunk)
                    if len(data) > cap:
                        return _unavailable(path, "too_large", f"over the {cap:,}-byte limit for this file")
        except GatedRepoError:
            detail = (
                "the token used has no access to this gated repo; request access on the Hub"
                if secrets
                else "gated: a token with access (HF_TOKEN) is needed to read it"
            )
            return _unavailable(path, "gated", detail)
        except RemoteEntryNotFoundError:
            return _unavailable(path, "missing", "not found at this revision")
        except RepositoryNotFoundError:  # after GatedRepoError, its subclass
            return _unavailable(path, "error", "the Hub refused the file (repository not found)")
        except OfflineModeIsEnabled:
            return _unavailable(path, "offline", "offline mode is on; the file was not downloaded")
        except HfHubHTTPError as err:
            status = getattr(getattr(err, "response", None), "status_code", None)
            return _unavailable(path, "error", f"the Hub answered HTTP {status}")
        except httpx2.TimeoutException:
            return _unavailable(path, "error", "no answer in time")
        except (httpx2.HTTPError, OSError) as err:
            reason = _redact(_one_line(str(err)), secrets) or type(err).__name__
            return _unavailable(path, "error", f"download failed: {reason[:200]}")
        text = decode_text(bytes(data))
        if text is None:
            return _unavailable(path, "not_text", "binary content, not read as text")
        return _FileResult(path=path, text=text)

def cached_files(cache: Any, listed: Snapshot, wanted: list[tuple[str, int]]) -> list[_FileResult] | None:
    """This commit's files from the cache when an earlier read stored all of them, else None."""
    if cache is None:
        return None
    cached = cache.get("files", listed.repo_id, listed.revision)
    if cached is None or not _covers(cached, wanted):
        return None
    return [_result_from_cache(path, cached[path]) for path, _ in wanted]

def store_files(cache: Any, listed: Snapshot, results: list[_FileResult], *, anonymous: bool) -> bool:
    """Keep what was read at this commit, unless a passing failure (error, offline) shaped it.
    Anonymous, a gated file stays refused at this commit; with a token, access may come later."""
    if cache is None:
        return False
    stable = _STABLE_REASONS | {"gated"} if anonymous else _STABLE_REASONS
    if not all(r.unavailable is None or r.unavailable.reason in stable for r in results):
        return False
    return cache.put("files", listed.repo_id, listed.revision, {r.path: _result_to_cache(r) for r in results})

# What a commit's file can be cached as: its text, or a reason that cannot change at that commit.
# "error"/"offline" depend on the moment, so they are never cached ("gated" only when anonymous).
_STABLE_REASONS = {"missing", "too_large", "not_text"}

def _result_to_cache(result: _FileResult) -> dict[str, Any]:
    if result.unavailable is not None:
        return {"unavailable": result.unavailable.model_dump()}
    return {"text": result.text}

def _result_from_cache(path: str, entry: dict[str, Any]) -> _FileResult:
    if "unavailable" in entry:
        return _FileResult(path=path, unavailable=Unavailable.model_validate(entry["unavailable"]))
    return _FileResult(path=path, text=entry.get("text"))

def _covers(cached: Any, wanted: list[tuple[str, int]]) -> bool:
    """A cache entry answers for these files (a corrupt-but-valid-JSON payload fails here too)."""
    if not isinstance(cached, dict):
        return False
    for path, _ in wanted:
        entry = cached.get(path)
        if not isinstance(entry, dict):
            return False
        if "unavailable" in entry:
            if not isinstance(entry["unavailable"], dict):
                return False
        elif not isinstance(entry.get("text"), str):
            return False
    return True
