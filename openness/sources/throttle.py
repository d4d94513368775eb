"""Slow down before the Hub says 429, from the `RateLimit` headers of successful answers.

The Hub counts requests per 5-minute fixed window in buckets ("api" for /api/*, "resolvers" for
/resolve/). Each answer may carry `RateLimit: "api";r=<remaining>;t=<seconds to reset>`. When a
bucket is down to its last few requests, we wait for the window to reset instead of spending them
all and then sitting out a 429 (which model_info does not even retry). No huggingface_hub import
here: the caller parses the header and tells us.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

# Requests kept in reserve per bucket: concurrent workers may each send one before they hear back.
DEFAULT_RESERVE = 8
# Never wait longer than this for one window (the Hub's window is 300 s).
MAX_WAIT_SECONDS = 330.0


def bucket_of(url_path: str) -> str:
    """Which rate-limit bucket a request path counts against."""
    if "/resolve/" in url_path:
        return "resolvers"
    if url_path.startswith("/api/") or "/api/" in url_path:
        return "api"
    return "pages"


@dataclass
class _Budget:
    remaining: int
    resets_at: float


class Throttle:
    """Thread-safe. `before(bucket)` may sleep; `observe(...)` records what the server said."""

    def __init__(
        self,
        reserve: int = DEFAULT_RESERVE,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        on_wait: Callable[[str, float], None] | None = None,
    ):
        self.reserve = reserve
        self._clock = clock
        self._sleep = sleep
        self._on_wait = on_wait
        self._budgets: dict[str, _Budget] = {}
        self._lock = threading.Lock()
        self.waited = 0.0

    def observe(self, bucket: str, remaining: int, reset_in_seconds: float) -> None:
        with self._lock:
            self._budgets[bucket] = _Budget(remaining, self._clock() + max(0.0, reset_in_seconds))

    def delay_for(self, bucket: str) -> float:
        """Seconds to wait before the next request of `bucket`; counts that request as spent."""
        with self._lock:
            budget = self._budgets.get(bucket)
            if budget is None:
                return 0.0
            now = self._clock()
            if now >= budget.resets_at:
                del self._budgets[bucket]  # a new window: unknown until the next answer says
                return 0.0
            budget.remaining -= 1
            if budget.remaining >= self.reserve:
                return 0.0
            return min(budget.resets_at - now + 1.0, MAX_WAIT_SECONDS)  # t is rounded down

    def before(self, bucket: str) -> None:
        delay = self.delay_for(bucket)
        if delay > 0:
            if self._on_wait is not None:
                self._on_wait(bucket, delay)
            self._sleep(delay)
            with self._lock:
                self.waited += delay
