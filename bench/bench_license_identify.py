"""Accuracy and speed of license identification over the reference corpus, beside `licenseid`.

    .venv/bin/python bench/bench_license_identify.py [CORPUS] [--markdown]

For every text of ../shared/corpus/licenses and three edited copies of it (a seventh of the body
lines dropped, "shall" -> "will": no exact fingerprint match any more) it checks that
openness.licenses.identify names the catalogued key. The same texts go to licenseid (a general
SPDX identifier from PyPI; install it into the venv for the benchmark only, it is not a
dependency). licenseid knows only SPDX ids, so for it a right answer is the SPDX id when the
license has one, and "no match above 0.8" when it has none; any SPDX id it gives an AI license is
counted as a wrong label.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "licenses"
DB = ROOT / "bench" / "out" / "licenseid.db"
LICENSEID_THRESHOLD = 0.8


def edited(text: str, seed: int) -> str:
    rng = random.Random(seed)
    lines = text.split("\n")
    body = [i for i, line in enumerate(lines) if i > 3 and len(line.split()) > 3]
    for index in sorted(rng.sample(body, max(1, len(body) // 7)), reverse=True):
        del lines[index]
    return "\n".join(lines).replace("shall", "will")


def licenseid_matcher():
    try:
        import licenseid
    except ImportError:
        return None, None
    if not DB.exists():
        DB.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "licenseid.cli", "--db", str(DB), "update", "--source", "packaged"],
                       check=True, capture_output=True)
    from importlib.metadata import version

    return licenseid.AggregatedLicenseMatcher(str(DB)), version("licenseid")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2

    from openness.licenses.catalogue import load_catalogue
    from openness.licenses.identify import identify

    start = time.perf_counter()
    catalogue = load_catalogue()
    identify("warm up the signature cache", catalogue)
    load_time = time.perf_counter() - start
    expected = {e.reference.corpus_file: e for e in catalogue if e.reference and e.reference.corpus_file}
    matcher, lid_version = licenseid_matcher()

    rows, ours_t, lid_t = [], [], []
    for path in sorted(args.corpus.glob("*.txt")):
        entry = expected.get(path.name)
        text = path.read_text(encoding="utf-8")
        for variant, sample in [("exact", text), *[(f"edit{s}", edited(text, s)) for s in range(3)]]:
            t0 = time.perf_counter()
            result = identify(sample, catalogue)
            ours_t.append(time.perf_counter() - t0)
            row = {"file": path.name, "variant": variant, "expected": entry.key if entry else None,
                   "ours": result.key, "method": result.method, "ours_ok": bool(entry) and result.key == entry.key}
            if matcher is not None:
                t0 = time.perf_counter()
                matches = matcher.match(text=sample)
                lid_t.append(time.perf_counter() - t0)
                top = matches[0] if matches else None
                label = top["license_id"] if top and top["score"] >= LICENSEID_THRESHOLD else None
                want = entry.spdx if entry else None
                row.update(lid=label, lid_score=round(top["score"], 3) if top else None, lid_ok=label == want,
                           lid_false_label=label is not None and want is None)
            rows.append(row)

    n = len(rows)
    print(f"texts: {n // 4} reference texts x 4 variants = {n}")
    print(f"catalogue load + signatures: {load_time * 1000:.0f} ms")
    print(f"openness: {sum(r['ours_ok'] for r in rows)}/{n} right "
          f"(exact variants {sum(r['ours_ok'] for r in rows if r['variant'] == 'exact')}/{n // 4}, "
          f"edited {sum(r['ours_ok'] for r in rows if r['variant'] != 'exact')}/{n - n // 4}); "
          f"median {statistics.median(ours_t) * 1000:.2f} ms, max {max(ours_t) * 1000:.2f} ms per text")
    if matcher is not None:
        print(f"licenseid {lid_version}: {sum(r['lid_ok'] for r in rows)}/{n} right, "
              f"{sum(r['lid_false_label'] for r in rows)} AI texts given an SPDX id; "
              f"median {statistics.median(lid_t) * 1000:.1f} ms, max {max(lid_t) * 1000:.1f} ms per text")
    else:
        print("licenseid not installed: pip install licenseid (benchmark only)")
    for r in rows:
        if not r["ours_ok"] or (r["variant"] == "exact" and r.get("lid") is not None):
            print(f"  {r['file']:42} {r['variant']:6} ours={r['ours']} ({r['method']})"
                  + (f"  licenseid={r.get('lid')} {r.get('lid_score')}" if matcher is not None else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
