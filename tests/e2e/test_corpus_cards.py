"""The real model cards of the shared corpus, audited end to end with automatic evidence only.

At test time (nothing of the corpus is copied into the project), each of the corpus folders that
hold an exact Hugging Face card with front matter becomes a fake Hub repo in a tmp dir:
info.json made from the front matter (license:/arxiv:/dataset: tags, gating from extra_gated_*
fields), one weights file, and the folder's license-like files as repo files. The fake Hub serves
that root; each model is audited with use_registry=False and its level compared with the acceptable
range of shared/reference/models.md §2. The per-model table is printed; the test asserts that at
least MIN_IN_RANGE models land inside their range.

Skipped when ../shared (relative to the repository root) is absent.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from fakehub import FakeHub

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT.parent / "shared"
CARDS = SHARED / "corpus" / "cards"
MODELS_MD = SHARED / "reference" / "models.md"

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not (CARDS / "INDEX.md").is_file() or not MODELS_MD.is_file(), reason="../shared corpus absent"),
]

# Lower bound on the number of corpus models whose automatic level falls inside the acceptable range.
# Raise it as the probes improve; the measured figure is printed with the table.
MIN_IN_RANGE = 20

# Files of a corpus folder that are copies of the HF repo's own license files. GITHUB_* files come
# from a GitHub repository, dated names are historical versions, README.sibling-* are other models.
_LICENSE_FILE = re.compile(r"^(LICENSE|MODEL_LICENSE|USE_POLICY|NOTICE)([.-](txt|md|MODEL|CODE))?$")
_DATED = re.compile(r"\d{4}-\d{2}-\d{2}")
_ARXIV = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})", re.IGNORECASE)


# ------------------------------------------------------------------------------------------------
# Reading the shared reference


def exact_card_folders(index_md: Path) -> list[str]:
    """Folders whose README.md is an exact HF card with YAML front matter (INDEX.md column 2)."""
    folders = []
    for line in index_md.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and cells[1] == "yes" and "__" in cells[0]:
            folders.append(cells[0])
    return folders


def acceptable_ranges(models_md: Path) -> dict[str, tuple[int, int]]:
    """repo id -> (low, high) from the facts table of models.md §2, found by its header names."""
    ranges: dict[str, tuple[int, int]] = {}
    header: list[str] | None = None
    in_section = False
    for line in models_md.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            in_section = line.startswith("## 2")
            header = None
            continue
        if not in_section or not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = [c.lower() for c in cells]
            continue
        if set(line) <= set("|-: "):
            continue
        row = dict(zip(header, cells))
        repo = row.get("hf repo id", "").strip("`")
        match = re.fullmatch(r"(\d)\s*-\s*(\d)", row.get("acceptable range", ""))
        if repo and match:
            ranges[repo] = (int(match.group(1)), int(match.group(2)))
    return ranges


def _front_matter(text: str) -> dict[str, Any] | None:
    if not text.startswith("---"):
        return None
    end = text.find("\n---", 3)
    if end < 0:
        return None
    try:
        data = yaml.safe_load(text[3:end])
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


def _repo_file_name(name: str) -> str | None:
    """The name a corpus file has in the HF repo, or None when it is not one of its license files."""
    if name.startswith(("GITHUB_", "README", "SOURCE")) or _DATED.search(name):
        return None
    if _LICENSE_FILE.match(name):
        return name
    if name.startswith("LICENSE."):  # e.g. LICENSE.<which>-from-<where>: the repo's LICENSE
        return "LICENSE"
    return None


# ------------------------------------------------------------------------------------------------
# Building the fake Hub root


def build_repo(folder: Path, root: Path) -> str:
    """One fake Hub repo from one corpus folder; returns its repo id."""
    org, name = folder.name.split("__", 1)
    repo_id = f"{org}/{name}"
    target = root / folder.name
    (target / "files").mkdir(parents=True)

    readme = (folder / "README.md").read_text(encoding="utf-8")
    shutil.copyfile(folder / "README.md", target / "files" / "README.md")
    for file in sorted(folder.iterdir()):
        repo_name = _repo_file_name(file.name) if file.is_file() else None
        if repo_name and not (target / "files" / repo_name).exists():
            shutil.copyfile(file, target / "files" / repo_name)

    card = _front_matter(readme) or {}
    tags: list[str] = ["transformers", "safetensors"]
    if isinstance(card.get("pipeline_tag"), str):
        tags.append(card["pipeline_tag"])
    tags += [t for t in card.get("tags") or [] if isinstance(t, str)]
    datasets = card.get("datasets") or []
    tags += [f"dataset:{d}" for d in ([datasets] if isinstance(datasets, str) else datasets) if isinstance(d, str)]
    tags += [f"arxiv:{a}" for a in dict.fromkeys(_ARXIV.findall(readme))]
    if isinstance(card.get("license"), str):
        tags.append(f"license:{card['license']}")
    tags.append("region:us")

    gated: str | bool = "auto" if any(k.startswith("extra_gated_") for k in card) else False
    sha = hashlib.sha1(f"corpus:{repo_id}".encode()).hexdigest()
    info = {
        "id": repo_id,
        "sha": sha,
        "gated": gated,
        "private": False,
        "disabled": False,
        "tags": list(dict.fromkeys(tags)),
        "cardData": json.loads(json.dumps(card, default=str)),
        "pipeline_tag": card.get("pipeline_tag") if isinstance(card.get("pipeline_tag"), str) else "text-generation",
        "library_name": "transformers",
        "createdAt": "2024-01-01T00:00:00.000Z",
        "lastModified": "2024-06-01T00:00:00.000Z",
    }
    (target / "info.json").write_text(json.dumps(info, indent=2), encoding="utf-8")
    meta = {"sha": sha, "gated": gated, "weight_stubs": {"model-00001-of-00002.safetensors": 4_900_000_000,
                                                        "model-00002-of-00002.safetensors": 2_100_000_000}}
    (target / "meta.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    return repo_id


@pytest.fixture(scope="module")
def corpus_hub(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("corpus_hub")
    repo_ids = [build_repo(CARDS / name, root) for name in exact_card_folders(CARDS / "INDEX.md")]
    with FakeHub(root) as hub:
        yield hub, repo_ids


# ------------------------------------------------------------------------------------------------
# Tests


def test_reference_tables_parse() -> None:
    folders = exact_card_folders(CARDS / "INDEX.md")
    ranges = acceptable_ranges(MODELS_MD)
    assert len(folders) == 25
    assert len(ranges) == 35
    assert ranges["allenai/OLMo-7B"] == (5, 5)
    assert ranges["meta-llama/Llama-2-7b-hf"] == (1, 2)
    missing = [f for f in folders if f.replace("__", "/", 1) not in ranges]
    assert not missing, f"corpus folders with no acceptable range in models.md: {missing}"


def test_corpus_repos_look_like_their_cards(corpus_hub) -> None:
    """The built repos carry what the cards say: license tags, gating, license files behind gates."""
    hub, repo_ids = corpus_hub
    root = hub.root
    info = {rid: json.loads((root / rid.replace("/", "__", 1) / "info.json").read_text()) for rid in repo_ids}
    assert "license:apache-2.0" in info["allenai/OLMo-7B"]["tags"]
    assert "dataset:allenai/dolma" in info["allenai/OLMo-7B"]["tags"]
    assert info["meta-llama/Llama-2-7b-hf"]["gated"] == "auto"
    assert not any(t.startswith("license:") for t in info["meta-llama/Llama-2-7b-hf"]["tags"])
    assert (root / "meta-llama__Llama-2-7b-hf" / "files" / "LICENSE").is_file()
    assert (root / "deepseek-ai__deepseek-llm-67b-base" / "files" / "LICENSE-MODEL").is_file()
    assert not list(root.glob("*/files/GITHUB_*"))


@dataclass
class Row:
    repo_id: str
    low: int
    high: int
    level: int | None
    detail: str

    @property
    def inside(self) -> bool:
        return self.level is not None and self.low <= self.level <= self.high


def test_corpus_levels_within_acceptable_ranges(corpus_hub, capsys: pytest.CaptureFixture[str]) -> None:
    audit_module = pytest.importorskip("openness.audit", reason="openness.audit is not there yet")
    hub, repo_ids = corpus_hub
    ranges = acceptable_ranges(MODELS_MD)

    rows: list[Row] = []
    for repo_id in repo_ids:
        low, high = ranges[repo_id]
        try:
            report = audit_module.audit(repo_id, endpoint=hub.url, use_registry=False)
        except Exception as exc:  # an exception is a wrong answer for this model, not a test crash
            rows.append(Row(repo_id, low, high, None, f"error: {type(exc).__name__}: {exc}"[:120]))
            continue
        blocked = ", ".join(f"{b.check}={b.outcome}" for b in report.level.blocked_by)
        rows.append(Row(repo_id, low, high, report.level.value, f"license={report.license.key}; blocked: {blocked}"))

    inside = sum(r.inside for r in rows)
    table = [f"{'model':55} {'level':>5} {'range':>5}  ok  detail"]
    for r in rows:
        level = "-" if r.level is None else str(r.level)
        table.append(f"{r.repo_id:55} {level:>5} {r.low}-{r.high:<3}  {'yes' if r.inside else 'NO ':3} {r.detail}")
    table.append(f"inside the acceptable range: {inside}/{len(rows)} (required: {MIN_IN_RANGE})")
    text = "\n".join(table)
    with capsys.disabled():
        print("\n" + text)
    assert inside >= MIN_IN_RANGE, text
