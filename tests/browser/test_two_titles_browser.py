"""A two-title request and a dislike follow-up, in a real browser against the real chat server on the
fixture index with no language model (offline ranking and explanations)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from config import Settings
from testkit.chainlit_server import ChainlitServer
from tests.browser.chat_page import cards, open_chat, send, wait_turn_done
from tests.browser.chromium import screenshot
from tests.browser.conftest import server_env
from vectorstore.index import TitleIndex

pytestmark = pytest.mark.browser

NAMED = ("Parasite", "Knives Out")


@pytest.fixture(scope="module")
def offline_server(fixture_index, fixture_settings: Settings, tmp_path_factory) -> Iterator[ChainlitServer]:
    scratch = tmp_path_factory.mktemp("offline-chat-server")
    env = server_env(fixture_settings.data_dir, None, scratch, CINECHAT_OFFLINE="true")
    server = ChainlitServer("offline-chat-server", env)
    server.start()
    yield server
    server.stop()


def test_two_loved_titles_then_a_dislike_keeps_the_topic_and_drops_the_genre(
    offline_server: ChainlitServer, fixture_index: TitleIndex, page: Page
) -> None:
    catalog = fixture_index.catalog
    named_ids = {t.id for t in catalog.values() if t.title in NAMED}
    assert len(named_ids) == 2, "the fixture catalog lost Parasite or Knives Out"
    seed_genres = {g for i in named_ids for g in catalog[i].genres}

    open_chat(page, offline_server.url)
    send(page, "I loved Parasite and Knives Out")
    wait_turn_done(page, 1, min_cards=3)
    first = cards(page, turn=1)
    assert not named_ids & {c["id"] for c in first}, first  # the named films are the taste, not the answer
    assert all(c["id"] in catalog for c in first)
    screenshot(page, "20-two-titles")

    send(page, "not a fan of horror")
    wait_turn_done(page, 2, min_cards=3)
    second = cards(page, turn=2)
    assert not named_ids & {c["id"] for c in second}, second
    genres = {c["title"]: catalog[c["id"]].genres for c in second}
    assert not [t for t, g in genres.items() if "Horror" in g], genres  # the dislike holds
    # ...and the topic stays: most picks still share a genre with the two films the person loved
    sharing = [t for t, g in genres.items() if seed_genres & set(g)]
    assert len(sharing) * 2 > len(second), (seed_genres, genres)
    screenshot(page, "21-two-titles-no-horror")
