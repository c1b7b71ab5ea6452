"""A few conversations at once against one real chat server: no errors and no cross-talk (each session's
answers fit its own seed and decade; see tests/chat_load.py). Not timed: benchmarks/load_test.py
measures latency with 20 sessions.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from config import Settings
from tests.chat_load import run_load
from tests.chat_servers import chat_env, start_chat_server
from tests.fake_llm import FakeLLM
from vectorstore.index import TitleIndex


@pytest.fixture(scope="module")
def llm() -> Iterator[FakeLLM]:
    server = FakeLLM().start()
    server.behaviour = "slow"  # streamed in small steps, so the sessions' answers interleave
    server.slow_chunk_delay_s = 0.02
    yield server
    server.stop()


@pytest.mark.parametrize("mode", ["offline", "llm"])
def test_concurrent_conversations_stay_apart(
    mode: str, fixture_index: TitleIndex, fixture_settings: Settings, llm: FakeLLM, tmp_path
) -> None:
    llm_url = llm.base_url if mode == "llm" else None
    server = start_chat_server(f"hardening-load-{mode}", chat_env(fixture_settings.data_dir, tmp_path, llm_url))
    try:
        report = asyncio.run(run_load(server.url, sessions=4, turns=2, turn_timeout_s=120, deadline_s=300))
    finally:
        server.stop()
    assert report["turns_done"] == 8, report["errors"]
    assert report["errors"] == [] and report["crosstalk"] == [], report
    if mode == "llm":
        assert llm.request_count >= 8  # every turn was ranked by the (fake) model
    assert "Traceback" not in server.log_text()
