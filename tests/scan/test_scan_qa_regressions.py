"""Regressions found by running `openness scan` as users do."""

from __future__ import annotations

from scan_helpers import build_org, run_scan, scan_env


def test_cache_line_counts_each_model_answered_from_an_earlier_run_once(tmp_path, fake_hub_factory):
    # A cold scan said "1 model(s) answered from the cache" (the fine-tune's base, read again for
    # it), and a warm scan answered wholly from cached reports said 0.
    ids = build_org(tmp_path / "hub", count=4)  # the last is a fine-tune of the first
    hub = fake_hub_factory(tmp_path / "hub")
    env = scan_env(hub.url, tmp_path / "hf_home", tmp_path / "cache")
    cold = run_scan(["--author", "scanorg"], env)
    assert cold.returncode == 0, cold.stderr
    assert "0 model(s) answered from the cache" in cold.stdout
    warm = run_scan(["--author", "scanorg"], env)
    assert warm.returncode == 0, warm.stderr
    assert f"{len(ids)} model(s) answered from the cache" in warm.stdout


def test_headline_counts_lines_that_are_not_ids(tmp_path, fake_hub_factory):
    # "Scan of 2 listed id(s): 2 audited, 1 failed": the failed line was not among the 2 ids.
    ids = build_org(tmp_path / "hub", count=2)
    hub = fake_hub_factory(tmp_path / "hub")
    env = scan_env(hub.url, tmp_path / "hf_home", tmp_path / "cache")
    ids_file = tmp_path / "ids.txt"
    ids_file.write_text("\n".join([*ids, "not an id"]) + "\n", encoding="utf-8")
    result = run_scan(["--file", str(ids_file)], env)
    assert result.returncode == 0, result.stderr
    assert "Scan of 2 listed id(s) and 1 line(s) that are not ids:  2 audited, 1 failed" in result.stdout
