"""Seeded generator of varied, often malformed model cards for the robustness run.

Random mixes of front-matter shapes, sections, links, tables, unicode and huge lines. Every sentence
is made up here from small vocabularies (no corpus text).
"""

from __future__ import annotations

import random

_LICENSES = ["mit", "apache-2.0", "llama3", "other", "cc-by-nc-4.0", "gemma", "openrail", "", "MIT License", "🙂", "a|b"]
_HEADINGS = [
    "Training", "Training Data", "Training procedure", "Evaluation", "License", "Citation", "Model Details",
    "Uses", "Limitations", "Data pipeline", "Technical report", "How to use", "参考", "التدريب", "",
]
_WORDS = [
    "we", "release", "the", "weights", "training", "code", "data", "pipeline", "report", "paper", "model",
    "dataset", "filtered", "deduplicated", "tokens", "trillion", "commercial", "use", "monthly", "active", "users",
    "million", "license", "not", "may", "must", "you", "fine-tuned", "from", "base", "evaluation", "benchmark",
]
_LINKS = [
    "https://github.com/{o}/{n}", "https://arxiv.org/abs/2{d:03d}.{d:05d}", "https://huggingface.co/datasets/{o}/{n}",
    "https://huggingface.co/{o}/{n}", "http://example.invalid/{n}", "https://github.com/{o}", "javascript:alert({d})",
    "https://arxiv.org/pdf/{d}", "hf://{o}/{n}", "https://github.com/{o}/{n}/tree/main/train.py", "[broken](",
]
_ODD = [
    "\u202eevil\u202c", "\u200b\u200d", "e\u0301\u0301\u0301", "🦙" * 30, "\x1b[31m", "\x00", "\ufeff", "\r", "\t",
    "<script>alert(1)</script>", "| | |", "`", "```", "~~~", "---", "***", "&amp;", "\\", "%s%n", "{{x}}",
]


def _id(rng: random.Random) -> tuple[str, str]:
    org = rng.choice(["acme", "x", "Org-1", "a.b", "evil", "ORG", "o" * 40, "../..", "we ird"])
    name = rng.choice(["m", "model-7b", "data_v2", "n" * 90, "..", "x.y", "日本"])
    return org, name


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(1, 25))]
    if rng.random() < 0.3:
        o, n = _id(rng)
        words.insert(rng.randrange(len(words) + 1), rng.choice(_LINKS).format(o=o, n=n, d=rng.randint(0, 99999)))
    if rng.random() < 0.15:
        words.insert(rng.randrange(len(words) + 1), rng.choice(_ODD))
    if rng.random() < 0.1:
        words.append(f"{rng.randint(1, 10**12):,}")
    return " ".join(words).capitalize() + rng.choice([".", "", "!", ":", " |"])


def _front_matter(rng: random.Random) -> str:
    shape = rng.choice(["none", "mapping", "mapping", "mapping", "list", "scalar", "broken", "unclosed", "alias", "empty", "bom"])
    if shape == "none":
        return ""
    if shape == "empty":
        return "---\n---\n"
    if shape == "unclosed":
        return "---\nlicense: mit\n"
    if shape == "list":
        return "---\n- license: mit\n- a\n---\n"
    if shape == "scalar":
        return f"---\n{rng.choice(['42', 'just text', 'null', '~', '[]'])}\n---\n"
    if shape == "broken":
        return "---\nlicense: [mit\n  bad: : :\n---\n"
    if shape == "alias":
        return "---\na: &a [x, y]\nb: [*a, *a, *a]\nlicense: *a\ndatasets: *a\n---\n"
    lines = []
    if rng.random() < 0.8:
        lines.append(f"license: {rng.choice(_LICENSES)!r}" if rng.random() < 0.5 else f"license: {rng.choice(_LICENSES) or 'null'}")
    if rng.random() < 0.3:
        lines.append(f"license_name: {rng.choice(['llama3', 'custom', 'qwen', '<b>x</b>', ''])!r}")
    if rng.random() < 0.3:
        lines.append(f"license_link: {rng.choice(['LICENSE', 'https://example.invalid/l', './LICENSE.md', '../../x', ''])!r}")
    if rng.random() < 0.5:
        ids = ["/".join(_id(rng)) for _ in range(rng.randint(0, 4))]
        lines.append("datasets:" + ("".join(f"\n- {i!r}" for i in ids) if ids else " []"))
    if rng.random() < 0.4:
        value = rng.choice(["/".join(_id(rng)), "", "[a/b, c/d]", "{x: 1}", "12"])
        lines.append(f"base_model: {value!r}" if "/" in value and "[" not in value else f"base_model: {value}")
    if rng.random() < 0.3:
        lines.append(f"base_model_relation: {rng.choice(['finetune', 'adapter', 'merge', 'quantized', 'bogus', 3])}")
    if rng.random() < 0.3:
        lines.append("tags:\n- " + "\n- ".join(rng.choice(["arxiv:2401.00001", "base_model:a/b", "license:mit", "x" * 300]) for _ in range(3)))
    if rng.random() < 0.2:
        lines.append("model-index:\n- name: x\n  results:\n  - task: {type: text-generation}\n    metrics: [{type: acc, value: 0.5}]")
    if rng.random() < 0.1:
        lines.append("date: 2024-01-01\nnan: .nan\n1: 2\n? [a]\n: b")
    return "---\n" + "\n".join(lines) + "\n---\n"


def _table(rng: random.Random) -> str:
    cols = rng.randint(1, 6)
    rows = [" | ".join(rng.choice(_WORDS + _ODD) for _ in range(cols)) for _ in range(rng.randint(0, 8))]
    return "| " + " | ".join("h" for _ in range(cols)) + " |\n|" + "---|" * cols + "\n" + "\n".join(f"| {r} |" for r in rows) + "\n"


def make_card(rng: random.Random) -> str:
    parts = [_front_matter(rng)]
    for _ in range(rng.randint(0, 8)):
        roll = rng.random()
        if roll < 0.4:
            parts.append("#" * rng.randint(1, 7) + " " + rng.choice(_HEADINGS) + "\n")
        elif roll < 0.75:
            parts.append(" ".join(_sentence(rng) for _ in range(rng.randint(1, 6))) + "\n")
        elif roll < 0.85:
            parts.append(_table(rng))
        elif roll < 0.92:
            parts.append("```\n" + _sentence(rng) + "\ngit clone https://github.com/a/b\n" + ("```\n" if rng.random() < 0.7 else ""))
        elif roll < 0.97:
            parts.append("<h2>" + rng.choice(_HEADINGS) + "</h2>\n<a href='https://github.com/x/y'>code</a>\n")
        else:
            # a huge line: tens of KB without a newline
            parts.append((_sentence(rng) + " ") * rng.randint(500, 3000) + "\n")
    return "\n".join(parts)


def make_license(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.2:
        return ""
    if kind < 0.3:
        return "".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(1, 500)))
    return "\n".join(_sentence(rng) for _ in range(rng.randint(1, 40)))
