"""Property-based tests: no input crashes the card parser, the clause extractor, the license
identifier, the probes or the registry loader; they return results or raise only our documented
errors. (tests/test_card.py fuzzes parse_card with raw text; here the inputs are shaped like what
each component really meets, so the generator reaches deeper code.)
"""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openness.card import parse_card
from openness.models import RepoFile, Snapshot

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Text that exercises escaping, unicode and line handling, without being all noise.
_WORDS = st.sampled_from(
    ["license", "Llama", "users", "700", "million", "monthly", "active", "commercial", "you", "may", "not", "use",
     "outputs", "to", "train", "models", "governed", "by", "laws", "of", "California", "Built", "with", "---", "|",
     "<script>", "\u202e", "\x1b[2J", "🦙", "\t", "\r\n", "\n\n", "1,000", "10^9", "%", "§", "ß", "İ"]
)
_TEXTISH = st.one_of(st.lists(_WORDS, max_size=60).map(" ".join), st.text(max_size=300))

_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
    st.dates(), st.binary(max_size=10),
)
_YAML_DATA = st.recursive(
    _SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)), max_leaves=20
)
# Strings YAML round-trips exactly: PyYAML itself folds a raw NEL or line/paragraph separator into a
# space when it reads back what it dumped, which says nothing about our parser.
_PLAIN = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x85\u2028\u2029"), max_size=20)
_JSONISH_MAPPING = st.dictionaries(
    st.text(alphabet=string.ascii_letters + "_-", min_size=1, max_size=12),
    st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), _PLAIN),
        lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(string.ascii_letters, min_size=1, max_size=8), inner, max_size=3)),
        max_leaves=10,
    ),
    max_size=6,
)


# --------------------------------------------------------------------------------------------
# The card parser


@SETTINGS
@given(data=_YAML_DATA, body=_TEXTISH)
def test_parse_card_takes_any_yaml_document_as_front_matter(data, body) -> None:
    try:
        front = yaml.safe_dump(data, allow_unicode=True)
    except yaml.YAMLError:
        return
    parsed = parse_card(f"---\n{front}---\n{body}")
    assert isinstance(parsed.metadata, dict)
    json.dumps(parsed.metadata)  # the metadata goes into the JSON report as it is
    if isinstance(data, dict) and data:
        assert parsed.errors == [] and parsed.metadata
    elif data is not None and not isinstance(data, dict):
        assert parsed.metadata == {} and parsed.errors  # a list or scalar is reported, not used


@SETTINGS
@given(meta=_JSONISH_MAPPING, body=_TEXTISH)
def test_a_dumped_mapping_comes_back_as_it_was(meta, body) -> None:
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body
    parsed = parse_card(text)
    assert parsed.metadata == (meta or {})
    assert parsed.errors == []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    assert "\n".join(lines[parsed.body_start_line - 1 :]) == parsed.body


@SETTINGS
@given(st.lists(st.one_of(_TEXTISH, st.sampled_from(["---", "...", "- a", "a: b", "&x [1]", "*x", "? a", "!!binary x"])), max_size=30))
def test_parse_card_never_raises_on_card_shaped_lines(lines) -> None:
    parsed = parse_card("\n".join(["---", *lines]))
    assert isinstance(parsed.metadata, dict) and isinstance(parsed.body, str)
    assert all(isinstance(e, str) and "\n" not in e for e in parsed.errors)


# --------------------------------------------------------------------------------------------
# License clauses and identification


@SETTINGS
@given(_TEXTISH)
def test_extract_clauses_never_raises_and_points_inside_the_text(text) -> None:
    from openness.licenses.clauses import extract_clauses

    lines = len(text.splitlines()) or 1
    for clause in extract_clauses(text):
        assert 1 <= clause.line_start <= clause.line_end <= max(lines, clause.line_start)
        assert clause.line_end <= lines + 1, (clause, lines)


@SETTINGS
@given(_TEXTISH)
def test_identify_never_raises_and_confidence_is_bounded(text) -> None:
    from openness.licenses.identify import identify

    result = identify(text)
    assert 0.0 <= result.confidence <= 1.0
    assert (result.key is None) == (result.method == "none")


def _corpus_license_texts() -> list[str]:
    from reliability_support import CORPUS_CARDS

    if not CORPUS_CARDS.is_dir():
        return []
    return sorted(
        p.read_text(encoding="utf-8", errors="replace")
        for p in CORPUS_CARDS.glob("*/*")
        if p.is_file() and "licen" in p.name.lower()
    )[:40]


@pytest.mark.corpus
@settings(max_examples=40, deadline=None)
@given(st.data())
def test_identify_and_clauses_survive_edits_of_real_license_texts(data) -> None:
    """A real license text cut, spliced and garbled at random: still an answer, never a crash."""
    from openness.licenses.clauses import extract_clauses
    from openness.licenses.identify import identify

    texts = _corpus_license_texts()
    if not texts:
        pytest.skip("../shared/corpus/cards is not present")
    text = data.draw(st.sampled_from(texts))
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    edited = text[:start] + data.draw(_TEXTISH) + text[end:]
    assert 0.0 <= identify(edited).confidence <= 1.0
    extract_clauses(edited)


# --------------------------------------------------------------------------------------------
# Probes over random snapshots


_PATHS = st.sampled_from(
    ["README.md", "LICENSE", "model.safetensors", "model-00001-of-00002.safetensors", "x.gguf", "adapter_config.json",
     "config.json", "train.py", "original/LICENSE", "pytorch_model.bin", "a/b/c.ggml", ".gitattributes", "日本.bin"]
)


