"""The license axis: catalogue of AI-model licenses, identification, clause extraction, assessment.

Import from the submodules (catalogue, identify, clauses, assess); this package imports nothing at
load time so that `openness --help` stays fast.
"""
