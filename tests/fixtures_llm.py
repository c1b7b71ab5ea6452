"""Pytest fixtures for the engine's edges: a fake OpenAI-compatible server (reset for every test) and
settings that point the engine at it or keep it offline, on the shared fixture index."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from catalog.models import Title
from chains.engine import Recommender
from chains.models import ConversationState, Finished, Recommendation, TurnEvent
from config import Settings
from testkit.fake_llm import FakeLLM
from testkit.faulty_llm import SwitchableLLM
from vectorstore.index import TitleIndex

# A recognisable fake key: tests assert it never travels anywhere but the Authorization header.
TEST_API_KEY = "sk-test-cinechat-0123456789abcdef"


@pytest.fixture(scope="session")
def fake_llm_server() -> Iterator[FakeLLM]:
    server = FakeLLM().start()
    yield server
    server.stop()


@pytest.fixture
def fake_llm(fake_llm_server: FakeLLM) -> Iterator[FakeLLM]:
    """The session's fake server, back to 'happy' with empty request logs."""
    fake_llm_server.reset()
    yield fake_llm_server
    fake_llm_server.reset()


@pytest.fixture(scope="module")
def switchable_llm() -> Iterator[SwitchableLLM]:
    """A model server a test can take down, slow or break (testkit/faulty_llm.py); one per test module."""
    switch = SwitchableLLM()
    yield switch
    switch.up().stop()


@pytest.fixture
def engine_index(fixture_index: TitleIndex) -> TitleIndex:
    return fixture_index


@pytest.fixture
def offline_settings(fixture_settings: Settings) -> Settings:
    """The fixture index's settings with no model configured, whatever the environment says."""
    return fixture_settings.model_copy(update={"openai_api_key": None, "llm_base_url": None, "offline": False})


@pytest.fixture
def recommender(engine_index: TitleIndex, offline_settings: Settings) -> Iterator[Recommender]:
    """The engine on the fixture index, with no model."""
    rec = Recommender(engine_index, offline_settings)
    yield rec
    rec.close()


def catalog_record(index: TitleIndex, title: str, year: int) -> Title:
    """The fixture catalog's record of a title and year (StopIteration when absent: a broken fixture)."""
    return next(t for t in index.catalog.values() if t.title == title and t.year == year)


@pytest.fixture
def llm_settings(fixture_settings: Settings, fake_llm: FakeLLM, tmp_path: Path) -> Settings:
    """Settings aimed at the fake server, with a fresh answer cache per test."""
    return fixture_settings.model_copy(
        update={
            "llm_base_url": fake_llm.base_url,
            "openai_api_key": SecretStr(TEST_API_KEY),
            "offline": False,
            "llm_timeout_s": 2.0,
            "llm_cache_path": tmp_path / "llm_cache.db",
            "llm_rewrite_queries": False,
            # The re-rank's own tests see exactly its one call; tests/test_engine_proposals.py turns it on.
            "llm_propose_titles": False,
        }
    )


def run_turn(
    recommender: Recommender, message: str, state: ConversationState | None = None, **kwargs: Any
) -> list[TurnEvent]:
    """Every event of one streamed turn, collected on a fresh event loop."""
    state = state if state is not None else ConversationState()

    async def collect() -> list[TurnEvent]:
        return [event async for event in recommender.astream_turn(message, state, **kwargs)]

    return asyncio.run(collect())


def finished(events: list[TurnEvent]) -> Recommendation:
    assert isinstance(events[-1], Finished), "a turn always ends with Finished"
    return events[-1].recommendation
