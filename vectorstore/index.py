"""The vector index of the catalog, in one import:

    from vectorstore.index import TitleIndex, Hit, IndexMissingError, IndexOutdatedError, build_index
    stats = build_index(titles, settings, progress=True)   # incremental, see builder.py
    index = TitleIndex.open(settings)                      # see searcher.py
    hits = index.search("a slow-burn sci-fi about grief", k=10, filters=SearchFilters(year_max=1999))

How each step works: builder.py (building), searcher.py (opening and searching), manifest.py (identity).
"""

from vectorstore.builder import build_index
from vectorstore.errors import (
    BUILD_COMMAND,
    IndexMissingError,
    IndexNotReadyError,
    IndexOutdatedError,
    IndexUnavailableError,
)
from vectorstore.manifest import BuildStats, Manifest, read_manifest
from vectorstore.searcher import Hit, TitleIndex

__all__ = [
    "BUILD_COMMAND",
    "BuildStats",
    "Hit",
    "IndexMissingError",
    "IndexNotReadyError",
    "IndexOutdatedError",
    "IndexUnavailableError",
    "Manifest",
    "TitleIndex",
    "build_index",
    "read_manifest",
]
