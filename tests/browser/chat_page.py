"""What a person does in the chat page, as Playwright steps (sync API).

Selectors are Chainlit 2.12's own ids (#chat-input, #chat-settings-open-modal...) plus the
data-* attributes MovieCard.jsx sets. Playwright's locators pierce the copilot's open shadow root
by themselves; the page-side scripts here look inside it when `copilot=True`.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Locator, Page

TURN_TIMEOUT_MS = 90_000  # a first turn may load the index; the fake LLM answers in well under a second


def open_chat(page: Page, url: str) -> None:
    page.goto(url)
    wait_ready(page)


ROOT_JS = "const root = copilot ? document.querySelector('#chainlit-copilot')?.shadowRoot : document;"


def wait_ready(page: Page) -> None:
    # The settings gear appears once on_chat_start has run over the websocket: the chat is live.
    page.wait_for_selector("#chat-settings-open-modal", timeout=60_000)


def send(page: Page, message: str) -> None:
    box = page.locator("#chat-input")
    box.fill(message)
    box.press("Enter")


def wait_turn_done(page: Page, turn: int, copilot: bool = False, min_cards: int = 1) -> None:
    """Until answer number `turn` has finished: its footer (mode line, or "nothing to suggest") is
    shown, no task runs, and its cards are rendered and stable (a card's JSX loads after its message)."""
    page.wait_for_function(
        """([turn, copilot, minCards]) => {
            """
        + ROOT_JS
        + """
            const q = (sel) => root ? root.querySelectorAll(sel) : [];
            const cards = [...q(`[data-testid=movie-card][data-turn="${turn}"]`)];
            const streaming = cards.some(c => c.querySelector('.cc-caret'));
            // every finished answer ends with one footer message carrying the mode line
            const footers = [...q('.ai-message')].filter(
                e => /(AI-ranked|Offline mode) ·|Nothing to suggest this time/.test(e.textContent || ''));
            const key = `${turn}:${cards.length}`;
            const stable = window.__ccLastCount === key;
            window.__ccLastCount = key;
            return stable && !streaming && cards.length >= minCards && footers.length >= turn
                && q('#stop-button').length === 0;
        }""",
        arg=[turn, copilot, min_cards],
        polling=300,
        timeout=TURN_TIMEOUT_MS,
    )


def cards(page: Page, turn: int | None = None, copilot: bool = False) -> list[dict[str, Any]]:
    """The cards on screen, in page order, as the user sees them."""
    return page.evaluate(
        """([turn, copilot]) => {
            """
        + ROOT_JS
        + """
            const sel = turn === null ? '[data-testid=movie-card]' : `[data-testid=movie-card][data-turn="${turn}"]`;
            return [...root.querySelectorAll(sel)].map(c => ({
                rank: Number(c.dataset.rank), turn: Number(c.dataset.turn), id: c.dataset.titleId,
                year: Number(c.dataset.year), kind: c.dataset.kind, status: c.dataset.status,
                compact: c.dataset.compact === 'true',
                title: c.querySelector('.cc-title')?.textContent || '',
                explanation: (c.querySelector('.cc-explanation')?.textContent || '').replace(/^Why/, '').trim(),
                streaming: c.querySelector('.cc-streaming')?.textContent || '',
                hasPlaceholder: !!c.querySelector('.cc-placeholder'),
            }));
        }""",
        [turn, copilot],
    )


def card(page: Page, turn: int, rank: int) -> Locator:
    return page.locator(f'[data-testid=movie-card][data-turn="{turn}"][data-rank="{rank}"]')


def click_chip(page: Page, label: str) -> None:
    page.get_by_role("button", name=label).last.click()
