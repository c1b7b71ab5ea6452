"""The chat in a real browser against a real `chainlit run chat_app.py`, the fixture index and the
fake LLM server. One server for the module; each test opens a fresh chat (its own browser context).

Screenshots of the main states land in test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from testkit.fixture_data import MARKUP_TITLE
from tests.browser.chat_page import card, cards, open_chat, send, wait_ready, wait_turn_done
from tests.browser.chromium import screenshot

pytestmark = pytest.mark.browser


def test_welcome_page_is_branded_and_calls_no_third_party(chat_server, page):
    hosts: set[str] = set()
    page.on("request", lambda r: hosts.add(urlparse(r.url).hostname or r.url.split(":", 1)[0]))
    open_chat(page, chat_server.url)
    assert page.title() == "CineChat"
    for starter in [
        "Something like Spirited Away",
        "A heist movie like Ocean's Eleven",
        "A mind-bending thriller like Inception",
        "A courtroom drama",
    ]:
        assert page.locator("#starters").get_by_text(starter).is_visible()
    screenshot(page, "01-welcome")
    # Chainlit's page links KaTeX and Google Fonts by default; CineChat removes them (ui/offline_assets.py)
    assert hosts <= {"127.0.0.1", "data"}, hosts


def test_something_like_toy_story_streams_five_ranked_cards(chat_server, page, fake_llm):
    fake_llm.reset("slow")  # valid output, one small chunk at a time: the stream is watchable
    # slow enough to watch on a busy machine (React batches updates that arrive together), inside the timeout
    fake_llm.slow_chunk_delay_s = 0.25
    open_chat(page, chat_server.url)
    send(page, "something like Toy Story")
    # an explanation fills in while its card is already on screen (the caret marks the live card)
    page.wait_for_selector('[data-testid=movie-card][data-turn="1"] .cc-caret', timeout=90_000)
    screenshot(page, "02-streaming")
    wait_turn_done(page, 1)
    shown = cards(page, turn=1)
    assert [c["rank"] for c in shown] == [1, 2, 3, 4, 5]  # one card per message keeps the order
    assert all(c["title"] and c["year"] for c in shown)
    assert all(len(c["explanation"]) > 20 for c in shown), shown
    assert "Toy Story" not in [c["title"] for c in shown]  # "like X" never answers X
    # poster hosts are unreachable here: a poster that fails is dropped, the generated one stays
    for rank in range(1, 6):
        card(page, 1, rank).scroll_into_view_if_needed()  # posters load lazily
    page.wait_for_function("document.querySelectorAll('[data-testid=movie-card] img.cc-poster-img').length === 0")
    assert all(c["hasPlaceholder"] for c in shown)
    # the LLM ranked them (the fake one), and the page says so
    assert fake_llm.request_count >= 1
    assert page.get_by_text(re.compile(r"AI-ranked ·")).last.is_visible()
    # the three steps are there, and Understanding shows the resolved title
    for step in ["Understanding", "Searching", "Ranking"]:
        assert page.locator(f"#step-{step}").count() >= 1
    page.locator("#step-Understanding").first.click()
    assert page.get_by_text("Titles like").first.is_visible()
    assert page.locator(".ai-message").filter(has_text="Toy Story (1995)").count() >= 1
    screenshot(page, "03-answer-steps-open")
    card(page, 1, 1).scroll_into_view_if_needed()
    screenshot(page, "04-answer-cards")


def test_more_like_this_seeds_a_new_turn_with_that_title(chat_server, page, fake_llm):
    open_chat(page, chat_server.url)
    send(page, "something like Toy Story")
    wait_turn_done(page, 1)
    second = cards(page, turn=1)[1]
    card(page, 1, 2).get_by_role("button", name="More like this").click()
    expected = f"More like {second['title']} ({second['year']})"
    page.get_by_text(expected, exact=True).wait_for()  # shown as the user's own message
    wait_turn_done(page, 2)
    again = cards(page, turn=2)
    assert len(again) == 5
    assert second["id"] not in {c["id"] for c in again}  # "like X" never answers X
    assert not {c["id"] for c in again} & {c["id"] for c in cards(page, turn=1)}  # nothing repeats
    page.locator("#step-Understanding").last.click()
    assert page.get_by_text(f"{second['title']}").first.is_visible()
    screenshot(page, "05-more-like-this")


def test_seen_it_on_a_card_keeps_that_title_out_of_later_turns(chat_server, page, fake_llm):
    open_chat(page, chat_server.url)
    send(page, "something like Toy Story")
    wait_turn_done(page, 1)
    first = cards(page, turn=1)
    seen = card(page, 1, 1)
    seen.get_by_role("button", name="Seen it").click()
    seen.get_by_text("Marked as seen").wait_for()
    assert cards(page, turn=1)[0]["status"] == "seen"
    screenshot(page, "06-seen-it")
    # "Not the second one" keeps the other picks of the last answer allowed again, so only
    # the card's "Seen it" can keep the first pick out of the next answer.
    send(page, "not the second one")
    wait_turn_done(page, 2)
    after = {c["id"] for c in cards(page, turn=2)}
    assert first[0]["id"] not in after
    assert first[1]["id"] not in after
    assert after & {c["id"] for c in first[2:]}, "the untouched picks may come back after 'not the second one'"
    screenshot(page, "07-after-refinement")


def test_follow_up_chip_refines_the_last_answer(chat_server, page, fake_llm):
    open_chat(page, chat_server.url)
    send(page, "something like Toy Story")
    wait_turn_done(page, 1)
    chip = page.get_by_role("button", name=re.compile(r"^Only \d+s$")).last
    decade = int(re.search(r"\d+", chip.inner_text()).group())
    decade = decade + 1900 if decade < 100 else decade
    chip.click()
    wait_turn_done(page, 2)
    after = cards(page, turn=2)
    assert after and all(decade <= c["year"] < decade + 10 for c in after), after


def test_settings_filter_is_respected_by_every_card(chat_server, page, fake_llm):
    open_chat(page, chat_server.url)
    page.click("#chat-settings-open-modal")
    page.fill("#year_from", "1990")
    page.fill("#year_to", "1999")
    screenshot(page, "08-settings")
    page.get_by_role("button", name="Confirm").click()
    page.get_by_text("1990–1999").first.wait_for()  # the app confirms the standing filter
    send(page, "something like Toy Story")
    wait_turn_done(page, 1)
    shown = cards(page, turn=1)
    assert shown and all(1990 <= c["year"] <= 1999 for c in shown), shown
    # what a message says wins for that turn...
    send(page, "something like Finding Nemo from the 2000s")
    wait_turn_done(page, 2)
    later = cards(page, turn=2)
    assert later and all(2000 <= c["year"] <= 2009 for c in later), later
    # ...and the standing filter is back for the next one
    send(page, "something like Aliens")
    wait_turn_done(page, 3)
    again = cards(page, turn=3)
    assert again and all(1990 <= c["year"] <= 1999 for c in again), again


def test_llm_failure_falls_back_offline_and_says_so(chat_server, page, fake_llm):
    fake_llm.reset("http_500")
    open_chat(page, chat_server.url)
    send(page, "something like Finding Nemo")  # not asked before: no cached ranking to fall back on
    wait_turn_done(page, 1)
    assert len(cards(page, turn=1)) == 5
    footer = page.locator(".ai-message").filter(has_text="Offline mode ·").last
    assert "ranked offline" in footer.inner_text()  # the engine's fallback note, shown to the user
    screenshot(page, "09-llm-failed-offline")


def test_markup_in_a_title_is_shown_as_text(chat_server, page, fake_llm):
    alerts: list[str] = []
    page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    open_chat(page, chat_server.url)
    send(page, "a test film whose title and plot are HTML markup")
    wait_turn_done(page, 1)
    titles = [c["title"] for c in cards(page, turn=1)]
    assert MARKUP_TITLE in titles
    assert page.locator('img[src="x"]').count() == 0
    assert alerts == []
    card(page, 1, titles.index(MARKUP_TITLE) + 1).scroll_into_view_if_needed()
    screenshot(page, "10-markup-title")


def test_nothing_left_under_impossible_filters_is_explained(chat_server, page, fake_llm):
    open_chat(page, chat_server.url)
    send(page, "a TV series on Disney+ from 1925")
    wait_turn_done(page, 1, min_cards=0)
    assert cards(page, turn=1) == []
    assert page.get_by_text("Nothing to suggest this time").last.is_visible()
    assert page.get_by_text(re.compile("(AI-ranked|Offline mode) ·")).count() == 0  # no mode line without picks
    screenshot(page, "10b-nothing-left")


def test_widget_example_page_mounts_the_copilot_and_answers(chat_server, page, fake_llm):
    page.goto(f"{chat_server.url}/public/widget-example.html")
    page.click("#chainlit-copilot-button")  # inside the widget's shadow root; Playwright pierces it
    wait_ready(page)
    screenshot(page, "11-widget-open")
    send(page, "something like Toy Story")
    wait_turn_done(page, 1, copilot=True)
    shown = cards(page, turn=1, copilot=True)
    assert [c["rank"] for c in shown] == [1, 2, 3, 4, 5]
    assert all(c["compact"] for c in shown)  # the same handlers, smaller cards for the widget
    screenshot(page, "12-widget-answer")
