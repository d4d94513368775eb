"""Fast, safe YAML loading for the data we ship (registry, rubrics, catalogues).

libyaml's CSafeLoader parses our ~200 shipped files about ten times faster than the pure-Python
SafeLoader, which keeps an offline audit well under half a second; both construct plain Python
objects only. Untrusted text (model cards) goes through openness.card, which bounds aliases.
"""

from __future__ import annotations

import yaml

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader  # type: ignore[misc]


def safe_load(text: str):
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
