"""Where our framework verdicts differ from the two public databases, for registry models they share.

    .venv/bin/python scripts/framework_anchor_diff.py [--anchors /work/shared/corpus/anchors]

For each registry model also listed by the Model Openness Tool (matched by Hugging Face URL), compare
the MOF class the MOT's own data yields with the class our evidence yields; for each one listed by the
European Open Source AI Index (matched by model link or model name), compare the grade of each
dimension. Offline: our side comes from the registry alone. Prints a markdown list of differences.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from openness.audit import audit
from openness.frameworks.apply import evaluate_frameworks
from openness.frameworks.mof import classify_mof, components_from_mot
from openness.registry.store import load_all, load_entry


def _mot_index(root: Path) -> dict[str, dict]:
    index = {}
    for path in sorted((root / "mot" / "models").glob("*.yml")):
        release = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("release") or {}
        url = str(release.get("huggingface") or "").rstrip("/")
        if "huggingface.co/" in url:
            index[url.split("huggingface.co/")[-1].lower()] = {"file": path.name, "release": release}
    return index


def _osai_index(root: Path) -> dict[str, dict]:
    index = {}
    for path in sorted((root / "osai" / "main-database").glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        system = data.get("system") or {}
        # Matched as the end model: every dimension compares. Matched only as the base model of
        # someone else's fine-tune: only the base-model dimensions describe our model.
        link = str(system.get("link") or "")
        end_keys = {str(system.get("endmodelname") or "").lower()}
        if "huggingface.co/" in link:
            end_keys.add(link.split("huggingface.co/")[-1].strip("/").lower())
        base_key = str(system.get("basemodelname") or "").lower()
        if base_key and base_key not in end_keys:
            index.setdefault(base_key, {"file": path.name, "data": data, "as": "base"})
        for key in end_keys - {""}:
            index[key] = {"file": path.name, "data": data, "as": "end"}
    return index


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--anchors", default="/work/shared/corpus/anchors")
    root = Path(parser.parse_args(argv).anchors)
    if not root.is_dir():
        print(f"anchors not found at {root}", file=sys.stderr)
        return 2
    mot, osai = _mot_index(root), _osai_index(root)
    lines = ["# Framework verdicts: where we differ from the MOT and the EU OSAI index", ""]
    for entry in load_all():
        repo = entry.id
        key = repo.lower()
        name = key.split("/")[-1]
        theirs_mot = mot.get(key)
        theirs_osai = osai.get(key) or osai.get(name)
        if not theirs_mot and not theirs_osai:
            continue
        report = audit(repo, offline=True)
        ours = evaluate_frameworks(report, ["mof", "eu_index"], entry=load_entry(repo))
        if theirs_mot:
            their = classify_mof(components_from_mot(theirs_mot["release"]))
            our = ours["mof"].details
            if their.class_ != our["class"] or their.progress != our["progress"]:
                lines.append(
                    f"- **{repo}** MOF: MOT data ({theirs_mot['file']}) gives {their.label} {their.progress}; "
                    f"our evidence gives {our['label']} {our['progress']}. Why: "
                    + _mof_why(their, our)
                )
        if theirs_osai:
            data = theirs_osai["data"]
            grid = ours["eu_index"].details["grid"]
            diffs = [
                f"{dim} theirs {data[dim].get('class')} / ours {cell['grade']} ({cell['reason']})"
                for dim, cell in grid.items()
                if isinstance(data.get(dim), dict) and data[dim].get("class") and data[dim].get("class") != cell["grade"]
                and cell["grade"] != "unknown" and (theirs_osai["as"] == "end" or cell["of"] == "base")
            ]
            if diffs:
                lines.append(f"- **{repo}** EU index ({theirs_osai['file']}, which grades "
                             f"{(data.get('system') or {}).get('endmodelname')}; matched as its {theirs_osai['as']} model): " + "; ".join(diffs))
    print("\n".join(lines))
    return 0


def _mof_why(their, our: dict) -> str:
    theirs = {c.name: c for c in their.components}
    reasons = []
    for c in our["components"]:
        t = theirs[c["name"]]
        if (t.outcome == "included") != (c["outcome"] == "included"):
            reasons.append(f"{c['name']} theirs {t.outcome} ({t.license}) / ours {c['outcome']} ({c['license'] or c['reason']})")
    return "; ".join(reasons[:6]) or "same components, different counting"


if __name__ == "__main__":
    sys.exit(main())
