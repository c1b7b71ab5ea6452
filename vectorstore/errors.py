"""Why an index cannot be opened, each saying the command that fixes it."""

from __future__ import annotations

BUILD_COMMAND = "python cli.py build"


class IndexNotReadyError(RuntimeError):
    """Base: the index cannot serve searches yet."""


class IndexMissingError(IndexNotReadyError):
    """No index (or no catalog, or no collection) where the settings point."""


class IndexOutdatedError(IndexNotReadyError):
    """An index exists but was built by another model/schema, or its last build did not finish."""


class IndexUnavailableError(IndexNotReadyError):
    """The configured Chroma server cannot be reached."""
