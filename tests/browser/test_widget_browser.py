"""The website widget at its real width, the page's footer per mode, a quiet console and server log
(offline, with a poster key set). Posters swapped into cards: test_posters_browser.py.

The widget tests measure what a person would see: bounding boxes of each card's poster, title,
score pill, reason and buttons, and of Chainlit's scroll-to-bottom arrow, in both themes; no two may
overlap. Screenshots land in test-artifacts/ (a CI artifact).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from testkit.chainlit_server import ChainlitServer
from tests.browser.chat_page import ROOT_JS, cards, open_chat, send, wait_ready, wait_turn_done
from tests.browser.chromium import screenshot
from tests.browser.conftest import server_env
from ui.page_text import OFFLINE_FOOTER

pytestmark = pytest.mark.browser

PARTS = (".cc-poster", ".cc-title", ".cc-score", ".cc-explanation", ".cc-actions button")

# Every visible part of every card, and the scroll arrow when it shows, as rectangles.
LAYOUT_JS = (
    """(copilot) => {
    """
    + ROOT_JS
    + """
    const box = (e) => { const r = e.getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width, h: r.height}; };
    const parts = [];
    for (const c of root.querySelectorAll('[data-testid=movie-card]')) {
        for (const sel of __PARTS__) {
            c.querySelectorAll(sel).forEach(
                (e, i) => parts.push({card: c.dataset.rank, part: sel + '#' + i, ...box(e)}));
        }
    }
    const wrap = root.querySelector('div.absolute.bottom-4.justify-center');
    const arrow = wrap && wrap.querySelector('button');
    return {parts, arrow: arrow ? box(arrow) : null};
}"""
).replace("__PARTS__", json.dumps(PARTS))


def overlaps(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["w"] - 0.5
        and b["x"] < a["x"] + a["w"] - 0.5
        and a["y"] < b["y"] + b["h"] - 0.5
        and (b["y"] < a["y"] + a["h"] - 0.5)
    )


def collisions(layout: dict) -> list[tuple[str, str]]:
    found = []
    parts = layout["parts"]
    for i, a in enumerate(parts):
        for b in parts[i + 1 :]:
            if a["card"] == b["card"] and overlaps(a, b):
                found.append((f"{a['card']}{a['part']}", f"{b['card']}{b['part']}"))
        if layout["arrow"] and overlaps(a, layout["arrow"]):
            found.append((f"{a['card']}{a['part']}", "scroll arrow"))
    return found


def open_widget(page, url: str, theme: str) -> None:
    # not "load": that waits for the widget's whole script bundle, slow on a busy machine
    page.goto(f"{url}/public/widget-example.html?theme={theme}", wait_until="domcontentloaded")
    page.click("#chainlit-copilot-button", timeout=240_000)  # the widget bundle is large; CI machines are busy
    wait_ready(page)


def messages_scroller(page):
    """The element that scrolls the widget's messages: the innermost of Chainlit's (Tailwind) scroll boxes
    holding a card. A locator, found again on every use: the chat may re-render the box while it streams,
    so an attribute marked on one element could vanish with it (a flaky timeout under load)."""
    boxes = page.locator("#chainlit-copilot .overflow-y-auto").filter(has=page.locator("[data-testid=movie-card]"))
    return boxes.last


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_widget_cards_fit_the_panel_with_nothing_overlapping(chat_server, page, fake_llm, theme):
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text))
    fake_llm.reset("slow")  # the answer streams for a while: the question must stay in view meanwhile
    fake_llm.slow_chunk_delay_s = 0.05
    open_widget(page, chat_server.url, theme)
    send(page, "something like Toy Story")
    page.wait_for_selector('[data-testid=movie-card][data-turn="1"]', timeout=90_000)
    question = page.locator("#chainlit-copilot [data-step-type=user_message]").last
    assert question.is_visible()
    scroller = messages_scroller(page)
    q, s = question.bounding_box(), scroller.bounding_box()
    assert s["y"] - 1 <= q["y"] and q["y"] + q["height"] <= s["y"] + s["height"] + 1, (q, s)

    wait_turn_done(page, 1, copilot=True)
    shown = cards(page, turn=1, copilot=True)
    assert len(shown) == 5 and all(c["compact"] for c in shown)
    panel = page.locator("#chainlit-copilot [data-testid=movie-card]").first.bounding_box()
    assert panel["width"] <= 400, panel  # the widget's real width, not the full page

    layout = page.evaluate(LAYOUT_JS, True)
    assert collisions(layout) == []
    cut = page.evaluate(
        """() => [...document.querySelector('#chainlit-copilot').shadowRoot
            .querySelectorAll('.cc-actions button > span')].filter(s => s.scrollWidth > s.clientWidth + 1)
            .map(s => s.textContent)"""
    )
    assert cut == [], f"button labels cut short: {cut}"
    for rank in {p["card"] for p in layout["parts"]}:  # the three actions share one row
        tops = {round(p["y"]) for p in layout["parts"] if p["card"] == rank and "button" in p["part"]}
        assert len(tops) == 1, (rank, tops)

    # scrolled up through the answer, the arrow shows; at no point may it cover a card's text
    scroller.evaluate("e => e.scrollTo(0, 0)")
    page.wait_for_timeout(400)
    height = scroller.evaluate("e => e.scrollHeight - e.clientHeight")
    seen_arrow = False
    for top in range(0, int(height), 90):
        scroller.evaluate(f"e => e.scrollTo(0, {top})")
        page.wait_for_timeout(120)
        layout = page.evaluate(LAYOUT_JS, True)
        seen_arrow |= layout["arrow"] is not None
        assert collisions(layout) == [], top
    assert seen_arrow, "the scroll-down arrow never showed: the test did not check it"
    scroller.evaluate("e => e.scrollTo(0, 400)")
    page.wait_for_timeout(400)
    screenshot(page, f"widget-{theme}")
    assert not [m for m in console if "*/*" in m], console  # Chainlit's drop zone warned on every load


def test_footer_names_the_model_when_one_ranks(chat_server, page, fake_llm):
    open_chat(page, chat_server.url)
    send(page, "something like Toy Story")  # Chainlit shows the footer once a chat has messages
    wait_turn_done(page, 1)
    footer = page.locator(".watermark").first.inner_text()
    assert "gpt-4o-mini" in footer and "LLMs can make mistakes" not in footer, footer


@pytest.fixture(scope="module")
def offline_poster_server(fixture_index, fixture_settings, poster_api, tmp_path_factory) -> Iterator[ChainlitServer]:
    """Offline mode (no model), with a poster key pointing at the fake poster API."""
    scratch = tmp_path_factory.mktemp("poster-server")
    env = server_env(
        fixture_settings.data_dir,
        None,
        scratch,
        CINECHAT_TMDB_API_KEY=poster_api.key,
        CINECHAT_TMDB_API_URL=poster_api.tmdb_url,
        CINECHAT_TMDB_IMAGE_URL=poster_api.image_url,
        CINECHAT_POSTER_CACHE_PATH=str(scratch / "posters.db"),
        CINECHAT_POSTER_TIMEOUT_S="15",  # the fake is made slow on purpose below; busy CI machines add more
    )
    server = ChainlitServer("poster-server", env).start()
    yield server
    server.stop()


def test_offline_footer_says_no_model_runs_and_the_log_stays_quiet(offline_poster_server, page):
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text))
    for _ in range(2):  # Chainlit warned once per page load
        open_chat(page, offline_poster_server.url)
    send(page, "something like Toy Story")  # Chainlit shows the footer once a chat has messages
    wait_turn_done(page, 1)
    assert page.locator(".watermark").first.inner_text().strip() == OFFLINE_FOOTER
    assert "Translated markdown file" not in offline_poster_server.log_text()
    assert not [m for m in console if "*/*" in m], console
