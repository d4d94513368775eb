"""Small synthetic snapshots for probe tests: a card written for the test, a file list, tags."""

from __future__ import annotations

import textwrap

from openness.card import parse_card
from openness.knowledge import load_knowledge
from openness.models import Finding, RepoFile, Snapshot, Unavailable

ORDER = {
    "weights": ["closed", "gated", "open"],
    "technical_report": ["none", "evaluation", "training", "full"],
    "training_code": ["none", "inference_only", "partial", "released"],
    "training_data": ["none", "partial", "full"],
    "data_pipeline": ["none", "partial", "full"],
}
WEIGHTS = [RepoFile(path="model.safetensors", size=2_000_000_000, lfs=True)]


def card(front: str = "", body: str = "") -> str:
    front = textwrap.dedent(front).strip()
    body = textwrap.dedent(body).strip()
    head = f"---\n{front}\n---\n\n" if front else ""
    return head + body + "\n"


def snap(
    card_text: str | None = None,
    files: list[RepoFile] | None = None,
    tags: list[str] | None = None,
    gated: str | None = None,
    unavailable: list[Unavailable] | None = None,
    repo_id: str = "acme/model-7b",
    source: str = "hub",
) -> Snapshot:
    metadata = parse_card(card_text).metadata if card_text else {}
    return Snapshot(
        repo_id=repo_id,
        revision="a" * 40,
        source=source,  # type: ignore[arg-type]
        card_text=card_text,
        card_data=metadata,
        tags=tags or [],
        files=WEIGHTS if files is None else files,
        gated=gated,
        unavailable=unavailable or [],
    )


def strongest(findings: list[Finding], component: str) -> str:
    """The engine's merge rule: the strongest non-unknown status, else unknown."""
    statuses = [f.status for f in findings if f.component == component and f.status in ORDER[component]]
    return max(statuses, key=ORDER[component].index) if statuses else "unknown"


def run(fn, snapshot: Snapshot) -> list[Finding]:
    return fn(snapshot, load_knowledge())
