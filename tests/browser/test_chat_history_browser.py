"""Sign-in, chat history across a server restart (SQLite), and the missing-index message.

A signed-in user's thread is written to SQLite as it happens; after the server process is
replaced, the thread opens from the history sidebar with its cards, and a follow-up that needs
the previous answer ("more like the second one") still works.
"""

from __future__ import annotations

import pytest

from testkit.chainlit_server import ChainlitServer
from tests.browser.chat_page import cards, open_chat, send, wait_ready, wait_turn_done
from tests.browser.chromium import screenshot
from tests.browser.conftest import history_env, server_env

pytestmark = pytest.mark.browser

USER, PASSWORD = "alice@example.com", "wonderland"


@pytest.fixture(scope="module")
def history_server(fixture_index, fixture_settings, fake_llm_server, tmp_path_factory):
    scratch = tmp_path_factory.mktemp("history-server")
    env = server_env(
        fixture_settings.data_dir,
        fake_llm_server,
        scratch,
        **history_env(scratch, CINECHAT_USERS=f"{USER}:{PASSWORD},bob@example.com:builder"),
    )
    server = ChainlitServer("chat-history-server", env).start()
    yield server
    server.stop()


def sign_in(page, url: str, user: str = USER, password: str = PASSWORD) -> None:
    page.goto(url)
    page.fill("#email", user)
    page.fill("#password", password)
    page.get_by_role("button", name="Sign In").click()


def test_wrong_password_is_refused(history_server, page):
    sign_in(page, history_server.url, password="not-it")
    page.get_by_text("Unable to sign in").wait_for()
    assert page.locator("#chat-input").count() == 0


def test_thread_survives_a_server_restart_and_follow_ups_still_work(history_server, page, fake_llm):
    sign_in(page, history_server.url)
    wait_ready(page)
    send(page, "something like Toy Story")
    wait_turn_done(page, 1)
    before = cards(page, turn=1)
    assert len(before) == 5

    # Leave the page first: while the server is down its client redirects to /login on its own, and that
    # navigation raced the goto below ("interrupted by another navigation").
    page.goto("about:blank")
    history_server.restart()  # a new process: nothing survives but the database

    page.goto(history_server.url)  # the sign-in cookie is still valid (same secret)
    wait_ready(page)
    sidebar_open = page.evaluate(
        "(() => { const h = document.querySelector('#thread-history');"
        " return !!h && h.getBoundingClientRect().right > 0 })()"
    )
    if not sidebar_open:  # the sidebar starts closed (config.toml: default_sidebar_state)
        page.locator("#header #sidebar-trigger-button").click()
    screenshot(page, "13a-history-sidebar")
    page.locator("#thread-history li a").filter(has_text="something like Toy Story").first.click()
    page.wait_for_selector('[data-testid=movie-card][data-turn="1"]')
    resumed = cards(page, turn=1)
    assert [(c["id"], c["title"], c["explanation"]) for c in resumed] == [
        (c["id"], c["title"], c["explanation"]) for c in before
    ]
    screenshot(page, "13-history-resumed")

    send(page, "more like the second one")
    wait_turn_done(page, 2)
    after = cards(page, turn=2)  # numbered 2: the conversation state came back with the thread
    assert len(after) == 5
    assert before[1]["id"] not in {c["id"] for c in after}
    page.locator("#step-Understanding").last.click()
    assert page.locator(".ai-message").filter(has_text=f"Titles like {before[1]['title']}").count() >= 1
    screenshot(page, "14-history-follow-up")


def test_missing_index_names_the_build_command(fake_llm_server, page, tmp_path):
    server = ChainlitServer("chat-no-index-server", server_env(tmp_path / "empty", None, tmp_path)).start()
    try:
        open_chat(page, server.url)
        send(page, "something like Toy Story")
        page.get_by_text("python cli.py build").wait_for(timeout=60_000)
        assert page.locator("[data-testid=movie-card]").count() == 0
        screenshot(page, "15-index-missing")
        # the session goes on: another message gets the same clear answer, not an error
        send(page, "something like Arrival")
        page.wait_for_function(
            "document.querySelectorAll('.ai-message').length && "
            "[...document.querySelectorAll('.ai-message')].filter(e => e.textContent.includes('python cli.py build'))"
            ".length >= 2"
        )
    finally:
        server.stop()


def test_header_sign_in_behind_a_trusted_proxy(fixture_index, fixture_settings, browser, tmp_path):
    env = server_env(
        fixture_settings.data_dir,
        None,
        tmp_path,
        **history_env(tmp_path, CINECHAT_AUTH_HEADER="X-Forwarded-User"),
    )
    server = ChainlitServer("chat-header-auth-server", env).start()
    try:
        # what the proxy adds after it has authenticated the person
        proxied = browser.new_context(extra_http_headers={"X-Forwarded-User": "carol@example.com"})
        page = proxied.new_page()
        open_chat(page, server.url)  # no sign-in form: the header signed her in
        send(page, "something like Arrival")
        wait_turn_done(page, 1)
        assert len(cards(page, turn=1)) == 5
        page.locator("#user-nav-button").click()
        assert page.get_by_text("carol@example.com").first.is_visible()
        proxied.close()

        direct = browser.new_context()  # reaching the app without the proxy
        page = direct.new_page()
        page.goto(server.url)
        page.wait_for_timeout(3000)
        assert page.locator("#chat-input").count() == 0
        direct.close()
    finally:
        server.stop()
