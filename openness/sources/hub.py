"""The Hugging Face Hub source: one model's metadata, card and license texts as a `Snapshot`.

This is the only module that imports `huggingface_hub`, and only inside functions, so that
`openness --help` and offline audits never pay for it. See shared/reference/hub-client.md for the
client behaviour this relies on (why `endpoint=` and `timeout=` are always passed, why model_info
needs our own retry, which error class means what).

Cost of one audit: 1 API request (model_info), then for each text file 2 resolver requests the first
time (HEAD + GET) and none afterwards, because downloads are pinned to the commit sha.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from openness.card import parse_card
from openness.errors import SourceError
from openness.models import RepoFile, Snapshot, Unavailable
from openness.repo_id import is_valid_repo_id, parse_repo_id

DEFAULT_ENDPOINT = "https://huggingface.co"

# What model_info must return for an audit; with `expand`, nothing else comes back (smaller answer).
EXPAND_FIELDS = [
    "sha",
    "cardData",
    "tags",
    "gated",
    "siblings",
    "safetensors",
    "baseModels",
    "pipeline_tag",
    "library_name",
    "createdAt",
    "lastModified",
    "private",
    "disabled",
]

README = "README.md"
MAX_README_BYTES = 2_000_000
# The publisher's declaration of where each artefact lives (see `openness check`), read when present.
PUBLISHER_FILE = "openness.yaml"
MAX_PUBLISHER_BYTES = 256_000
MAX_LICENSE_BYTES = 1_000_000
MAX_LICENSE_FILES = 8
# Longest total sleep spent waiting on 429/5xx before giving up; an audit should not hang.
MAX_RETRY_WAIT_SECONDS = 10.0

# License-like files, by lowercase name, in the order we prefer them when there are too many.
_LICENSE_NAMES = (
    "license",
    "license.md",
    "license.txt",
    "license-model",
    "license-code",
    "model_license",
    "use_policy.md",
    "notice",
    "notice.md",
    "notice.txt",
    "copying",
)
_NOT_TEXT_SUFFIXES = {".safetensors", ".bin", ".pt", ".pth", ".gguf", ".onnx", ".h5", ".msgpack", ".zip", ".pdf"}
_RETRYABLE_STATUS = {429, 500, 502, 503, 504}
_TRUE_VALUES = {"1", "on", "yes", "true"}


# --------------------------------------------------------------------------------------------
# Settings resolution (pure apart from reading the environment)


def resolve_endpoint(endpoint: str | None = None) -> str:
    """Explicit argument, else OPENNESS_HF_ENDPOINT, else HF_ENDPOINT, else the public Hub."""
    chosen = endpoint or os.environ.get("OPENNESS_HF_ENDPOINT") or os.environ.get("HF_ENDPOINT")
    return (chosen or DEFAULT_ENDPOINT).rstrip("/")


def resolve_offline(offline: bool | None = None) -> bool:
    if offline is not None:
        return offline
    value = os.environ.get("HF_HUB_OFFLINE") or os.environ.get("TRANSFORMERS_OFFLINE") or ""
    return value.strip().lower() in _TRUE_VALUES


def display_endpoint(endpoint: str) -> str:
    """The endpoint without any user:password part, safe for messages and reports."""
    parts = urlsplit(endpoint)
    if "@" not in parts.netloc:
        return endpoint
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


# --------------------------------------------------------------------------------------------
# Choosing files (pure)


def select_license_files(paths: Iterable[str], license_link: Any = None, limit: int = MAX_LICENSE_FILES) -> list[str]:
    """The repo's license-like files worth reading, best first, at most `limit`.

    Top-level files before nested ones (a LICENSE in `original/` usually repeats the top one);
    the file the card's `license_link` names is always included when the repo has it.
    """
    available = list(dict.fromkeys(paths))
    candidates = [p for p in available if _is_license_like(p)]

    def rank(path: str) -> tuple[int, int, str]:
        name = PurePosixPath(path).name.lower()
        known = _LICENSE_NAMES.index(name) if name in _LICENSE_NAMES else len(_LICENSE_NAMES)
        return (path.count("/"), known, path)

    chosen = sorted(candidates, key=rank)[:limit]
    linked = _in_repo_link(license_link)
    if linked and linked in available and linked not in chosen:
        chosen = [linked, *chosen][:limit]
    return chosen


def _is_license_like(path: str) -> bool:
    pure = PurePosixPath(path)
    if pure.suffix.lower() in _NOT_TEXT_SUFFIXES:
        return False
    name = pure.name.lower()
    return name in _LICENSE_NAMES or "license" in name or "licence" in name


def _in_repo_link(link: Any) -> str | None:
    """`license_link: LICENSE` or `./LICENSE.md` names a file of the repo; URLs do not."""
    if not isinstance(link, str) or "://" in link or not link.strip():
        return None
    return link.strip().removeprefix("./").lstrip("/")


def base_models_from(card_data: dict[str, Any], tags: Iterable[str], api_base_models: Any) -> list[str]:
    """Base model ids from the card's `base_model`, the Hub's `base_model:` tags and `baseModels`."""
    found: list[str] = []
    declared = card_data.get("base_model")
    if isinstance(declared, str):
        found.append(declared)
    elif isinstance(declared, list):
        found.extend(x for x in declared if isinstance(x, str))
    for tag in tags:
        if tag.startswith("base_model:"):
            # "base_model:org/m" or "base_model:finetune:org/m" (relation first)
            found.append(tag.rsplit(":", 1)[1])
    if isinstance(api_base_models, dict):
        for model in api_base_models.get("models") or []:
            if isinstance(model, dict) and isinstance(model.get("id"), str):
                found.append(model["id"])
    return [m for m in dict.fromkeys(x.strip() for x in found) if is_valid_repo_id(m)]


def decode_text(data: bytes) -> str | None:
    """UTF-8 text with replacement characters, or None when the bytes are clearly not text."""
    head = data[:8192]
    if b"\x00" in head:
        return None
    text = data.decode("utf-8", errors="replace")
    sample = text[:8192]
    if sample and sample.count("\ufffd") > len(sample) * 0.1:
        return None
    return text.removeprefix("\ufeff")


# --------------------------------------------------------------------------------------------
# The fetch


@dataclass(frozen=True)
class _FileResult:
    path: str
    text: str | None = None
    unavailable: Unavailable | None = None


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
    on 429/5xx; `files_deadline` (default: 2 x timeout + 5 s) bounds the whole file-reading phase.
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

    deadline = files_deadline if files_deadline is not None else 2 * timeout + 5
    results = _run_concurrently(download, wanted, deadline)
    store_files(cache, listed, results, anonymous=not secrets)
    return with_files(listed, results)


def _listed_snapshot(info: Any, repo_id: str, *, revision: str | None, shown_endpoint: str) -> Snapshot:
    """A Snapshot from API metadata alone (model_info or one item of list_models): no file read yet,
    card_data from the API's cardData. `with_files` completes it."""
    siblings = list(getattr(info, "siblings", None) or [])
    files = [
        RepoFile(path=s.rfilename, size=getattr(s, "size", None), lfs=getattr(s, "lfs", None) is not None)
        for s in siblings
    ]
    card_data = _card_data_dict(getattr(info, "card_data", None))
    tags = list(getattr(info, "tags", None) or [])
    gated = getattr(info, "gated", None)
    safetensors = getattr(info, "safetensors", None)
    return Snapshot(
        repo_id=repo_id,
        revision=getattr(info, "sha", None) or revision,
        source="hub",
        endpoint=shown_endpoint,
        retrieved_at=datetime.now(UTC),
        gated=gated if isinstance(gated, str) else None,
        private=bool(getattr(info, "private", False)),
        disabled=bool(getattr(info, "disabled", False)),
        tags=tags,
        card_data=card_data,
        files=files,
        pipeline_tag=getattr(info, "pipeline_tag", None),
        library_name=getattr(info, "library_name", None),
        created_at=getattr(info, "created_at", None),
        last_modified=getattr(info, "last_modified", None),
        parameters=getattr(safetensors, "total", None) if safetensors is not None else None,
        base_models=base_models_from(card_data, tags, getattr(info, "base_models", None)),
    )


