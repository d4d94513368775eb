"""`openness leaderboard`: levels from the rubric engine, licenses from the catalogue, a markdown
table and one static HTML page whose chart, table and sorting work (the last in a headless browser)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from openness.leaderboard.html import render_html
from openness.leaderboard.markdown import render_markdown
from openness.leaderboard.rows import caps_text, leaderboard_rows, level_counts
from openness.registry.level import entry_level
from openness.registry.store import load_all

sys.path.insert(0, str(Path(__file__).parents[1] / "registry"))
from registry_helpers import SOURCE, claim, make_registry, model, write  # noqa: E402

HOSTILE = '<script>window.pwned=1</script> & "quotes" | pipe'


def lic(key: str) -> dict:
    return {"weights": {"key": key, "evidence": [dict(SOURCE)]}}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = make_registry(tmp_path)
    write(root, "models/lab/closed.yaml", model("lab/closed", components={"weights": claim("closed")}))
    write(root, "models/lab/weights.yaml", model("lab/weights", organization=HOSTILE,
                                                 components={"weights": claim("gated")}, licenses=lic("llama3")))
    write(root, "models/lab/report.yaml", model("lab/report", components={
        "weights": claim("open"), "technical_report": claim("training", provenance="imported:osai")},
        licenses=lic("apache-2.0")))
    write(root, "models/lab/report-two.yaml", model("lab/report-two", components={
        "weights": claim("open"), "technical_report": claim("training")}))
    return root


def test_rows_use_the_engine_levels_and_the_license_catalogue(root: Path) -> None:
    rows = {r.id: r for r in leaderboard_rows(root)}
    for entry in load_all(root):
        assert rows[entry.id].level == entry_level(entry).value
    assert rows["lab/weights"].license_key == "llama3"
    assert rows["lab/weights"].osi_approved is False
    assert rows["lab/weights"].caps == ["700 million monthly active users"]
    assert rows["lab/report"].osi_approved is True and rows["lab/report"].unverified
    assert not rows["lab/report-two"].unverified
    assert [r.id for r in leaderboard_rows(root)][:2] == ["lab/report", "lab/report-two"]  # most open first


def test_caps_are_worded_for_people() -> None:
    assert caps_text("monthly_active_users", 700_000_000) == "700 million monthly active users"
    assert caps_text("daily_active_users", 1_000_000) == "1 million daily active users"


def test_markdown_table_has_one_row_per_entry_and_escapes(root: Path) -> None:
    text = render_markdown(leaderboard_rows(root))
    table = [line for line in text.splitlines() if line.startswith("| ")]
    assert len(table) == 1 + 4  # header + entries
    assert "<script>" not in text and "\\| pipe" in text
    assert "Levels: 0: 1, 1: 1, 2: 2, 3: 0, 4: 0, 5: 0" in text
    assert "| lab/report | lab | 2 Training report * | apache-2.0 | yes | - |" in text


class _Page(HTMLParser):
    """Collects what the structure tests look at."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[str] = []
        self.bars: dict[int, int] = {}
        self.scripts = 0
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and "data-id" in attrs:
            self.rows.append(attrs["data-id"])
        if tag == "g" and attrs.get("class") == "bar":
            self.bars[int(attrs["data-level"])] = int(attrs["data-count"])
        if tag == "script":
            self.scripts += 1
            if "src" in attrs:
                self.external.append(attrs["src"])
        if tag == "link" or (tag == "img" and "src" in attrs):
            self.external.append(str(attrs))


def test_html_structure_rows_bars_and_escaping(root: Path) -> None:
    rows = leaderboard_rows(root)
    page_text = render_html(rows)
    page = _Page()
    page.feed(page_text)
    assert sorted(page.rows) == sorted(e.id for e in load_all(root))
    assert page.bars == level_counts(rows) == {0: 1, 1: 1, 2: 2, 3: 0, 4: 0, 5: 0}
    assert page.scripts == 1 and page.external == []  # our one inline script, nothing fetched
    assert "<script>window.pwned" not in page_text
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt; &amp; &quot;quotes&quot;" in page_text
    # Bar widths follow the counts.
    widths = {int(m.group(1)): int(m.group(2)) for m in re.finditer(
        r'data-level="(\d)" data-count="\d+"><text[^>]*>[^<]*</text><rect x="\d+" y="\d+" width="(\d+)"', page_text)}
    assert widths[2] > widths[1] > widths[3] == 0


def test_shipped_registry_leaderboard(tmp_path: Path) -> None:
    out = tmp_path / "board.html"
    done = subprocess.run([sys.executable, "-m", "openness", "leaderboard", "--format", "html", "--output", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    page = _Page()
    page.feed(out.read_text())
    assert len(page.rows) == len(load_all()) and sum(page.bars.values()) == len(page.rows)


def test_cli_usage_errors(tmp_path: Path) -> None:
    bad = subprocess.run([sys.executable, "-m", "openness", "leaderboard", "--format", "pdf"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "unknown format" in bad.stderr
    missing = subprocess.run([sys.executable, "-m", "openness", "leaderboard", "-o", str(tmp_path / "no" / "x.md")],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "does not exist" in missing.stderr


# ------------------------------------------------------------------------------------------------
# In a real browser

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)


def _dump_dom(page: Path) -> str:
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-extensions", "--no-first-run", f"--user-data-dir={page.parent / 'profile'}",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _body_order(dom: str) -> list[str]:
    return re.findall(r'<tr data-id="([^"]+)"', dom)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_sorting_and_escaping_in_a_headless_browser(root: Path, tmp_path: Path) -> None:
    page_text = render_html(leaderboard_rows(root))
    # Click "Level" once (ascending), then record the order; click "Model" twice (descending).
    probe = """<script>
      var th = document.querySelectorAll('th');
      th[2].click();
      document.body.setAttribute('data-by-level', Array.from(document.querySelectorAll('tbody tr')).map(function (r) { return r.dataset.id; }).join(','));
      th[0].click(); th[0].click();
      document.body.setAttribute('data-pwned', String(window.pwned === 1));
    </script></body>"""
    page = tmp_path / "board.html"
    page.write_text(page_text.replace("</body>", probe))
    dom = _dump_dom(page)
    by_level = re.search(r'data-by-level="([^"]+)"', dom).group(1).split(",")
    assert by_level[0] == "lab/closed" and by_level[1] == "lab/weights"
    assert _body_order(dom) == sorted(_body_order(dom), reverse=True)  # Model, descending
    assert 'aria-sort="descending"' in dom
    assert 'data-pwned="false"' in dom  # the hostile organisation name stayed text
