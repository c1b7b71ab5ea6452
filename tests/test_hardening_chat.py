"""Bad input through the chat door: a real `chainlit run` server on the fixture index, driven over its
socket.io protocol (testkit/chat_socket.py) and, for what only a browser can tell (markup executed or
not, a poster that fails), through headless Chromium.

The LLM is the fake OpenAI server, here an ObedientLLM: for the prompt-injection request it does what
the request says and names a title that is not in the catalog. That title must never reach the user.
"""

from __future__ import annotations

import asyncio
import base64
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from config import Settings
from testkit.chat_servers import chat_env, our_tracebacks, start_chat_server
from testkit.chat_socket import ChatClient, Turn, converse
from testkit.fixture_data import MARKUP_TITLE
from testkit.hostile_inputs import (
    BAD_INPUTS,
    EMPTY_REPLY,
    INJECTION,
    INVENTED_WORDS,
    BadInput,
    ObedientLLM,
    check_picks_in_catalog,
    without_user_quotes,
)
from tests.browser.chat_page import cards, open_chat, send, wait_turn_done
from tests.browser.chromium import chromium, screenshot
from vectorstore.index import TitleIndex


@pytest.fixture(scope="module")
def llm() -> Iterator[ObedientLLM]:
    server = ObedientLLM().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def chat_url(
    fixture_index: TitleIndex, fixture_settings: Settings, llm: ObedientLLM, tmp_path_factory
) -> Iterator[str]:
    scratch = tmp_path_factory.mktemp("hardening-chat")
    env = chat_env(fixture_settings.data_dir, scratch, llm.base_url, CINECHAT_LLM_TIMEOUT_S="5")
    server = start_chat_server("hardening-chat", env)
    yield server.url
    server.stop()


@pytest.fixture
def obedient(llm: ObedientLLM) -> Iterator[ObedientLLM]:
    llm.reset("happy")
    yield llm
    llm.reset("happy")


def ask(url: str, message: str) -> Turn:
    return asyncio.run(converse(url, [message]))[0]


def check_answer(turn: Turn, case: BadInput, catalog: dict) -> None:
    assert turn.errors == [] and turn.failed_steps == [], (turn.errors, turn.failed_steps)
    text = turn.all_text()
    if case.outcome == "empty":
        assert turn.picks == []
        assert any(EMPTY_REPLY.search(t) for t in turn.assistant_texts), turn.assistant_texts
        return
    check_picks_in_catalog(turn.picks, catalog)
    if case.outcome == "picks":
        assert len(turn.picks) == 5, (case.name, turn.assistant_texts)
        assert all(p["explanation"].strip() for p in turn.picks)
        assert turn.footer, ("every answer ends with the mode line", turn.assistant_texts)
    else:
        assert turn.picks == [], turn.picks
    if case.says:
        assert case.says.lower() in text.lower(), turn.assistant_texts
    assert INVENTED_WORDS not in without_user_quotes(text)


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[c.name for c in BAD_INPUTS])
def test_bad_input_gets_a_clear_answer_with_catalog_picks_only(
    chat_url: str, obedient: ObedientLLM, fixture_index: TitleIndex, case: BadInput
) -> None:
    if case.message == INJECTION:
        obedient.behaviour = "obey_injection"
    turn = ask(chat_url, case.message)
    check_answer(turn, case, fixture_index.catalog)


def test_the_conversation_goes_on_after_every_bad_input(
    chat_url: str, obedient: ObedientLLM, fixture_index: TitleIndex
) -> None:
    """One chat, every bad input in a row, then a normal request: still five good picks."""

    async def conversation() -> tuple[list[Turn], Turn]:
        async with ChatClient(chat_url) as chat:
            bad = [await chat.ask(case.message) for case in BAD_INPUTS]
            return bad, await chat.ask("something like Toy Story")

    bad, last = asyncio.run(conversation())
    for case, turn in zip(BAD_INPUTS, bad, strict=True):
        assert turn.errors == [], (case.name, turn.errors)
    check_picks_in_catalog(last.picks, fixture_index.catalog)
    assert len(last.picks) == 5 and "m-toy-story-1995" not in {p["id"] for p in last.picks}
    assert "AI-ranked" in last.footer


def test_an_obeyed_injection_never_shows_the_invented_title(
    chat_url: str, obedient: ObedientLLM, fixture_index: TitleIndex
) -> None:
    obedient.behaviour = "obey_injection"
    turn = ask(chat_url, INJECTION)
    assert obedient.rerank_request_count == 1  # the model was asked to rank, and it obeyed
    check_picks_in_catalog(turn.picks, fixture_index.catalog)
    assert len(turn.picks) == 5
    shown = without_user_quotes(turn.all_text())
    assert INVENTED_WORDS not in shown and "Room 2" not in shown
    # The model's opening praised the invented title: the chat opens with catalog wording instead.
    assert not any("one to watch" in t for t in turn.assistant_texts)
    assert "not in the search results" in turn.footer  # and says a title was skipped


