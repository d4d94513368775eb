"""`scan`: audit many models (an author's, a search's, or a list of ids) at the lowest Hub cost.

Cost model (the Hub allows anonymous clients ~500 API calls per 5 minutes): the listing costs one
API request per page of up to 1000 models and carries each model's metadata; every model's README
and license files are then read pinned to the listed commit, through the cache, so a second scan of
unchanged models sends the listing requests and nothing else. Ids from a file are grouped by author
where listing the author pays, else looked up one by one (model_info, 1 API request each).

One model's failure is recorded as an error item and the scan goes on. Reports are handed to
`on_item` one at a time (in the calling thread) and not kept, so memory does not grow with the
number of models; only the summary rows are kept.
"""

from __future__ import annotations

import concurrent.futures as futures
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from openness.errors import NoVerdictError, OpennessError, SourceError, UsageError
from openness.models import AuditReport, Snapshot
from openness.repo_id import parse_repo_id

DEFAULT_CONCURRENCY = 8
# Ids of one author from a --file are listed together from this many on; fewer are looked up alone.
GROUP_BY_AUTHOR_FROM = 2


@dataclass
class ScanRequest:
    author: str | None = None
    search: str | None = None
    ids: list[str] | None = None
    limit: int | None = None
    offline: bool = False
    use_registry: bool = True
    concurrency: int = DEFAULT_CONCURRENCY
    refresh: bool = False
    endpoint: str | None = None
    token: str | None = None
    timeout: float = 10.0
    cache_dir: str | Path | None = None


@dataclass
class ScanItem:
    """One model's outcome: a report, or why there is none."""

    repo_id: str
    report: AuditReport | None = None
    error_kind: str | None = None
    error: str | None = None


@dataclass
class SummaryRow:
    repo_id: str
    level: int | None
    license_key: str | None
    osi_approved: bool | None
    has_caps: bool
    error: str | None = None


@dataclass
class ScanSummary:
    """What the summary table shows; computed here, only rendered by formats/scan_summary.py."""

    what: str
    rows: list[SummaryRow] = field(default_factory=list)
    requests: dict[str, int] = field(default_factory=dict)
    cache_hits: int = 0
    throttled_seconds: float = 0.0

    @property
    def audited(self) -> list[SummaryRow]:
        return [r for r in self.rows if r.error is None]

    @property
    def failed(self) -> list[SummaryRow]:
        return sorted((r for r in self.rows if r.error is not None), key=lambda r: r.repo_id.lower())

    def level_counts(self) -> dict[int, int]:
        counts = Counter(r.level for r in self.audited if r.level is not None)
        return {level: counts.get(level, 0) for level in range(6)}

    def license_counts(self) -> list[tuple[str, int]]:
        counts = Counter(r.license_key or "(none identified)" for r in self.audited)
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    def osi_counts(self) -> dict[str, int]:
        counts = Counter(
            "OSI-approved" if r.osi_approved else ("not OSI-approved" if r.osi_approved is False else "unknown")
            for r in self.audited
        )
        return {k: counts.get(k, 0) for k in ("OSI-approved", "not OSI-approved", "unknown")}

    def capped(self) -> list[str]:
        return sorted((r.repo_id for r in self.audited if r.has_caps), key=str.lower)


def summary_row(item: ScanItem) -> SummaryRow:
    if item.report is None:
        return SummaryRow(item.repo_id, None, None, None, False, error=item.error or "no report")
    lic = item.report.license
    return SummaryRow(item.repo_id, item.report.level.value, lic.key, lic.osi_approved, bool(lic.usage_caps))


def describe(request: ScanRequest) -> str:
    if request.author:
        return f"author {request.author}"
    if request.search:
        return f"search '{request.search}'"
    return f"{len(request.ids or [])} listed id(s)"


# ------------------------------------------------------------------------------------------------
# Reading ids


