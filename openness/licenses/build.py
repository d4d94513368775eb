"""Refresh the catalogue's machine-made fields from a folder of reference texts.

    python -m openness.licenses.build ../shared/corpus/licenses [--catalogue registry/licenses] [--check]

People write the facts (summary, phrase); this fills what a machine should: each entry's
fingerprints, the reference file's sha256 and line count, and the line span of every fact, found
by its phrase. It also checks that every anchor occurs in its own text and in no other text of
the same family, since anchors are what tell versions apart. The texts themselves stay outside
the project. With --check nothing is written and a stale catalogue exits 1.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import yaml

from openness.fileio import write_atomic
from openness.licenses.catalogue import Fingerprints, LicenseEntry, default_path, load_entry
from openness.licenses.normalise import Normalised, encode_sketch, normalise, sketch, split_lines

SKETCH_SIZE = 256


def fingerprints(text: str) -> Fingerprints:
    norm = normalise(text)
    return Fingerprints(
        sha256=norm.sha256,
        tokens=len(norm.tokens),
        shingles=len(norm.shingles),
        sketch=encode_sketch(sketch(norm.shingles, SKETCH_SIZE)),
    )


def _paragraph_end(lines: list[str], start: int, limit: int = 8) -> int:
    """Last line of the paragraph starting at 1-based `start` (wrapped texts span several lines)."""
    end = start
    while end < len(lines) and end - start < limit and lines[end].strip():
        end += 1
    return end


def refresh(entry: LicenseEntry, text: str) -> tuple[LicenseEntry, list[str]]:
    """The entry with machine-made fields recomputed from its reference text, and any problems."""
    problems: list[str] = []
    norm = normalise(text)
    lines = split_lines(text)
    data = entry.model_dump(mode="json", exclude_none=True)
    data["fingerprints"] = fingerprints(text).model_dump()
    data["reference"].update(sha256=hashlib.sha256(text.encode()).hexdigest(), lines=len(lines))
    facts = [*data.get("usage_caps", []), *data.get("restrictions", [])]
    if data.get("governing_law"):
        facts.append(data["governing_law"])
    for fact in facts:
        if not fact.get("phrase"):
            continue
        line = norm.find(fact["phrase"])
        if line is None:
            problems.append(f"{entry.key}: phrase not in its text: {fact['phrase']!r}")
            fact.pop("lines", None)
        else:
            fact["lines"] = [line, _paragraph_end(lines, line)]
    for anchor in entry.anchors:
        if norm.find(anchor) is None:
            problems.append(f"{entry.key}: anchor not in its text: {anchor!r}")
    return LicenseEntry.model_validate(data), problems


def check_anchors_discriminate(texts: dict[str, Normalised], entries: list[LicenseEntry]) -> list[str]:
    problems = []
    for entry in entries:
        siblings = [e for e in entries if e.family == entry.family and e.key != entry.key and e.key in texts]
        for anchor in entry.anchors:
            for sib in siblings:
                if texts[sib.key].find(anchor) is not None and all(
                    texts[sib.key].find(a) is not None for a in entry.anchors
                ):
                    problems.append(f"{entry.key}: anchors all occur in sibling {sib.key}'s text too")
                    break
    return sorted(set(problems))


def dump(entry: LicenseEntry) -> str:
    data = entry.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data = {"key": entry.key, "title": entry.title, **data}  # key and title first, always present
    # A fact reads best as what it says first, then where the text says it.
    for fact in [*data.get("usage_caps", []), *data.get("restrictions", []), data.get("governing_law") or {}]:
        for field in ("phrase", "lines"):
            if field in fact:
                fact[field] = fact.pop(field)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="folder holding the reference texts")
    parser.add_argument("--catalogue", type=Path, default=default_path())
    parser.add_argument("--check", action="store_true", help="report differences, write nothing")
    args = parser.parse_args(argv)

    entries, texts, problems, stale = [], {}, [], []
    for path in sorted(args.catalogue.glob("*.yaml")):
        entry = load_entry(path)
        entries.append(entry)
        ref = entry.reference
        if not (ref and ref.corpus_file and (args.corpus / ref.corpus_file).is_file()):
            continue
        text = (args.corpus / ref.corpus_file).read_text(encoding="utf-8")
        texts[entry.key] = normalise(text)
        new, found = refresh(entry, text)
        problems += found
        if dump(new) != path.read_text(encoding="utf-8"):
            stale.append(path.name)
            if not args.check:
                write_atomic(path, dump(new))
    problems += check_anchors_discriminate(texts, entries)
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    verb = "stale" if args.check else "updated"
    print(f"{len(entries)} entries, {len(texts)} with a reference text, {len(stale)} {verb}", file=sys.stderr)
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
