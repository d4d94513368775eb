"""The publisher's `openness.yaml`: where each artefact of a release lives, in the publisher's words.

A team states its target level and links its report, training code, data and data pipeline, and
names what it withholds on purpose. These statements become `Finding`s with origin `declared`:
they count towards the level like card evidence does, but every report marks them as stated by the
publisher, not verified by us.

Loading is safe YAML only, and a mistake is reported as one line naming the file, the field and,
where we can tell, the line (a configuration error: exit 2).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from openness.errors import UsageError
from openness.models import Evidence, Finding, Snapshot
from openness.repo_id import is_valid_repo_id

FILENAME = "openness.yaml"
MAX_BYTES = 256_000  # a publisher file is a few dozen lines; anything far larger is a mistake

WithholdableComponent = Literal["weights", "technical_report", "training_code", "training_data", "data_pipeline"]


def _http_url(value: str) -> str:
    value = value.strip()
    if not value.startswith(("https://", "http://")) or len(value) < 12 or any(c.isspace() for c in value):
        raise ValueError(f"'{value[:80]}' is not an http(s) URL")
    return value


HttpUrlText = Annotated[str, AfterValidator(_http_url)]


class _Strict(BaseModel):
    # A misspelt key (`trainng_code:`) must be an error, not a silently ignored declaration.
    model_config = ConfigDict(extra="forbid")


class TechnicalReport(_Strict):
    url: HttpUrlText = Field(description="where the report is published (arXiv, a PDF, a blog post)")
    covers_training: bool = Field(
        default=False,
        description="the report details the training process: stages, token counts, hyper-parameters, hardware",
    )
    covers_data_mixture: bool = Field(
        default=False, description="the report gives every detail, down to the data-mixture ratio of each source"
    )


class TrainingCode(_Strict):
    url: HttpUrlText = Field(description="the repository holding the code and configuration that trained this model")


class TrainingData(_Strict):
    datasets: list[str] = Field(min_length=1, description="Hub dataset ids (org/name) or URLs of the pretraining data")
    complete: bool = Field(
        default=True, description="false when only an extract or some of the sources are released"
    )


class DataPipeline(_Strict):
    url: HttpUrlText = Field(description="the repository holding the code that builds the training data")
    from_raw_sources: bool = Field(
        default=True,
        description="the code starts from raw sources (crawls, PDFs, code archives); false when it only mixes "
        "or tokenises already-cleaned corpora",
    )


def _schema_allows_shorthands(schema: dict[str, Any]) -> None:
    """The JSON Schema editors use must accept the shorthands the loader accepts (see below)."""
    props = schema.get("properties", {})
    for name in ("technical_report", "training_code", "data_pipeline"):
        props[name]["anyOf"].insert(0, {"type": "string", "description": "shorthand: the URL alone"})
    props["training_data"]["anyOf"][0:0] = [
        {"type": "string", "description": "shorthand: one dataset id or URL"},
        {"type": "array", "items": {"type": "string"}, "description": "shorthand: the dataset ids or URLs"},
    ]


class PublisherFile(_Strict):
    """openness.yaml, at the top of a release folder (and of the published repository)."""

    model_config = ConfigDict(**_Strict.model_config, json_schema_extra=_schema_allows_shorthands)

    target_level: int | None = Field(default=None, ge=0, le=5, description="the level this release means to reach")
    repo_id: str | None = Field(default=None, description="the Hub repository this folder will be published as")
    technical_report: TechnicalReport | None = None
    training_code: TrainingCode | None = None
    training_data: TrainingData | None = None
    data_pipeline: DataPipeline | None = None
    withheld: dict[WithholdableComponent, str] = Field(
        default_factory=dict, description="component -> why it is deliberately not released"
    )

    @field_validator("repo_id")
    @classmethod
    def _repo_id(cls, value: str | None) -> str | None:
        if value is not None and not is_valid_repo_id(value):
            raise ValueError(f"'{value[:80]}' is not a Hub repo id (expected ORG/NAME)")
        return value

    # Shorthands people write: `training_code: https://...`, `training_data: [org/a, org/b]`.
    @field_validator("technical_report", "training_code", "data_pipeline", mode="before")
    @classmethod
    def _url_shorthand(cls, value: Any) -> Any:
        return {"url": value} if isinstance(value, str) else value

    @field_validator("training_data", mode="before")
    @classmethod
    def _list_shorthand(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"datasets": [value]}
        return {"datasets": value} if isinstance(value, list) else value

    @model_validator(mode="after")
    def _withheld_not_declared(self) -> "PublisherFile":
        both = [c for c in self.withheld if getattr(self, c, None) is not None]
        if both:
            raise ValueError(f"{', '.join(both)}: both linked and listed under `withheld`; keep one")
        return self

    def links(self) -> list[tuple[str, str]]:
        """(field, url) for every URL this file declares, in file order."""
        out: list[tuple[str, str]] = []
        for name in ("technical_report", "training_code", "data_pipeline"):
            item = getattr(self, name)
            if item is not None:
                out.append((f"{name}.url", item.url))
        if self.training_data is not None:
            out.extend(
                ("training_data.datasets", d) for d in self.training_data.datasets if d.startswith(("https://", "http://"))
            )
        return out


@dataclass
class LoadedPublisherFile:
    """The validated file, and the line of each field (for evidence locators and SARIF)."""

    data: PublisherFile
    path: str = FILENAME  # as shown in locators: relative to the release folder
    lines: dict[str, int] = field(default_factory=dict)  # "training_code" / "training_code.url" -> line

    def line_of(self, dotted: str) -> int | None:
        while dotted:
            if dotted in self.lines:
                return self.lines[dotted]
            dotted = dotted.rpartition(".")[0]
        return None


# ------------------------------------------------------------------------------------------------
# Loading


def load_publisher_file(path: str | Path, shown_as: str | None = None) -> LoadedPublisherFile | None:
    """Read and validate an openness.yaml; None when there is no such file. Raises UsageError."""
    path = Path(path)
    shown = shown_as or str(path)
    if not path.exists() and not path.is_symlink():
        return None
    if path.is_symlink() or not path.is_file():
        raise UsageError(f"{shown}: not a regular file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise UsageError(f"{shown}: {size:,} bytes, over the {MAX_BYTES:,}-byte limit for a publisher file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{shown}: not UTF-8 text") from None
    except OSError as exc:
        raise UsageError(f"{shown}: cannot read ({exc.strerror})") from None
    return parse_publisher_text(text, shown)


def parse_publisher_text(text: str, shown: str = FILENAME) -> LoadedPublisherFile:
    """Validate the text of an openness.yaml. Raises UsageError naming `shown`, the field and the line."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise UsageError(f"{shown}: not valid YAML{where}: {err.problem or err.context}") from None
    except yaml.YAMLError as err:
        raise UsageError(f"{shown}: not valid YAML: {' '.join(str(err).split())}") from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise UsageError(f"{shown}: expected a mapping of fields (target_level:, training_code:, ...)")
    lines = _field_lines(node)
    try:
        data = PublisherFile.model_validate(raw)
    except ValidationError as exc:
        raise UsageError(_describe_validation_error(exc, shown, lines)) from None
    return LoadedPublisherFile(data=data, path=Path(shown).name if shown else FILENAME, lines=lines)


