"""Card hygiene: problems in a release's card and declarations that mislead readers, whatever the
level. Pure functions over the snapshot, the license assessment and openness.yaml; the link
statuses are gathered before (openness.check.linkcheck) and passed in.

Each function returns one `HygieneItem`. A failing `blocker` fails `openness check`; a `warning`
is reported only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openness.check.report import HygieneItem
from openness.check.linkcheck import LinkStatus
from openness.models import Evidence, LicenseResult, Snapshot
from openness.check.publisher import FILENAME, LoadedPublisherFile
from openness.repo_id import is_valid_repo_id

README = "README.md"
# A Hub dataset id: `org/name`, or a legacy canonical name without org (`wikipedia`, `c4`).
_LEGACY_DATASET = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")
# Card tags or library names that mark a model built from another one.
_DERIVATIVE_TAGS = {"lora", "peft", "adapter", "merge", "mergekit", "qlora", "gguf", "quantized", "awq", "gptq", "exl2"}
_DERIVATIVE_FILES = {"adapter_config.json", "adapter_model.safetensors", "adapter_model.bin", "mergekit_config.yml"}


# ------------------------------------------------------------------------------------------------
# Locating front-matter keys, for evidence that points at a line


def front_matter_line(card_text: str | None, key: str) -> int | None:
    """1-based README line of a top-level front-matter key, or None."""
    if not card_text:
        return None
    lines = card_text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            return None
        if pattern.match(lines[index]):
            return index + 1
    return None


def _card_evidence(snapshot: Snapshot, key: str | None = None, excerpt: str = "") -> Evidence:
    line = front_matter_line(snapshot.card_text, key) if key else None
    return Evidence(locator=snapshot.file_locator(README, line), excerpt=excerpt[:240], origin="local")


def _item(id: str, title: str, outcome: str, severity: str, message: str, fix: str = "", evidence=None) -> HygieneItem:
    return HygieneItem(
        id=id, title=title, outcome=outcome, severity=severity, message=message,  # type: ignore[arg-type]
        fix=fix if outcome != "pass" else "", evidence=evidence or [],
    )


# ------------------------------------------------------------------------------------------------
# The checks


def card_present(snapshot: Snapshot) -> HygieneItem:
    title = "README.md has a readable front matter"
    if snapshot.card_text is None:
        return _item("card-present", title, "fail", "blocker", "the folder has no readable README.md",
                     "Add README.md with a YAML front matter block (between `---` lines) declaring at least `license:`.",
                     [_card_evidence(snapshot)])
    if snapshot.card_errors:
        return _item("card-present", title, "fail", "blocker", "; ".join(snapshot.card_errors),
                     "Fix the YAML front matter of README.md so the Hub can read it.", [_card_evidence(snapshot)])
    if not snapshot.card_data:
        return _item("card-present", title, "fail", "blocker", "README.md has no YAML front matter",
                     "Start README.md with a `---` block holding `license:`, `base_model:` (for a derivative) and `datasets:`.",
                     [_card_evidence(snapshot)])
    return _item("card-present", title, "pass", "blocker", "README.md front matter parsed", evidence=[_card_evidence(snapshot)])


def license_declared(snapshot: Snapshot) -> HygieneItem:
    title = "A license is declared in the card"
    value = snapshot.card_data.get("license")
    if isinstance(value, str) and value.strip():
        return _item("license-declared", title, "pass", "blocker", f"license: {value}",
                     evidence=[_card_evidence(snapshot, "license", f"license: {value}")])
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return _item("license-declared", title, "pass", "blocker", f"license: {', '.join(value)}",
                     evidence=[_card_evidence(snapshot, "license", f"license: {value}")])
    return _item("license-declared", title, "fail", "blocker", "the card's front matter declares no `license:`",
                 "Add `license: <id>` to the front matter of README.md (a Hub license id such as apache-2.0, "
                 "or `other` with `license_name` and `license_link`), matching the LICENSE file.",
                 [_card_evidence(snapshot)])


def license_other_fields(snapshot: Snapshot) -> HygieneItem:
    title = "`license: other` names and links its license"
    value = snapshot.card_data.get("license")
    if not (isinstance(value, str) and value.strip().lower() == "other"):
        return _item("license-other-fields", title, "not_applicable", "blocker", "the license is not `other`")
    missing = [k for k in ("license_name", "license_link") if not str(snapshot.card_data.get(k) or "").strip()]
    evidence = [_card_evidence(snapshot, "license", "license: other")]
    if missing:
        return _item("license-other-fields", title, "fail", "blocker",
                     f"`license: other` without {' and '.join(f'`{m}`' for m in missing)}",
                     "With `license: other`, add `license_name: <short-id>` (e.g. my-model-license) and "
                     "`license_link: LICENSE` (or the license's URL) to the front matter.", evidence)
    return _item("license-other-fields", title, "pass", "blocker",
                 f"license_name: {snapshot.card_data.get('license_name')}, license_link: {snapshot.card_data.get('license_link')}",
                 evidence=evidence)


def license_consistent(snapshot: Snapshot, license_result: LicenseResult | None) -> HygieneItem:
    title = "The declared license matches the LICENSE text"
    if license_result is None:
        return _item("license-consistent", title, "unknown", "warning", "the license could not be assessed")
    # A missing declaration is license-declared's and license-other-fields' finding; not repeated here.
    conflicts = [c for c in license_result.conflicts if c.kind != "missing_declaration"]
    if conflicts:
        messages = "; ".join(c.message for c in conflicts)
        evidence = [ev for c in conflicts for ev in c.evidence] or [_card_evidence(snapshot, "license")]
        return _item("license-consistent", title, "fail", "blocker", messages,
                     "Make `license:` in the card front matter and the LICENSE file say the same thing: "
                     "change the declaration, or replace the LICENSE text with the license you mean.", evidence)
    if not snapshot.license_files:
        return _item("license-consistent", title, "fail", "warning",
                     "no LICENSE file in the folder: readers only have the card's word",
                     "Add the full license text as LICENSE at the top of the folder.", [_card_evidence(snapshot, "license")])
    files = ", ".join(sorted(snapshot.license_files))
    verb = "agrees" if len(snapshot.license_files) == 1 else "agree"
    ident = f" (identified as {license_result.key})" if license_result.key else ""
    return _item("license-consistent", title, "pass", "blocker", f"{files} {verb} with the declaration{ident}",
                 evidence=[Evidence(locator=snapshot.file_locator(p), origin="local") for p in sorted(snapshot.license_files)][:3])


def derivative_signals(snapshot: Snapshot) -> list[str]:
    """What says this release is built from another model (adapter files, tags, relation field)."""
    signals = []
    names = {f.path.rsplit("/", 1)[-1].lower(): f.path for f in snapshot.files}
    signals += [f"file {names[n]}" for n in sorted(_DERIVATIVE_FILES) if n in names]
    weights = [f.path for f in snapshot.files if f.path.lower().endswith((".safetensors", ".bin", ".gguf", ".pt", ".pth"))]
    if weights and all(p.lower().endswith(".gguf") for p in weights):
        signals.append("only GGUF weight files (a quantization)")
    tags = {t.lower() for t in snapshot.tags}
    signals += [f"tag {t}" for t in sorted(tags & _DERIVATIVE_TAGS)]
    if str(snapshot.library_name or "").lower() == "peft":
        signals.append("library_name: peft")
    if snapshot.card_data.get("base_model_relation"):
        signals.append(f"base_model_relation: {snapshot.card_data.get('base_model_relation')}")
    return signals


def base_model_declared(snapshot: Snapshot) -> HygieneItem:
    title = "A derivative names its base model"
    declared = snapshot.card_data.get("base_model")
    values = [declared] if isinstance(declared, str) else [v for v in declared or [] if isinstance(v, str)] if isinstance(declared, list) else []
    bad = [v for v in values if not is_valid_repo_id(v.strip())]
    if bad:
        return _item("base-model-declared", title, "fail", "blocker", f"base_model {bad[0]!r} is not a Hub repo id",
                     "Write `base_model:` as the base's Hub id, ORG/NAME (e.g. my-org/my-base-7b).",
                     [_card_evidence(snapshot, "base_model", f"base_model: {bad[0]}")])
    if values:
        return _item("base-model-declared", title, "pass", "blocker", f"base_model: {', '.join(values)}",
                     evidence=[_card_evidence(snapshot, "base_model", f"base_model: {', '.join(values)}")])
    signals = derivative_signals(snapshot)
    if not signals:
        return _item("base-model-declared", title, "not_applicable", "blocker", "nothing marks this release as a derivative")
    return _item("base-model-declared", title, "fail", "blocker",
                 f"looks like a derivative ({', '.join(signals[:4])}) but the card has no `base_model:`",
                 "Add `base_model: ORG/NAME` (and `base_model_relation: adapter|finetune|merge|quantized`) to the "
                 "front matter: a derivative's openness and license obligations come from its base.",
                 [_card_evidence(snapshot)])


def _card_datasets(snapshot: Snapshot) -> list[str]:
    value = snapshot.card_data.get("datasets")
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def looks_like_dataset_id(value: str) -> bool:
    value = value.strip()
    if "/" in value:
        return is_valid_repo_id(value)
    return bool(_LEGACY_DATASET.match(value))


def datasets_valid(snapshot: Snapshot) -> HygieneItem:
    title = "`datasets:` entries are Hub dataset ids"
    raw = snapshot.card_data.get("datasets")
    if raw is None:
        return _item("datasets-valid", title, "not_applicable", "warning", "the card lists no `datasets:`")
    entries = _card_datasets(snapshot)
    bad = [e for e in entries if not looks_like_dataset_id(e)]
    if not isinstance(raw, (str, list)) or len(entries) != (1 if isinstance(raw, str) else len(raw)):
        bad.append(f"{raw!r}"[:60])
    evidence = [_card_evidence(snapshot, "datasets")]
    if bad:
        return _item("datasets-valid", title, "fail", "warning",
                     f"not dataset ids: {', '.join(repr(b) for b in bad[:4])}",
                     "List datasets as Hub ids (ORG/NAME), one per line under `datasets:`; put URLs of other "
                     "sources in the card body or under `training_data:` in openness.yaml.", evidence)
    return _item("datasets-valid", title, "pass", "warning", f"{len(entries)} dataset id(s)", evidence=evidence)


@dataclass(frozen=True)
class DatasetRole:
    dataset_id: str
    role: str  # pretraining, finetune, evaluation, other
    why: str


def datasets_labelled(publisher: LoadedPublisherFile | None, roles: list[DatasetRole], snapshot: Snapshot) -> HygieneItem:
    """Datasets declared as pretraining data (openness.yaml `training_data`) that are fine-tuning or
    evaluation data would claim level 4 on the strength of the wrong data."""
    title = "Training data declared in openness.yaml is pretraining data"
    if publisher is None or publisher.data.training_data is None:
        return _item("datasets-labelled", title, "not_applicable", "blocker", "openness.yaml declares no `training_data`")
    wrong = [r for r in roles if r.role in ("finetune", "evaluation")]
    locator = snapshot.file_locator(publisher.path, publisher.line_of("training_data"))
    evidence = [Evidence(locator=locator, excerpt=", ".join(r.dataset_id for r in wrong or roles)[:240], origin="declared")]
    if wrong:
        listed = "; ".join(f"{r.dataset_id} is {r.role} data ({r.why})" for r in wrong[:4])
        return _item("datasets-labelled", title, "fail", "blocker", f"declared as pretraining data: {listed}",
                     "Keep only the pretraining corpora under `training_data:` in openness.yaml; name fine-tuning "
                     "and evaluation sets in the card (e.g. a 'Fine-tuning data' section) instead.", evidence)
    return _item("datasets-labelled", title, "pass", "blocker",
                 f"{len(roles)} dataset(s), none known as fine-tuning or evaluation data", evidence=evidence)


@dataclass(frozen=True)
class LinkToCheck:
    url: str
    where: str  # "README.md" or "openness.yaml"
    line: int | None


def links_reachable(links: list[LinkToCheck], statuses: list[LinkStatus] | None, snapshot: Snapshot,
                    skipped_because: str | None = None) -> HygieneItem:
    """Broken links in openness.yaml are blockers (a declaration that leads nowhere); in the card, warnings."""
    title = "Links in the card and openness.yaml are reachable"
    if skipped_because:
        return _item("links-reachable", title, "not_applicable", "warning",
                     f"link check skipped: {skipped_because} ({len(links)} link(s) not checked)")
    if not links:
        return _item("links-reachable", title, "not_applicable", "warning", "no links to check")
    by_url = {s.url: s for s in statuses or []}
    broken = [(lk, by_url[lk.url]) for lk in links if lk.url in by_url and by_url[lk.url].reachable is False]
    unsure = [lk for lk in links if lk.url in by_url and by_url[lk.url].reachable is None]
    unchecked = len({lk.url for lk in links} - set(by_url))
    suffix = f"; {unchecked} more not checked (limit)" if unchecked else ""
    if broken:
        declared = any(lk.where == FILENAME for lk, _ in broken)
        evidence = [
            Evidence(locator=snapshot.file_locator(lk.where, lk.line), excerpt=lk.url, origin="local", note=st.detail)
            for lk, st in broken[:10]
        ]
        listed = "; ".join(f"{lk.url} ({st.detail}, {lk.where}{f' line {lk.line}' if lk.line else ''})" for lk, st in broken[:5])
        return _item("links-reachable", title, "fail", "blocker" if declared else "warning",
                     f"{len(broken)} unreachable link(s): {listed}{suffix}",
                     "Fix or remove the broken links (publish the repository or report first, or correct the URL).", evidence)
    if unsure:
        return _item("links-reachable", title, "unknown", "warning",
                     f"{len(unsure)} link(s) could not be verified (rate limited){suffix}")
    return _item("links-reachable", title, "pass", "warning", f"{len(by_url)} link(s) reachable{suffix}")
