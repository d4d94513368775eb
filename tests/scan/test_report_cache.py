"""Reused reports: a derivative's cached verdict is reused only while its base is unchanged."""

from __future__ import annotations

from datetime import datetime, timezone

from openness.cache import Cache
from openness.models import AuditReport, LevelResult, Lineage, RubricRef, Snapshot, Subject, ToolInfo
from openness.scan import ScanRequest, _ReportCache

SHA_A, SHA_B, SHA_C = "a" * 40, "b" * 40, "c" * 40


def _snap(repo_id: str, sha: str, bases: list[str] | None = None, tags: list[str] | None = None) -> Snapshot:
    return Snapshot(repo_id=repo_id, revision=sha, source="hub", base_models=bases or [], tags=tags or [])


def _report(repo_id: str, level: int, base: str | None = None) -> AuditReport:
    return AuditReport(
        tool=ToolInfo(version="test"),
        generated_at=datetime.now(timezone.utc),
        subject=Subject(repo_id=repo_id, source="hub"),
        rubric=RubricRef(id="ladder", version="1.0"),
        level=LevelResult(value=level, name="x"),
        lineage=Lineage(base_model=base, relation="finetune", base_level=level) if base else None,
    )


def _cache(tmp_path, listed: list[Snapshot]) -> _ReportCache:
    return _ReportCache(Cache(tmp_path), ScanRequest(author="org"), {s.repo_id.lower(): s for s in listed})


def test_a_derivative_is_reused_while_its_listed_base_is_unchanged(tmp_path):
    base, child = _snap("org/base", SHA_A), _snap("org/child", SHA_B, ["org/base"])
    first = _cache(tmp_path, [base, child])
    first.put(child, child, _report("org/child", 2, base="org/base"))
    assert _cache(tmp_path, [base, child]).get(child).level.value == 2

    changed_base = _snap("org/base", SHA_C)  # the base moved to a new commit
    assert _cache(tmp_path, [changed_base, child]).get(child) is None


def test_a_derivative_whose_base_is_not_listed_is_never_cached(tmp_path):
    child = _snap("org/child", SHA_B, ["other/base"])
    cache = _cache(tmp_path, [child])
    cache.put(child, child, _report("org/child", 1, base="other/base"))
    assert cache.get(child) is None


def test_listed_metadata_change_without_a_commit_is_a_miss(tmp_path):
    model = _snap("org/model", SHA_A, tags=["license:mit"])
    cache = _cache(tmp_path, [model])
    cache.put(model, model, _report("org/model", 1))
    assert cache.get(model) is not None
    regated = _snap("org/model", SHA_A, tags=["license:mit", "gated"])
    assert _cache(tmp_path, [regated]).get(regated) is None
