"""weights: can the weights be downloaded? Decided from the repository's file list and gating."""

from __future__ import annotations

import re

from openness.models import Finding, RepoFile, Snapshot
from openness.probes import probe
from openness.probes.common import metadata_evidence

PROBE_ID = "weights.files"
COMPONENT = "weights"

WEIGHT_SUFFIXES = (
    ".safetensors", ".bin", ".pt", ".pth", ".gguf", ".ggml", ".ckpt", ".h5", ".msgpack", ".onnx",
    ".onnx_data", ".npz", ".pdparams", ".mlmodel", ".tflite", ".keras",
)
# Files with a weight-like suffix that hold no model weights (trainer state, tokenizers...).
_NOT_WEIGHTS = re.compile(
    r"(^|/)(training_args|optimizer|scheduler|rng_state[^/]*|trainer_state|tokenizer|vocab|"
    r"sentencepiece|spiece)[^/]*$",
    re.IGNORECASE,
)
# Checkpoints saved without a suffix (e.g. JAX tensor shards `ckpt-0/tensor00012_000`), recognised
# by a checkpoint-like name and a size no config file has.
_BARE_CHECKPOINT = re.compile(r"(^|/)(ckpt|checkpoint|tensor|shard|weights?)[\w.-]*$", re.IGNORECASE)
_BARE_MIN_BYTES = 50_000_000


def weight_files(files: list[RepoFile]) -> list[RepoFile]:
    """The files that hold model weights, in the order listed."""
    found = []
    for item in files:
        path = item.path
        if _NOT_WEIGHTS.search(path):
            continue
        if path.lower().endswith(WEIGHT_SUFFIXES):
            found.append(item)
        elif _BARE_CHECKPOINT.search(path) and (item.size or 0) >= _BARE_MIN_BYTES:
            found.append(item)
    return found


def _files_unreadable(snapshot: Snapshot) -> str | None:
    for item in snapshot.unavailable:
        what = item.what.lower()
        if any(word in what for word in ("file", "tree", "sibling", "listing")):
            return f"the file list could not be read ({item.reason}{': ' + item.detail if item.detail else ''})"
    if snapshot.source == "registry":
        return "no file list: the snapshot comes from the registry, not the repository"
    return None


def _summary(files: list[RepoFile]) -> str:
    names = ", ".join(item.path for item in files[:3])
    more = f" and {len(files) - 3} more" if len(files) > 3 else ""
    return f"{names}{more}"


@probe(PROBE_ID, COMPONENT)
def weights_probe(snapshot: Snapshot, knowledge=None) -> list[Finding]:
    found = weight_files(snapshot.files)
    if snapshot.disabled:
        return [
            Finding(
                probe=PROBE_ID, component=COMPONENT, status="closed",
                reason="the repository is disabled: nothing can be downloaded",
                evidence=[metadata_evidence(snapshot, "disabled", "disabled: true")],
                confidence="high",
            )
        ]
    if not found:
        unreadable = _files_unreadable(snapshot)
        if unreadable and not snapshot.files:
            return [
                Finding(
                    probe=PROBE_ID, component=COMPONENT, status="unknown", reason=unreadable,
                    evidence=[metadata_evidence(snapshot, "files", "", note=unreadable)], confidence="low",
                )
            ]
        listed = f"{len(snapshot.files)} files listed" if snapshot.files else "the repository lists no files"
        return [
            Finding(
                probe=PROBE_ID, component=COMPONENT, status="closed",
                reason=f"no weight file in the repository ({listed})",
                evidence=[metadata_evidence(snapshot, "files", _summary(snapshot.files))],
                confidence="medium",
            )
        ]
    evidence = [metadata_evidence(snapshot, "files", _summary(found), note=f"{len(found)} weight file(s)")]
    if snapshot.gated:
        evidence.append(metadata_evidence(snapshot, "gated", f"gated: {snapshot.gated}"))
        return [
            Finding(
                probe=PROBE_ID, component=COMPONENT, status="gated",
                reason=f"{len(found)} weight file(s), downloadable after accepting the repository's "
                f"access conditions (gated: {snapshot.gated})",
                evidence=evidence, confidence="high",
            )
        ]
    return [
        Finding(
            probe=PROBE_ID, component=COMPONENT, status="open",
            reason=f"{len(found)} weight file(s) downloadable without a gate ({_summary(found)})",
            evidence=evidence, confidence="high",
        )
    ]
