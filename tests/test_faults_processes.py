"""Several chat server processes started from one folder (scale-out on one host, a rolling restart):
what one of them does to the shared folder must not break the others.

Chainlit writes every card under `<app folder>/.files/<session>/` (creating only the last level), and a
Chainlit process deletes the whole `.files` folder when it shuts down (chainlit/server.py lifespan).
So each CineChat process keeps those files in its own folder (ui/session_files.py). The test removes
the shared `.files` between two turns, as a sibling's shutdown does, and the next answer must still
arrive whole.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from config import REPO_ROOT, Settings
from testkit.chat_servers import chat_env, our_tracebacks, start_chat_server
from testkit.chat_socket import ChatClient
from vectorstore.index import TitleIndex


def test_the_files_folder_vanishing_between_turns_does_not_break_the_next_answer(
    fixture_index: TitleIndex, fixture_settings: Settings, tmp_path: Path
) -> None:
    server = start_chat_server("faults-files-folder", chat_env(fixture_settings.data_dir, tmp_path))
    shared = Path(server.env.get("CHAINLIT_APP_ROOT", REPO_ROOT)) / ".files"
    own = Path(tempfile.gettempdir()) / "cinechat-chainlit-files" / str(server.process.pid)
    try:

        async def conversation() -> list:
            async with ChatClient(server.url) as chat:
                first = await chat.ask("something like Toy Story")
                assert any(own.glob(f"{chat.session_id}/*.json")), "the cards went to the process's own folder"
                shutil.rmtree(shared, ignore_errors=True)  # what a sibling sharing the folder does when it stops
                second = await chat.ask("only from the 90s")
                return [first, second]

        first, second = asyncio.run(conversation())
    finally:
        server.stop()
    for turn in (first, second):
        assert turn.errors == [] and len(turn.picks) == 5, turn.assistant_texts
        assert not any("went wrong" in t for t in turn.assistant_texts), turn.assistant_texts
    assert all(1990 <= p["year"] <= 1999 for p in second.picks)
    assert our_tracebacks(server.log_text()) == []


def test_folders_of_stopped_processes_are_removed_at_the_next_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import session_files

    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()  # exited and reaped: its pid names a stopped process
    dead = session_files.files_root() / str(child.pid)
    live = session_files.files_root() / str(os.getpid())
    for folder in (dead, live):
        (folder / "a-session").mkdir(parents=True)
    assert session_files.remove_stale() == 1
    assert not dead.exists() and live.exists()
