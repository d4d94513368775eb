"""parse_card: front matter and body of model cards, including broken and hostile ones."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openness import card
from openness.card import parse_card

# (id, README text, expected metadata, expected body, expected body_start_line, error fragment or None)
CASES = [
    (
        "plain front matter",
        "---\nlicense: apache-2.0\ntags:\n- llama\n---\n# Title\ntext\n",
        {"license": "apache-2.0", "tags": ["llama"]},
        "# Title\ntext\n",
        6,
        None,
    ),
    ("no front matter", "# Title\n\nbody\n", {}, "# Title\n\nbody\n", 1, None),
    ("empty text", "", {}, "", 1, None),
    ("empty front matter", "---\n---\nbody", {}, "body", 3, None),
    (
        "BOM and CRLF",
        "\ufeff---\r\nlicense: mit\r\n---\r\n# T\r\nline\r\n",
        {"license": "mit"},
        "# T\nline\n",
        4,
        None,
    ),
    ("old Mac line ends", "---\rlicense: mit\r---\rbody", {"license": "mit"}, "body", 4, None),
    (
        "blank lines before the opening delimiter",
        "\n\n---\nlicense: mit\n---\nbody",
        {"license": "mit"},
        "body",
        6,
        None,
    ),
    (
        "trailing spaces on delimiters",
        "---  \nlicense: mit\n--- \nbody",
        {"license": "mit"},
        "body",
        4,
        None,
    ),
    (
        "broken YAML keeps the body",
        "---\nlicense: mit\nbase_model: [a/b\n---\n# Body\n",
        {},
        "# Body\n",
        5,
        "not valid YAML (README line 3)",
    ),
    (
        "front matter that is a list",
        "---\n- a\n- b\n---\nbody",
        {},
        "body",
        5,
        "is a list, not a mapping",
    ),
    ("front matter that is a string", "---\njust words\n---\nbody", {}, "body", 4, "is a string"),
    (
        "never closed",
        "---\nlicense: mit\n# Body with no closing line\n",
        {},
        "---\nlicense: mit\n# Body with no closing line\n",
        1,
        "never closed",
    ),
    (
        "dashes later in the body are not front matter",
        "# Title\n---\nnot: metadata\n---\n",
        {},
        "# Title\n---\nnot: metadata\n---\n",
        1,
        None,
    ),
    (
        "YAML-only types become JSON values",
        "---\nreleased: 2024-04-18\n2024: year key\nnan_value: .nan\nyes_key: yes\n---\n",
        {"released": "2024-04-18", "2024": "year key", "nan_value": "nan", "yes_key": True},
        "",
        7,
        None,
    ),
    (
        "python tags are refused, not executed",
        "---\nx: !!python/object/apply:os.system ['echo pwned']\n---\nbody",
        {},
        "body",
        4,
        "not valid YAML",
    ),
]


@pytest.mark.parametrize(
    "text, metadata, body, start, error", [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_parse_card_cases(text: str, metadata: dict, body: str, start: int, error: str | None) -> None:
    parsed = parse_card(text)

    assert parsed.metadata == metadata
    assert parsed.body == body
    assert parsed.body_start_line == start
    if error is None:
        assert parsed.errors == []
    else:
        assert len(parsed.errors) == 1 and error in parsed.errors[0]


def test_body_start_line_points_at_the_first_body_line_of_the_readme() -> None:
    readme = "---\nlicense: mit\nlanguage:\n- en\n---\n\n# Model\nTrained on 2T tokens.\n"

    parsed = parse_card(readme)

    readme_lines = readme.split("\n")
    for offset, line in enumerate(parsed.body.split("\n")):
        assert readme_lines[parsed.body_start_line - 1 + offset] == line


def _nested_alias_bomb(levels: int, width: int) -> str:
    lines = ["a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "---\n" + "\n".join(lines) + "\n---\nbody"


@pytest.mark.parametrize(
    "levels, width, fragment",
    [
        (9, 9, "more than 64 YAML aliases"),  # classic billion laughs: many aliases
        (30, 2, "expands to more than"),  # only 58 aliases, yet 2**30 values
    ],
)
def test_alias_bombs_are_refused_quickly(levels: int, width: int, fragment: str) -> None:
    started = time.monotonic()
    parsed = parse_card(_nested_alias_bomb(levels, width))

    assert time.monotonic() - started < 2
    assert parsed.metadata == {} and parsed.body == "body"
    assert fragment in parsed.errors[0]


def test_a_few_honest_aliases_are_fine() -> None:
    text = "---\ndefaults: &d {lr: 0.001}\nstage1: *d\nstage2: *d\n---\n"

    assert parse_card(text).metadata == {
        "defaults": {"lr": 0.001},
        "stage1": {"lr": 0.001},
        "stage2": {"lr": 0.001},
    }


def test_recursive_yaml_is_refused() -> None:
    parsed = parse_card("---\nloop: &l [*l]\n---\nbody")

    assert parsed.metadata == {} and parsed.errors


def test_huge_front_matter_is_refused_without_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(card, "MAX_FRONT_MATTER_CHARS", 1000)
    text = "---\n" + "".join(f"k{i}: v\n" for i in range(500)) + "---\nbody"

    parsed = parse_card(text)

    assert parsed.metadata == {} and parsed.body == "body"
    assert "over the 1,000 limit" in parsed.errors[0]


def test_deeply_nested_front_matter_is_an_error_not_a_crash() -> None:
    parsed = parse_card("---\nx: " + "[" * 50_000 + "]" * 50_000 + "\n---\nbody")

    assert parsed.metadata == {} and parsed.body == "body" and parsed.errors


_card_lines = st.lists(
    st.one_of(
        st.sampled_from(["---", "--- ", "...", "license: mit", "a: &x [1]", "b: *x", "- item", "k: [", ""]),
        st.text(max_size=40),
    ),
    max_size=30,
)
_card_like_text = st.tuples(_card_lines, st.sampled_from(["\n", "\r\n", "\r"])).map(
    lambda parts: parts[1].join(parts[0])
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=400), _card_like_text, _card_like_text.map(lambda t: "\ufeff---\n" + t)))
def test_no_input_crashes_the_parser_and_metadata_is_json(text: str) -> None:
    parsed = parse_card(text)

    assert isinstance(parsed.metadata, dict)
    json.dumps(parsed.metadata)  # the metadata goes into JSON reports as it is
    assert parsed.body_start_line >= 1
    assert all("\n" not in error for error in parsed.errors)
    # The body is always the tail of the (normalised) README, starting at body_start_line.
    normalised = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    assert "\n".join(normalised.split("\n")[parsed.body_start_line - 1 :]) == parsed.body
