"""Hostile input: model cards and license files are written by strangers, repo ids are pasted by anyone.

Each test serves a hostile repo from a fake Hub built with write_fixture_repo and checks what a user
would get: a verdict (or one clear line), reports that cannot be turned against their reader, bounded
time and memory, and no file path or URL built from a malformed id.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from fakehub import write_fixture_repo
from openness.audit import audit
from openness.formats import render_audit
from reliability_support import ESC, HOSTILE_CARD, HOSTILE_LICENSE, assert_one_line_error, clean_env, run_cli, run_main

HOSTILE = "evil/model"
# Raw control characters a terminal acts on: C0 other than tab/newline, DEL, C1 (0x9b is a one-byte CSI).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture
def hostile_hub(tmp_path, fake_hub_factory):
    write_fixture_repo(
        tmp_path / "hub",
        HOSTILE,
        info={"tags": ["license:other", "<b>tag</b>"], "cardData": {"license": "other"}},
        files={"README.md": HOSTILE_CARD, "LICENSE": HOSTILE_LICENSE},
        meta={"weight_stubs": {"model.safetensors": 1000}},
    )
    return fake_hub_factory(tmp_path / "hub")


@pytest.fixture
def hostile_report(hostile_hub, tmp_path):
    return audit(HOSTILE, endpoint=hostile_hub.url, use_registry=False, timeout=5)


def _hostile_strings(report) -> list[str]:
    """The card-derived strings that reached the report (so a test cannot pass by dropping them)."""
    return [report.license.declared or "", *(n for n in report.notes)]


def test_the_hostile_card_reaches_the_report_as_data(hostile_report) -> None:
    """JSON keeps what the card said, escapes and all (json.dumps writes controls as \\u escapes):
    the other tests are only meaningful because the hostile text does get this far."""
    text = render_audit(hostile_report, "json")
    assert _CONTROL.search(text) is None
    data = json.loads(text)
    declared = data["license"]["declared"]
    assert "<script>" in declared and ESC in declared and "|" in declared


def test_markdown_report_cannot_break_its_tables_or_run_html(hostile_report) -> None:
    md = render_audit(hostile_report, "markdown")
    assert "<script" not in md.lower()
    assert "<img" not in md.lower()
    assert "](javascript:" not in md.lower()
    assert _CONTROL.search(md) is None, repr(_CONTROL.search(md))
    # Only the tags we write ourselves remain.
    assert set(re.findall(r"<(/?[a-zA-Z]+)", md)) <= {"br", "sub", "/sub"}
    # Every row of every table has as many (unescaped) cell separators as its header.
    header_cells = None
    for line in md.splitlines():
        if not line.startswith("|"):
            header_cells = None
            continue
        cells = len(re.findall(r"(?<!\\)\|", line))
        if header_cells is None:
            header_cells = cells
        assert cells == header_cells, line
    # The hostile text is there, escaped, not dropped.
    assert "evil\\|name &lt;script&gt;" in md


def test_table_report_has_no_terminal_escape_sequences(hostile_report) -> None:
    for color in (False, True):
        table = render_audit(hostile_report, "table", color=color, width=120)
        if color:
            # Our own colours are the only escape sequences: SGR codes, nothing else (no OSC, no clear screen).
            table = re.sub(r"\x1b\[[0-9;]*m", "", table)
        assert _CONTROL.search(table) is None, repr(table[_CONTROL.search(table).start() - 40 :][:80])
    assert "evil|name <script>alert(1)</script>" in render_audit(hostile_report, "table")


def test_sarif_report_is_valid_json_with_escaped_controls(hostile_report) -> None:
    text = render_audit(hostile_report, "sarif")
    assert _CONTROL.search(text) is None
    assert json.loads(text)["version"] == "2.1.0"


def test_cli_output_of_the_hostile_repo_in_every_format(hostile_hub, tmp_path) -> None:
    """Through the real CLI: stdout and stderr (where notes go) carry no control characters."""
    env = clean_env({"HF_ENDPOINT": hostile_hub.url, "HF_HOME": str(tmp_path / "hf_home")})
    for fmt in ("table", "markdown", "json", "sarif"):
        result = run_cli(["audit", HOSTILE, "--no-registry", "-f", fmt], env)
        assert result.returncode == 0, result.stderr
        assert _CONTROL.search(result.stdout) is None, fmt
        assert _CONTROL.search(result.stderr) is None, (fmt, result.stderr)


def test_a_base_model_with_path_traversal_is_never_looked_up(hostile_hub, hostile_report) -> None:
    assert all(".." not in (r.repo or "") and ".." not in r.path for r in hostile_hub.requests)
    # The declared base is kept as what the card said, and the report says why it was not audited.
    assert any("../../etc/passwd" in n and "not a model repo id" in n for n in hostile_report.notes)


# --------------------------------------------------------------------------------------------
# Front matter that is not a mapping, is malformed, or is built to exhaust the parser


_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(9)
)

FRONT_MATTERS = {
    "list": "- license: mit\n- datasets: [a/b]\n",
    "string": "just a sentence\n",
    "number": "42\n",
    "malformed": "license: [mit\ndatasets: {a: \n",
    "tab-indented": "license:\n\t- mit\n",
    "python-tag": "license: !!python/object/apply:os.system ['echo pwned']\n",
    "alias-bomb": _BOMB,
    "deep-nesting": "a: " + "[" * 5000 + "]" * 5000 + "\n",
    "duplicate-keys": "license: mit\nlicense: apache-2.0\n",
    "non-string-keys": "? [a, b]\n: c\n1: 2\nnull: x\n",
    "binary-garbage": "license: \"\\x00\\xff\"\nname: \uFFFE\n",
}


@pytest.mark.parametrize("shape", sorted(FRONT_MATTERS))
def test_hostile_front_matter_still_gives_a_verdict(shape: str, tmp_path, fake_hub_factory) -> None:
    card = f"---\n{FRONT_MATTERS[shape]}---\n# A model\n\nWe release the weights under the MIT license.\n"
    write_fixture_repo(tmp_path / "hub", "odd/card", files={"README.md": card}, meta={"weight_stubs": {"model.safetensors": 10}})
    hub = fake_hub_factory(tmp_path / "hub")
    import time

    start = time.monotonic()
    report = audit("odd/card", endpoint=hub.url, use_registry=False, timeout=5)
    assert time.monotonic() - start < 10
    assert report.level.value >= 1  # the weights are there whatever the card's metadata
    for fmt in ("table", "json", "markdown", "sarif"):
        assert render_audit(report, fmt)
    assert not (tmp_path / "pwned").exists()


# --------------------------------------------------------------------------------------------
# Huge READMEs: bounded reads, bounded memory


def _max_rss_audit(env: dict, repo: str, tmp_path: Path) -> tuple[int, float, str]:
    """Run the CLI in a subprocess that reports its own peak memory (KiB) when it exits."""
    import subprocess
    import time

    rss_file = tmp_path / "rss.txt"
    code = (
        "import atexit, resource, sys\n"
        f"atexit.register(lambda: open({str(rss_file)!r}, 'w').write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)))\n"
        f"sys.argv = ['openness', 'audit', {repo!r}, '--no-registry', '-f', 'json']\n"
        "from openness.cli.app import main\n"
        "main()\n"
    )
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    elapsed = time.monotonic() - start
    assert proc.returncode == 0, proc.stderr
    return int(rss_file.read_text()), elapsed, proc.stdout


@pytest.mark.parametrize("size_is_told", [True, False], ids=["size-in-metadata", "size-hidden"])
def test_a_30_mb_readme_is_not_read_into_memory(size_is_told: bool, tmp_path, fake_hub_factory) -> None:
    """A README of tens of MB: refused by its announced size without a download, or (when the
    metadata lies about its size) downloaded to disk by the client and then refused by its size on
    disk; either way the audit ends in seconds and the process never holds the text."""
    huge = "---\nlicense: mit\n---\n" + ("We release the weights. " * 40 + "\n") * 32_000  # ~30 MB
    info = {}
    if not size_is_told:
        info["siblings"] = [
            {"rfilename": "README.md", "size": 100},
            {"rfilename": "model.safetensors", "size": 10, "lfs": {"sha256": "0" * 64, "size": 10, "pointerSize": 135}},
        ]
    write_fixture_repo(tmp_path / "hub", "big/readme", info=info, files={"README.md": huge}, meta={"weight_stubs": {"model.safetensors": 10}})
    del huge
    hub = fake_hub_factory(tmp_path / "hub")
    env = clean_env({"HF_ENDPOINT": hub.url, "HF_HOME": str(tmp_path / "hf_home")})

    rss_kib, elapsed, stdout = _max_rss_audit(env, "big/readme", tmp_path)
    assert elapsed < 30
    assert rss_kib < 250 * 1024, f"peak memory {rss_kib // 1024} MiB"
    report = json.loads(stdout)
    assert report["subject"]["source"] == "hub"
    if size_is_told:
        assert hub.count("resolve", method="GET", filename="README.md") == 0


# --------------------------------------------------------------------------------------------
# License files that are not UTF-8 text


LICENSE_FILES = {
    "latin-1": "Licence libre: réutilisation autorisée, même commerciale. © Société\n".encode("latin-1") * 20,
    "utf-16": "Apache License\nVersion 2.0, January 2004\n".encode("utf-16"),
    "nul-bytes": b"MIT License\x00\x00\x00Permission is hereby granted\x00" * 10,
    "random-binary": bytes(range(256)) * 40,
    "empty": b"",
    "only-bom": b"\xef\xbb\xbf",
    "invalid-utf8": b"MIT License \xc3\x28 \xa0\xa1 Permission is hereby granted, free of charge\n" * 30,
    "escape-sequences": b"\x1b]0;owned\x07\x1b[2J MIT License\n",
}


@pytest.mark.parametrize("kind", sorted(LICENSE_FILES))
def test_odd_license_files_do_not_stop_an_audit(kind: str, tmp_path, fake_hub_factory) -> None:
    write_fixture_repo(
        tmp_path / "hub",
        "odd/license",
        files={"README.md": "---\nlicense: mit\n---\n# M\n", "LICENSE": LICENSE_FILES[kind]},
        meta={"weight_stubs": {"model.safetensors": 10}},
    )
    hub = fake_hub_factory(tmp_path / "hub")
    report = audit("odd/license", endpoint=hub.url, use_registry=False, timeout=5)
    assert report.license.declared == "mit"
    for fmt in ("table", "markdown"):
        assert _CONTROL.search(render_audit(report, fmt)) is None


@pytest.mark.parametrize("kind", sorted(LICENSE_FILES))
def test_license_detect_on_odd_files_answers_or_refuses_in_one_line(kind: str, tmp_path) -> None:
    path = tmp_path / "LICENSE"
    path.write_bytes(LICENSE_FILES[kind])
    result = run_main(["license", "detect", str(path)])
    assert result.returncode in (0, 2), result.stderr
    assert "Traceback" not in result.stderr
    if result.returncode == 2:
        assert_one_line_error(result, 2)
    assert ESC not in result.stdout and "\x07" not in result.stdout


# --------------------------------------------------------------------------------------------
# Repo ids: rejected before any URL or file path is built


BAD_IDS = [
    "../../etc/passwd",
    "org/../../etc",
    "org/name/../../x",
    "org/..",
    "./name",
    "org/.hidden",
    "org/name%2F..%2F..",
    "org/name?x=1",
    "org/name#frag",
    "org\\name",
    "org/na\x00me",
    "org/na\x1b[31mme",
    "оrg/name",  # Cyrillic 'о'
    "org/" + "a" * 200,
    "/etc/passwd",
    "https://huggingface.co/../../etc/passwd",
    "file:///etc/passwd",
]


@pytest.mark.parametrize("bad", BAD_IDS, ids=[repr(b)[:30] for b in BAD_IDS])
def test_bad_repo_ids_are_refused_before_any_request(bad: str, fake_hub) -> None:
    result = run_main(["audit", bad, "--endpoint", fake_hub.url])
    line = assert_one_line_error(result, 2)
    assert "not a model repo id" in line
    assert ESC not in line
    assert fake_hub.requests == []


@pytest.mark.parametrize("bad", BAD_IDS, ids=[repr(b)[:30] for b in BAD_IDS])
def test_bad_repo_ids_are_refused_in_process(bad: str, fake_hub) -> None:
    from openness.errors import UsageError

    with pytest.raises(UsageError):
        audit(bad, endpoint=fake_hub.url)
    assert fake_hub.requests == []


@pytest.mark.parametrize("bad", ["../../etc/passwd", "org/../x", "org/name?x", "оrg/name"])
def test_registry_show_refuses_bad_ids(bad: str) -> None:
    assert_one_line_error(run_main(["registry", "show", bad]), 2)


def test_check_refuses_a_traversing_repo_id_in_openness_yaml_and_writes_nothing(tmp_path) -> None:
    release = tmp_path / "release"
    release.mkdir()
    (release / "README.md").write_text("---\nlicense: mit\n---\n# M\n", encoding="utf-8")
    (release / "openness.yaml").write_text("repo_id: ../../etc/passwd\n", encoding="utf-8")
    out = tmp_path / "report.md"
    result = run_main(["check", str(release), "--offline", "-f", "markdown", "-o", str(out)])
    assert_one_line_error(result, 2)
    assert not out.exists()


# --------------------------------------------------------------------------------------------
# Symlinks in a checked release folder


def test_symlinks_out_of_a_checked_folder_leak_nothing_into_any_report(tmp_path) -> None:
    secret = tmp_path / "outside-secret.txt"
    secret.write_text("TOP-SECRET-MARKER the contents of a file outside the release\n", encoding="utf-8")
    release = tmp_path / "release"
    (release / "sub").mkdir(parents=True)
    (release / "README.md").symlink_to(secret)
    (release / "LICENSE").symlink_to(secret)
    (release / "sub" / "escape").symlink_to(tmp_path, target_is_directory=True)
    (release / "loop").symlink_to(release / "loop")
    for fmt in ("table", "json", "markdown", "sarif"):
        result = run_main(["check", str(release), "--offline", "-f", fmt])
        assert result.returncode in (0, 1), result.stderr
        assert "TOP-SECRET-MARKER" not in result.stdout + result.stderr, fmt


def test_a_readme_with_a_hidden_size_is_not_downloaded_past_the_cap(tmp_path, fake_hub_factory) -> None:
    """The metadata under-reports the size: the download is streamed and abandoned at the cap."""
    from openness.sources.hub import fetch_snapshot

    huge = "x" * 3_000_000
    info = {"siblings": [{"rfilename": "README.md", "size": 100}]}
    write_fixture_repo(tmp_path / "hub", "big/liar", info=info, files={"README.md": huge})
    hub = fake_hub_factory(tmp_path / "hub")
    snapshot = fetch_snapshot("big/liar", endpoint=hub.url, cache_dir=tmp_path / "cache")
    assert [u.reason for u in snapshot.unavailable] == ["too_large"]
    assert snapshot.card_text is None
    assert hub.count("resolve", method="GET", filename="README.md") == 1  # read once, never retried


def _stderr_on_a_terminal(args: list[str], env: dict) -> tuple[int, bytes]:
    """Run the CLI with stderr on a pseudo-terminal: click strips ANSI codes only when the stream is
    not a terminal, so a pipe would hide exactly what a user at a terminal receives."""
    import os
    import pty
    import subprocess

    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "openness", *args], env=env, stdout=subprocess.DEVNULL, stderr=slave)
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed its end
                break
            if not chunk:
                break
            chunks.append(chunk)
        return proc.wait(timeout=60), b"".join(chunks)
    finally:
        os.close(master)


def test_card_text_in_notes_and_errors_reaches_a_terminal_without_escapes(tmp_path, fake_hub_factory) -> None:
    card = '---\nlicense: mit\nbase_model: "ev\\e]0;pwned\\a\\e[2Jil/base"\n---\n# M\n'
    write_fixture_repo(tmp_path / "hub", "evil/notes", files={"README.md": card}, meta={"weight_stubs": {"model.safetensors": 10}})
    hub = fake_hub_factory(tmp_path / "hub")
    env = clean_env({"HF_ENDPOINT": hub.url, "HF_HOME": str(tmp_path / "hf_home")})
    code, stderr = _stderr_on_a_terminal(["audit", "evil/notes", "--no-registry", "-f", "json"], env)
    assert code == 0, stderr
    assert b"note:" in stderr and b"not a model repo id" in stderr
    assert b"\x1b" not in stderr and b"\x07" not in stderr
    code, stderr = _stderr_on_a_terminal(["audit", "org/na\x1b[2Jme"], env)
    assert code == 2 and b"error:" in stderr
    assert b"\x1b" not in stderr


def test_bidi_overrides_in_card_text_are_removed_from_human_formats() -> None:
    from openness.formats.text import md_cell, one_line

    tricky = "apache-2.0\u202e llama3\u2066 evil\u2069"
    assert "\u202e" not in one_line(tricky) and "\u2066" not in md_cell(tricky)
    assert "apache-2.0" in one_line(tricky)