def test_reasons_that_push_the_invented_title_are_replaced_by_catalog_reasons(
    chat_url: str, obedient: ObedientLLM, fixture_index: TitleIndex
) -> None:
    obedient.behaviour = "obey_in_reasons"
    turn = ask(chat_url, INJECTION)
    check_picks_in_catalog(turn.picks, fixture_index.catalog)
    assert len(turn.picks) == 5
    assert INVENTED_WORDS not in without_user_quotes(turn.all_text())
    assert "comes from the catalog instead" in turn.footer
    for pick in turn.picks:
        # the card ends on the catalog's reason, not on the model's reason cut short
        assert not pick["explanation"].startswith("Skip it"), pick["explanation"]
        assert str(pick["year"]) in pick["explanation"] or pick["title"] in pick["explanation"], pick


# --- in a real browser ----------------------------------------------------------------------------
PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPj/HwADAgH/Ek5QzwAAAABJRU5ErkJggg=="
)


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


@pytest.mark.browser
def test_markup_in_a_message_and_in_a_title_is_shown_as_text(chat_url: str, obedient: ObedientLLM, page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_chat(page, chat_url)
    send(page, "a test film whose title and plot are HTML markup")
    wait_turn_done(page, 1)
    shown = cards(page, turn=1)
    assert MARKUP_TITLE in [c["title"] for c in shown], [c["title"] for c in shown]
    card = page.locator('[data-testid=movie-card][data-turn="1"]').filter(has_text=MARKUP_TITLE).first
    card.scroll_into_view_if_needed()
    assert card.locator(".cc-title").inner_text() == MARKUP_TITLE
    assert card.get_by_text(MARKUP_TITLE, exact=True).first.is_visible()
    assert card.locator('img[src="x"]').count() == 0 and card.locator("script").count() == 0
    screenshot(page, "hardening-markup-title")
    hostile = "<b>bold</b><img src=y onerror=alert(2)> a heist film in a big city"
    send(page, hostile)
    wait_turn_done(page, 2)
    assert page.get_by_text(hostile, exact=True).first.is_visible()  # the user's own words, literally
    assert page.locator('img[src="x"], img[src="y"], b:text-is("bold")').count() == 0
    assert dialogs == []


POSTER_URL = re.compile(r"\.(?:jpe?g|png|webp)(?:\?.*)?$", re.IGNORECASE)
CARD_IMAGES_JS = """() => [...document.querySelectorAll('[data-testid=movie-card]')].map(card => ({
    images: [...card.querySelectorAll('img')].map(i => ({src: i.src, loaded: i.complete && i.naturalWidth > 0})),
    placeholder: !!card.querySelector('.cc-placeholder'),
}))"""


@pytest.mark.browser
def test_a_poster_that_fails_to_load_shows_the_placeholder(chat_url: str, obedient: ObedientLLM, page) -> None:
    """One poster loads (served by the test), every other poster fails: those cards keep the placeholder."""
    requested: list[str] = []

    def poster(route) -> None:
        url = route.request.url
        requested.append(url)
        if url == requested[0]:  # the first poster asked for always loads (a card may render twice)
            route.fulfill(status=200, content_type="image/png", body=PNG_1PX)
        else:
            route.fulfill(status=404, body=b"gone")

    page.route(POSTER_URL, poster)
    page.set_viewport_size({"width": 1280, "height": 4000})  # every card in view: no lazy image waits
    open_chat(page, chat_url)
    send(page, "something like Toy Story")
    wait_turn_done(page, 1)
    page.wait_for_timeout(500)  # let failed images fire onError
    assert len(set(requested)) >= 2, "the fixture's picks have poster URLs, so the page asked for them"
    shown = page.evaluate(CARD_IMAGES_JS)
    assert len(shown) == 5
    with_poster = [c for c in shown if any(i["src"] == requested[0] and i["loaded"] for i in c["images"])]
    assert len(with_poster) == 1, shown  # the poster that loaded is shown...
    for card in shown:
        if card is not with_poster[0]:  # ...and every card whose poster failed (or has none) falls back
            assert card["images"] == [] and card["placeholder"], card
    screenshot(page, "hardening-poster-fallback")


def test_module_server_log_has_no_tracebacks(chat_url: str) -> None:
    """Everything above was handled: not one exception escaped into the server log."""
    log = Path(__file__).resolve().parents[1] / "test-artifacts" / "hardening-chat.log"
    assert our_tracebacks(log.read_text(errors="replace")) == []