@st.composite
def snapshots(draw) -> Snapshot:
    card_text = draw(st.one_of(st.none(), _TEXTISH, st.builds(lambda m, b: "---\n" + yaml.safe_dump(m) + "---\n" + b, _JSONISH_MAPPING, _TEXTISH)))
    parsed = parse_card(card_text) if card_text is not None else None
    card_data = draw(st.one_of(st.just(parsed.metadata if parsed else {}), _JSONISH_MAPPING))
    for key in ("license", "datasets", "base_model", "base_model_relation", "license_name", "license_link", "tags"):
        if draw(st.booleans()):
            card_data[key] = draw(st.one_of(_SCALARS.filter(lambda v: not isinstance(v, bytes)), st.lists(st.text(max_size=30), max_size=3), _TEXTISH))
    card_data = json.loads(json.dumps(card_data, default=str))
    files = [RepoFile(path=p, size=draw(st.one_of(st.none(), st.integers(0, 10**11))), lfs=draw(st.booleans())) for p in draw(st.lists(_PATHS, max_size=8, unique=True))]
    return Snapshot(
        repo_id=draw(st.sampled_from(["a/b", "org/model-7b", "x/y.z"])),
        revision=draw(st.one_of(st.none(), st.just("f" * 40))),
        source=draw(st.sampled_from(["hub", "local"])),
        gated=draw(st.sampled_from([None, "manual", "auto"])),
        tags=draw(st.lists(st.one_of(st.text(max_size=30), st.sampled_from(["arxiv:2401.00001", "base_model:finetune:a/c", "dataset:a/d", "license:mit", "base_model:"])), max_size=6)),
        card_data=card_data,
        card_text=card_text,
        files=files,
        license_files=draw(st.dictionaries(st.sampled_from(["LICENSE", "LICENSE.md", "USE_POLICY.md"]), _TEXTISH, max_size=2)),
        base_models=draw(st.lists(st.sampled_from(["a/c", "b/d", "a/b"]), max_size=2)),
        parameters=draw(st.one_of(st.none(), st.integers(0, 10**12))),
    )


@SETTINGS
@given(snapshots())
def test_no_probe_raises_on_any_snapshot(snapshot) -> None:
    """Each registered probe called directly (run_probes would hide a crash as an `unknown`)."""
    from openness.knowledge import load_knowledge
    from openness.models import Finding
    from openness.probes import registered_probes
    from openness.probes.lineage import detect_lineage

    knowledge = load_knowledge()
    for registered in registered_probes():
        for finding in registered.fn(snapshot, knowledge):
            assert isinstance(finding, Finding)
            assert finding.component == registered.component
    detect_lineage(snapshot)


@SETTINGS
@given(snapshots())
def test_license_assessment_never_raises(snapshot) -> None:
    from openness.licenses.assess import assess_snapshot

    result = assess_snapshot(snapshot)
    result.model_dump_json()


# --------------------------------------------------------------------------------------------
# The registry loader over random YAML documents


_ENTRYISH = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.just("acme/model"), st.text(max_size=20)),
        "components": st.one_of(_YAML_DATA, st.dictionaries(st.sampled_from(["weights", "training_code", "bogus"]), _YAML_DATA, max_size=2)),
        "licenses": _YAML_DATA,
        "history": _YAML_DATA,
        "lineage": _YAML_DATA,
        "aliases": st.lists(st.text(max_size=20), max_size=3),
        "family": st.one_of(st.just("fam"), st.text(max_size=10)),
    },
)


@SETTINGS
@given(docs=st.lists(st.one_of(_YAML_DATA, _ENTRYISH), min_size=1, max_size=3), raw=st.one_of(st.none(), _TEXTISH))
def test_registry_loader_survives_any_yaml_documents(tmp_path_factory, docs, raw) -> None:
    from openness.registry.store import RegistryError, clear_cache, load_all, load_entry, validate_registry

    root: Path = tmp_path_factory.mktemp("registry")
    folder = root / "models" / "acme"
    folder.mkdir(parents=True)
    (root / "families").mkdir()
    for i, doc in enumerate(docs):
        try:
            text = yaml.safe_dump(doc, allow_unicode=True)
        except yaml.YAMLError:
            continue
        (folder / f"m{i}.yaml").write_text(text, encoding="utf-8")
    (folder / "model.yaml").write_text(raw if raw is not None else "id: acme/model\n", encoding="utf-8")
    (root / "families" / "fam.yaml").write_text(yaml.safe_dump(docs[0]), encoding="utf-8")
    clear_cache()
    entries = load_all(root)
    assert all(e.id for e in entries)
    problems = validate_registry(root)
    assert all(p.severity in ("error", "warning") for p in problems)
    for repo_id in ("acme/model", "acme/m0", "nobody/here"):
        try:
            load_entry(repo_id, root)
        except RegistryError as err:
            assert "\n" not in err.message
    clear_cache()


@pytest.mark.parametrize("raw", ["\x1f", "id: acme/model\nx: \x07\n", "a: [1\n", "\t- a\n"])
def test_a_broken_registry_file_is_a_one_line_error(tmp_path, raw: str) -> None:
    """Found by the loader property above: PyYAML's reader errors span several lines, and reached
    `registry show` and `audit` as a multi-line 'one-line' error."""
    from openness.registry.store import RegistryError, clear_cache, load_entry

    (tmp_path / "models" / "acme").mkdir(parents=True)
    (tmp_path / "models" / "acme" / "model.yaml").write_text(raw, encoding="utf-8")
    clear_cache()
    try:
        with pytest.raises(RegistryError) as caught:
            load_entry("acme/model", tmp_path)
        assert "\n" not in caught.value.message
        assert "acme/model.yaml" in caught.value.message
    finally:
        clear_cache()
