import time

import pytest

from openness.licenses.catalogue import load_catalogue
from openness.licenses.identify import identify

from synthetic import AUP, OTHER, V1, V2, write_catalogue


@pytest.fixture(scope="module")
def cat(tmp_path_factory):
    return load_catalogue(write_catalogue(tmp_path_factory.mktemp("cat")))


def test_exact_copy(cat):
    result = identify(V2, cat)
    assert (result.key, result.method, result.confidence) == ("acme-2", "exact", 1.0)


def test_reformatting_does_not_change_the_fingerprint(cat):
    # Markdown, curly quotes, other wrapping and a British spelling: the same license, exactly.
    text = "**" + V1.replace("\n", " ").replace('"', "“").replace("license", "licence") + "**"
    assert identify(text, cat).method == "exact"


def test_edited_copy_is_recognised_by_its_anchor(cat):
    text = V1.replace("Report violations", "").replace("You must keep this notice in every copy you share with others.", "")
    result = identify(text, cat)
    assert result.key == "acme-1" and result.method == "anchor" and 0.5 < result.confidence < 1
    assert result.anchors[0].phrase == "Acme Model Version 1 Release Date" and result.anchors[0].line == 2


def test_versions_that_share_almost_every_word_are_told_apart_by_anchors(cat):
    for text, key in ((V1, "acme-1"), (V2, "acme-2")):
        edited = text.replace("spam", "").replace("any purpose", "every purpose")
        assert identify(edited, cat).key == key


def test_without_anchors_the_family_is_known_but_the_version_is_a_guess(cat):
    result = identify(V1.split("\n", 2)[2], cat)  # title and version line cut off
    assert result.family == "acme" and result.method == "similarity" and result.confidence < 0.7


def test_appended_policy_is_reported(cat):
    result = identify(V2 + "\n\n" + AUP, cat)
    assert result.key == "acme-2" and result.also_found == ["acme-aup"]


def test_policy_alone(cat):
    result = identify(AUP, cat)
    assert result.key == "acme-aup" and result.kind == "policy"


def test_unknown_text_names_candidates(cat):
    result = identify(OTHER, cat)
    assert result.key is None and result.method == "none" and len(result.candidates) == 3


def test_empty_text(cat):
    assert identify("  \n\n", cat).key is None


def test_fast_enough(cat):
    text = V1 * 20
    start = time.perf_counter()
    for _ in range(20):
        identify(text, cat)
    assert (time.perf_counter() - start) / 20 < 0.05
