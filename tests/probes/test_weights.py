from __future__ import annotations

import pytest
from helpers import run, snap, strongest

from openness.models import RepoFile, Unavailable
from openness.probes.weights import weights_probe


def files(*paths: str, size: int = 1_000_000_000) -> list[RepoFile]:
    return [RepoFile(path=p, size=size, lfs=True) for p in paths]


@pytest.mark.parametrize(
    "repo_files, gated, expected",
    [
        (files("model.safetensors"), None, "open"),
        (files("model-00001-of-00003.safetensors", "model-00002-of-00003.safetensors"), None, "open"),
        (files("pytorch_model.bin"), "auto", "gated"),
        (files("original/consolidated.00.pth"), "manual", "gated"),
        (files("gguf/model-Q4_K_M.gguf"), None, "open"),
        (files("flax_model.msgpack"), None, "open"),
        (files("tf_model.h5"), None, "open"),
        (files("onnx/model.onnx"), None, "open"),
        (files("adapter_model.safetensors", "adapter_config.json"), None, "open"),
        (files("ckpt-0/tensor00000_000"), None, "open"),  # JAX shards without a suffix
        (files("README.md", "config.json", "training_args.bin", size=5_000), None, "closed"),
        (files("tokenizer.model", "LICENSE", size=2_000_000), None, "closed"),
        ([], None, "closed"),
    ],
)
def test_weight_files_decide_the_status(repo_files, gated, expected):
    findings = run(weights_probe, snap(card_text=None, files=repo_files, gated=gated))
    assert strongest(findings, "weights") == expected
    assert all(f.evidence and f.evidence[0].origin == "hub" for f in findings)


def test_file_list_that_could_not_be_read_is_unknown_not_closed():
    snapshot = snap(files=[], unavailable=[Unavailable(what="file list", reason="error", detail="HTTP 500")])
    findings = run(weights_probe, snapshot)
    assert [f.status for f in findings] == ["unknown"]
    assert "HTTP 500" in findings[0].reason


def test_registry_snapshot_without_files_is_unknown():
    findings = run(weights_probe, snap(files=[], source="registry"))
    assert findings[0].status == "unknown"


def test_gated_reason_names_the_gate_and_counts_files():
    findings = run(weights_probe, snap(files=files("a.safetensors", "b.safetensors"), gated="manual"))
    assert findings[0].status == "gated"
    assert "2 weight file(s)" in findings[0].reason and "manual" in findings[0].reason
