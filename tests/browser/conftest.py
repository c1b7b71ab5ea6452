"""Pytest fixtures for the browser suite: one real chat server per module, one Chromium per module."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from config import Settings
from testkit.chainlit_server import ChainlitServer
from testkit.fake_llm import FakeLLM
from testkit.fake_posters import FakePosterAPI, KnownTitle
from tests.browser.chromium import chromium, screenshot

LLM_VARS = ("CINECHAT_LLM_BASE_URL", "OPENAI_BASE_URL", "OPENAI_API_KEY", "CINECHAT_OPENAI_API_KEY")
AUTH_VARS = ("CINECHAT_USERS", "CINECHAT_AUTH_HEADER", "CHAINLIT_AUTH_SECRET", "CINECHAT_DATABASE_URL")
POSTER_VARS = ("CINECHAT_TMDB_API_KEY", "CINECHAT_OMDB_API_KEY")  # a developer's real keys stay out of tests


def server_env(data_dir: Path, llm: FakeLLM | None, scratch: Path, **extra: str) -> dict[str, str | None]:
    """The chat server's environment: the fixture index, the fake LLM (or none: offline), no sign-in
    unless `extra` says so. None removes a variable the developer's shell may have set."""
    env: dict[str, str | None] = {name: None for name in LLM_VARS + AUTH_VARS + POSTER_VARS}
    env |= {
        "CINECHAT_DATA_DIR": str(data_dir),
        "CINECHAT_LLM_CACHE_PATH": str(scratch / "llm_cache.db"),  # a fresh LLM cache per server
        "CINECHAT_OFFLINE": "false",
    }
    if llm is not None:
        env |= {"CINECHAT_LLM_BASE_URL": llm.base_url, "OPENAI_API_KEY": "sk-test-not-a-real-key"}
    return env | extra


def history_env(scratch: Path, **sign_in: str) -> dict[str, str]:
    """Chat history in a fresh SQLite file, with the sign-in given (`CINECHAT_USERS=...` or
    `CINECHAT_AUTH_HEADER=...`): history needs a signed-in user and a secret to sign its sessions."""
    return {
        "CHAINLIT_AUTH_SECRET": "test-secret-" + "x" * 52,
        "CINECHAT_DATABASE_URL": f"sqlite+aiosqlite:///{scratch}/history.db",
        **sign_in,
    }


@pytest.fixture(scope="module")
def chat_server(
    fixture_index, fixture_settings: Settings, fake_llm_server: FakeLLM, tmp_path_factory
) -> Iterator[ChainlitServer]:
    """The chat app on the fixture index (built by `fixture_index`) with the fake LLM."""
    scratch = tmp_path_factory.mktemp("chat-server")
    server = ChainlitServer("chat-server", server_env(fixture_settings.data_dir, fake_llm_server, scratch))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def poster_api(fixture_catalog) -> Iterator[FakePosterAPI]:
    """A fake TMDB/OMDb that knows every fixture title the catalog has no poster for."""
    titles, _ = fixture_catalog
    known = [KnownTitle(t.title, t.year, t.type == "TV Show", t.imdb_id, t.tmdb_id) for t in titles if not t.poster_url]
    api = FakePosterAPI(known=known).start()
    yield api
    api.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failed browser test, keep a screenshot of the page as it was (test-artifacts/FAILED-*.png)."""
    report = yield
    if report.when == "call" and report.failed and "page" in getattr(item, "funcargs", {}):
        with contextlib.suppress(Exception):  # the page may be gone; the test's own error is what matters
            screenshot(item.funcargs["page"], f"FAILED-{item.name}", full_page=True)
    return report
