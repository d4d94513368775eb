"""`BulkHub`: many models for `openness scan`, one listing request per page."""

from __future__ import annotations

import os
import threading
from typing import Any

from openness.errors import SourceError
from openness.models import Snapshot
from openness.repo_id import is_valid_repo_id
from openness.sources.hub.files import cached_files, read_text_file, store_files
from openness.sources.hub.metadata import _model_info
from openness.sources.hub.settings import (
    EXPAND_FIELDS,
    MAX_RETRY_WAIT_SECONDS,
    _implicit_token,
    _one_line,
    _redact,
    display_endpoint,
    resolve_endpoint,
)
from openness.sources.hub.snapshot import _listed_snapshot, wanted_files, with_files


class BulkHub:
    """Hub access for scans. Use as a context manager: for its duration, huggingface_hub's shared
    HTTP client carries a per-request timeout (list_models has no timeout parameter and would wait
    forever on a stalled server, hub-client.md §1.4) and feeds the `RateLimit` headers of every
    answer to a Throttle, which waits before a bucket runs dry instead of running into 429s.

    Costs: `list` 1 API request per page (up to 1000 models); `info` 1 API request; `complete`
    1 resolver request per file not already in the cache, none when it is.
    """

    def __init__(
        self,
        *,
        endpoint: str | None = None,
        token: str | None = None,
        timeout: float = 10.0,
        cache: Any = None,
        refresh: bool = False,
        throttle: Any = None,
    ):
        from openness.sources.throttle import Throttle

        self.endpoint = resolve_endpoint(endpoint)
        self.shown_endpoint = display_endpoint(self.endpoint)
        self.token = token
        self.timeout = timeout
        self.cache = cache
        self.refresh = refresh
        self.throttle = throttle if throttle is not None else Throttle()
        self.requests: dict[str, int] = {"api": 0, "resolvers": 0, "pages": 0}
        self._count_lock = threading.Lock()
        # Commits answered from what an earlier run cached: counted once each, so a base model read
        # again for its derivatives, or files this run has just written, do not count as hits.
        self._hits: set[tuple[str, str | None]] = set()
        self._secrets: list[str] = []
        self._written: set[tuple[str, str | None]] = set()

    # -- lifecycle: install and remove our HTTP client --------------------------------------

    def __enter__(self) -> BulkHub:
        os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        from huggingface_hub.utils import _http as hf_http
        from huggingface_hub.utils import set_client_factory

        effective = self.token or _implicit_token()
        self._secrets = [effective] if effective else []
        self._previous_factory = hf_http._GLOBAL_CLIENT_FACTORY
        set_client_factory(self._client_factory)
        return self

    def __exit__(self, *exc: object) -> None:
        from huggingface_hub.utils import set_client_factory

        set_client_factory(self._previous_factory)

    def _client_factory(self) -> Any:
        import httpx2
        from huggingface_hub.utils._http import hf_request_event_hook

        timeout = httpx2.Timeout(self.timeout)

        class _TimeoutTransport(httpx2.HTTPTransport):
            # huggingface_hub passes timeout=None per request, which overrides a client timeout;
            # the transport sees the request last, so it sets the timeout there.
            def handle_request(self, request: Any) -> Any:
                request.extensions["timeout"] = timeout.as_dict()
                return super().handle_request(request)

        # The library's hook stays first: it is what enforces HF_HUB_OFFLINE (hub-client.md §1.1).
        return httpx2.Client(
            event_hooks={"request": [hf_request_event_hook, self._before_request], "response": [self._after_response]},
            transport=_TimeoutTransport(),
            follow_redirects=True,
            timeout=None,
        )

    def _before_request(self, request: Any) -> None:
        from openness.sources.throttle import bucket_of

        bucket = bucket_of(request.url.path)
        self.throttle.before(bucket)
        with self._count_lock:
            self.requests[bucket] = self.requests.get(bucket, 0) + 1

    def _after_response(self, response: Any) -> None:
        from huggingface_hub.utils import parse_ratelimit_headers

        limit = parse_ratelimit_headers(response.headers)
        if limit is not None:
            self.throttle.observe(limit.resource_type, limit.remaining, limit.reset_in_seconds)

    # -- metadata ----------------------------------------------------------------------------

    def list(self, *, author: str | None = None, search: str | None = None, limit: int | None = None):
        """(repo id, listed snapshot) pairs, API metadata only, page by page as the Hub sends them;
        an item whose metadata cannot be read comes as (repo id, SourceError). Raises SourceError
        when the listing itself fails (before or between pages)."""
        import httpx2
        from huggingface_hub import HfApi
        from huggingface_hub.errors import HfHubHTTPError, OfflineModeIsEnabled

        api = HfApi(endpoint=self.endpoint, token=self.token)
        what = f"the model list ({_describe_query(author, search)}) on {self.shown_endpoint}"
        # expand, never cardData=True: the client refuses both together (hub-client.md §2).
        items = api.list_models(author=author, search=search, limit=limit, expand=EXPAND_FIELDS)
        try:
            for info in items:
                repo_id = getattr(info, "id", None)
                if not isinstance(repo_id, str) or not is_valid_repo_id(repo_id):
                    continue  # nothing we could audit or name a file after
                try:
                    listed: Snapshot | SourceError = _listed_snapshot(
                        info, repo_id, revision=None, shown_endpoint=self.shown_endpoint
                    )
                except ValueError as err:  # one odd item must not end the listing
                    listed = SourceError("bad_response", f"{repo_id}: the listing's metadata is not usable ({_one_line(str(err))[:200]})")
                yield repo_id, listed
        except OfflineModeIsEnabled:
            raise SourceError("offline", f"offline mode is on (HF_HUB_OFFLINE): {what} was not requested") from None
        except HfHubHTTPError as err:
            status = getattr(getattr(err, "response", None), "status_code", None)
            raise SourceError("error", f"the Hub answered HTTP {status} for {what}") from None
        except httpx2.TimeoutException:
            raise SourceError("offline", f"no answer within {self.timeout:g} s for {what}") from None
        except httpx2.TransportError as err:
            reason = _redact(_one_line(str(err)), self._secrets) or type(err).__name__
            raise SourceError("offline", f"{what} could not be read: {reason}") from None
        except (ValueError, TypeError, KeyError, AttributeError):
            raise SourceError("bad_response", f"{what} is not a valid model list") from None

    def info(self, repo_id: str) -> Snapshot:
        """One model's listed snapshot through model_info (1 API request, bounded retries)."""
        info = _model_info(
            repo_id,
            revision=None,
            endpoint=self.endpoint,
            token=self.token,
            timeout=self.timeout,
            max_retries=3,
            max_retry_wait=MAX_RETRY_WAIT_SECONDS,
            shown_endpoint=self.shown_endpoint,
            secrets=self._secrets,
        )
        return _listed_snapshot(info, repo_id, revision=None, shown_endpoint=self.shown_endpoint)

    # -- files -------------------------------------------------------------------------------

    @property
    def cache_hits(self) -> int:
        """Models answered from an earlier run's cache (files or a whole report)."""
        return len(self._hits)

    def count_cache_hit(self, listed: Snapshot) -> None:
        with self._count_lock:
            self._hits.add((listed.repo_id, listed.revision))

    def complete(self, listed: Snapshot) -> Snapshot:
        """The snapshot with its README and license files, from the cache when this commit's files
        were read before (no request), else downloaded pinned to the listed sha and cached."""
        wanted = wanted_files(listed)
        key = (listed.repo_id, listed.revision)
        # --refresh ignores what earlier runs cached, not what this run has just read (a base model
        # is completed again for each of its derivatives).
        usable = self.cache is not None and (not self.refresh or key in self._written)
        hit = cached_files(self.cache, listed, wanted) if usable else None
        if hit is not None:
            if key not in self._written:
                self.count_cache_hit(listed)
            return with_files(listed, hit)

        from huggingface_hub.utils import get_session

        session = get_session()  # ours: its transport sets the timeout and counts the request
        sizes = {f.path: f.size for f in listed.files}
        results = [
            read_text_file(
                session,
                endpoint=self.endpoint,
                repo_id=listed.repo_id,
                revision=listed.revision or "main",
                path=path,
                cap=cap,
                known_size=sizes.get(path),
                token=self.token,
                timeout=None,
                secrets=self._secrets,
            )
            for path, cap in wanted
        ]
        if store_files(self.cache, listed, results, anonymous=not self._secrets):
            with self._count_lock:
                self._written.add(key)
        return with_files(listed, results)

def _describe_query(author: str | None, search: str | None) -> str:
    parts = ([f"author={author}"] if author else []) + ([f"search={search!r}"] if search else [])
    return ", ".join(parts) or "all models"
