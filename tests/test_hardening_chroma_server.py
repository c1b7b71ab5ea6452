"""Scale-out: the same code against a real Chroma server (`chroma run`, from the chromadb wheel) instead
of the embedded store, chosen only by CINECHAT_CHROMA_HOST / CINECHAT_CHROMA_PORT.

The fixture catalog is built into the server once for this module, and then:
- every retrieval test of tests/test_index_search.py runs again here, against the server (they are
  imported below; this module's `fixture_index` overrides the embedded one),
- the engine answers through it, and a real chat server started with only the two variables set
  holds a conversation through it,
- the Chroma server going away gives a clear message naming what to do, in the CLI and in the chat.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from catalog.build import BuildReport
from catalog.models import Title
from chains.engine import Recommender
from config import REPO_ROOT, Settings
from testkit.chat_servers import chat_env, our_tracebacks, start_chat_server
from testkit.chat_socket import ChatClient
from testkit.chroma_server import ChromaServer, ChromaUnavailable
from testkit.cli_runner import cli_env, run_cli
from tests.fixtures_index import index_settings
from tests.test_index_search import *  # noqa: F403  (the retrieval tests, collected again against the server)
from vectorstore.index import TitleIndex, build_index

pytestmark = pytest.mark.chroma_server


@pytest.fixture(scope="module")
def chroma(tmp_path_factory) -> Iterator[ChromaServer]:
    try:
        server = ChromaServer(tmp_path_factory.mktemp("chroma") / "data").start()
    except ChromaUnavailable as exc:
        pytest.skip(str(exc))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def server_settings(
    chroma: ChromaServer, tmp_path_factory, fixture_raw_dir: Path, fixture_catalog: tuple[list[Title], BuildReport]
) -> Settings:
    """The fixture catalog built into the Chroma server: only chroma_host/chroma_port differ from embedded."""
    settings = index_settings(
        tmp_path_factory.mktemp("server-build"), fixture_raw_dir, chroma_host="127.0.0.1", chroma_port=chroma.port
    )
    build_index(fixture_catalog[0], settings, progress=False)
    return settings


@pytest.fixture(scope="module")
def fixture_index(server_settings: Settings) -> TitleIndex:  # overrides the embedded index for this module
    index = TitleIndex.open(server_settings)
    assert not server_settings.chroma_path.exists()  # no embedded store was created on the way
    return index


def test_the_index_lives_on_the_server(fixture_index: TitleIndex, chroma: ChromaServer) -> None:
    assert fixture_index.manifest.chroma == chroma.url
    collections = httpx.get(
        f"{chroma.url}/api/v2/tenants/default_tenant/databases/default_database/collections", timeout=5
    ).json()
    assert [c["name"] for c in collections] == ["titles"]
    assert fixture_index.collection.count() == len(fixture_index.catalog)


def test_the_engine_answers_through_the_server(fixture_index: TitleIndex, server_settings: Settings) -> None:
    recommender = Recommender(fixture_index, server_settings.model_copy(update={"offline": True}))
    try:
        rec = recommender.recommend("something like Toy Story, only from the 90s")
    finally:
        recommender.close()
    assert len(rec.picks) == 5 and all(1990 <= p.year <= 1999 for p in rec.picks)
    assert "m-toy-story-1995" not in [p.id for p in rec.picks]


def cli(settings: Settings) -> subprocess.CompletedProcess:
    return run_cli("recommend", "something like Alien", "--json", env=_chroma_vars(settings))


def _chroma_chat_env(settings: Settings, scratch: Path) -> dict[str, str | None]:
    """A chat server's environment pointing at the test's Chroma server."""
    return chat_env(
        settings.data_dir,
        scratch,
        CINECHAT_CHROMA_HOST=settings.chroma_host,
        CINECHAT_CHROMA_PORT=str(settings.chroma_port),
    )


def _chroma_vars(settings: Settings) -> dict[str, str]:
    return {
        "CINECHAT_DATA_DIR": str(settings.data_dir),
        "CINECHAT_CHROMA_HOST": settings.chroma_host,
        "CINECHAT_CHROMA_PORT": str(settings.chroma_port),
    }


def test_a_chat_server_and_the_cli_use_the_chroma_server_from_two_variables(
    server_settings: Settings, fixture_index: TitleIndex, chroma: ChromaServer, tmp_path: Path
) -> None:
    done = cli(server_settings)
    assert done.returncode == 0, done.stderr[-2000:]
    assert '"picks": [{' in done.stdout
    env = _chroma_chat_env(server_settings, tmp_path)
    server = start_chat_server("chroma-server-chat", env)
    try:

        async def conversation() -> list:
            async with ChatClient(server.url) as chat:
                return [await chat.ask("something like Toy Story"), await chat.ask("only from the 90s")]

        first, second = asyncio.run(conversation())
    finally:
        server.stop()
    assert len(first.picks) == 5 and first.errors == []
    assert len(second.picks) == 5 and all(1990 <= p["year"] <= 1999 for p in second.picks)
    assert all(p["id"] in fixture_index.catalog for p in first.picks + second.picks)


def test_the_chroma_server_going_away_is_a_clear_message(
    server_settings: Settings, chroma: ChromaServer, tmp_path: Path
) -> None:
    """Down before start (CLI) and down mid-conversation (chat): each says what is wrong, nothing crashes."""
    env = _chroma_chat_env(server_settings, tmp_path)
    chat_server = start_chat_server("chroma-server-down", env)
    try:
        # The index answers a narrow search (a filter, or titles to exclude) from its local vector
        # cache; an open free-text search goes to Chroma's HNSW, which is what is gone here.
        async def conversation() -> list:
            async with ChatClient(chat_server.url) as chat:
                before = await chat.ask("something like Toy Story")
            chroma.stop()
            async with ChatClient(chat_server.url) as chat:
                during = await chat.ask("a story about grief and friendship")
            return [before, during]

        before, during = asyncio.run(conversation())
        down_cli = cli(server_settings)
    finally:
        chat_server.stop()
        chroma.start()  # later tests in this module (and the imported ones) need it back
    assert len(before.picks) == 5
    said = " ".join(during.assistant_texts)
    assert during.picks == [] and "Chroma" in said and "went wrong" not in said, said
    assert down_cli.returncode == 1 and our_tracebacks(down_cli.stderr) == []
    assert "Cannot reach the Chroma server" in down_cli.stderr and "chroma run" in down_cli.stderr


def test_the_cli_stops_with_a_clear_message_when_the_chroma_server_dies_mid_batch(
    server_settings: Settings, chroma: ChromaServer, tmp_path: Path
) -> None:
    batch = tmp_path / "many.txt"
    # Open free-text requests: each needs Chroma's HNSW (narrow ones are answered from the local vectors).
    topics = ["grief", "revenge", "friendship", "a long journey", "first love", "a small town", "betrayal"]
    batch.write_text("\n".join(f"a story about {t}, take {n}" for n in range(43) for t in topics) + "\n")
    env = cli_env(_chroma_vars(server_settings))
    process = subprocess.Popen(
        [sys.executable, "cli.py", "recommend", "--batch", str(batch), "--json", "--offline"],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None and process.stdout.readline().startswith("{")  # answering
        chroma.stop()
        rest, stderr = process.communicate(timeout=300)
    finally:
        if process.poll() is None:
            process.kill()
        chroma.start()
    assert process.returncode == 1, stderr[-2000:]
    assert len(rest.splitlines()) < 299, "the server went away mid-batch"
    assert "Lost the Chroma server" in stderr and our_tracebacks(stderr) == [], stderr[-2000:]