def read_ids(lines: Iterable[str]) -> tuple[list[str], list[ScanItem]]:
    """Ids from a --file: one per line, '#' comments and blank lines ignored, duplicates dropped.
    A line that is not a repo id becomes an error item (reported, not fatal)."""
    ids: dict[str, str] = {}
    bad: list[ScanItem] = []
    for number, raw in enumerate(lines, start=1):
        text = raw.split("#", 1)[0].strip()
        if not text:
            continue
        try:
            repo_id = parse_repo_id(text)
        except UsageError as exc:
            bad.append(ScanItem(repo_id=text[:100], error_kind="usage", error=f"line {number}: {exc.message}"))
            continue
        ids.setdefault(repo_id.lower(), repo_id)
    return list(ids.values()), bad


# ------------------------------------------------------------------------------------------------
# The scan


def run_scan(
    request: ScanRequest,
    on_item: Callable[[ScanItem], None],
    on_total: Callable[[int], None] | None = None,
    preset_items: Iterable[ScanItem] = (),
) -> ScanSummary:
    """List, then audit with bounded concurrency; `on_item` sees every item in this thread.

    Raises NoVerdictError when nothing could be listed (the listing failed, or found no model).
    """
    preset = list(preset_items)
    what = describe(request)
    if preset:  # they are counted as failed, so the headline's numbers must add up with them
        what += f" and {len(preset)} line(s) that are not ids"
    summary = ScanSummary(what=what)

    def emit(item: ScanItem) -> None:
        summary.rows.append(summary_row(item))
        on_item(item)

    for item in preset:
        emit(item)
    if request.offline:
        _offline_scan(request, emit, on_total)
        return summary

    from openness.cache import Cache
    from openness.sources.hub import BulkHub

    cache = Cache(request.cache_dir)
    with BulkHub(
        endpoint=request.endpoint, token=request.token, timeout=request.timeout, cache=cache, refresh=request.refresh
    ) as hub:
        listed = _list_all(hub, request)
        if not listed and not summary.rows:
            raise NoVerdictError(f"no models found for {describe(request)} on {hub.shown_endpoint}")
        if on_total is not None:
            on_total(len(listed))
        _audit_all(hub, request, listed, emit)
        summary.requests = dict(hub.requests)
        summary.cache_hits = hub.cache_hits
        summary.throttled_seconds = hub.throttle.waited
    return summary


def _list_all(hub, request: ScanRequest) -> list[tuple[str, Snapshot | SourceError]]:
    """Everything to audit, listed before any audit starts: a derivative's base is then found in
    the same listing wherever it comes in it, instead of costing a model_info of its own."""
    if request.ids is not None:
        return list(_listed_for_ids(hub, request.ids))
    try:
        return list(hub.list(author=request.author, search=request.search, limit=request.limit))
    except SourceError as exc:
        raise NoVerdictError(f"nothing could be listed: {exc.message}") from None


def _listed_for_ids(hub, ids: list[str]) -> Iterator[tuple[str, Snapshot | SourceError]]:
    by_author: dict[str, list[str]] = {}
    for repo_id in ids:
        by_author.setdefault(repo_id.split("/", 1)[0], []).append(repo_id)
    alone: list[str] = []
    for author, wanted in by_author.items():
        if len(wanted) < GROUP_BY_AUTHOR_FROM:
            alone.extend(wanted)
            continue
        missing = {w.lower(): w for w in wanted}
        # Listing pays while it costs fewer pages than the ids it answers; a big org listed for a
        # few ids is cut short and the rest looked up one by one.
        budget = len(wanted) - 1
        spent_before = hub.requests.get("api", 0)
        try:
            for repo_id, listed in hub.list(author=author):
                if repo_id.lower() in missing:
                    del missing[repo_id.lower()]
                    yield repo_id, listed
                if not missing or hub.requests.get("api", 0) - spent_before > budget:
                    break
        except SourceError:
            pass  # the listing failed: every id of this author is looked up alone
        alone.extend(missing.values())
    for repo_id in alone:
        try:
            yield repo_id, hub.info(repo_id)
        except SourceError as exc:
            yield repo_id, exc


