"""JSON: the report as its schema defines it (schemas/report.schema.json); every key present."""

from __future__ import annotations

from openness.models import AuditReport


def render(report: AuditReport) -> str:
    return report.model_dump_json(indent=2) + "\n"
