"""training_data: which datasets does the card name, and are they the model's full pretraining data?

Datasets come from the `datasets:` front matter, `dataset:` tags and huggingface.co/datasets links.
Each is given a role (pretraining, fine-tuning, evaluation) by the known-artefacts table
(registry/artifacts/datasets.yaml), else by its name and the words around it. Listing a dataset is
not releasing the training data (an extract, or public sources without the exact sample): the
training data counts as `full` only when a dataset is presented as the complete training data, or
every pretraining dataset named is a complete corpus per the table; otherwise `partial`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openness.knowledge import DatasetArtifact, Knowledge
from openness.models import Evidence, Finding, Snapshot
from openness.probes import probe
from openness.probes.cardtext import CardLine, card_lines
from openness.probes.common import line_evidence, metadata_evidence, no_card_finding, readme_evidence
from openness.probes.links import find_links

PROBE_ID = "data.datasets"
COMPONENT = "training_data"

_FINETUNE_NAME = re.compile(
    r"instruct|sft|dpo|chat|feedback|preference|rlhf|ultrachat|alpaca|orca|dolly|oasst|tulu|hh-rlhf|reward",
    re.IGNORECASE,
)
_EVAL_NAME = re.compile(r"eval|bench|mmlu|gsm8k|hellaswag|arc[-_]|truthful|winogrande|humaneval|leaderboard", re.IGNORECASE)
_FINETUNE_CONTEXT = re.compile(r"fine-?tun|instruction|sft|alignment|dpo|rlhf|chat model|post-?train", re.IGNORECASE)
_EVAL_CONTEXT = re.compile(r"evaluat|benchmark", re.IGNORECASE)
_PRETRAIN_CONTEXT = re.compile(r"pre-?train|training data|trained on|data(?:sets?)? and mix|data mix|corpus|training dataset", re.IGNORECASE)
# Words that present a dataset as this model's complete training data, not one source among others.
_COMPLETE_CONTEXT = re.compile(
    r"full(?:y processed)? (?:\w+ )?(?:pre-?training )?data|full data sequence|complete (?:training|pre-?training) data|"
    r"exact (?:training )?data|entire (?:training|pre-?training) data",
    re.IGNORECASE,
)
_NOT_DATA = re.compile(r"(^|/)(images?|assets?|media|docs?)$", re.IGNORECASE)


@dataclass(frozen=True)
class DatasetMention:
    dataset_id: str
    where: str  # "front matter", "tag", "link"
    line: CardLine | None
    line_number: int | None
    context: str
    role: str  # pretraining, finetune, evaluation
    status: str | None  # for pretraining: full or partial
    complete: bool  # presented as the complete training data
    reason: str
    known: DatasetArtifact | None


def _front_matter_datasets(snapshot: Snapshot) -> list[str]:
    value = snapshot.card_data.get("datasets") if isinstance(snapshot.card_data, dict) else None
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _front_matter_line(snapshot: Snapshot, dataset_id: str) -> int | None:
    if not snapshot.card_text:
        return None
    lines = snapshot.card_text.splitlines()
    body = card_lines(snapshot.card_text)
    end = (body[0].number - 1) if body else len(lines)
    for index in range(min(end, len(lines))):
        if dataset_id in lines[index]:
            return index + 1
    return None


def _role(dataset_id: str, context: str, where: str, known: DatasetArtifact | None) -> tuple[str, str]:
    if known is not None:
        role = {"finetune": "finetune", "evaluation": "evaluation"}.get(known.kind, "pretraining")
        return role, f"known-artefacts table: {known.reason}"
    name = dataset_id.split("/")[-1]
    if _EVAL_NAME.search(name):
        return "evaluation", "its name marks an evaluation set"
    if _FINETUNE_NAME.search(name):
        return "finetune", "its name marks fine-tuning data"
    if where == "link":
        if _FINETUNE_CONTEXT.search(context) and not _PRETRAIN_CONTEXT.search(context):
            return "finetune", "the card names it with fine-tuning"
        if _EVAL_CONTEXT.search(context) and not _PRETRAIN_CONTEXT.search(context):
            return "evaluation", "the card names it with evaluation"
        if not _PRETRAIN_CONTEXT.search(context):
            return "other", "linked without saying it was used for training"
    return "pretraining", "named as training data" if where == "link" else f"listed in the card's {where}"


def dataset_mentions(snapshot: Snapshot, knowledge: Knowledge) -> list[DatasetMention]:
    """Every dataset the card or its metadata names, once each, with its role and status."""
    raw: list[tuple[str, str, CardLine | None, int | None, str]] = []
    for dataset_id in _front_matter_datasets(snapshot):
        raw.append((dataset_id, "front matter", None, _front_matter_line(snapshot, dataset_id), ""))
    for tag in snapshot.tags:
        if tag.lower().startswith("dataset:"):
            raw.append((tag.split(":", 1)[1], "tag", None, None, ""))
    lines = card_lines(snapshot.card_text or "")
    by_number = {line.number: line for line in lines}
    for link in find_links(snapshot.card_text):
        if link.kind == "hf_dataset" and link.target and not _NOT_DATA.search(link.target):
            following = by_number.get(link.line.number + 1)
            # A sentence wrapped over two lines still describes the link.
            continuation = following.text if following and following.text.strip() and not following.text.lstrip().startswith(("-", "*", "|", "#")) else ""
            context = f"{link.line.section} {link.context} {continuation}"
            raw.append((link.target, "link", link.line, link.line.number, context))
    merged: dict[str, DatasetMention] = {}
    for dataset_id, where, line, number, context in raw:
        key = dataset_id.lower()
        known = knowledge.dataset(dataset_id)
        role, why = _role(dataset_id, context, where, known)
        complete = bool(_COMPLETE_CONTEXT.search(context)) and role == "pretraining"
        status = None
        if role == "pretraining":
            if known is not None:
                status = "full" if known.kind == "pretraining_full" else "partial"
            else:
                status = "full" if complete else "partial"
                why += "; not in the known-artefacts table" + (
                    ", presented as the complete training data" if complete else ", so taken as one public source"
                )
        mention = DatasetMention(dataset_id, where, line, number, context, role, status, complete, why, known)
        previous = merged.get(key)
        if previous is None or (mention.complete and not previous.complete) or (
            previous.role == "other" and mention.role != "other"
        ):
            merged[key] = mention
    return list(merged.values())


def data_verdict(mentions: list[DatasetMention]) -> tuple[str, list[DatasetMention], str]:
    """(status, the datasets that decide it, why) for the model's pretraining data."""
    pretraining = [m for m in mentions if m.role == "pretraining"]
    if not pretraining:
        return "none", [], ""
    complete = [m for m in pretraining if m.complete and m.status == "full"]
    if complete:
        return "full", complete, "presented by the card as the complete training data"
    if all(m.status == "full" for m in pretraining):
        return "full", pretraining, "every pretraining dataset named is a complete public corpus"
    partial = [m for m in pretraining if m.status != "full"]
    return "partial", pretraining, "not all of it is released in full: " + ", ".join(
        f"{m.dataset_id} ({m.known.reason if m.known else 'role and completeness not shown'})" for m in partial[:3]
    )


