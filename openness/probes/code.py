"""training_code: which code repositories does the card link, and are they training code?

Each GitHub/GitLab repository linked from the card is classified by, in order:
1. the known-artefacts table (registry/artifacts/code.yaml), e.g. EleutherAI/gpt-neox = training code;
2. the words of its name, link text, URL path and line ("training code", "pretrain", "reproduce"
   versus "inference", "demo", "fine-tune", "quantize").
A table row for training code is weakened to `partial` when the card says the model was trained
with a *fork* or a derivative of it, whose changes are not public. Spaces are demos, not code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openness.knowledge import Knowledge
from openness.models import Finding, Snapshot
from openness.probes import probe
from openness.probes.common import line_evidence, no_card_finding, readme_evidence
from openness.probes.links import Link, find_links

PROBE_ID = "code.repo_links"
COMPONENT = "training_code"

_TRAINING_WORDS = re.compile(
    r"training code|pre-?training code|train(?:ing)? scripts?|reproduc|pre-?train|[-_/]train(?:ing)?\b|"
    r"\btrain[-_]|training recipe|training configs?|/configs?/",
    re.IGNORECASE,
)
_USAGE_WORDS = re.compile(
    r"inference|demo|fine-?tun|finetune|quantiz|cookbook|example|serving|deploy|chat|tutorial|prompt|"
    r"tool_using|evaluation|eval\b",
    re.IGNORECASE,
)
_CONFIG_FILE = re.compile(r"/configs?/(?:.*/)?[^/]+\.(?:ya?ml|json|toml|csv)$", re.IGNORECASE)
_RECIPE_WORDS = re.compile(r"train|hyper-?param|recipe", re.IGNORECASE)
_FORK_WORDS = re.compile(r"fork of|forked from|modified version of|based on a fork", re.IGNORECASE)


@dataclass(frozen=True)
class RepoVerdict:
    repo: str
    status: str | None  # None: not a release of the model (library, pipeline-only repo)
    reason: str
    confidence: str
    link: Link


def classify_repo(link: Link, knowledge: Knowledge, fork: bool = False) -> RepoVerdict:
    """What one linked repository is as training code; `fork`: the card says a fork of it was used."""
    repo = link.target or ""
    known = knowledge.code_repo(repo)
    fork = fork or bool(_FORK_WORDS.search(link.line.text))
    if known is not None:
        if known.library:
            return RepoVerdict(repo, None, f"known library ({known.reason})", "high", link)
        if known.training_code is None:
            return RepoVerdict(repo, None, f"known repository that is not training code ({known.reason})", "high", link)
        if known.training_code == "released" and fork:
            return RepoVerdict(
                repo, "partial",
                f"known-artefacts table: {known.reason}; but the card says a fork of it was used, "
                "so the code that trained this model is not what is public",
                "medium", link,
            )
        return RepoVerdict(repo, known.training_code, f"known-artefacts table: {known.reason} ({known.source})", "high", link)
    # Heuristics: the repository's own name and path first, then the words around the link.
    path = link.url.split(repo, 1)[-1] if repo else ""
    own_words = f"{repo.split('/')[-1]} {link.text} {path}"
    if _CONFIG_FILE.search(path) and _RECIPE_WORDS.search(link.context):
        # A run configuration alone: the recipe is public, the code that ran it is not shown.
        return RepoVerdict(
            repo, "partial", f"the link points to a training configuration file ({_short(path)}), not to training code",
            "medium", link,
        )
    if _TRAINING_WORDS.search(own_words) and not _USAGE_WORDS.search(own_words):
        return RepoVerdict(repo, "released", f"the link ('{_short(own_words)}') names training code", "medium", link)
    if _USAGE_WORDS.search(own_words):
        return RepoVerdict(repo, "inference_only", f"the link ('{_short(own_words)}') names usage code", "medium", link)
    line = link.line.text
    if re.search(r"training code|pre-?training code|code (?:used )?to (?:pre-?)?train|reproduce (?:the )?training", line, re.I):
        return RepoVerdict(repo, "released", "the card calls the linked repository training code", "medium", link)
    return RepoVerdict(
        repo, "inference_only",
        "a repository is linked, but nothing in the card or the table says it holds training code",
        "low", link,
    )


def _short(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()[:80]


def repo_verdicts(snapshot: Snapshot, knowledge: Knowledge) -> list[RepoVerdict]:
    """One verdict per distinct repository linked from the card (code blocks included)."""
    verdicts: dict[str, RepoVerdict] = {}
    rank = {None: 0, "inference_only": 1, "partial": 2, "released": 3}
    links = [l for l in find_links(snapshot.card_text, include_code=True) if l.kind == "code_repo" and l.target]
    # One mention saying "a fork of X" speaks for every mention of X in the card.
    forked = {l.target.lower() for l in links if _FORK_WORDS.search(l.line.text)}  # type: ignore[union-attr]
    for link in links:
        verdict = classify_repo(link, knowledge, fork=link.target.lower() in forked)  # type: ignore[union-attr]
        key = link.target.lower()  # type: ignore[union-attr]
        if key not in verdicts or rank[verdict.status] > rank[verdicts[key].status]:
            verdicts[key] = verdict
    return list(verdicts.values())


@probe(PROBE_ID, COMPONENT)
def code_probe(snapshot: Snapshot, knowledge: Knowledge) -> list[Finding]:
    missing = no_card_finding(snapshot, PROBE_ID, COMPONENT, "none")
    if missing is not None:
        return [missing]
    verdicts = [v for v in repo_verdicts(snapshot, knowledge) if v.status is not None]
    findings: list[Finding] = []
    for verdict in verdicts:
        if verdict.status == "inference_only":
            continue
        findings.append(
            Finding(
                probe=PROBE_ID, component=COMPONENT, status=verdict.status,
                reason=f"{verdict.repo}: {verdict.reason}",
                evidence=[line_evidence(snapshot, verdict.link.line, verdict.link.url, note=verdict.reason)],
                confidence=verdict.confidence,  # type: ignore[arg-type]
            )
        )
    usage = [v for v in verdicts if v.status == "inference_only"]
    if usage:
        names = "; ".join(f"{v.repo} ({v.reason})" for v in usage[:5])
        findings.append(
            Finding(
                probe=PROBE_ID, component=COMPONENT, status="inference_only",
                reason=f"linked code is for inference, demos or fine-tuning: {names}",
                evidence=[line_evidence(snapshot, v.link.line, v.link.url, note=v.reason) for v in usage[:5]],
                confidence=min((v.confidence for v in usage), key=["low", "medium", "high"].index),  # type: ignore[arg-type]
            )
        )
    if not findings:
        findings.append(
            Finding(
                probe=PROBE_ID, component=COMPONENT, status="none",
                reason="no link to training code in the card",
                evidence=[readme_evidence(snapshot, note="searched for GitHub/GitLab repository links")],
                confidence="medium",
            )
        )
    return findings
