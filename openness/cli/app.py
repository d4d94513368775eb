"""The `openness` command. Subcommands live in their own modules and import heavy code lazily, so
`openness --help` stays fast and never loads the Hub client."""

from __future__ import annotations

import os
import sys

import typer

from openness.cli import (
    audit_cmd,
    check_cmd,
    compare_cmd,
    init_cmd,
    leaderboard_cmd,
    license_cmd,
    registry_cmd,
    rubric_cmd,
    scan_cmd,
)

app = typer.Typer(
    name="openness",
    help="Audit how open an AI model really is: an evidenced level on the five-level ladder, plus its license terms.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.command("audit")(audit_cmd.audit)
app.add_typer(registry_cmd.app, name="registry")
app.add_typer(license_cmd.app, name="license")
app.command("check")(check_cmd.check)
app.command("init")(init_cmd.init)
app.add_typer(rubric_cmd.app, name="rubric")
app.command("compare")(compare_cmd.compare)
app.command("leaderboard")(leaderboard_cmd.leaderboard)
app.command("scan")(scan_cmd.scan)


def _print_version(value: bool) -> None:
    # A parameter callback, not the group's: the group callback only runs once a subcommand is
    # given, so `openness --version` alone failed with "Missing command".
    if value:
        from openness import __version__

        typer.echo(f"openness {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", help="Print the version and exit.", is_eager=True, callback=_print_version
    ),
) -> None:
    pass


def main() -> None:
    """Entry point: run the app; turn our errors into one-line messages and documented exit codes."""
    from openness.errors import OpennessError

    _exit_cleanly_on_sigterm()
    try:
        # Without standalone mode click *returns* the exit code of a typer.Exit instead of raising it.
        code = app(standalone_mode=False)
    except OpennessError as exc:
        # Messages quote card text and user input: no control character may reach the terminal.
        from openness.formats.text import strip_controls

        typer.echo(f"error: {strip_controls(exc.message)}", err=True)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("aborted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except _click_exception() as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except Exception as exc:  # the last line of defence: a message and exit 3, never a traceback
        if os.environ.get("OPENNESS_DEBUG"):
            raise
        typer.echo(
            f"internal error: {type(exc).__name__}: {exc}. Please report it; set OPENNESS_DEBUG=1 for details.",
            err=True,
        )
        sys.exit(3)
    sys.exit(code if isinstance(code, int) else 0)


def _exit_cleanly_on_sigterm() -> None:
    """CI runners and `timeout` stop a job with SIGTERM, whose default action ends the process at
    once: `finally` blocks never run, and a report being written with --output leaves its temporary
    file behind. As SystemExit, cleanup runs (the target keeps its previous version either way)."""
    import signal

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    try:
        signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (main() called from an embedding program)
        pass


def _click_exception() -> tuple[type[Exception], ...]:
    """Usage errors raised by the command-line parser. Recent typer versions vendor click as
    typer._click, so both its classes and plain click's are caught."""
    classes: list[type[Exception]] = []
    try:
        from typer._click.exceptions import ClickException as VendoredClickException

        classes.append(VendoredClickException)
    except ImportError:
        pass
    try:
        import click

        classes.append(click.ClickException)
    except ImportError:
        pass
    return tuple(classes)
