"""Chat history through Chainlit's SQLAlchemy data layer (our subclass) on a real database: a SQLite
file (the default), and PostgreSQL when its server binaries are on this machine (a throwaway cluster
is started for the module; the test is skipped, saying why, where they are not)."""

import asyncio
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import chainlit as cl
import pytest
from chainlit.context import init_http_context
from chainlit.types import Pagination, ThreadFilter

from config import Settings
from ui.history import HistoryDataLayer, ensure_schema, history_url
from ui.session import STATE_KEY

PG_BIN = Path(os.environ.get("CINECHAT_PG_BIN", "/usr/lib/postgresql/15/bin"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL cluster (initdb + pg_ctl), trust auth on 127.0.0.1 only."""
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"no PostgreSQL server binaries in {PG_BIN} (set CINECHAT_PG_BIN)")
    # not under pytest's tmp dir: that one is private to this user, and the server may run as another
    root = Path(tempfile.mkdtemp(prefix="cinechat-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser: can't start PostgreSQL as another user")
        shutil.chown(root, "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    data, port = root / "data", _free_port()
    subprocess.run(
        [*run_as, str(PG_BIN / "initdb"), "-D", str(data), "--auth=trust", "-U", "postgres"],
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1"
    subprocess.run(
        [*run_as, str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+asyncpg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*run_as, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path}/history.db"
    return request.getfixturevalue("postgres_url")


def test_default_history_is_a_sqlite_file_in_the_data_dir(tmp_path):
    assert history_url(Settings(data_dir=tmp_path)) == f"sqlite+aiosqlite:///{tmp_path.resolve()}/chat_history.db"
    assert history_url(Settings(data_dir=tmp_path, database_url="postgresql+asyncpg://u:p@db/cine")).startswith(
        "postgresql+asyncpg://"
    )


def test_threads_steps_cards_and_state_survive_a_new_data_layer(database_url):
    url = database_url

    async def write() -> tuple[str, str]:
        await ensure_schema(url)
        await ensure_schema(url)  # idempotent: every start runs it
        layer = HistoryDataLayer(url)
        user = await layer.create_user(cl.User(identifier="alice"))
        thread_id = str(uuid.uuid4())
        init_http_context(thread_id=thread_id, user=user)
        await layer.update_thread(
            thread_id,
            name="something like toy story",
            user_id=user.id,
            metadata={STATE_KEY: {"shown_ids": ["m-toy-story-2-1999"]}},
        )
        opening = cl.Message(content="Here are five picks.")
        opening.thread_id = thread_id
        await layer.create_step(opening.to_dict())
        card = cl.CustomElement(
            name="MovieCard",
            props={"title": "<img src=x onerror=alert(1)>", "explanation": "Same toys.", "rank": 1},
            for_id=opening.id,
            thread_id=thread_id,
        )
        await layer.create_element(card)
        card.props["explanation"] = "Same toys, bigger world."  # final props overwrite streaming ones
        await layer.create_element(card)
        # a later metadata write merges, it doesn't wipe the state
        await layer.update_thread(thread_id, metadata={"chat_settings": {"picks": 3}})
        await layer.close()
        return thread_id, user.id

    async def read(thread_id: str, user_id: str):
        layer = HistoryDataLayer(url)  # a fresh engine, as after a server restart
        thread = await layer.get_thread(thread_id)
        listed = await layer.list_threads(Pagination(first=10), ThreadFilter(userId=user_id))
        await layer.close()
        return thread, listed

    thread_id, user_id = asyncio.run(write())
    thread, listed = asyncio.run(read(thread_id, user_id))

    assert thread["userIdentifier"] == "alice"
    assert thread["metadata"][STATE_KEY] == {"shown_ids": ["m-toy-story-2-1999"]}
    assert thread["metadata"]["chat_settings"] == {"picks": 3}
    assert [s["output"] for s in thread["steps"]] == ["Here are five picks."]
    assert isinstance(thread["steps"][0]["metadata"], dict)
    [element] = thread["elements"]
    assert element["name"] == "MovieCard" and element["type"] == "custom"
    assert element["props"] == {
        "title": "<img src=x onerror=alert(1)>",
        "explanation": "Same toys, bigger world.",
        "rank": 1,
    }
    assert [t["id"] for t in listed.data] == [thread_id]
