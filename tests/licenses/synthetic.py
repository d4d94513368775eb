"""Short license texts written for these tests, and a catalogue built from them."""

from pathlib import Path

import yaml

from openness.licenses.build import fingerprints

BODY = """You may use, copy and change the Acme Model for any purpose, subject to these terms.
You must keep this notice in every copy you share with others.
If your products or services had more than 50 million monthly active users in the previous
calendar month, you must request a license from Acme, which Acme may grant at its discretion.
You will not use the Acme Model or any output of it to improve any other large language model.
Your use must adhere to the Acme Acceptable Use Policy, which is incorporated by reference.
If you distribute a model trained with the Acme Model, you shall display "Built with Acme" and
include "Acme" at the beginning of any such AI model name.
Acme reserves the right to restrict (remotely or otherwise) usage that violates these terms.
This Agreement will be governed by the laws of the State of Oregon, and the courts of Portland
shall have exclusive jurisdiction."""

V1 = "ACME MODEL LICENSE\nAcme Model Version 1 Release Date: March 1, 2024\n\n" + BODY
V2 = "ACME MODEL LICENSE\nAcme Model Version 2 Release Date: June 9, 2025\n\n" + BODY
AUP = """Acme Acceptable Use Policy
You agree not to use the Acme Model to plan violence, to run weapons programs, to deceive people
about being a machine, to spam, to surveil people without consent, or to break any law.
Report violations of this policy to the Acme safety team."""
OTHER = """The Zebra Data Permit lets anyone read the zebra observations, graph them, and publish
findings, provided they cite the field station and never sell the raw sightings to brokers."""


def write_catalogue(folder: Path) -> Path:
    entries = [
        ("acme-1", V1, "license", ["Acme Model Version 1 Release Date"], ["acme-aup"]),
        ("acme-2", V2, "license", ["Acme Model Version 2 Release Date"], ["acme-aup"]),
        ("acme-aup", AUP, "policy", ["Acme Acceptable Use Policy"], []),
    ]
    for key, text, kind, anchors, companions in entries:
        data = {
            "key": key, "title": key.upper(), "kind": kind, "family": "acme-aup" if kind == "policy" else "acme",
            "hub_ids": [key], "license_names": [f"{key}-license"], "osi_approved": False,
            "category": "policy" if kind == "policy" else "custom-restrictive", "anchors": anchors,
            "companions": companions, "url": f"https://acme.example/{key}",
            "usage_caps": [] if kind == "policy" else [{
                "metric": "monthly_active_users", "threshold": 50_000_000, "consequence": "ask Acme",
                "phrase": "50 million monthly active users", "lines": [5, 6]}],
            "restrictions": [{"kind": "military", "summary": "no weapons programs", "phrase": "weapons programs"}]
            if kind == "policy" else [],
            "fingerprints": fingerprints(text).model_dump(),
        }
        (folder / f"{key}.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    return folder
