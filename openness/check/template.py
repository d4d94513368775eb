"""The commented openness.yaml that `openness init` writes: links found in the card filled in, the
rest as commented placeholders. Pure: a snapshot in, YAML text out (validated before it is written)."""

from __future__ import annotations

import json
import re

from openness.models import Snapshot

_PIPELINE_WORDS = re.compile(r"pipeline|data[- ]processing|dedup|filtering|crawl|cleaning", re.IGNORECASE)


def _q(value: str) -> str:
    # A JSON string is a valid YAML scalar, whatever a card's URL contains.
    return json.dumps(value, ensure_ascii=False)


def found_in_card(snapshot: Snapshot) -> dict[str, object]:
    """What the card already links: report URL, training code URL, pretraining dataset ids, pipeline URL."""
    from openness.knowledge import load_knowledge
    from openness.probes.code import repo_verdicts
    from openness.probes.data import dataset_mentions
    from openness.probes.links import find_links

    knowledge = load_knowledge()
    links = find_links(snapshot.card_text)
    found: dict[str, object] = {}
    report = next((lk for lk in links if lk.kind in ("arxiv", "hf_paper", "pdf")), None)
    if report is not None:
        found["technical_report"] = report.url
    training = [v for v in repo_verdicts(snapshot, knowledge) if v.status == "released"]
    if training:
        found["training_code"] = training[0].link.url
    pipelines = [
        lk for lk in links
        if lk.kind == "code_repo" and lk.target and (
            (knowledge.code_repo(lk.target) and knowledge.code_repo(lk.target).data_pipeline == "full")
            or _PIPELINE_WORDS.search(lk.context)
        )
    ]
    if pipelines:
        found["data_pipeline"] = pipelines[0].url
    pretraining = [m.dataset_id for m in dataset_mentions(snapshot, knowledge) if m.role == "pretraining"]
    if pretraining:
        found["training_data"] = pretraining
    return found


def render_template(snapshot: Snapshot, found: dict[str, object], level_now: int | None = None) -> str:
    repo = snapshot.repo_id if not snapshot.repo_id.startswith("local/") else None
    out = [
        "# openness.yaml: where each part of this release lives, for `openness check` and `openness audit`.",
        "# Everything here is shown as *declared by the publisher* (not verified). Schema:",
        "# schemas/openness-yaml.schema.json. Delete what does not apply; uncomment what does.",
        "",
        "# The level this release means to reach (0-5); `openness check` fails below it.",
    ]
    if level_now is not None:
        out.append(f"# From what the folder shows today, it reaches level {level_now}.")
    out.append("# target_level: 3")
    out.append("")
    out.append("# The Hub repository this folder will be published as.")
    out.append(f"repo_id: {_q(repo)}" if repo else "# repo_id: your-org/your-model")
    out.append("")
    out.append("# Level 2: a technical report that details the training process (level 3 if it gives every")
    out.append("# detail, down to the data-mixture ratio of each source).")
    if "technical_report" in found:
        out += ["technical_report:", f"  url: {_q(str(found['technical_report']))}  # found in the card",
                "  covers_training: false  # true if it describes stages, token counts, hyper-parameters, hardware",
                "  covers_data_mixture: false  # true if it gives the data-mixture ratio of every source"]
    else:
        out += ["# technical_report:", "#   url: https://arxiv.org/abs/XXXX.XXXXX", "#   covers_training: true",
                "#   covers_data_mixture: false"]
    out.append("")
    out.append("# Level 3: the code and configuration that trained this model (not inference or fine-tuning code).")
    if "training_code" in found:
        out.append(f"training_code: {_q(str(found['training_code']))}  # found in the card")
    else:
        out.append("# training_code: https://github.com/your-org/your-training-code")
    out.append("")
    out.append("# Level 4: the full pretraining data, as Hub dataset ids or URLs (fine-tuning data does not count).")
    if "training_data" in found:
        out += ["training_data:", "  datasets:  # found in the card: keep only pretraining corpora"]
        out += [f"    - {_q(d)}" for d in found["training_data"]]  # type: ignore[union-attr]
        out.append("  complete: true  # false if only an extract or some sources are released")
    else:
        out += ["# training_data:", "#   datasets:", "#     - your-org/your-pretraining-corpus", "#   complete: true"]
    out.append("")
    out.append("# Level 5: the pipeline from raw sources (crawls, PDFs, code archives) to the training data.")
    if "data_pipeline" in found:
        out.append(f"data_pipeline: {_q(str(found['data_pipeline']))}  # found in the card")
    else:
        out.append("# data_pipeline: https://github.com/your-org/your-data-pipeline")
    out.append("")
    out.append("# What you deliberately do not release, and why (shown to readers instead of a bare 'missing').")
    out.append("# withheld:")
    out.append("#   training_data: third-party licensed corpora we may not redistribute")
    return "\n".join(out) + "\n"
