"""Small helpers every probe shares: evidence pointing at the card or the Hub, and 'can we read the
card at all?'."""

from __future__ import annotations

from openness.models import Evidence, Finding, Snapshot
from openness.probes.cardtext import CardLine

README = "README.md"


def card_origin(snapshot: Snapshot) -> str:
    return "local" if snapshot.source == "local" else "card"


def meta_origin(snapshot: Snapshot) -> str:
    """Origin of repository metadata (file list, gating, tags, front matter as the API returns it)."""
    return "local" if snapshot.source == "local" else "hub"


def line_evidence(snapshot: Snapshot, line: CardLine | int, excerpt: str, note: str = "") -> Evidence:
    number = line if isinstance(line, int) else line.number
    return Evidence(
        locator=snapshot.file_locator(README, number),
        excerpt=excerpt.strip()[:240],
        origin=card_origin(snapshot),  # type: ignore[arg-type]
        retrieved_at=snapshot.retrieved_at,
        note=note,
    )


def readme_evidence(snapshot: Snapshot, excerpt: str = "", note: str = "") -> Evidence:
    """The card as a whole: for 'checked and found nothing'."""
    return Evidence(
        locator=snapshot.file_locator(README),
        excerpt=excerpt,
        origin=card_origin(snapshot),  # type: ignore[arg-type]
        retrieved_at=snapshot.retrieved_at,
        note=note,
    )


def metadata_evidence(snapshot: Snapshot, what: str, excerpt: str, note: str = "") -> Evidence:
    if snapshot.source == "local":
        locator = what
    else:
        base = (snapshot.endpoint or "https://huggingface.co").rstrip("/")
        locator = f"{base}/api/models/{snapshot.repo_id}"
        if snapshot.revision:
            locator += f"/revision/{snapshot.revision}"
    return Evidence(
        locator=locator,
        excerpt=excerpt[:240],
        origin=meta_origin(snapshot),  # type: ignore[arg-type]
        retrieved_at=snapshot.retrieved_at,
        note=note or what,
    )


def card_problem(snapshot: Snapshot) -> tuple[str, bool] | None:
    """Why the card cannot be read, and whether that means 'checked: there is no card' (True) or
    'could not check' (False). None when the card text is there."""
    if snapshot.card_text is not None:
        return None
    for item in snapshot.unavailable:
        if any(word in item.what.lower() for word in ("readme", "card")):
            detail = f": {item.detail}" if item.detail else ""
            if item.reason == "missing":
                return f"the repository has no model card (README.md){detail}", True
            return f"README.md could not be read ({item.reason}{detail})", False
    if snapshot.files and not any(f.path.lower() == "readme.md" for f in snapshot.files):
        return "the repository has no model card (README.md)", True
    return "README.md is not available", False


def no_card_finding(
    snapshot: Snapshot, probe_id: str, component: str, weakest: str
) -> Finding | None:
    """The finding to return when the card is missing or unreadable, else None."""
    problem = card_problem(snapshot)
    if problem is None:
        return None
    reason, checked = problem
    return Finding(
        probe=probe_id,
        component=component,
        status=weakest if checked else "unknown",
        reason=reason if not checked else f"{reason}, so nothing documents it",
        evidence=[readme_evidence(snapshot, note=reason)],
        confidence="medium" if checked else "low",
    )
