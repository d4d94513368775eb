"""Benchmark: `openness scan` and start-up against the local fake Hub (tests/fakehub.py).

Generates N models of one author into a temporary folder (nothing committed), serves them with the
fake Hub (listing pages of 1000, as the real Hub), and measures, each as a whole `openness` process:
- API and resolver requests of a single cold `openness audit`;
- a cold scan (empty caches) and a warm scan (same models again): requests per model, models/s,
  peak memory (ru_maxrss of the child);
- start-up time of `openness --help` and of an offline registry audit (median of several runs).

    .venv/bin/python bench/bench_scan.py [--models 3000] [--runs 7] [--write bench/RESULTS.md]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from functools import lru_cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests"))

from fakehub import FakeHub, write_fixture_repo  # noqa: E402

OPENNESS = [sys.executable, "-m", "openness"]
ORG = "benchorg"

CARD = """---
license: {license}
{base}---
# {name}

Weights are in safetensors. Technical report: https://arxiv.org/abs/2401.{num:05d}.
Training code: https://github.com/{org}/trainer. Data: https://huggingface.co/datasets/{org}/corpus-{num}.
"""
LICENSES = ["apache-2.0", "mit", "llama3", "cc-by-nc-4.0", "other"]
APACHE = "Apache License\nVersion 2.0, January 2004\nhttp://www.apache.org/licenses/\n\nTERMS AND CONDITIONS\n"


class CachedFakeHub(FakeHub):
    """The fake Hub with fixtures read once: otherwise every listing page re-reads and re-hashes
    all N repos from disk, and we would be timing the fake server instead of the client."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cache_listings = True

    @lru_cache(maxsize=None)
    def load_repo(self, repo_id):  # type: ignore[override]
        return super().load_repo(repo_id)

    @lru_cache(maxsize=None)
    def all_repo_ids(self):  # type: ignore[override]
        return super().all_repo_ids()


def generate(root: Path, count: int) -> None:
    for i in range(count):
        name = f"model-{i:05d}"
        license_id = LICENSES[i % len(LICENSES)]
        # every 10th model is a fine-tune of a model of the same org (its base is in the listing)
        base = f"base_model: {ORG}/model-{(i // 10) * 10:05d}\n" if i % 10 == 5 else ""
        files = {"README.md": CARD.format(license=license_id, base=base, name=name, num=i, org=ORG)}
        if license_id == "apache-2.0":
            files["LICENSE"] = APACHE
        write_fixture_repo(
            root,
            f"{ORG}/{name}",
            # As on the Hub, cardData mirrors the card's front matter (base_model included).
            info={
                "tags": [f"license:{license_id}"],
                "cardData": {"license": license_id, **({"base_model": f"{ORG}/model-{(i // 10) * 10:05d}"} if base else {})},
            },
            files=files,
            meta={"weight_stubs": {"model.safetensors": 10_000_000}},
        )


def env_for(hub: FakeHub, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGING", "OPENNESS_"))}
    env.update(
        HF_ENDPOINT=hub.url,
        HF_HOME=str(home / "hf"),
        OPENNESS_CACHE_DIR=str(home / "openness-cache"),
        HF_HUB_DISABLE_TELEMETRY="1",
        HF_HUB_DISABLE_PROGRESS_BARS="1",
        HF_HUB_DISABLE_XET="1",
        NO_PROXY="127.0.0.1,localhost",
    )
    return env


def run_child(args: list[str], env: dict[str, str]) -> tuple[float, int, subprocess.CompletedProcess]:
    """Wall time and peak RSS (KiB) of one child process."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # a fresh child per run, so ru_maxrss is this run's alone
        out = os.open(os.devnull, os.O_WRONLY)
        os.dup2(out, 1)
        os.dup2(out, 2)
        os.execve(sys.executable, [sys.executable, "-m", "openness", *args], env)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def median_time(args: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        elapsed, _, code = run_child(args, env)
        assert code == 0, (args, code)
        times.append(elapsed)
    return statistics.median(times)


def routes(hub: FakeHub) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in hub.requests:
        counts[r.route] = counts.get(r.route, 0) + 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="openness-bench-") as tmp:
        tmpdir = Path(tmp)
        t0 = time.perf_counter()
        generate(tmpdir / "hub", args.models)
        print(f"generated {args.models} models in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        results: list[tuple[str, str, str]] = []
        with CachedFakeHub(tmpdir / "hub") as hub:
            hub.all_repo_ids()
            env = env_for(hub, tmpdir / "home")

            hub.clear_requests()
            _, _, code = run_child(["audit", f"{ORG}/model-00001", "-f", "json"], env)
            single = routes(hub)
            results.append(("single cold `audit`: Hub API requests", f"{single.get('model_info', 0) + single.get('model_list', 0)}", "1"))
            results.append(("single cold `audit`: resolver requests (one GET per file)", str(single.get("resolve", 0)), "—"))

            scan = ["scan", "--author", ORG, "--concurrency", str(args.concurrency), "--jsonl", os.devnull]
            for label in ("cold", "warm"):
                # Cold runs once (it fills the cache); warm takes the median of 3, since one run right
                # after the cold one also pays for the kernel writing the fresh cache to disk.
                timings = []
                for _ in range(1 if label == "cold" else 3):
                    hub.clear_requests()
                    elapsed, rss_kib, code = run_child(scan, env)
                    assert code == 0, f"{label} scan exited {code}"
                    timings.append(elapsed)
                elapsed = statistics.median(timings)
                counts = routes(hub)
                api = counts.get("model_list", 0) + counts.get("model_info", 0)
                pages = -(-args.models // hub.list_page_size)
                results.append((f"{label} scan of {args.models}: API requests", f"{api} ({counts.get('model_list', 0)} listing pages)", f"≤ {pages + 1}"))
                results.append((f"{label} scan: API requests per model", f"{api / args.models:.4f}", "—"))
                results.append((f"{label} scan: resolver requests", f"{counts.get('resolve', 0)} ({counts.get('resolve', 0) / args.models:.2f} per model)", "cards + licenses" if label == "cold" else "0"))
                results.append((f"{label} scan: models/s (whole process)", f"{args.models / elapsed:.0f} ({elapsed:.1f} s)", "≥ 100" if label == "cold" else "≥ 1000"))
                results.append((f"{label} scan: peak memory", f"{rss_kib / 1024:.0f} MB", "< 300 MB"))

            offline_env = dict(env, HF_HUB_OFFLINE="1")
            results.append(("`openness --help` (median of %d)" % args.runs, f"{median_time(['--help'], env, args.runs):.3f} s", "< 0.25 s"))
            results.append(("offline registry audit (median of %d)" % args.runs, f"{median_time(['audit', 'meta-llama/Meta-Llama-3-70B', '--offline'], offline_env, args.runs):.3f} s", "< 0.4 s"))

    lines = [
        f"## scan and start-up ({date.today().isoformat()})",
        "",
        f"Machine: {os.cpu_count()} CPUs (`nproc` {len(os.sched_getaffinity(0))}), {cpu_model()}, Python {platform.python_version()}, {platform.system()} {platform.release()}.",
        f"Fake Hub on 127.0.0.1 (tests/fakehub.py, fixtures read once), {args.models} generated models of one author, listing pages of 1000, `--concurrency {args.concurrency}`; each figure is a whole `openness` process.",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        *[f"| {a} | {b} | {c} |" for a, b, c in results],
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        args.write.write_text(text, encoding="utf-8")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


if __name__ == "__main__":
    main()