def _audit_all(hub, request: ScanRequest, listed: list[tuple[str, Snapshot | SourceError]], emit) -> None:
    from openness.audit import audit_snapshot

    by_id = {repo_id.lower(): snap for repo_id, snap in listed if isinstance(snap, Snapshot)}
    bases = _BaseSnapshots(hub, by_id)
    reports = _ReportCache(hub.cache, request, by_id)

    def work(repo_id: str, snap: Snapshot | SourceError) -> ScanItem:
        if isinstance(snap, SourceError):
            return ScanItem(repo_id, error_kind=snap.kind, error=snap.message)
        try:
            complete = hub.complete(snap)
            report = audit_snapshot(complete, use_registry=request.use_registry, fetch=bases.get)
            reports.put(snap, complete, report)
            return ScanItem(repo_id, report=report)
        except OpennessError as exc:
            return ScanItem(repo_id, error_kind=getattr(exc, "kind", "error"), error=exc.message)
        except Exception as exc:  # noqa: BLE001 - one model's bug must not end the scan
            return ScanItem(repo_id, error_kind="internal", error=f"internal error: {type(exc).__name__}: {exc}")

    # Unchanged models first, from the cache, in this thread: no I/O worth a worker, and doing them
    # before any worker starts keeps them from waiting on the interpreter lock behind real audits.
    misses: list[tuple[str, Snapshot | SourceError]] = []
    for repo_id, snap in listed:
        cached = reports.get(snap) if isinstance(snap, Snapshot) else None
        if cached is not None:
            hub.count_cache_hit(snap)
            emit(ScanItem(repo_id, report=cached))
        else:
            misses.append((repo_id, snap))

    workers = max(1, request.concurrency)
    with futures.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="openness-scan") as pool:
        pending: set[futures.Future[ScanItem]] = set()
        for repo_id, snap in misses:
            pending.add(pool.submit(work, repo_id, snap))
            if len(pending) >= workers * 4:  # bounded: reports are emitted and dropped as we go
                done, pending = futures.wait(pending, return_when=futures.FIRST_COMPLETED)
                for fut in done:
                    emit(fut.result())
        for fut in futures.as_completed(pending):
            emit(fut.result())


class _ReportCache:
    """Reports of unchanged models, so a warm scan does not re-run every probe (~2 ms a model).

    A report is reused only when everything it was computed from is the same: the commit (the
    cache key), the listed metadata (gating and tags can change without a commit), this
    installation's code, rubrics and registry (`_environment_fingerprint`), and for a derivative
    the listed metadata of every base up its lineage (its verdict depends on theirs). A derivative
    whose base is not in this listing is always recomputed. Timestamps are refreshed on reuse;
    evidence keeps the time its file was first read at this commit.
    """

    KIND = "reports"

    def __init__(self, cache, request: ScanRequest, listed_by_id: dict[str, Snapshot] | None = None):
        self._cache = cache
        self._refresh = request.refresh
        self._listed = listed_by_id or {}
        self._env = _environment_fingerprint(request.use_registry) if cache is not None else ""

    def _lineage_meta(self, listed: Snapshot, seen: frozenset[str]) -> str | None:
        """The listed metadata of the model's bases, all the way up; None when one is not listed
        (or the lineage loops), which makes the report uncacheable."""
        parts = []
        for base in listed.base_models:
            found = self._listed.get(base.lower())
            if found is None or base.lower() in seen:
                return None
            above = self._lineage_meta(found, seen | {base.lower()})
            if above is None:
                return None
            parts.append(found.model_dump_json(exclude={"retrieved_at"}) + above)
        return "\n".join(parts)

    def _key(self, listed: Snapshot) -> str | None:
        import hashlib

        lineage = self._lineage_meta(listed, frozenset({listed.repo_id.lower()}))
        if lineage is None:
            return None
        meta = listed.model_dump_json(exclude={"retrieved_at"})
        return hashlib.sha256(f"{self._env}\n{meta}\n{lineage}".encode()).hexdigest()

    def get(self, listed: Snapshot) -> AuditReport | None:
        if self._cache is None or self._refresh:
            return None
        text = self._cache.get_text(self.KIND, listed.repo_id, listed.revision)
        if text is None:
            return None
        # The entry is "<key>\n<report JSON>": the key is compared before anything is parsed, and the
        # report is validated straight from its JSON text (a warm scan reads thousands of these).
        stored_key, _, report_text = text.partition("\n")
        key = self._key(listed)
        if key is None or stored_key != key:
            return None
        from datetime import datetime, timezone

        try:
            report = AuditReport.model_validate_json(report_text)
        except ValueError:
            return None  # written by another version of the models: recompute
        report.generated_at = datetime.now(timezone.utc)
        report.subject.retrieved_at = listed.retrieved_at
        return report

    def put(self, listed: Snapshot, complete: Snapshot, report: AuditReport) -> None:
        if self._cache is None:
            return
        # The key covers the bases the listing names; a card that names others is not cacheable.
        declared = {b.lower() for b in listed.base_models}
        if any(b.lower() not in declared for b in complete.base_models):
            return
        if report.lineage and report.lineage.base_model:
            if report.lineage.base_model.lower() not in declared or report.lineage.base_level is None:
                return  # a base we could not audit this time: do not keep a verdict shaped by that
        if any(u.reason in ("error", "offline") for u in complete.unavailable):
            return  # a transient failure shaped this verdict: do not keep it
        key = self._key(listed)
        if key is None:
            return
        self._cache.put(self.KIND, listed.repo_id, listed.revision, f"{key}\n{report.model_dump_json()}")


