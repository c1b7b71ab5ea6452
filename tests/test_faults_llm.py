"""The language model failing, through both doors: the turn falls back to offline ranking, says so, and
the conversation goes on (the next turn, with the model back, is AI-ranked and keeps the context).

Faults (testkit/faulty_llm.py): the server down (connection refused), HTTP 500, a 401, hanging past the
timeout, and garbage in three forms (random bytes as the event stream, truncated JSON, chatty prose).
Plus a corrupted LLM cache file: the turn still works.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from config import Settings
from testkit.chainlit_server import ChainlitServer
from testkit.chat_servers import chat_env, our_tracebacks, start_chat_server
from testkit.chat_socket import ChatClient, Turn
from testkit.cli_runner import run_cli
from testkit.faulty_llm import FAULTS, TIMEOUT_S, SwitchableLLM
from testkit.hostile_inputs import check_picks_in_catalog
from vectorstore.index import TitleIndex


@pytest.fixture(scope="module")
def chat_server(
    fixture_index: TitleIndex, fixture_settings: Settings, switchable_llm: SwitchableLLM, tmp_path_factory
) -> Iterator[ChainlitServer]:
    scratch = tmp_path_factory.mktemp("faults-switchable_llm")
    env = chat_env(fixture_settings.data_dir, scratch, switchable_llm.base_url, CINECHAT_LLM_TIMEOUT_S=TIMEOUT_S)
    server = start_chat_server("faults-switchable_llm", env)
    yield server
    server.stop()


@pytest.fixture
def chat_url(chat_server: ChainlitServer) -> str:
    return chat_server.url


def assert_offline_fallback(picks: list[dict], text: str, says: str, catalog: dict) -> None:
    check_picks_in_catalog(picks, catalog)
    assert len(picks) == 5
    assert all(p["explanation"].strip() for p in picks)
    assert "ranked offline" in text and says in text, text


@pytest.mark.parametrize("fault", list(FAULTS))
def test_chat_falls_back_offline_and_the_conversation_goes_on(
    fault: str, chat_url: str, switchable_llm: SwitchableLLM, fixture_index: TitleIndex
) -> None:
    request, says = FAULTS[fault]

    async def conversation() -> tuple[Turn, Turn]:
        async with ChatClient(chat_url) as chat:
            switchable_llm.set(fault)
            failed = await chat.ask(request)
            switchable_llm.set("happy")
            return failed, await chat.ask("only from the 90s")

    failed, after = asyncio.run(conversation())
    assert failed.errors == [], failed.errors
    assert "Offline mode" in failed.footer, failed.assistant_texts
    assert_offline_fallback(failed.picks, failed.footer, says, fixture_index.catalog)
    # The model is back: the follow-up keeps the seed and the new decade, and is AI-ranked again.
    assert after.errors == [] and "AI-ranked" in after.footer, after.assistant_texts
    assert len(after.picks) == 5 and all(1990 <= p["year"] <= 1999 for p in after.picks)
    seed = request.removeprefix("something like ")
    assert any(seed in s for s in after.step_texts), "the follow-up still searches near the same title"


def test_chat_survives_garbage_bytes_in_the_llm_cache(
    chat_server: ChainlitServer, switchable_llm: SwitchableLLM, fixture_index: TitleIndex
) -> None:
    cache = Path(chat_server.env["CINECHAT_LLM_CACHE_PATH"])

    async def conversation() -> list[Turn]:
        async with ChatClient(chat_server.url) as chat:
            switchable_llm.set("happy")
            turns = [await chat.ask("something like Interstellar")]  # answered by the model, then cached
            cache.write_bytes(os.urandom(8192))  # the cache file turns to garbage under the running server
            turns.append(await chat.ask("something like Interstellar"))  # the same request: a cache lookup
            turns.append(await chat.ask("something like The Martian"))
            return turns

    for turn in asyncio.run(conversation()):
        assert turn.errors == [] and "AI-ranked" in turn.footer, turn.assistant_texts
        check_picks_in_catalog(turn.picks, fixture_index.catalog)
        assert len(turn.picks) == 5
    assert our_tracebacks(chat_server.log_text()) == []


# --- the terminal door ------------------------------------------------------------------------------
def cli(args: list[str], settings: Settings, llm_url: str, cache: Path) -> subprocess.CompletedProcess:
    env = {
        "CINECHAT_DATA_DIR": str(settings.data_dir),
        "CINECHAT_LLM_CACHE_PATH": str(cache),
        "CINECHAT_LLM_BASE_URL": llm_url,
        "OPENAI_API_KEY": "sk-test-faults",
        "CINECHAT_LLM_TIMEOUT_S": TIMEOUT_S,
    }
    return run_cli("recommend", *args, "--json", env=env)


def test_cli_falls_back_offline_and_says_why_for_every_fault(
    switchable_llm: SwitchableLLM, fixture_settings: Settings, fixture_index: TitleIndex, tmp_path: Path
) -> None:
    """One batch, one request per fault: the fake answers each request with its own fault."""
    served = [f for f in FAULTS if f != "down"]
    batch = tmp_path / "faults.txt"
    batch.write_text("\n".join(FAULTS[f][0] for f in served) + "\n")
    switchable_llm.set("by_request")
    done = cli(["--batch", str(batch)], fixture_settings, switchable_llm.base_url, tmp_path / "llm.db")
    switchable_llm.set("happy")
    assert done.returncode == 0, done.stderr[-3000:]
    assert our_tracebacks(done.stderr) == []
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(answers) == len(served)
    for fault, out in zip(served, answers, strict=True):
        assert out["mode"] == "offline", fault
        assert_offline_fallback(out["picks"], " ".join(out["notes"]), FAULTS[fault][1], fixture_index.catalog)


def test_cli_falls_back_offline_when_the_llm_server_is_down(
    switchable_llm: SwitchableLLM, fixture_settings: Settings, fixture_index: TitleIndex, tmp_path: Path
) -> None:
    request, says = FAULTS["down"]
    switchable_llm.set("down")
    try:
        done = cli([request], fixture_settings, switchable_llm.base_url, tmp_path / "llm.db")
    finally:
        switchable_llm.set("happy")
    assert done.returncode == 0 and our_tracebacks(done.stderr) == [], done.stderr[-3000:]
    out = json.loads(done.stdout)
    assert out["mode"] == "offline"
    assert_offline_fallback(out["picks"], " ".join(out["notes"]), says, fixture_index.catalog)


def test_cli_survives_garbage_bytes_in_the_llm_cache(
    switchable_llm: SwitchableLLM, fixture_settings: Settings, fixture_index: TitleIndex, tmp_path: Path
) -> None:
    """The first run's answer is cached; then the cache file turns to garbage and the next run asks again."""
    cache = tmp_path / "llm.db"
    switchable_llm.set("happy")
    first = cli(["something like Gravity"], fixture_settings, switchable_llm.base_url, cache)
    assert first.returncode == 0 and cache.stat().st_size > 0  # an answer was cached
    calls = switchable_llm.up().rerank_request_count
    cache.write_bytes(os.urandom(4096))
    again = cli(["something like Gravity"], fixture_settings, switchable_llm.base_url, cache)
    assert again.returncode == 0, again.stderr[-3000:]
    assert our_tracebacks(again.stderr) == []
    out = json.loads(again.stdout)
    assert out["mode"] == "llm" and len(out["picks"]) == 5
    check_picks_in_catalog(out["picks"], fixture_index.catalog)
    # The unreadable cache was skipped: the model was asked to rank again.
    assert switchable_llm.up().rerank_request_count == calls + 1
