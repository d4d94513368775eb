"""A LICENSE file that only carries an SPDX-License-Identifier tag (REUSE style) is identified by it."""

from __future__ import annotations

from openness.licenses.identify import identify

TAG_ONLY = "SPDX-License-Identifier: Apache-2.0\n\nCopyright 2026 Example Lab. Full text: https://spdx.org/licenses/Apache-2.0.html\n"


def test_a_tag_only_file_is_identified_by_its_tag():
    result = identify(TAG_ONLY)
    assert (result.key, result.method) == ("apache-2.0", "spdx_tag")
    assert result.confidence >= 0.9


def test_an_spdx_id_outside_the_catalogue_resolves_through_the_spdx_list():
    result = identify("SPDX-License-Identifier: ISC\n")
    assert (result.key, result.method, result.title) == ("isc", "spdx_tag", "ISC License")


def test_expressions_and_unknown_ids_are_not_guessed():
    assert identify("SPDX-License-Identifier: MIT OR Apache-2.0\n").key is None
    unknown = identify("SPDX-License-Identifier: Not-A-License-1.0\n")
    assert unknown.key is None and unknown.candidates == ["Not-A-License-1.0"]


def test_a_long_text_is_judged_by_its_text_not_a_tag_in_its_header():
    # A tag claiming MIT above a text that is not MIT must not win: long files go through matching.
    body = " ".join(f"clause{i} of a bespoke agreement between the parties" for i in range(40))
    result = identify("SPDX-License-Identifier: MIT\n" + body)
    assert result.method != "spdx_tag"
