"""`openness check`: from a release folder to a CheckReport.

The only place that wires the check together: the folder and its openness.yaml are read at the
edge (sources/local.py, publisher.py), links are checked only when online (linkcheck.py); the
verdict comes from the same `judge` as `audit`, with the publisher's declarations as extra findings;
hygiene checks are pure (hygiene.py). The gate fails when the target level is not reached or a
hygiene blocker fails.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from openness import __version__
from openness.check.report import CheckReport, CheckSubject, ChecklistItem, Gate, HygieneItem
from openness.engine.rubric import Rubric, load_rubric
from openness.engine.verdict import judge
from openness.check.hygiene import (
    DatasetRole,
    LinkToCheck,
    base_model_declared,
    card_present,
    datasets_labelled,
    datasets_valid,
    license_consistent,
    license_declared,
    license_other_fields,
    links_reachable,
)
from openness.models import CheckResult, LicenseResult, RubricRef, Snapshot
from openness.check.publisher import FILENAME, LoadedPublisherFile, findings_from_publisher, load_publisher_file

# What to do, per component, in a publisher's terms: openness.yaml first (one line to add), then
# the card. A check's fix is its components' fixes (an any_of check offers each way).
COMPONENT_FIXES = {
    "weights": (
        "Put the weight files (e.g. model.safetensors) in the folder, or a `model.safetensors.index.json` "
        "manifest listing the shards you will upload."
    ),
    "technical_report": (
        "Link the technical report under `technical_report:` in openness.yaml with `covers_training: true` "
        "(it must describe training stages, token counts, hyper-parameters and hardware), or cite it in the "
        "card (an arXiv link in a Training section)."
    ),
    "training_code": (
        "Link the training code repository under `training_code:` in openness.yaml, or in the card under a "
        "'Training' section as training code (not inference or fine-tuning code)."
    ),
    "training_data": (
        "List the full pretraining datasets under `training_data:` in openness.yaml and under `datasets:` in "
        "the card front matter (Hub ids, ORG/NAME); an extract or a list of third-party sources is not enough."
    ),
    "data_pipeline": (
        "Link the code that builds the training data from raw sources (extraction, filtering, deduplication, "
        "mixing) under `data_pipeline:` in openness.yaml, or in the card's data section."
    ),
}
# For a report that gives every detail, the recipe check has a second way to pass.
_FULL_REPORT_FIX = (
    "or, if your technical report gives every detail including the data-mixture ratio of each source, set "
    "`covers_data_mixture: true` under `technical_report:` in openness.yaml."
)


def run_check(
    folder: str | Path,
    *,
    target_level: int | None = None,
    offline: bool = False,
    rubric_id: str = "ladder",
    link_timeout: float = 5.0,
) -> CheckReport:
    """Check a release folder. Raises UsageError (exit 2) for a missing folder or a bad openness.yaml."""
    from openness.sources.local import read_release_folder

    folder = Path(folder)
    rubric = load_rubric(rubric_id)
    publisher = None
    if folder.is_dir():
        publisher = load_publisher_file(folder / FILENAME, shown_as=str(folder / FILENAME))
    snapshot = read_release_folder(folder, repo_id=publisher.data.repo_id if publisher else None)
    notes = list(snapshot.notes)

    declared = findings_from_publisher(publisher, snapshot) if publisher else []
    verdict = judge(rubric, snapshot, extra_findings=declared)
    withheld = dict(publisher.data.withheld) if publisher else {}
    items = [checklist_item(rubric, check, withheld) for check in verdict.checks]

    license_result = _assess_license(snapshot, notes)
    roles = dataset_roles(publisher)
    links = links_to_check(snapshot, publisher)
    skipped = "offline mode (--offline or HF_HUB_OFFLINE=1)" if offline else None
    statuses = None
    if not offline and links:
        from openness.check.linkcheck import check_links

        statuses = check_links([lk.url for lk in links], timeout=link_timeout)
    if skipped and links:
        notes.append(f"Links were not checked: {skipped}.")
    hygiene = [
        card_present(snapshot),
        license_declared(snapshot),
        license_other_fields(snapshot),
        license_consistent(snapshot, license_result),
        base_model_declared(snapshot),
        datasets_valid(snapshot),
        datasets_labelled(publisher, roles, snapshot),
        links_reachable(links, statuses, snapshot, skipped_because=skipped),
    ]
    if publisher is None:
        notes.append(f"No {FILENAME}: only the card is read. `openness init` writes one to fill in.")
    if any(f.evidence and f.evidence[0].origin == "declared" for f in declared):
        notes.append(f"Declarations in {FILENAME} count as evidence but are stated by you, not verified; audits show them as `declared`.")

    target, target_from = _target(target_level, publisher)
    gate = build_gate(target, target_from, verdict.level.value, items, hygiene)
    return CheckReport(
        tool={"version": __version__},
        generated_at=datetime.now(UTC),
        subject=CheckSubject(
            path=str(folder),
            repo_id=snapshot.repo_id,
            publisher_file=FILENAME if publisher else None,
            uri_prefix=_uri_prefix(folder),
        ),
        rubric=RubricRef(id=rubric.id, version=rubric.version),
        level=verdict.level,
        items=items,
        hygiene=hygiene,
        license=license_result or LicenseResult(),
        gate=gate,
        notes=list(dict.fromkeys(notes)),
    )


# ------------------------------------------------------------------------------------------------
# Pure pieces


def checklist_item(rubric: Rubric, check: CheckResult, withheld: dict[str, str]) -> ChecklistItem:
    components = _check_components(rubric, check.id)
    why_withheld = "; ".join(f"{c}: {withheld[c]}" for c in components if c in withheld) or None
    fix = ""
    if check.outcome != "pass":
        if why_withheld and all(c in withheld for c in components):
            fix = (
                f"Withheld on purpose ({why_withheld}): this level cannot be reached while it is withheld. "
                f"Release it, or set `target_level` below {check.level}."
            )
        else:
            parts = [COMPONENT_FIXES[c] for c in components if c in COMPONENT_FIXES and c not in withheld]
            if "training_code" in components and "technical_report" in components:
                parts = [COMPONENT_FIXES["training_code"], _FULL_REPORT_FIX]
            fix = " ".join(parts) or check.remediation
    return ChecklistItem(
        id=check.id, level=check.level, level_name=rubric.level(check.level).name, title=check.title, outcome=check.outcome, reason=check.reason,
        fix=fix, withheld=why_withheld, evidence=check.evidence,
    )


def _check_components(rubric: Rubric, check_id: str) -> list[str]:
    for _, check in rubric.all_checks():
        if check.id == check_id:
            return list(dict.fromkeys(c.component for c in check.conditions))
    return []


def build_gate(target: int | None, target_from: str | None, level: int,
               items: list[ChecklistItem], hygiene: list[HygieneItem]) -> Gate:
    failures: list[str] = []
    gaps: list[str] = []
    reached = None
    if target is not None:
        reached = level >= target
        gaps = [i.id for i in items if i.level <= target and i.outcome != "pass"]
        if not reached:
            failures.append(f"level {level} is below the target level {target}: missing {', '.join(gaps)}")
    for h in hygiene:
        if h.severity == "blocker" and h.outcome == "fail":
            failures.append(f"{h.id}: {h.message}")
    return Gate(target_level=target, target_from=target_from, reached=reached, gaps=gaps,  # type: ignore[arg-type]
                passed=not failures, failures=failures)


def _target(option: int | None, publisher: LoadedPublisherFile | None) -> tuple[int | None, str | None]:
    if option is not None:
        return option, "option"
    if publisher is not None and publisher.data.target_level is not None:
        return publisher.data.target_level, FILENAME
    return None, None


def links_to_check(snapshot: Snapshot, publisher: LoadedPublisherFile | None) -> list[LinkToCheck]:
    from openness.probes.links import find_links

    links = [LinkToCheck(lk.url, "README.md", lk.line.number) for lk in find_links(snapshot.card_text)]
    if publisher is not None:
        links += [LinkToCheck(url, FILENAME, publisher.line_of(field)) for field, url in publisher.data.links()]
    return links


def dataset_roles(publisher: LoadedPublisherFile | None) -> list[DatasetRole]:
    """The role (pretraining, finetune, evaluation) of each dataset openness.yaml declares as training
    data, judged by the data probe the same way it judges a card's `datasets:`."""
    if publisher is None or publisher.data.training_data is None:
        return []
    from openness.knowledge import load_knowledge
    from openness.probes.data import dataset_mentions
    from openness.probes.links import hf_dataset

    ids = [hf_dataset(d) or d for d in publisher.data.training_data.datasets]
    probe_view = Snapshot(repo_id="local/declared", source="local", card_data={"datasets": ids})
    return [DatasetRole(m.dataset_id, m.role, m.reason) for m in dataset_mentions(probe_view, load_knowledge())]


def _assess_license(snapshot: Snapshot, notes: list[str]) -> LicenseResult | None:
    from openness.licenses.assess import assess_snapshot

    try:
        return assess_snapshot(snapshot)
    except Exception as exc:  # noqa: BLE001 - a license-engine bug must not hide the rest of the checklist
        notes.append(f"The license could not be assessed ({type(exc).__name__}: {exc}).")
        return None


def _uri_prefix(folder) -> str:
    """The release folder relative to the working directory, as a SARIF URI prefix: code scanning
    in CI runs from the repository root and resolves locations from there."""
    from pathlib import Path

    try:
        relative = Path(folder).resolve().relative_to(Path.cwd().resolve())
    except (ValueError, OSError):
        return ""
    return "" if str(relative) == "." else relative.as_posix() + "/"
