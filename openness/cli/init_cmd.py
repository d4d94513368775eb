"""`openness init [PATH]`: write a commented openness.yaml from what the release folder's card links."""

from __future__ import annotations

from pathlib import Path

import typer

from openness.errors import UsageError


def init(
    path: Path = typer.Argument(Path("."), help="The release folder."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing openness.yaml."),
) -> None:
    """Write openness.yaml for a release folder: links found in the card filled in, the rest as commented placeholders."""
    from openness.engine.rubric import load_rubric
    from openness.engine.verdict import judge
    from openness.fileio import write_atomic
    from openness.check.publisher import FILENAME, parse_publisher_text
    from openness.check.template import found_in_card, render_template
    from openness.sources.local import read_release_folder

    target = path / FILENAME
    if (target.exists() or target.is_symlink()) and not force:
        raise UsageError(f"{target} already exists; use --force to overwrite it")
    snapshot = read_release_folder(path)
    level = judge(load_rubric(), snapshot).level.value
    found = found_in_card(snapshot)
    text = render_template(snapshot, found, level_now=level)
    parse_publisher_text(text, str(target))  # what we write must load: never hand a user a broken file
    if target.is_symlink():
        target.unlink()  # replace the link itself, never write through it
    write_atomic(target, text)
    filled = ", ".join(found) or "nothing (no links found in the card)"
    typer.echo(f"wrote {target}: filled in {filled}; edit it, then run `openness check {path}`", err=True)
