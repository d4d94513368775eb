"""technical_report: is there a report, and how much of the training does it (or the card) disclose?

Two probes:
- report.references finds papers and reports: `arxiv:` tags, arXiv / HF papers links, citation
  blocks, technical-report PDFs and blog posts. It proposes `evaluation` (a report exists) or
  `training` when the card says the report covers the training; `none` when nothing is found.
- report.card_details judges the card's own disclosure: `training` when it gives two or more kinds of
  training detail, `full` when it gives the data mixture per source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openness.models import Evidence, Finding, Snapshot
from openness.probes import probe
from openness.probes.cardtext import CardLine, card_lines
from openness.probes.common import line_evidence, metadata_evidence, no_card_finding, readme_evidence
from openness.probes.links import Link, find_links
from openness.probes.report_detail import data_mixture, training_details

COMPONENT = "technical_report"

# Words that make an arXiv link the model's own report rather than a cited technique.
_REPORT_WORDS = re.compile(
    r"technical report|tech report|\bpaper\b|\breport\b|preprint|accompanying|learn more|publication|"
    r"for (?:more )?details|refer to|论文|技术报告",
    re.IGNORECASE,
)
_REPORT_SECTIONS = re.compile(r"citation|bibtex|cite|tech report|paper|model sources|引用", re.IGNORECASE)
# Words saying a linked document covers the training.
_COVERS_TRAINING = re.compile(
    r"training (?:procedure|details|process|information|recipe)|(?:details|information) (?:on|about|of) (?:the )?training|"
    r"on training|training,",
    re.IGNORECASE,
)
_THIRD_PARTY_SECTIONS = re.compile(r"tutorial|learning hub|community|ecosystem|awesome|press|media coverage", re.IGNORECASE)
_BLOG_WORDS = re.compile(r"\bblog\b|announcement|news", re.IGNORECASE)
_ARXIV_IN_LINE = re.compile(r"arxiv[:\s/.a-z]*?(\d{4}\.\d{4,5})", re.IGNORECASE)
_BIB_TITLE = re.compile(r"title\s*=\s*[{\"]+([^}\"]+)", re.IGNORECASE)
_VERSION = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?=[-_ ]|$)")


@dataclass(frozen=True)
class Reference:
    kind: str  # arxiv, blog, report
    ident: str  # arXiv id or URL
    line: CardLine | None
    primary: bool  # presented as the model's own report
    covers_training: bool
    title: str = ""


def _family_and_version(repo_id: str) -> tuple[str, str | None]:
    name = repo_id.split("/")[-1]
    family = re.match(r"[A-Za-z]+", name)
    # A number right after the family name is a version unless it is a size ("Yi-34B").
    version = re.match(r"[A-Za-z]+[-_]?(\d+(?:\.\d+)?)(?![\d.]*[BbMmKk]\b)", name)
    return (family.group(0).lower() if family else ""), (version.group(1) if version else None)


def _other_model_note(repo_id: str, title: str) -> str:
    """A note when a report title names the model's family with another (or no) version."""
    family, version = _family_and_version(repo_id)
    if not title or not family or not version or family not in title.lower():
        return ""
    title_versions = re.findall(rf"{family}[-_ ]?(\d+(?:\.\d+)?)", title, re.IGNORECASE)
    if version in title_versions:
        return ""
    return (
        f"the report '{title.strip()}' names the {family} family but not version {version}: "
        "it may describe an earlier model, which is weaker evidence for this one"
    )


def _arxiv_references(snapshot: Snapshot, links: list[Link]) -> list[Reference]:
    refs: dict[str, Reference] = {}

    def add(ref: Reference) -> None:
        old = refs.get(ref.ident)
        if old is None or (ref.primary and not old.primary) or (ref.covers_training and not old.covers_training):
            refs[ref.ident] = Reference(
                ref.kind, ref.ident, ref.line or (old.line if old else None),
                ref.primary or (old.primary if old else False),
                ref.covers_training or (old.covers_training if old else False),
                ref.title or (old.title if old else ""),
            )

    for link in links:
        if link.kind in ("arxiv", "hf_paper") and link.target:
            primary = bool(_REPORT_WORDS.search(link.context) or _REPORT_SECTIONS.search(link.line.section))
            add(Reference("arxiv", link.target, link.line, primary, bool(_COVERS_TRAINING.search(link.line.text)), link.text))
    # Citation blocks: arXiv ids in bibtex entries, with the entry's title.
    title = ""
    for line in card_lines(snapshot.card_text or ""):
        if line.text.strip().startswith("@"):
            title = ""  # a new bibtex entry
        match = _BIB_TITLE.search(line.text)
        if match:
            title = match.group(1)
        for found in _ARXIV_IN_LINE.finditer(line.text):
            if line.in_code or _REPORT_SECTIONS.search(line.section):
                add(Reference("arxiv", found.group(1), line, True, False, title))
    for tag in snapshot.tags:
        if tag.lower().startswith("arxiv:"):
            ident = tag.split(":", 1)[1].strip()
            if ident and ident not in refs:
                refs[ident] = Reference("arxiv", ident, None, False, False)
    return list(refs.values())


