"""A few conversations at once against one real chat server: no errors and no cross-talk (each session's
answers fit its own seed and decade; see testkit/chat_load.py). Not timed: benchmarks/load_test.py
measures latency with 20 sessions.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from config import Settings
from testkit.chat_load import run_load
from testkit.chat_servers import chat_env, our_tracebacks, start_chat_server
from testkit.fake_llm import FakeLLM
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
    assert our_tracebacks(server.log_text()) == []


def test_chainlit_messages_no_longer_block_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chainlit sleeps 1 ms, blocking, in every Message/Step it creates; ui/nonblocking.py skips that pause
    (the measured effect under load is in benchmarks/load_test.py --compare-blocking-sleep)."""
    import importlib
    import time

    from ui import nonblocking

    # importlib, not attribute access: the chainlit package has names that shadow its submodules
    message_module = importlib.import_module("chainlit.message")
    step_module = importlib.import_module("chainlit.step")

    monkeypatch.delenv("CINECHAT_CHAINLIT_BLOCKING_SLEEP", raising=False)
    for name in nonblocking.PATCHED_MODULES:  # undo the patch after this test, whatever installed it
        monkeypatch.setattr(importlib.import_module(name), "time", time)
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    assert nonblocking.install() == ["chainlit.message", "chainlit.step"]
    message_module.time.sleep(0.001)  # what Message.__init__ does
    step_module.time.sleep(0.001)  # what Step.__init__ does
    assert slept == []
    message_module.time.sleep(0.5)  # a real pause still pauses
    assert slept == [0.5]
    assert message_module.time.time() > 0  # everything else is the time module