def _environment_fingerprint(use_registry: bool) -> str:
    """What, besides the model, decides a verdict: the version and files of this installation
    (code, rubrics, registry, knowledge tables). Sizes and modification times, not contents:
    ~400 stats, about a millisecond."""
    import hashlib

    from openness import __version__
    from openness.resources import data_dir

    digest = hashlib.sha256(f"{__version__}|{use_registry}".encode())
    roots = [Path(__file__).resolve().parent]
    for name in ("rubrics", "registry"):
        try:
            roots.append(data_dir(name))
        except Exception:  # noqa: BLE001 - a missing data folder only makes the key different
            continue
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                stat = path.stat()
                digest.update(f"{path.relative_to(root)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


class _BaseSnapshots:
    """Base models for lineage: from the listing when it has them, else one model_info each;
    each read once per scan however many derivatives share it."""

    def __init__(self, hub, listed: dict[str, Snapshot]):
        self._hub = hub
        self._listed = listed
        self._done: dict[str, Snapshot | SourceError] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, repo_id: str) -> Snapshot:
        key = repo_id.lower()
        with self._lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._done:
                try:
                    listed = self._listed.get(key) or self._hub.info(repo_id)
                    self._done[key] = self._hub.complete(listed)
                except SourceError as exc:
                    self._done[key] = exc
            found = self._done[key]
        if isinstance(found, SourceError):
            raise found
        return found


# ------------------------------------------------------------------------------------------------
# Offline: the registry alone


def _offline_scan(request: ScanRequest, emit, on_total) -> None:
    from openness.audit import audit
    from openness.registry.store import load_all

    if request.ids is not None:
        ids = request.ids
    else:
        ids = [
            e.id
            for e in load_all()
            if (request.author and e.id.split("/", 1)[0].lower() == request.author.lower())
            or (request.search and request.search.lower() in e.id.lower())
        ]
        if request.limit is not None:
            ids = ids[: request.limit]
        if not ids:
            raise NoVerdictError(f"offline: the registry has no models for {describe(request)}")
    if on_total is not None:
        on_total(len(ids))
    for repo_id in ids:
        try:
            emit(ScanItem(repo_id, report=audit(repo_id, offline=True, use_registry=True)))
        except OpennessError as exc:
            emit(ScanItem(repo_id, error_kind="no_verdict", error=exc.message))
