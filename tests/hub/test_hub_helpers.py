"""Pure helpers of the Hub source: which files to read, base models, text decoding."""

from __future__ import annotations

import pytest

from openness.sources.hub import base_models_from, decode_text, display_endpoint, select_license_files


@pytest.mark.parametrize(
    "paths, link, expected",
    [
        (["README.md", "config.json", "model.safetensors"], None, []),
        (["LICENSE", "README.md", "USE_POLICY.md", "NOTICE"], None, ["LICENSE", "USE_POLICY.md", "NOTICE"]),
        (["LICENSE.txt", "LICENSE-CODE", "LICENSE-MODEL", "MODEL_LICENSE"], None,
         ["LICENSE.txt", "LICENSE-MODEL", "LICENSE-CODE", "MODEL_LICENSE"]),
        (["original/LICENSE", "LICENSE"], None, ["LICENSE", "original/LICENSE"]),
        (["Tongyi_Qianwen_LICENSE_AGREEMENT", "licence.md"], None, ["Tongyi_Qianwen_LICENSE_AGREEMENT", "licence.md"]),
        (["license_model.safetensors", "LICENSE.pdf", "COPYING"], None, ["COPYING"]),
        (["README.md", "TERMS.md"], "TERMS.md", ["TERMS.md"]),
        (["README.md", "TERMS.md"], "./TERMS.md", ["TERMS.md"]),
        (["README.md", "TERMS.md"], "https://example.com/TERMS.md", []),
        (["README.md"], "LICENSE", []),  # linked but absent: nothing to read
    ],
)
def test_select_license_files(paths: list[str], link: str | None, expected: list[str]) -> None:
    assert select_license_files(paths, link) == expected


def test_license_selection_is_bounded() -> None:
    paths = [f"dir{i}/LICENSE" for i in range(20)] + ["LICENSE"]

    chosen = select_license_files(paths, limit=5)

    assert len(chosen) == 5 and chosen[0] == "LICENSE"


@pytest.mark.parametrize(
    "card_data, tags, api, expected",
    [
        ({"base_model": "org/a"}, [], None, ["org/a"]),
        ({"base_model": ["org/a", "org/b"]}, [], None, ["org/a", "org/b"]),
        ({}, ["base_model:org/a", "base_model:quantized:org/b", "license:mit"], None, ["org/a", "org/b"]),
        ({}, [], {"relation": "merge", "models": [{"id": "org/a"}, {"id": "org/b"}]}, ["org/a", "org/b"]),
        ({"base_model": "org/a"}, ["base_model:finetune:org/a"], None, ["org/a"]),  # no duplicates
        ({"base_model": "not a repo id"}, [], None, []),
        ({"base_model": 42}, [], "junk", []),
    ],
)
def test_base_models_from(card_data: dict, tags: list[str], api: object, expected: list[str]) -> None:
    assert base_models_from(card_data, tags, api) == expected


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"plain text\n", "plain text\n"),
        ("\ufeffwith BOM".encode(), "with BOM"),
        (b"caf\xe9 latin-1 once", "caf\ufffd latin-1 once"),  # replacement, still text
        (b"\x89PNG\r\n\x1a\n\x00\x00", None),
        (bytes(range(128, 256)) * 4, None),
        (b"", ""),
    ],
)
def test_decode_text(data: bytes, expected: str | None) -> None:
    assert decode_text(data) == expected


def test_display_endpoint_drops_credentials() -> None:
    assert display_endpoint("https://u:p@hub.example:8443/x") == "https://hub.example:8443/x"
    assert display_endpoint("https://hub.example") == "https://hub.example"
