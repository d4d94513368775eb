"""Are the links of a release reachable? The only network I/O of `openness check`.

HEAD first (cheap), GET when a server refuses HEAD; a short timeout and a bounded number of links so
a card full of URLs cannot stall a pre-commit hook. No credentials are sent: `trust_env` is off so
a ~/.netrc entry never leaks to a host a card happens to name; proxies (and no_proxy) from the
environment are still honoured, per URL.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

MAX_LINKS = 40
TIMEOUT_SECONDS = 5.0
MAX_PARALLEL = 8
USER_AGENT = "openness-check (link reachability; https://github.com/openness-dev/openness)"
# Servers that answer HEAD with these often serve GET fine.
_RETRY_WITH_GET = {400, 403, 404, 405, 406, 429, 501}


@dataclass(frozen=True)
class LinkStatus:
    url: str
    reachable: bool | None  # None: could not tell (rate limited)
    status: int | None
    detail: str


def check_links(urls: list[str], *, timeout: float = TIMEOUT_SECONDS, max_links: int = MAX_LINKS) -> list[LinkStatus]:
    """The status of each distinct http(s) URL, in order, at most `max_links` of them."""
    import requests

    wanted = [u for u in dict.fromkeys(urls) if u.startswith(("http://", "https://"))][:max_links]
    if not wanted:
        return []
    session = requests.Session()
    session.trust_env = False
    session.headers["User-Agent"] = USER_AGENT
    try:
        with ThreadPoolExecutor(max_workers=min(MAX_PARALLEL, len(wanted))) as pool:
            return list(pool.map(lambda u: _check_one(session, u, timeout), wanted))
    finally:
        session.close()


def _check_one(session, url: str, timeout: float) -> LinkStatus:
    import requests

    proxies = requests.utils.get_environ_proxies(url)  # respects no_proxy, unlike a session-wide setting
    try:
        response = session.head(url, allow_redirects=True, timeout=timeout, proxies=proxies)
        status = response.status_code
        response.close()
        if status in _RETRY_WITH_GET:
            response = session.get(url, allow_redirects=True, timeout=timeout, stream=True, proxies=proxies)
            status = response.status_code
            response.close()
    except requests.Timeout:
        return LinkStatus(url, False, None, f"no answer within {timeout:g}s")
    except requests.RequestException as exc:
        return LinkStatus(url, False, None, _short_error(exc))
    if status == 429:
        return LinkStatus(url, None, status, "rate limited (HTTP 429); not verified")
    if status >= 400:
        return LinkStatus(url, False, status, f"HTTP {status}")
    return LinkStatus(url, True, status, f"HTTP {status}")


def _short_error(exc: Exception) -> str:
    name = type(exc).__name__
    text = " ".join(str(exc).split())
    if "Connection refused" in text or "NewConnectionError" in text:
        return f"{name}: connection refused or host unknown"
    return f"{name}: {text[:140]}"
