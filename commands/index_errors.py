"""The one wording, on stderr, of "the index cannot serve yet" for the subcommands that need a built index."""

from __future__ import annotations

from vectorstore.errors import BUILD_COMMAND, IndexNotReadyError


def index_not_ready(exc: IndexNotReadyError) -> str:
    """The error text for stderr; it always names the command that builds the index."""
    message = str(exc)
    if BUILD_COMMAND not in message:
        message += f"\nBuild the index first: {BUILD_COMMAND}"
    return f"error: {message}"