def _field_lines(node: yaml.Node | None, prefix: str = "") -> dict[str, int]:
    """Dotted field path -> 1-based line, for mappings (list items by index)."""
    out: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            dotted = f"{prefix}{key.value}"
            out[dotted] = key.start_mark.line + 1
            out.update(_field_lines(value, dotted + "."))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            dotted = f"{prefix}{index}"
            out[dotted] = item.start_mark.line + 1
            out.update(_field_lines(item, dotted + "."))
    return out


def _describe_validation_error(exc: ValidationError, shown: str, lines: dict[str, int]) -> str:
    first = exc.errors()[0]
    # pydantic marks a bad mapping key as an extra "[key]" step; the key itself names the field.
    loc = [str(part) for part in first["loc"] if part != "[key]"]
    dotted = ".".join(loc)
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        known = ", ".join(PublisherFile.model_fields) if len(loc) == 1 else "see docs/check.md"
        message = f"unknown field (expected one of: {known})"
    line = None
    probe = dotted
    while probe and line is None:
        line = lines.get(probe)
        probe = probe.rpartition(".")[0]
    where = f" (line {line})" if line else ""
    field_name = dotted or "(top level)"
    more = f"; and {len(exc.errors()) - 1} more problem(s)" if len(exc.errors()) > 1 else ""
    return f"{shown}: {field_name}{where}: {message}{more}"


