"""Validation of Hugging Face repo ids, before any URL or file path is built from one."""

from __future__ import annotations

import re

from openness.errors import UsageError

# The Hub allows letters, digits, '-', '_', '.'; no '--' or '..', no leading/trailing '-' or '.'.
_PART = r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?"
_REPO_ID = re.compile(rf"^{_PART}/{_PART}$")


def is_valid_repo_id(repo_id: str) -> bool:
    return bool(_REPO_ID.match(repo_id)) and ".." not in repo_id and "--" not in repo_id


def parse_repo_id(text: str) -> str:
    """Normalise what a user typed (an id or a huggingface.co URL) to `org/name`, or raise UsageError."""
    candidate = text.strip().rstrip("/")  # 'org/name/' as copied from a browser is still the id
    for prefix in ("https://huggingface.co/", "http://huggingface.co/", "hf://", "huggingface.co/"):
        if candidate.startswith(prefix):
            candidate = candidate[len(prefix):]
            candidate = "/".join(candidate.split("/")[:2])
            break
    if not is_valid_repo_id(candidate):
        # Escaped: the text may come from a card (base_model) and is echoed to a terminal.
        shown = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}" for c in candidate)
        shown = shown if len(shown) <= 80 else shown[:77] + "..."
        raise UsageError(
            f"'{shown}' is not a model repo id: expected ORG/NAME, e.g. meta-llama/Meta-Llama-3-70B"
        )
    return candidate