def _evidence(snapshot: Snapshot, mention: DatasetMention) -> Evidence:
    note = mention.reason + (f"; {mention.known.note}" if mention.known and mention.known.note else "")
    if mention.line is not None:
        return line_evidence(snapshot, mention.line, mention.dataset_id, note=note)
    if mention.line_number is not None:
        return line_evidence(snapshot, mention.line_number, f"datasets: {mention.dataset_id}", note=note)
    return metadata_evidence(snapshot, "tags", f"dataset:{mention.dataset_id}", note=note)


@probe(PROBE_ID, COMPONENT)
def data_probe(snapshot: Snapshot, knowledge: Knowledge) -> list[Finding]:
    mentions = dataset_mentions(snapshot, knowledge)
    if not mentions:
        missing = no_card_finding(snapshot, PROBE_ID, COMPONENT, "none")
        if missing is not None:
            return [missing]
    status, deciding, why = data_verdict(mentions)
    if status == "none":
        others = [m for m in mentions if m.role != "pretraining"]
        reason = "no pretraining dataset is named in the card or its metadata"
        if others:
            reason += " (only " + ", ".join(f"{m.dataset_id}: {m.role}" for m in others[:4]) + ")"
        evidence = [_evidence(snapshot, m) for m in others[:4]] or [
            readme_evidence(snapshot, note="searched the datasets front matter, dataset tags and dataset links")
        ]
        return [Finding(probe=PROBE_ID, component=COMPONENT, status="none", reason=reason, evidence=evidence)]
    names = ", ".join(m.dataset_id for m in deciding[:5])
    gated_notes = [m.known.note for m in deciding if m.known and m.known.note]
    reason = f"training data {names}: {why}" + (f" (note: {gated_notes[0]})" if gated_notes else "")
    confident = all(m.known is not None for m in deciding)
    return [
        Finding(
            probe=PROBE_ID, component=COMPONENT, status=status, reason=reason,
            evidence=[_evidence(snapshot, m) for m in deciding[:6]],
            confidence="high" if confident else "low",
        )
    ]
