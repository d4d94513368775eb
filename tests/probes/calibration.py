"""Shared by the calibration test and by humans: run the probes over the real card corpus and compute
the ladder level, the same cumulative rule the engine reads from rubrics/ladder.yaml.

Run directly to print the per-model table: `.venv/bin/python tests/probes/calibration.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from openness.card import parse_card
from openness.knowledge import load_knowledge
from openness.models import COMPONENTS, Finding, RepoFile, Snapshot
from openness.probes import run_probes

SHARED = Path(__file__).resolve().parents[3] / "shared"
CARDS = SHARED / "corpus" / "cards"
MODELS_MD = SHARED / "reference" / "models.md"

# Order of statuses, weakest first, as in rubrics/ladder.yaml.
ORDER = {
    "weights": ["closed", "gated", "open"],
    "technical_report": ["none", "evaluation", "training", "full"],
    "training_code": ["none", "inference_only", "partial", "released"],
    "training_data": ["none", "partial", "full"],
    "data_pipeline": ["none", "partial", "full"],
}


@dataclass
class Reference:
    repo_id: str
    level: int
    low: int
    high: int


def reference_table() -> dict[str, Reference]:
    """repo id -> reference level and acceptable range, from the facts table of models.md."""
    table: dict[str, Reference] = {}
    for line in MODELS_MD.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*\d+\s*\|\s*`([^`]+)`\s*\|(.*)", line)
        if not match:
            continue
        cells = [c.strip() for c in match.group(2).split("|")]
        level = re.search(r"\*\*(\d)\*\*", match.group(2))
        ranges = [c for c in cells if re.fullmatch(r"\d-\d", c)]
        if level and ranges:
            low, high = map(int, ranges[0].split("-"))
            table[match.group(1)] = Reference(match.group(1), int(level.group(1)), low, high)
    return table


def exact_cards() -> dict[str, Path]:
    """repo id -> README.md of the folders INDEX.md marks as exact HF cards."""
    found: dict[str, Path] = {}
    for line in (CARDS / "INDEX.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and cells[1] == "yes":
            folder = cells[0]
            found[folder.replace("__", "/", 1)] = CARDS / folder / "README.md"
    return found


def snapshot_for(repo_id: str, card_text: str) -> Snapshot:
    """What a Hub source would plausibly deliver: the card, its front matter, tags and a weights file."""
    metadata = parse_card(card_text).metadata
    tags: list[str] = []
    if isinstance(metadata.get("license"), str):
        tags.append(f"license:{metadata['license']}")
    datasets = metadata.get("datasets")
    for dataset in [datasets] if isinstance(datasets, str) else datasets or []:
        if isinstance(dataset, str):
            tags.append(f"dataset:{dataset}")
    # The Hub adds an arxiv: tag for every arXiv link in the card.
    for arxiv_id in dict.fromkeys(re.findall(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})", card_text)):
        tags.append(f"arxiv:{arxiv_id}")
    return Snapshot(
        repo_id=repo_id,
        revision="0" * 40,
        source="hub",
        tags=tags,
        card_data=metadata,
        card_text=card_text,
        files=[
            RepoFile(path="README.md", size=len(card_text)),
            RepoFile(path="config.json", size=700),
            RepoFile(path="model-00001-of-00002.safetensors", size=4_900_000_000, lfs=True),
            RepoFile(path="model-00002-of-00002.safetensors", size=2_100_000_000, lfs=True),
        ],
    )


def merged_status(findings: list[Finding], component: str) -> str:
    """The engine's merge: the strongest non-unknown status proposed, else unknown."""
    statuses = [f.status for f in findings if f.component == component and f.status in ORDER[component]]
    if not statuses:
        return "unknown"
    return max(statuses, key=ORDER[component].index)


def ladder_level(states: dict[str, str]) -> int:
    checks = [
        states["weights"] in ("gated", "open"),
        states["technical_report"] in ("training", "full"),
        states["training_code"] == "released" or states["technical_report"] == "full",
        states["training_data"] == "full",
        states["data_pipeline"] == "full",
    ]
    level = 0
    for passed in checks:
        if not passed:
            break
        level += 1
    return level


def audit_card(repo_id: str, path: Path) -> tuple[int, dict[str, str], list[Finding]]:
    snapshot = snapshot_for(repo_id, path.read_text(encoding="utf-8"))
    findings = run_probes(snapshot, load_knowledge())
    states = {c: merged_status(findings, c) for c in COMPONENTS}
    return ladder_level(states), states, findings


def main() -> None:
    refs = reference_table()
    inside = 0
    cards = exact_cards()
    for repo_id, path in sorted(cards.items()):
        level, states, _ = audit_card(repo_id, path)
        ref = refs[repo_id]
        ok = ref.low <= level <= ref.high
        inside += ok
        short = " ".join(f"{k[:6]}={v}" for k, v in states.items())
        print(f"{'OK  ' if ok else 'MISS'} {repo_id:55} L{level} ref {ref.level} [{ref.low}-{ref.high}]  {short}")
    print(f"{inside}/{len(cards)} inside the acceptable range")


if __name__ == "__main__":
    main()
