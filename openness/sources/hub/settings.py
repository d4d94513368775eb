"""Where the Hub is, whether we may reach it, and what we read: settings and limits (pure apart
from reading the environment), plus the helpers that keep tokens out of messages."""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit, urlunsplit

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

def resolve_endpoint(endpoint: str | None = None) -> str:
    """Explicit argument, else OPENNESS_HF_ENDPOINT, else HF_ENDPOINT, else the public Hub."""
    chosen = endpoint or os.environ.get("OPENNESS_HF_ENDPOINT") or os.environ.get("HF_ENDPOINT")
    resolved = (chosen or DEFAULT_ENDPOINT).rstrip("/")
    if not _is_http_url(resolved):
        # A typo here is a configuration error (exit 2), not an unreachable Hub: otherwise the audit
        # quietly falls back to the registry and exits 0.
        from openness.errors import UsageError

        shown = re.sub(r"//[^/]*@", "//", resolved)  # never echo a user:password part
        raise UsageError(f"Hub endpoint '{shown}' is not an http(s) URL, e.g. https://huggingface.co")
    return resolved

def _is_http_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return False

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
