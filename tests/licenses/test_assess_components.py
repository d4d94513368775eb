"""Which component each license file of a repository covers."""

from __future__ import annotations

from openness.licenses.assess import assess_snapshot, component_of
from openness.models import Snapshot


def test_plain_license_beside_a_model_license_covers_the_code():
    paths = ["LICENSE", "MODEL_LICENSE"]
    assert component_of("LICENSE", paths) == "code"
    assert component_of("MODEL_LICENSE", paths) == "weights"
    assert component_of("LICENSE", ["LICENSE"]) == "weights"
    assert component_of("LICENSE-CODE", ["LICENSE-CODE", "LICENSE-MODEL"]) == "code"
    assert component_of("USE_POLICY.md", ["LICENSE", "USE_POLICY.md"]) is None


APACHE_LIKE = "Apache License\nVersion 2.0, January 2004\nhttp://www.apache.org/licenses/\n"
CUSTOM_MODEL = (
    "Example Model License\n"
    "Commercial use requires registration with the licensor before use.\n"
    "You may not use the model for military purposes.\n"
)


def test_code_license_does_not_become_the_weights_license():
    snap = Snapshot(
        repo_id="org/model", source="hub", revision="a" * 40,
        license_files={"LICENSE": APACHE_LIKE, "MODEL_LICENSE": CUSTOM_MODEL},
    )
    result = assess_snapshot(snap)
    by_component = {c.component: c for c in result.components}
    assert set(by_component) == {"code", "weights"}
    assert result.key != "apache-2.0"


def test_local_snapshot_evidence_is_marked_local():
    snap = Snapshot(repo_id="local/rel", source="local", card_data={"license": "mit"}, card_text="---\nlicense: mit\n---\n")
    result = assess_snapshot(snap)
    assert result.evidence and all(e.origin == "local" for e in result.evidence)
