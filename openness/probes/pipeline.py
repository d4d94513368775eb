"""data_pipeline: is the code that builds the training data from raw sources released?

Evidence, strongest first:
- a linked repository the known-artefacts table lists as a data pipeline (e.g. allenai/dolma: full;
  LLM360/amber-data-prep: partial, it only tokenises already-cleaned corpora);
- the training data itself: when the model's full training data is a known dataset whose builder is
  public (datasets.yaml `pipeline:`), that pipeline is the model's data pipeline;
- a linked repository the card calls data preparation/processing: `partial`, because nothing shows
  it starts from raw sources.
"""

from __future__ import annotations

import re

from openness.knowledge import Knowledge
from openness.models import Finding, Snapshot
from openness.probes import probe
from openness.probes.common import line_evidence, no_card_finding, readme_evidence
from openness.probes.data import data_verdict, dataset_mentions, _evidence as dataset_evidence
from openness.probes.links import find_links

PROBE_ID = "pipeline.repos"
DATA_PROBE_ID = "pipeline.via_datasets"
COMPONENT = "data_pipeline"

_PIPELINE_WORDS = re.compile(
    r"data[- _]?prep|data[- _]?processing|data[- _]?pipeline|data[- _]?cleaning|dedup|data[- _]?curation",
    re.IGNORECASE,
)
_ORDER = ["none", "partial", "full"]


@probe(PROBE_ID, COMPONENT)
def pipeline_repos(snapshot: Snapshot, knowledge: Knowledge) -> list[Finding]:
    missing = no_card_finding(snapshot, PROBE_ID, COMPONENT, "none")
    if missing is not None:
        return [missing]
    findings: list[Finding] = []
    seen: set[str] = set()
    for link in find_links(snapshot.card_text, include_code=True):
        if link.kind != "code_repo" or not link.target or link.target.lower() in seen:
            continue
        known = knowledge.code_repo(link.target)
        if known is not None and known.data_pipeline in ("full", "partial"):
            seen.add(link.target.lower())
            findings.append(
                Finding(
                    probe=PROBE_ID, component=COMPONENT, status=known.data_pipeline,
                    reason=f"{known.repo}: known-artefacts table: {known.reason} ({known.source})",
                    evidence=[line_evidence(snapshot, link.line, link.url, note=known.reason)],
                    confidence="high",
                )
            )
        elif known is None and _PIPELINE_WORDS.search(f"{link.target} {link.text}"):
            seen.add(link.target.lower())
            findings.append(
                Finding(
                    probe=PROBE_ID, component=COMPONENT, status="partial",
                    reason=f"{link.target}: the card links it as data preparation; nothing shows it starts from raw sources",
                    evidence=[line_evidence(snapshot, link.line, link.url, note="data preparation link")],
                    confidence="low",
                )
            )
    if not findings:
        findings.append(
            Finding(
                probe=PROBE_ID, component=COMPONENT, status="none",
                reason="no link to data-processing code in the card",
                evidence=[readme_evidence(snapshot, note="searched for repositories that build the training data")],
                confidence="medium",
            )
        )
    return findings


@probe(DATA_PROBE_ID, COMPONENT)
def pipeline_via_datasets(snapshot: Snapshot, knowledge: Knowledge) -> list[Finding]:
    status, deciding, _ = data_verdict(dataset_mentions(snapshot, knowledge))
    if status != "full" or not deciding:
        return []
    pipelines = [m.known.pipeline if m.known and m.known.pipeline else "none" for m in deciding]
    weakest = min(pipelines, key=_ORDER.index)
    if weakest == "none":
        return []
    sources = sorted({m.known.pipeline_source for m in deciding if m.known and m.known.pipeline_source})
    names = ", ".join(m.dataset_id for m in deciding[:5])
    return [
        Finding(
            probe=DATA_PROBE_ID, component=COMPONENT, status=weakest,
            reason=f"the training data ({names}) is built by public code: {', '.join(sources)}"
            + (" (only the last steps, from already-cleaned corpora)" if weakest == "partial" else ""),
            evidence=[dataset_evidence(snapshot, m) for m in deciding[:5]],
            confidence="medium",
        )
    ]
