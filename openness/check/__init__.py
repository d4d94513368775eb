"""`openness check`: the pre-publication checklist of a release folder.

publisher: the publisher's openness.yaml (schema, loading, declared findings); template: the
commented openness.yaml `openness init` writes; hygiene: card checks; linkcheck: link reachability;
checklist: the checklist built from the verdict; report: the check report model.
"""