# ------------------------------------------------------------------------------------------------
# Declarations as findings (pure)

_WEAKEST = {
    "weights": "closed",
    "technical_report": "none",
    "training_code": "none",
    "training_data": "none",
    "data_pipeline": "none",
}


def findings_from_publisher(loaded: LoadedPublisherFile, snapshot: Snapshot) -> list[Finding]:
    """One `declared.<component>` finding per declaration in the file."""
    pub = loaded.data
    out: list[Finding] = []

    def evidence(field_path: str, excerpt: str, note: str = "declared by the publisher; not verified") -> Evidence:
        return Evidence(
            locator=snapshot.file_locator(loaded.path, loaded.line_of(field_path)),
            excerpt=excerpt[:240],
            origin="declared",
            retrieved_at=snapshot.retrieved_at,
            note=note,
        )

    def add(component: str, status: str, reason: str, field_path: str, excerpt: str) -> None:
        out.append(
            Finding(
                probe=f"declared.{component}",
                component=component,
                status=status,
                reason=f"declared in {loaded.path}: {reason}",
                evidence=[evidence(field_path, excerpt)],
                confidence="medium",
            )
        )

    if (report := pub.technical_report) is not None:
        if report.covers_data_mixture:
            add("technical_report", "full", "a report with every detail, including the data mixture", "technical_report", report.url)
        elif report.covers_training:
            add("technical_report", "training", "a report that details the training process", "technical_report", report.url)
        else:
            add("technical_report", "evaluation", "a report, not said to cover the training process", "technical_report", report.url)
    if (code := pub.training_code) is not None:
        add("training_code", "released", "the training code", "training_code", code.url)
    if (data := pub.training_data) is not None:
        status, what = ("full", "the full training data") if data.complete else ("partial", "part of the training data")
        add("training_data", status, f"{what} ({len(data.datasets)} dataset(s))", "training_data", ", ".join(data.datasets))
    if (pipe := pub.data_pipeline) is not None:
        if pipe.from_raw_sources:
            add("data_pipeline", "full", "the data pipeline from raw sources", "data_pipeline", pipe.url)
        else:
            add("data_pipeline", "partial", "the last data-processing steps only", "data_pipeline", pipe.url)
    for component, why in pub.withheld.items():
        out.append(
            Finding(
                probe=f"declared.{component}",
                component=component,
                status=_WEAKEST[component],
                reason=f"withheld on purpose ({loaded.path}): {why}",
                evidence=[evidence(f"withheld.{component}", why, note="withheld by the publisher")],
                confidence="high",
            )
        )
    return out


def declared_findings(snapshot: Snapshot, text: str | None = None) -> list[Finding]:
    """Findings from a published repository's openness.yaml (declared, not verified).

    `text` is the file's content; without it, the snapshot's `publisher_file` (read by the Hub
    source when the repository has an openness.yaml). A malformed file is not an
    error for an audit of someone else's repository: it yields no findings and a note would say so.
    """
    if text is None:
        text = snapshot.publisher_file
    if text is None:
        return []
    try:
        loaded = parse_publisher_text(text, FILENAME)
    except UsageError:
        return []
    return findings_from_publisher(loaded, snapshot)
