"""Posters looked up for cards the catalog has none for, seen in a real Chromium against the real chat
server with a poster key pointing at a fake TMDB (testkit/fake_posters.py).

The fake holds its answers back until the test releases them (`hold()`/`release()`), so "the card
first, with its placeholder; the poster later" is shown by the order of events, never by timing:
- offline, the cards finish while every lookup is still held: a late swap into a finished card;
- with a (fake) model streaming slowly, the posters arrive while the cards still stream.
Both servers sign in and keep history in SQLite, so a reload shows whether the poster was saved.
TMDB only: OMDb's lookups are covered by tests/test_posters.py, and what the page gets is the same
(an image URL in the card's props).
A script in the page records every state each card passes through (MutationObserver), so a test
can tell what the person saw first without polling at the right moment.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page

from config import Settings
from testkit.chainlit_server import ChainlitServer
from testkit.fake_llm import FakeLLM
from testkit.fake_posters import FakePosterAPI, KnownTitle
from tests.browser.chat_page import card, cards, send, wait_ready, wait_turn_done
from tests.browser.chromium import screenshot
from tests.browser.conftest import history_env, server_env
from tests.browser.test_chat_history_browser import PASSWORD, USER, sign_in
from vectorstore.index import TitleIndex

pytestmark = pytest.mark.browser

ASK = "A TV series on Netflix"  # the fixture catalog has no poster for any series: every card is looked up
SWAPPED = "img.cc-poster-img"
TURN_MS = 90_000

# Every state each card goes through, as the page shows it: {"1:2": [{img, caret}, ...]} (turn:rank).
# A MutationObserver runs after every DOM change, so no state is missed between two polls.
CARD_STATES_JS = """(() => {
    const seen = window.__ccCardStates = {};
    const look = () => {
        for (const c of document.querySelectorAll('[data-testid=movie-card]')) {
            const states = seen[`${c.dataset.turn}:${c.dataset.rank}`] ||= [];
            const img = c.querySelector('img.cc-poster-img');
            const now = {img: img ? img.getAttribute('src') : null, caret: !!c.querySelector('.cc-caret'),
                         placeholder: !!c.querySelector('.cc-placeholder')};
            const last = states[states.length - 1];
            if (!last || Object.keys(now).some(k => last[k] !== now[k])) states.push(now);
        }
    };
    new MutationObserver(look).observe(document, {childList: true, subtree: true, attributes: true});
})();"""


def posters_env(fixture_settings: Settings, llm: FakeLLM | None, api: FakePosterAPI, scratch, **extra: str) -> dict:
    return server_env(
        fixture_settings.data_dir,
        llm,
        scratch,
        **history_env(scratch, CINECHAT_USERS=f"{USER}:{PASSWORD}"),
        CINECHAT_TMDB_API_KEY=api.key,
        CINECHAT_TMDB_API_URL=api.tmdb_url,
        CINECHAT_TMDB_IMAGE_URL=api.image_url,
        CINECHAT_POSTER_CACHE_PATH=str(scratch / "posters.db"),  # each server its own: no hit from another
        # The product's deadline is 3 s; here the test holds the answers for as long as a turn takes
        # on a busy machine, and a lookup given up would be a test artefact, not a finding.
        CINECHAT_POSTER_TIMEOUT_S="120",
        **extra,
    )


@pytest.fixture(scope="module")
def offline_posters_server(fixture_index, fixture_settings, poster_api, tmp_path_factory) -> Iterator[ChainlitServer]:
    scratch = tmp_path_factory.mktemp("offline-posters-server")
    env = posters_env(fixture_settings, None, poster_api, scratch, CINECHAT_OFFLINE="true")
    server = ChainlitServer("offline-posters-server", env).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def streaming_posters_server(
    fixture_index, fixture_settings, poster_api, fake_llm_server, tmp_path_factory
) -> Iterator[ChainlitServer]:
    scratch = tmp_path_factory.mktemp("streaming-posters-server")
    # the fake model streams slowly on purpose below: the whole answer must still fit the model's deadline
    env = posters_env(fixture_settings, fake_llm_server, poster_api, scratch, CINECHAT_LLM_TIMEOUT_S="240")
    server = ChainlitServer("streaming-posters-server", env).start()
    yield server
    server.stop()


@pytest.fixture
def posters(poster_api: FakePosterAPI) -> Iterator[FakePosterAPI]:
    poster_api.reset()  # also releases a gate a failed test left closed
    yield poster_api
    poster_api.reset()


class Wire:
    """Everything that passed between the browser and anything else: request URLs, websocket frames."""

    def __init__(self, page: Page):
        self.urls: list[str] = []
        self.frames: list[str] = []
        page.on("request", lambda r: self.urls.append(r.url))
        page.on("websocket", self._socket)

    def _socket(self, ws: Any) -> None:
        self.urls.append(ws.url)
        for event in ("framereceived", "framesent"):
            ws.on(event, lambda p: self.frames.append(p if isinstance(p, str) else p.decode("utf-8", "replace")))


def open_signed_in(page: Page, url: str) -> Wire:
    wire = Wire(page)
    page.add_init_script(CARD_STATES_JS)
    sign_in(page, url)
    wait_ready(page)
    return wire


def expected_posters(page: Page, index: TitleIndex, api: FakePosterAPI, turn: int) -> dict[int, str]:
    """rank -> the image URL the fake serves for that card's title (what the server should swap in)."""
    wanted = {}
    for shown in cards(page, turn=turn):
        t = index.catalog[shown["id"]]
        wanted[shown["rank"]] = f"{api.image_url}/{KnownTitle(t.title, t.year, t.type == 'TV Show').slug}.png"
    return wanted


