"""The commit-keyed cache (atomic, corruption detected, safe with concurrent writers) and the
RateLimit throttle (waits before a bucket runs dry, not after a 429)."""

from __future__ import annotations

import threading

from openness.cache import Cache
from openness.sources.throttle import Throttle, bucket_of

SHA = "a" * 40


def test_round_trip_and_unpinned_revisions_are_never_cached(tmp_path):
    cache = Cache(tmp_path)
    assert cache.put("files", "org/model", SHA, {"README.md": {"text": "hi"}})
    assert cache.get("files", "org/model", SHA) == {"README.md": {"text": "hi"}}
    assert not cache.put("files", "org/model", "main", {"x": 1})
    assert cache.get("files", "org/model", "main") is None
    assert not cache.put("files", "../escape", SHA, {"x": 1})


def test_corrupt_entries_are_misses(tmp_path):
    cache = Cache(tmp_path)
    cache.put("files", "org/model", SHA, {"README.md": {"text": "hi"}})
    path = cache.path_for("files", "org/model", SHA)
    header, payload = path.read_text().split("\n", 1)
    path.write_text(header + "\n" + payload.replace('"hi"', '"tampered"'))
    assert cache.get("files", "org/model", SHA) is None
    path.write_text(path.read_text()[:10])
    assert cache.get("files", "org/model", SHA) is None
    assert cache.corrupt == 2


def test_concurrent_writers_leave_one_whole_entry(tmp_path):
    cache = Cache(tmp_path)
    payloads = [{"README.md": {"text": str(i) * 50_000}} for i in range(8)]
    threads = [threading.Thread(target=cache.put, args=("files", "org/model", SHA, p)) for p in payloads]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert cache.get("files", "org/model", SHA) in payloads
    assert [p.name for p in cache.path_for("files", "org/model", SHA).parent.iterdir()] == [f"{SHA}.json"]


def test_throttle_waits_for_the_window_once_the_reserve_is_reached():
    now = [100.0]
    slept: list[float] = []
    throttle = Throttle(reserve=2, clock=lambda: now[0], sleep=slept.append)
    throttle.observe("api", remaining=4, reset_in_seconds=30)
    throttle.before("api")  # 3 left
    throttle.before("api")  # 2 left: still at the reserve
    assert slept == []
    throttle.before("api")  # 1 left: below the reserve, wait for the reset
    assert slept == [31.0]
    throttle.before("resolvers")  # another bucket is not affected
    assert slept == [31.0]


def test_throttle_forgets_a_window_that_has_reset():
    now = [0.0]
    slept: list[float] = []
    throttle = Throttle(reserve=5, clock=lambda: now[0], sleep=slept.append)
    throttle.observe("api", remaining=0, reset_in_seconds=10)
    now[0] = 11.0
    throttle.before("api")
    assert slept == []


def test_buckets_follow_the_hub_routes():
    assert bucket_of("/api/models") == "api"
    assert bucket_of("/org/m/resolve/abc/README.md") == "resolvers"
