from pathlib import Path

import pytest

from openness.licenses.catalogue import CatalogueError, default_path, load_catalogue, load_entry, spdx_info
from openness.licenses.normalise import decode_sketch

FILES = sorted(default_path().glob("*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_catalogue_file_validates(path: Path):
    entry = load_entry(path)
    if entry.fingerprints:
        assert len(decode_sketch(entry.fingerprints.sketch)) == min(256, entry.fingerprints.shingles)
    for fact in [*entry.usage_caps, *entry.restrictions]:
        if fact.lines:
            assert 1 <= fact.lines[0] <= fact.lines[1] <= (entry.reference.lines or 10**6)


def test_catalogue_holds_no_license_text():
    for path in FILES:
        for line in path.read_text().splitlines():
            if not line.lstrip().startswith("sketch:"):
                assert len(line) < 400, f"{path.name}: a long line looks like copied text"


def test_companion_policies_exist():
    cat = load_catalogue()
    for entry in cat:
        for key in entry.companions:
            assert cat.get(key) is not None and cat.get(key).kind == "policy", (entry.key, key)


@pytest.mark.parametrize(
    "name,key",
    [("llama3.1", "llama3.1"), ("LLAMA3.1", "llama3.1"), ("gemma", "gemma"), ("tongyi-qianwen-license-agreement", "tongyi-qianwen"),
     ("deepseek-license", "deepseek"), ("apple-sample-code-license", "apple-ascl"), ("Apache-2.0", "apache-2.0"), ("mnpl", "mnpl")],
)
def test_resolve_aliases_case_insensitive(name, key):
    assert load_catalogue().resolve(name).key == key


def test_resolve_unknown_is_none():
    assert load_catalogue().resolve("no-such-license") is None
    assert load_catalogue().resolve(None) is None


def test_spdx_fallback_gives_osi_status():
    assert spdx_info("apache-2.0").osi_approved is True
    assert spdx_info("cc-by-nc-4.0").osi_approved is False
    assert spdx_info("gpl-3.0").osi_approved is True  # Hub spelling, a deprecated SPDX id
    assert spdx_info("llama3") is None


def test_loader_caches_and_reports_bad_files(tmp_path):
    assert load_catalogue() is load_catalogue()
    (tmp_path / "broken.yaml").write_text("key: broken\ntitle: x\nfamily: x\ncategory: nonsense\n")
    with pytest.raises(CatalogueError, match="broken.yaml"):
        load_catalogue(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    (other / "broken.yaml").write_text("key: other-name\ntitle: x\nfamily: x\ncategory: permissive\n")
    with pytest.raises(CatalogueError, match="file name must be the key"):
        load_catalogue(other)


def test_anchor_too_long_is_rejected(tmp_path):
    (tmp_path / "x.yaml").write_text(
        "key: x\ntitle: x\nfamily: x\ncategory: permissive\nanchors: ['one two three four five six seven eight nine ten eleven']\n"
    )
    with pytest.raises(CatalogueError, match="too long"):
        load_catalogue(tmp_path)
