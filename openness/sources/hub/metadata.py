"""model_info with a bounded retry (the client has none of its own), and the mapping of the
client's errors to one-line SourceErrors."""

from __future__ import annotations

import time
from typing import Any

from openness.errors import SourceError
from openness.sources.hub.settings import (
    _RETRYABLE_STATUS,
    EXPAND_FIELDS,
    _one_line,
    _redact,
)


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