def wanted_files(listed: Snapshot) -> list[tuple[str, int]]:
    """The files an audit reads, with their size caps: README.md and the license-like files.
    Without a sibling list (unusual) we still try README.md."""
    paths = [f.path for f in listed.files]
    wanted: list[tuple[str, int]] = []
    if README in paths or not paths:
        wanted.append((README, MAX_README_BYTES))
    license_paths = select_license_files(paths, listed.card_data.get("license_link"))
    wanted.extend((path, MAX_LICENSE_BYTES) for path in license_paths)
    if PUBLISHER_FILE in paths:
        wanted.append((PUBLISHER_FILE, MAX_PUBLISHER_BYTES))
    return wanted


def with_files(listed: Snapshot, results: Iterable[_FileResult]) -> Snapshot:
    """The listed snapshot completed with the files read (pure): card text and its front matter
    (the API's cardData stays as the fallback), license texts, and what could not be read."""
    unavailable: list[Unavailable] = []
    if listed.files and README not in {f.path for f in listed.files}:
        unavailable.append(Unavailable(what=README, reason="missing", detail="the repo has no README.md"))
    license_files: dict[str, str] = {}
    card_text: str | None = None
    publisher_file: str | None = None
    for result in results:
        if result.unavailable is not None:
            unavailable.append(result.unavailable)
        elif result.path == README:
            card_text = result.text
        elif result.path == PUBLISHER_FILE:
            publisher_file = result.text
        elif result.text is not None:
            license_files[result.path] = result.text

    api_card_data = listed.card_data
    notes: list[str] = []
    card_errors: list[str] = []
    card_data: dict[str, Any] = {}
    if card_text is not None:
        parsed = parse_card(card_text)
        card_data, card_errors = parsed.metadata, list(parsed.errors)
    fell_back = not card_data and bool(api_card_data)
    if fell_back:
        card_data = api_card_data
    if card_errors:
        source = "the Hub API's cardData is used instead" if fell_back else "no card metadata is available"
        notes.append(f"README.md front matter was not used ({card_errors[0]}); {source}.")

    return listed.model_copy(
        update={
            "card_data": card_data,
            "card_text": card_text,
            "card_errors": card_errors,
            "license_files": license_files,
            "publisher_file": publisher_file,
            "unavailable": unavailable,
            # The card's own base_model first; what the API listed (cardData, baseModels) after it.
            "base_models": list(dict.fromkeys(base_models_from(card_data, listed.tags, None) + listed.base_models)),
            "notes": notes,
        }
    )


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


