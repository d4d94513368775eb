"""`fetch_snapshot`: one model, as `openness audit` reads it."""

from __future__ import annotations

import os
from pathlib import Path

from openness.errors import SourceError
from openness.models import Snapshot
from openness.repo_id import parse_repo_id
from openness.sources.hub.files import (
    _run_concurrently,
    cached_files,
    read_text_file,
    store_files,
)
from openness.sources.hub.metadata import _model_info
from openness.sources.hub.settings import (
    MAX_RETRY_WAIT_SECONDS,
    _implicit_token,
    display_endpoint,
    resolve_endpoint,
    resolve_offline,
)
from openness.sources.hub.snapshot import (
    _FileResult,
    _listed_snapshot,
    wanted_files,
    with_files,
)


def fetch_snapshot(
    repo_id: str,
    *,
    revision: str | None = None,
    endpoint: str | None = None,
    token: str | None = None,
    timeout: float = 10.0,
    max_retries: int = 3,
    offline: bool | None = None,
    cache_dir: str | Path | None = None,
    max_retry_wait: float = MAX_RETRY_WAIT_SECONDS,
    files_deadline: float | None = None,
) -> Snapshot:
    """Read one model from the Hub into a Snapshot (source="hub"), or raise SourceError.

    `timeout` bounds each request; `max_retries`/`max_retry_wait` bound the retries of model_info
    on 429/5xx; `files_deadline` (default: timeout + 2 s) bounds the whole file-reading phase: the files
    are read in parallel, so one request's timeout plus a margin is what a user asking for a timeout
    expects to wait.
    `cache_dir` defaults to the openness cache ($OPENNESS_CACHE_DIR, else the user cache folder).
    """
    repo_id = parse_repo_id(repo_id)
    endpoint = resolve_endpoint(endpoint)
    shown = display_endpoint(endpoint)
    if resolve_offline(offline):
        raise SourceError(
            "offline",
            f"offline mode is on (HF_HUB_OFFLINE): {repo_id} was not looked up on the Hub",
        )

    # Before the first import: the client reads these once, and telemetry would cost a hidden
    # GET /api/agent-harnesses (hub-client.md §1.2).
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

    # The token huggingface_hub will send (argument, HF_TOKEN, or the saved login): only used to
    # word messages and to scrub it from any text we pass on; the client resolves it itself.
    effective_token = token or _implicit_token()
    secrets = [effective_token] if effective_token else []
    info = _model_info(
        repo_id,
        revision=revision,
        endpoint=endpoint,
        token=token,
        timeout=timeout,
        max_retries=max_retries,
        max_retry_wait=max_retry_wait,
        shown_endpoint=shown,
        secrets=secrets,
    )
    listed = _listed_snapshot(info, repo_id, revision=revision, shown_endpoint=shown)
    from openness.cache import Cache

    cache = Cache(cache_dir)
    wanted = wanted_files(listed)
    hit = cached_files(cache, listed, wanted)
    if hit is not None:
        return with_files(listed, hit)
    from huggingface_hub.utils import get_session

    session = get_session()
    sizes = {f.path: f.size for f in listed.files}

    def download(path: str, cap: int) -> _FileResult:
        return read_text_file(
            session,
            endpoint=endpoint,
            repo_id=repo_id,
            revision=listed.revision,
            path=path,
            cap=cap,
            known_size=sizes.get(path),
            token=token,
            timeout=timeout,
            secrets=secrets,
        )

    deadline = files_deadline if files_deadline is not None else timeout + 2
    results = _run_concurrently(download, wanted, deadline)
    store_files(cache, listed, results, anonymous=not secrets)
    return with_files(listed, results)