def poster_srcs(page: Page, turn: int) -> dict[int, str | None]:
    return page.evaluate(
        """(turn) => Object.fromEntries([...document.querySelectorAll(`[data-testid=movie-card][data-turn="${turn}"]`)]
            .map(c => [c.dataset.rank, c.querySelector('img.cc-poster-img')?.getAttribute('src') ?? null]))""",
        turn,
    )


def wait_posters_shown(page: Page, turn: int, wanted: dict[int, str]) -> None:
    """Until every card of `turn` shows its swapped-in poster, decoded (posters load lazily: each card
    is scrolled on screen first)."""
    page.wait_for_function(
        """([turn, n]) => document.querySelectorAll(
            `[data-testid=movie-card][data-turn="${turn}"] img.cc-poster-img`).length >= n""",
        arg=[turn, len(wanted)],
        polling=300,
        timeout=TURN_MS,
    )
    for rank in wanted:
        card(page, turn, rank).scroll_into_view_if_needed()
        page.wait_for_function(
            """([turn, rank]) => {
                const img = document.querySelector(
                    `[data-testid=movie-card][data-turn="${turn}"][data-rank="${rank}"] img.cc-poster-img`);
                return !!img && img.complete && img.naturalWidth > 0;
            }""",
            arg=[turn, rank],
            polling=300,
            timeout=30_000,
        )
    assert {int(r): s for r, s in poster_srcs(page, turn).items()} == wanted


def card_states(page: Page, turn: int) -> dict[int, list[dict]]:
    states = page.evaluate("() => window.__ccCardStates")
    return {int(key.split(":")[1]): seen for key, seen in states.items() if key.startswith(f"{turn}:")}


def assert_key_stayed_on_the_server(page: Page, wire: Wire, api: FakePosterAPI, server: ChainlitServer) -> None:
    assert wire.frames, "no websocket frame was recorded: the check below would prove nothing"
    assert not [u for u in wire.urls if api.key in u]  # no request the browser made (images included)
    assert not [f for f in wire.frames if api.key in f]  # nothing the server sent over the socket
    assert api.key not in page.content()
    assert api.key not in page.evaluate("() => JSON.stringify({...localStorage, ...sessionStorage})")
    assert api.key not in server.log_text()
    assert api.requests and all(q.get("api_key") == api.key for _, q in api.requests)  # the server did use it


