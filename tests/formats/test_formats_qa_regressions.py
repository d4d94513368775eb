"""Regressions found by reading the audit output as users do."""

from __future__ import annotations

import pytest

from openness.audit import audit
from openness.formats import render_audit


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_lineage_reads_derived_from_the_base(fake_hub, fmt):
    # The lineage line read "quantized of meta-llama/Meta-Llama-3-70B".
    report = audit("quantfolk/Meta-Llama-3-70B-GGUF", endpoint=fake_hub.url, use_registry=False, timeout=5)
    text = render_audit(report, fmt, color=False, width=120)
    assert "quantized of" not in text
    assert "erived from meta-llama/Meta-Llama-3-70B (quantized)" in text
