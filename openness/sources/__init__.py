"""Sources: all I/O that turns a model reference into a `Snapshot`.

`hub` reads the Hugging Face Hub (the only package that imports huggingface_hub, lazily).
Import submodules directly (`from openness.sources.hub import fetch_snapshot`) so that offline
paths never load the Hub client.
"""