def _other_references(links: list[Link]) -> list[Reference]:
    refs: list[Reference] = []
    seen: set[str] = set()
    for link in links:
        if link.url in seen or link.kind in ("arxiv", "hf_paper", "code_repo", "hf_dataset", "hf_space"):
            continue
        if _THIRD_PARTY_SECTIONS.search(link.line.section):
            continue  # community tutorials and write-ups are not the publisher's report
        text = f"{link.text} {link.url}".lower()
        if re.search(r"technical report|tech[- ]?report|\bpaper\b", text) or (
            link.kind == "pdf" and _REPORT_WORDS.search(link.context)
        ):
            kind = "report"
        elif link.kind == "blog" or _BLOG_WORDS.search(link.text):
            kind = "blog"
        else:
            continue
        seen.add(link.url)
        refs.append(Reference(kind, link.url, link.line, True, bool(_COVERS_TRAINING.search(link.line.text)), link.text))
    return refs


def _evidence_for(snapshot: Snapshot, ref: Reference, note: str = "") -> Evidence:
    if ref.line is None:
        return metadata_evidence(snapshot, "tags", f"arxiv:{ref.ident}", note=note or "arXiv tag")
    label = f"arXiv {ref.ident}" if ref.kind == "arxiv" else ref.ident
    return line_evidence(snapshot, ref.line, f"{ref.title or label}".strip(), note=note or label)


@probe("report.references", COMPONENT)
def report_references(snapshot: Snapshot, knowledge=None) -> list[Finding]:
    missing = no_card_finding(snapshot, "report.references", COMPONENT, "none")
    links = find_links(snapshot.card_text) if snapshot.card_text else []
    refs = _arxiv_references(snapshot, links) + _other_references(links)
    if missing is not None and not refs:
        return [missing]
    if not refs:
        return [
            Finding(
                probe="report.references", component=COMPONENT, status="none",
                reason="no technical report, paper or blog post is linked from the card",
                evidence=[readme_evidence(snapshot, note="searched for arXiv links and tags, report PDFs, blog posts")],
                confidence="medium",
            )
        ]
    primary = [r for r in refs if r.primary]
    chosen = primary or refs
    notes = {r.ident: _other_model_note(snapshot.repo_id, r.title) for r in chosen}
    evidence = [_evidence_for(snapshot, r, notes[r.ident]) for r in chosen[:6]]
    names = ", ".join(f"arXiv {r.ident}" if r.kind == "arxiv" else f"{r.kind} {r.ident}" for r in chosen[:4])
    covering = [r for r in chosen if r.covers_training]
    if covering:
        ref = covering[0]
        return [
            Finding(
                probe="report.references", component=COMPONENT, status="training",
                reason=f"the card points to a report that covers the training process ({names})",
                evidence=[_evidence_for(snapshot, ref, "the card says this document covers training")] + evidence,
                confidence="medium",
            )
        ]
    weaker = [note for note in notes.values() if note]
    if not primary:
        reason = f"arXiv papers are cited ({names}), none presented as this model's report"
        confidence = "low"
    elif weaker and all(notes[r.ident] for r in primary):
        reason = f"the only report cited belongs to another model of the family ({names}): {weaker[0]}"
        confidence = "low"
    else:
        reason = f"a report or blog post is linked ({names}); the card does not say it details the training"
        if weaker:
            reason += f" (note: {weaker[0]})"
        confidence = "medium"
    return [
        Finding(probe="report.references", component=COMPONENT, status="evaluation", reason=reason,
                evidence=evidence, confidence=confidence)
    ]


@probe("report.card_details", COMPONENT)
def report_card_details(snapshot: Snapshot, knowledge=None) -> list[Finding]:
    if snapshot.card_text is None:
        return []  # report.references already says why the card cannot be judged
    mixture = data_mixture(snapshot.card_text)
    details = training_details(snapshot.card_text)
    evidence = [line_evidence(snapshot, d.line, d.excerpt, note=d.kind) for d in details]
    kinds = ", ".join(d.kind for d in details)
    if mixture is not None:
        return [
            Finding(
                probe="report.card_details", component=COMPONENT, status="full",
                reason="the card discloses the training data mixture per source"
                + (f", besides training details ({kinds})" if details else ""),
                evidence=[line_evidence(snapshot, mixture.line, mixture.excerpt, note="data mixture")] + evidence,
                confidence="medium",
            )
        ]
    if len(details) >= 2:
        return [
            Finding(
                probe="report.card_details", component=COMPONENT, status="training",
                reason=f"the card details the training process ({kinds})",
                evidence=evidence, confidence="medium",
            )
        ]
    if details:
        return [
            Finding(
                probe="report.card_details", component=COMPONENT, status="evaluation",
                reason=f"the card gives only one kind of training detail ({kinds}); not enough to describe the training process",
                evidence=evidence, confidence="low",
            )
        ]
    return []
