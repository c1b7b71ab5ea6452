"""Give each chat server process its own folder for the files Chainlit writes per session.

Chainlit 2.12 writes every element it sends (each MovieCard, again at every streamed update) to
`<app folder>/.files/<session id>/`, creating only the last level, and a Chainlit process deletes the
whole `<app folder>/.files` when it stops (chainlit/server.py). With several chat processes started
from one folder (scale-out on one host, a rolling restart, a test run next to a dev server), one
process stopping made the others' cards fail mid-turn ("Sorry, something went wrong"), even between
writing a card's file and reading its size. So each process keeps these files in a folder of its own,
outside `.files`: `<tmp>/cinechat-chainlit-files/<pid>/`. Chainlit still removes each session's
folder when the session ends.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def process_files_dir() -> Path:
    return Path(tempfile.gettempdir()) / "cinechat-chainlit-files" / str(os.getpid())


def install() -> Path:
    """Point Chainlit's session files at this process's own folder (created now)."""
    import chainlit.config

    folder = process_files_dir()
    folder.mkdir(parents=True, exist_ok=True)
    # WebsocketSession.files_dir reads chainlit.config.FILES_DIRECTORY at each call: this takes effect.
    chainlit.config.FILES_DIRECTORY = folder
    return folder


def ensure() -> None:
    """Recreate the folder if something removed it (a tmp cleaner): a card must never fail for it."""
    import chainlit.config

    Path(chainlit.config.FILES_DIRECTORY).mkdir(parents=True, exist_ok=True)
