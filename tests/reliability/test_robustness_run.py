"""A robustness run: a few thousand generated cards (and the real corpus cards when present) through
the whole audit (parse_card, every probe, license assessment, rubric, lineage) and every renderer.
No exception, no probe crash (run_probes' safety net is removed for the run); every card gets a verdict, and a card whose front matter is not used
says why.

The Hub is replaced by a dict of generated snapshots (fetch_snapshot is the only I/O), so the run
tests the pipeline, not the network, and stays fast.
"""

from __future__ import annotations

import random
import time

import pytest

from card_generator import make_card, make_license
from openness.card import parse_card
from openness.errors import SourceError
from openness.formats import render_audit
from openness.models import RepoFile, Snapshot
from openness.probes import registered_probes
from reliability_support import CORPUS_CARDS

CARDS = int(__import__("os").environ.get("OPENNESS_ROBUSTNESS_CARDS", "2000"))
FORMATS = ("table", "json", "markdown", "sarif")


def _snapshot(repo_id: str, card: str | None, licenses: dict[str, str], rng: random.Random) -> Snapshot:
    parsed = parse_card(card) if card is not None else None
    files = [RepoFile(path="README.md", size=len(card or ""))] if card is not None else []
    files += [RepoFile(path=p, size=len(t)) for p, t in licenses.items()]
    if rng.random() < 0.8:
        files.append(RepoFile(path=rng.choice(["model.safetensors", "x.gguf", "adapter_model.bin"]), size=10**9, lfs=True))
    if rng.random() < 0.1:
        files.append(RepoFile(path="adapter_config.json", size=100))
    return Snapshot(
        repo_id=repo_id,
        revision="0" * 40,
        source="hub",
        card_text=card,
        card_data=parsed.metadata if parsed else {},
        card_errors=list(parsed.errors) if parsed else [],
        files=files,
        license_files=licenses,
        tags=rng.sample(["license:mit", "arxiv:2401.00001", "base_model:finetune:acme/base", "dataset:acme/d"], k=rng.randint(0, 3)),
        gated=rng.choice([None, None, "manual", "auto"]),
    )


@pytest.fixture
def fake_source(monkeypatch):
    """fetch_snapshot answered from a dict; unknown ids (bases named by cards) are not found."""
    snapshots: dict[str, Snapshot] = {}

    def fetch(repo_id, **kwargs):
        if repo_id in snapshots:
            return snapshots[repo_id]
        raise SourceError("not_found", f"{repo_id} was not found")

    monkeypatch.setattr("openness.sources.hub.fetch_snapshot", fetch)
    return snapshots


class ProbeCrash(Exception):
    pass


def _strict_run_probes(snapshot: Snapshot, knowledge):
    """run_probes turns a crashing probe into an `unknown` finding, so that one bad probe cannot end
    an audit; here a crash is a bug to report, so the same probes run without that net."""
    findings = []
    for registered in registered_probes():
        try:
            findings.extend(registered.fn(snapshot, knowledge))
        except Exception as error:  # noqa: BLE001
            raise ProbeCrash(f"probe {registered.id}: {type(error).__name__}: {error}") from error
    return findings


def _audit_all(fake_source, monkeypatch, items: list[tuple[str, Snapshot]], table_every: int = 1) -> list[str]:
    from openness.audit import audit

    monkeypatch.setattr("openness.probes.run_probes", _strict_run_probes)
    problems: list[str] = []
    for i, (repo_id, snapshot) in enumerate(items):
        fake_source.clear()
        fake_source[repo_id] = snapshot
        try:
            report = audit(repo_id, use_registry=False)
            # The terminal table (rich) costs as much as the audit: render it for a sample.
            for fmt in FORMATS if i % table_every == 0 else ("json", "markdown", "sarif"):
                assert render_audit(report, fmt, width=100).strip()
        except Exception as error:  # noqa: BLE001 - collect them all, then fail with the list
            problems.append(f"{repo_id}: {type(error).__name__}: {error}")
            continue
        if not 0 <= report.level.value <= 5:
            problems.append(f"{repo_id}: level {report.level.value}")
        if snapshot.card_errors and not any("front matter" in n.lower() for n in report.notes):
            problems.append(f"{repo_id}: front matter not used and the report does not say why")
    return problems


def test_thousands_of_generated_cards_all_get_a_verdict(fake_source, monkeypatch) -> None:
    rng = random.Random(20240501)
    items = []
    for i in range(CARDS):
        licenses = {}
        if rng.random() < 0.6:
            licenses[rng.choice(["LICENSE", "LICENSE.md", "USE_POLICY.md", "LICENSE-MODEL"])] = make_license(rng)
        card = make_card(rng) if rng.random() < 0.97 else None
        items.append((f"gen/card-{i}", _snapshot(f"gen/card-{i}", card, licenses, rng)))
    start = time.monotonic()
    problems = _audit_all(fake_source, monkeypatch, items, table_every=10)
    assert problems == [], f"{len(problems)} cards failed, e.g.:\n" + "\n".join(problems[:15])
    assert time.monotonic() - start < 120


@pytest.mark.corpus
def test_every_real_corpus_card_gets_a_verdict(fake_source, monkeypatch) -> None:
    if not CORPUS_CARDS.is_dir():
        pytest.skip("../shared/corpus/cards is not present")
    rng = random.Random(7)
    items = []
    for folder in sorted(p for p in CORPUS_CARDS.iterdir() if p.is_dir()):
        texts = {p.name: p.read_bytes().decode("utf-8", "replace") for p in folder.iterdir() if p.is_file()}
        card = texts.pop("README.md", None)
        licenses = {name: text for name, text in texts.items() if "licen" in name.lower() or name.lower().endswith(".txt") and name != "SOURCE.txt"}
        repo_id = folder.name.replace("__", "/", 1)
        items.append((repo_id, _snapshot(repo_id, card, licenses, rng)))
    assert items
    problems = _audit_all(fake_source, monkeypatch, items)
    assert problems == [], "\n".join(problems)