def _card_data_dict(card_data: Any) -> dict[str, Any]:
    if card_data is None:
        return {}
    if isinstance(card_data, dict):
        return dict(card_data)
    to_dict = getattr(card_data, "to_dict", None)
    return dict(to_dict()) if callable(to_dict) else {}


# --------------------------------------------------------------------------------------------
# model_info with bounded retry


def _model_info(
    repo_id: str,
    *,
    revision: str | None,
    endpoint: str,
    token: str | None,
    timeout: float,
    max_retries: int,
    max_retry_wait: float,
    shown_endpoint: str,
    secrets: list[str],
) -> Any:
    """HfApi.model_info, retried on 429/5xx (it has no retry of its own), errors as SourceError."""
    import httpx2
    from huggingface_hub import HfApi
    from huggingface_hub.errors import (
        DisabledRepoError,
        GatedRepoError,
        HfHubHTTPError,
        OfflineModeIsEnabled,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    api = HfApi(endpoint=endpoint, token=token)
    where = f"{repo_id} on {shown_endpoint}"
    waited = 0.0
    attempt = 0
    while True:
        try:
            return api.model_info(repo_id, revision=revision, expand=EXPAND_FIELDS, timeout=timeout)
        except RevisionNotFoundError:
            raise SourceError("revision_not_found", f"revision '{revision}' does not exist in {where}") from None
        except DisabledRepoError:
            raise SourceError("disabled", f"{where} has been disabled by the Hub") from None
        except GatedRepoError:
            # model_info of a gated repo is public; a gate here means the metadata itself is refused.
            raise SourceError(
                "not_found", f"{where} refused its metadata (gated); a token with access (HF_TOKEN) is needed"
            ) from None
        except RepositoryNotFoundError:
            hint = "" if secrets else " (a private repo needs a token: HF_TOKEN)"
            raise SourceError("not_found", f"{where} was not found or is private{hint}") from None
        except OfflineModeIsEnabled:
            raise SourceError("offline", f"offline mode is on (HF_HUB_OFFLINE): {repo_id} was not looked up") from None
        except HfHubHTTPError as err:
            response = getattr(err, "response", None)
            status = getattr(response, "status_code", None)
            if status not in _RETRYABLE_STATUS:
                raise SourceError("error", f"the Hub answered HTTP {status} for {where}") from None
            delay = _retry_delay(response, attempt)
            if attempt >= max_retries or waited + delay > max_retry_wait:
                raise _gave_up(status, where, attempt, waited, delay) from None
            time.sleep(delay)
            waited += delay
            attempt += 1
        except httpx2.TimeoutException:
            raise SourceError(
                "offline", f"the Hub at {shown_endpoint} did not answer within {timeout:g} s ({repo_id})"
            ) from None
        except httpx2.RemoteProtocolError as err:
            # The server hung up: before any answer it is unreachable; mid-answer the reply is broken.
            if "without sending a response" in str(err) or "disconnected" in str(err).lower():
                raise SourceError("offline", f"the Hub at {shown_endpoint} closed the connection ({repo_id})") from None
            raise SourceError("bad_response", f"the Hub's answer for {where} was cut off") from None
        except httpx2.TransportError as err:
            reason = _redact(_one_line(str(err)), secrets) or type(err).__name__
            raise SourceError("offline", f"the Hub at {shown_endpoint} is unreachable: {reason}") from None
        except (ValueError, TypeError, KeyError, AttributeError):
            # JSON that does not decode, or decodes to something ModelInfo cannot read.
            raise SourceError("bad_response", f"the Hub's answer for {where} is not valid model metadata") from None


def _retry_delay(response: Any, attempt: int) -> float:
    """How long to wait before the next model_info attempt: what the server asks, else backoff."""
    from huggingface_hub.utils import parse_ratelimit_headers

    headers = getattr(response, "headers", None) or {}
    retry_after = str(headers.get("retry-after", "")).strip()
    if retry_after.isdigit():
        return max(float(retry_after), 0.1)
    limit = parse_ratelimit_headers(headers)
    if limit is not None and limit.remaining == 0:
        return float(limit.reset_in_seconds) + 1.0  # t is rounded down; as the client itself does
    return min(0.5 * 2**attempt, 4.0)


def _gave_up(status: int | None, where: str, attempt: int, waited: float, next_delay: float) -> SourceError:
    tries = f"{attempt + 1} attempt{'s' if attempt else ''} over {waited:.0f} s"
    if status == 429:
        return SourceError(
            "rate_limited",
            f"the Hub is rate-limiting requests for {where} ({tries}; it asks to wait {next_delay:.0f} s more); "
            "try again later, or set HF_TOKEN for a higher limit",
        )
    return SourceError("error", f"the Hub kept failing with HTTP {status} for {where} ({tries}); try again later")


# --------------------------------------------------------------------------------------------
# One file


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
    import httpx2
    from urllib.parse import quote

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


def _unavailable(path: str, reason: str, detail: str) -> _FileResult:
    return _FileResult(path=path, unavailable=Unavailable(what=path, reason=reason, detail=detail))  # type: ignore[arg-type]


def _implicit_token() -> str | None:
    from huggingface_hub import constants, get_token

    if constants.HF_HUB_DISABLE_IMPLICIT_TOKEN:
        return None
    try:
        return get_token()
    except Exception:  # noqa: BLE001 - e.g. an OIDC exchange failing; the request will say more
        return None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _redact(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


# --------------------------------------------------------------------------------------------
# Many models: one listing request per page, files only where the cache has nothing


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
        self.cache_hits = 0
        self._count_lock = threading.Lock()
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
            with self._count_lock:
                self.cache_hits += 1
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


def _describe_query(author: str | None, search: str | None) -> str:
    parts = ([f"author={author}"] if author else []) + ([f"search={search!r}"] if search else [])
    return ", ".join(parts) or "all models"
