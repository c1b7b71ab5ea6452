"""Give each chat server process its own folder for the files Chainlit writes per session.

Chainlit 2.12 writes every element it sends (each MovieCard, again at every streamed update) to
`<app folder>/.files/<session id>/`, creating only the last level, and a Chainlit process deletes the
whole `<app folder>/.files` when it stops (chainlit/server.py). With several chat processes started
from one folder (scale-out on one host, a rolling restart, a test run next to a dev server), one
process stopping made the others' cards fail mid-turn ("Sorry, something went wrong"), even between
writing a card's file and reading its size. So each process keeps these files in a folder of its own,
outside `.files`: `<tmp>/cinechat-chainlit-files/<pid>/`. Chainlit still removes each session's
folder when the session ends; the folders of processes that have stopped are removed when the next one
starts.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path


def files_root() -> Path:
    return Path(tempfile.gettempdir()) / "cinechat-chainlit-files"


def process_files_dir() -> Path:
    return files_root() / str(os.getpid())


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def remove_stale() -> int:
    """Delete the folders of chat processes that no longer run (a stop skips Chainlit's own clean-up)."""
    removed = 0
    for folder in files_root().glob("*"):
        if folder.is_dir() and folder.name.isdigit() and not _alive(int(folder.name)):
            with contextlib.suppress(OSError):
                shutil.rmtree(folder)
                removed += 1
    return removed


def install() -> Path:
    """Point Chainlit's session files at this process's own folder (created now)."""
    import chainlit.config

    folder = process_files_dir()
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale()
    # WebsocketSession.files_dir reads chainlit.config.FILES_DIRECTORY at each call: this takes effect.
    chainlit.config.FILES_DIRECTORY = folder
    return folder


def ensure() -> None:
    """Recreate the folder if something removed it (a tmp cleaner): a card must never fail for it."""
    import chainlit.config

    Path(chainlit.config.FILES_DIRECTORY).mkdir(parents=True, exist_ok=True)
