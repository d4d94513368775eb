"""Errors that end a command, each with its documented exit code.

Exit codes (README "Exit codes"): 0 done (and any requested gate passed), 1 gate failed,
2 usage or configuration error, 3 no verdict possible (not found, unreachable and nothing cached).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_USAGE = 2
EXIT_NO_VERDICT = 3


class OpennessError(Exception):
    """An error with a one-line message for the user and an exit code."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UsageError(OpennessError):
    exit_code = EXIT_USAGE


class NoVerdictError(OpennessError):
    exit_code = EXIT_NO_VERDICT


class SourceError(OpennessError):
    """A source could not deliver a snapshot.

    kind: not_found (repo unknown or private), offline (offline mode, or the Hub unreachable),
    rate_limited, revision_not_found, disabled, bad_response (truncated or malformed), error.
    """

    exit_code = EXIT_NO_VERDICT

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
