"""lineage: is this model derived from another (fine-tune, adapter, merge, quantization), and which?

Read from the card's `base_model` / `base_model_relation` front matter, the Hub's `base_model:` tags,
and the file list (an adapter_config.json means an adapter; GGUF files only means a quantization).
"""

from __future__ import annotations

from openness.models import Lineage, Snapshot

RELATIONS = ("finetune", "adapter", "merge", "quantized")
_RELATION_ALIASES = {"fine-tune": "finetune", "fine_tune": "finetune", "quantization": "quantized", "merged": "merge"}


def _as_list(value) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [item.strip() for item in value if isinstance(item, str) and item.strip()]
    return []


def _relation(value) -> str | None:
    if not isinstance(value, str):
        return None
    value = _RELATION_ALIASES.get(value.strip().lower(), value.strip().lower())
    return value if value in RELATIONS else None


def _from_tags(tags: list[str]) -> tuple[list[str], str | None]:
    bases: list[str] = []
    relation = None
    for tag in tags:
        if not tag.lower().startswith("base_model:"):
            continue
        rest = tag.split(":", 1)[1]
        parts = rest.split(":", 1)
        if len(parts) == 2 and _relation(parts[0]):
            relation = relation or _relation(parts[0])
            bases.append(parts[1])
        else:
            bases.append(rest)
    return bases, relation


def _relation_from_files(snapshot: Snapshot) -> str | None:
    paths = [f.path.lower() for f in snapshot.files]
    if any(p.rsplit("/", 1)[-1] == "adapter_config.json" for p in paths):
        return "adapter"
    weights = [p for p in paths if p.endswith((".safetensors", ".bin", ".gguf", ".pt", ".pth", ".ggml"))]
    if weights and all(p.endswith((".gguf", ".ggml")) for p in weights):
        return "quantized"
    return None


def detect_lineage(snapshot: Snapshot) -> Lineage | None:
    """The model's base and how it derives from it, or None when nothing says it is derived."""
    card = snapshot.card_data if isinstance(snapshot.card_data, dict) else {}
    own = snapshot.repo_id.lower()
    candidates = _as_list(card.get("base_model")) + list(snapshot.base_models)
    tag_bases, tag_relation = _from_tags(snapshot.tags)
    candidates += tag_bases
    bases = []
    for base in candidates:
        if base.lower() != own and base.lower() not in (b.lower() for b in bases):
            bases.append(base)
    if not bases:
        from_files = _relation_from_files(snapshot)
        if from_files is None:
            return None
        # An adapter or a GGUF-only repo is derived even when its card does not say from what.
        return Lineage(base_model=None, relation=from_files, note="no base_model declared in the card or tags")
    relation = _relation(card.get("base_model_relation")) or tag_relation or _relation_from_files(snapshot)
    if relation is None and len(bases) > 1:
        relation = "merge"
    relation = relation or "finetune"
    note = f"also derived from: {', '.join(bases[1:])}" if len(bases) > 1 else ""
    return Lineage(base_model=bases[0], relation=relation, note=note)
