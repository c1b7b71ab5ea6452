"""Pytest fixtures for the LLM edge: a fake OpenAI-compatible server, reset for every test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fake_llm import FakeLLM


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
