"""JSON: the report as its schema defines it (schemas/report.schema.json); every key present."""

from __future__ import annotations

import re

from openness.models import AuditReport

# JSON requires escaping only U+0000-U+001F; pydantic writes DEL and the C1 controls raw. U+009B is a
# one-character CSI that a terminal may act on when the report is printed, so escape them too: the
# text stays exactly what the card said, and `\u009b` is inert. (They can occur only inside strings.)
_RAW_CONTROLS = re.compile(r"[\x7f-\x9f]")


def render(report: AuditReport) -> str:
    text = report.model_dump_json(indent=2)
    return _RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
