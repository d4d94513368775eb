"""The Hugging Face Hub source: models' metadata, card and license texts as `Snapshot`s.

This package is the only place that imports `huggingface_hub`, and only inside functions, so that
`openness --help` and offline audits never pay for it. See shared/reference/hub-client.md for the
client behaviour this relies on (why `endpoint=` and a timeout are always passed, why model_info
needs our own retry, which error class means what).

- settings: endpoint, offline mode, limits, keeping tokens out of messages;
- snapshot: pure functions from API metadata and file texts to a Snapshot;
- metadata: model_info with a bounded retry, errors mapped to one-line SourceErrors;
- files: one streamed, capped GET per text file, the commit-keyed cache of what was read;
- fetch: `fetch_snapshot`, one model (`openness audit`);
- bulk: `BulkHub`, many models from one listing request per page (`openness scan`).

Cost of one audit: 1 API request (model_info), then 1 resolver request per text file the first
time and none afterwards, because reads are pinned to the commit sha and cached.
"""

from openness.sources.hub.bulk import BulkHub
from openness.sources.hub.fetch import fetch_snapshot
from openness.sources.hub.files import cached_files, read_text_file, store_files
from openness.sources.hub.settings import (
    DEFAULT_ENDPOINT,
    EXPAND_FIELDS,
    MAX_LICENSE_BYTES,
    MAX_LICENSE_FILES,
    MAX_README_BYTES,
    MAX_RETRY_WAIT_SECONDS,
    PUBLISHER_FILE,
    README,
    display_endpoint,
    resolve_endpoint,
    resolve_offline,
)
from openness.sources.hub.snapshot import (
    base_models_from,
    decode_text,
    select_license_files,
    wanted_files,
    with_files,
)

__all__ = [
    "BulkHub",
    "DEFAULT_ENDPOINT",
    "EXPAND_FIELDS",
    "MAX_LICENSE_BYTES",
    "MAX_LICENSE_FILES",
    "MAX_README_BYTES",
    "MAX_RETRY_WAIT_SECONDS",
    "PUBLISHER_FILE",
    "README",
    "base_models_from",
    "cached_files",
    "decode_text",
    "display_endpoint",
    "fetch_snapshot",
    "read_text_file",
    "resolve_endpoint",
    "resolve_offline",
    "select_license_files",
    "store_files",
    "wanted_files",
    "with_files",
]
