import json

from typer.testing import CliRunner

from openness.cli.license_cmd import app

from synthetic import V1

runner = CliRunner()


def test_detect_json_to_atomic_output(tmp_path):
    src = tmp_path / "LICENSE"
    src.write_text(V1)
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["detect", str(src), "--format", "json", "--output", str(out)])
    assert result.exit_code == 0
    report = json.loads(out.read_text())
    caps = [c for c in report["clauses"] if c["kind"] == "usage_cap"]
    assert caps[0]["threshold"] == 50e6 and caps[0]["line_start"] == 6
    assert [p.name for p in tmp_path.iterdir()] and not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_detect_stdin_table_unidentified_exits_0():
    result = runner.invoke(app, ["detect", "-"], input=V1)
    assert result.exit_code == 0 and "usage_cap" in result.output


def test_detect_markdown():
    result = runner.invoke(app, ["detect", "-", "--format", "markdown"], input=V1)
    assert result.exit_code == 0 and "| usage_cap |" in result.output


def _run_main(args, monkeypatch, capsys):
    import sys

    from openness.cli.app import main

    monkeypatch.setattr(sys, "argv", ["openness", "license", "detect", *args])
    try:
        main()
    except SystemExit as exc:
        return exc.code, capsys.readouterr().err
    return 0, capsys.readouterr().err


def test_binary_input_exits_2_with_message(tmp_path, monkeypatch, capsys):
    pdf = tmp_path / "license.pdf"
    pdf.write_bytes(b"%PDF-1.4\x00\x01\x02")
    code, err = _run_main([str(pdf)], monkeypatch, capsys)
    assert code == 2 and "binary" in err and "Traceback" not in err


def test_non_utf8_and_missing_exit_2(tmp_path, monkeypatch, capsys):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("licence caf\xe9".encode("latin-1"))
    code, err = _run_main([str(latin)], monkeypatch, capsys)
    assert code == 2 and "not UTF-8" in err
    code, err = _run_main([str(tmp_path / "missing")], monkeypatch, capsys)
    assert code == 2 and "no such file" in err