def test_a_poster_found_after_the_card_finished_is_swapped_in_and_saved_with_the_thread(
    offline_posters_server: ChainlitServer, fixture_index: TitleIndex, posters: FakePosterAPI, page: Page
) -> None:
    wire = open_signed_in(page, offline_posters_server.url)
    posters.hold()  # no lookup may answer until the cards are on screen
    send(page, ASK)
    wait_turn_done(page, 1, min_cards=5)

    # (a) the cards did not wait for their posters: the lookups are still held, the placeholders show
    assert posters.held >= 1 and posters.requests, "the server did not look any poster up"
    assert all(c["hasPlaceholder"] for c in cards(page, turn=1))
    assert not any(poster_srcs(page, 1).values())  # no <img> in any card yet
    assert posters.image_requests == []
    wanted = expected_posters(page, fixture_index, posters, turn=1)
    assert len(wanted) == 5
    card(page, 1, 1).scroll_into_view_if_needed()
    screenshot(page, "16a-poster-placeholder-while-looked-up")

    # (b) found now, after every card has finished streaming: each one's poster is swapped in and loads
    posters.release()
    wait_posters_shown(page, 1, wanted)
    assert sorted(posters.image_requests) == sorted(u.removeprefix(posters.base) for u in wanted.values())
    for rank, seen in card_states(page, 1).items():
        assert seen[0]["img"] is None and seen[0]["placeholder"], (rank, seen)  # first seen: the placeholder
        assert seen[-1]["img"] == wanted[rank] and not seen[-1]["caret"], (rank, seen)
        assert not [s for s in seen if s["img"] and s["caret"]], (rank, seen)  # the poster came after the stream
    card(page, 1, 1).scroll_into_view_if_needed()
    screenshot(page, "16-poster-swapped-in")

    # (c) the key went from the server to the poster API, and nowhere near the browser
    assert_key_stayed_on_the_server(page, wire, posters, offline_posters_server)

    # (d) the thread, opened again (a new session, from the database): the posters are still there,
    # from the saved card, not from a new lookup
    asked = len(posters.requests)
    page.reload()
    wait_ready(page)
    page.wait_for_selector('[data-testid=movie-card][data-turn="1"]', timeout=TURN_MS)
    wait_posters_shown(page, 1, wanted)
    assert len(posters.requests) == asked
    assert_key_stayed_on_the_server(page, wire, posters, offline_posters_server)


def test_a_poster_found_while_the_card_streams_is_swapped_in_and_kept_by_the_finished_card(
    streaming_posters_server: ChainlitServer,
    fixture_index: TitleIndex,
    posters: FakePosterAPI,
    fake_llm: FakeLLM,
    page: Page,
) -> None:
    fake_llm.reset("slow")
    fake_llm.slow_chunk_delay_s = 0.6  # each card's reason streams for several seconds
    wire = open_signed_in(page, streaming_posters_server.url)
    posters.hold()
    send(page, ASK)
    first = card(page, 1, 1)
    first.locator(".cc-caret").wait_for(timeout=TURN_MS)  # the first card is on screen, streaming
    assert first.locator(SWAPPED).count() == 0 and first.locator(".cc-placeholder").count() == 1
    posters.release()  # its poster is found now, in the middle of its stream (later cards' at once)

    wait_turn_done(page, 1, min_cards=5)
    wanted = expected_posters(page, fixture_index, posters, turn=1)
    wait_posters_shown(page, 1, wanted)
    states = card_states(page, 1)
    assert states[1][0]["img"] is None and states[1][0]["caret"], states[1]  # placeholder first, streaming
    # The poster showed while a card was still streaming (as a person watching the answer sees it).
    # Five cards each stream for seconds and their posters answer at once: a busy machine would have
    # to miss every one of them for this to fail for want of time.
    assert [r for r, seen in states.items() if any(s["img"] and s["caret"] for s in seen)], states
    for rank, seen in states.items():  # ...and the finished card kept it (its final props hold the poster)
        assert seen[-1]["img"] == wanted[rank] and not seen[-1]["caret"], (rank, seen)
    assert_key_stayed_on_the_server(page, wire, posters, streaming_posters_server)

    asked = len(posters.requests)
    page.reload()  # the poster was saved with the card's final props, not only pushed to this page
    wait_ready(page)
    page.wait_for_selector('[data-testid=movie-card][data-turn="1"]', timeout=TURN_MS)
    wait_posters_shown(page, 1, wanted)
    assert len(posters.requests) == asked
