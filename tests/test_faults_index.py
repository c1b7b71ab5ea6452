"""The index missing or built by an older version, through both doors: a clear message that names the
command that fixes it (`python cli.py build`), no traceback, and in the chat, once the index is back,
the next message works without restarting the server.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from config import Settings
from testkit.chat_servers import chat_env, our_tracebacks, start_chat_server
from testkit.chat_socket import ChatClient, Turn
from testkit.cli_runner import run_cli
from vectorstore.index import BUILD_COMMAND, TitleIndex


@pytest.fixture
def data_copy(fixture_index: TitleIndex, fixture_settings: Settings, tmp_path: Path) -> Path:
    """A private copy of the built fixture index, free to break."""
    copy = tmp_path / "build"
    shutil.copytree(fixture_settings.data_dir, copy, ignore=shutil.ignore_patterns("*.db"))
    return copy


def break_index(data_dir: Path, how: str) -> None:
    manifest = data_dir / "manifest.json"
    if how == "missing":
        manifest.unlink()
    elif how == "older schema":
        values = json.loads(manifest.read_text())
        values["schema_version"] -= 1  # what an index built by the previous release looks like
        manifest.write_text(json.dumps(values))
    elif how == "no data dir":
        shutil.rmtree(data_dir)


def cli(data_dir: Path) -> subprocess.CompletedProcess:
    return run_cli("recommend", "something like Toy Story", env={"CINECHAT_DATA_DIR": str(data_dir)})


@pytest.mark.parametrize(
    ("how", "says"),
    [("missing", "No index"), ("no data dir", "No index"), ("older schema", "built by another version")],
)
def test_cli_names_the_command_that_fixes_the_index(data_copy: Path, how: str, says: str) -> None:
    break_index(data_copy, how)
    done = cli(data_copy)
    assert done.returncode == 1
    assert done.stdout == ""
    assert says in done.stderr and BUILD_COMMAND in done.stderr, done.stderr
    assert our_tracebacks(done.stderr) == []


def test_chat_names_the_fix_and_recovers_without_a_restart(data_copy: Path, tmp_path: Path) -> None:
    manifest = (data_copy / "manifest.json").read_text()
    break_index(data_copy, "missing")
    server = start_chat_server("faults-index", chat_env(data_copy, tmp_path))
    try:

        async def conversation() -> list[Turn]:
            async with ChatClient(server.url) as chat:
                missing = await chat.ask("something like Toy Story")
                (data_copy / "manifest.json").write_text(manifest)
                break_index(data_copy, "older schema")
                outdated = await chat.ask("something like Toy Story")
                (data_copy / "manifest.json").write_text(manifest)  # rebuilt, as the message said
                return [missing, outdated, await chat.ask("something like Toy Story")]

        missing, outdated, fixed = asyncio.run(conversation())
    finally:
        server.stop()
    for turn, says in ((missing, "isn't built yet"), (outdated, "out of date")):
        assert turn.picks == [] and turn.errors == []
        message = " ".join(turn.assistant_texts)
        assert says in message and BUILD_COMMAND in message, message
    assert len(fixed.picks) == 5 and fixed.errors == [] and fixed.failed_steps == [], fixed.assistant_texts
    assert our_tracebacks(server.log_text()) == []
