"""CineChat's chat door: `chainlit run chat_app.py`.

Handlers stay short; the work lives in `ui/` (cards, settings, history, follow-ups, the turn
view) and in the engine (`chains.engine.Recommender`). The same handlers serve the full web app
and the website widget (Chainlit's copilot), which gets compact cards.
"""

from __future__ import annotations

import asyncio
import logging

import chainlit as cl
from chainlit.types import ThreadDict

import config
from catalog.genres import CANONICAL_GENRES
from catalog.platforms import PLATFORMS
from ui import nonblocking, offline_assets, page_text, session_files, text
from ui.auth import password_ok, sign_in_enabled, user_table
from ui.history import HistoryDataLayer, ensure_schema, history_url
from ui.posters import PosterFinder
from ui.recommender import RecommenderHolder
from ui.session import get_state, mark, save_state, state_from_metadata
from ui.settings import filters_from_settings, settings_widgets
from ui.turn_view import FOLLOW_UP_ACTION, TurnView
from vectorstore.index import IndexMissingError, IndexOutdatedError, IndexUnavailableError

log = logging.getLogger("cinechat.chat")
settings = config.get_settings()
users = user_table(settings)
recommenders = RecommenderHolder(settings)
posters = PosterFinder.from_settings(settings)  # None without a TMDB/OMDb key
offline_assets.install()
page_text.install(settings)
session_files.install()
nonblocking.install(keep_blocking_sleep=settings.chainlit_blocking_sleep)

# Each chip was run offline on the full catalog and its five picks read before it was chosen
# (see the README): a first click should show the product at its best, not a weak answer.
STARTERS = [
    ("Something like Spirited Away", "Something like Spirited Away"),
    ("A heist movie like Ocean's Eleven", "A heist movie like Ocean's Eleven"),
    ("A mind-bending thriller like Inception", "A mind-bending thriller like Inception"),
    ("A courtroom drama", "A courtroom drama"),
]


# --- start-up, sign-in and history ------------------------------------------------------------
@cl.on_app_startup
async def on_app_startup() -> None:
    if sign_in_enabled(settings):
        await ensure_schema(history_url(settings))

    async def warm_up() -> None:  # first message shouldn't pay for loading the index
        try:
            await recommenders.get()
        except Exception as exc:  # reported to the user on their first message
            log.warning("Index not ready at start-up: %s", exc)

    asyncio.get_running_loop().create_task(warm_up())


if sign_in_enabled(settings):

    @cl.data_layer
    def data_layer() -> HistoryDataLayer:
        return HistoryDataLayer(history_url(settings))


if users:

    @cl.password_auth_callback
    async def password_auth(username: str, password: str) -> cl.User | None:
        if password_ok(users, username, password):
            return cl.User(identifier=username, metadata={"provider": "password"})
        return None


if settings.auth_header:

    @cl.header_auth_callback
    async def header_auth(headers) -> cl.User | None:
        name = (headers.get(settings.auth_header) or "").strip()
        return cl.User(identifier=name, metadata={"provider": "header"}) if name else None


# --- chat lifecycle ------------------------------------------------------------------------------
@cl.set_starters
async def starters(user: cl.User | None = None, language: str | None = None) -> list[cl.Starter]:
    return [cl.Starter(label=label, message=message) for label, message in STARTERS]


async def send_settings(values: dict | None = None) -> None:
    widgets = settings_widgets(CANONICAL_GENRES, PLATFORMS, settings.picks, values)
    await cl.ChatSettings(widgets).send()


@cl.on_chat_start
async def on_chat_start() -> None:
    get_state()
    await send_settings()


@cl.on_chat_resume
async def on_chat_resume(thread: ThreadDict) -> None:
    metadata = thread.get("metadata") or {}
    await save_state(state_from_metadata(metadata))
    await send_settings(metadata.get("chat_settings") if isinstance(metadata, dict) else None)


@cl.on_settings_update
async def on_settings_update(values: dict) -> None:
    choice = filters_from_settings(values, CANONICAL_GENRES, PLATFORMS)
    lines = [text.settings_saved(choice.filters, choice.k)] + choice.problems
    await cl.Message(content="\n\n".join(lines)).send()


# --- a turn ----------------------------------------------------------------------------------------
async def clear_chips() -> None:
    """Only the latest answer offers refinement chips; older ones would refine a stale answer."""
    for action in cl.user_session.get("chips") or []:
        # on a resumed thread this key comes back from history as JSON (None for each action)
        if isinstance(action, cl.Action):
            await action.remove()
    cl.user_session.set("chips", [])


async def run_turn(message: str) -> None:
    """One request -> steps, streamed opening, ranked cards, follow-up chips."""
    await clear_chips()
    session_files.ensure()
    if not message.strip():
        await cl.Message(content=text.EMPTY_MESSAGE).send()
        return
    state = get_state()
    view = TurnView(
        compact=cl.context.session.client_type == "copilot",
        turn=len(state.turns) + 1,
        expected_mode="llm" if settings.llm_configured else "offline",
        model=settings.llm_model if settings.llm_configured else None,
        posters=posters,
    )
    choice = filters_from_settings(cl.context.session.chat_settings, CANONICAL_GENRES, PLATFORMS)
    await view.start()
    try:
        recommender = await recommenders.get()
        async for event in recommender.astream_turn(message, state, ui_filters=choice.filters, k=choice.k):
            await view.on_event(event)
        chips = await view.finish(
            excluded=len(state.seen_ids) + len(state.rejected_ids), settings_active=not choice.filters.is_empty()
        )
        cl.user_session.set("chips", chips)
    except IndexMissingError:
        await view.abort(text.INDEX_MISSING)
    except IndexOutdatedError:
        await view.abort(text.INDEX_OUTDATED)
    except IndexUnavailableError:
        await view.abort(text.INDEX_UNAVAILABLE.format(where=f"{settings.chroma_host}:{settings.chroma_port}"))
    except asyncio.CancelledError:  # the user pressed Stop: close the steps, Chainlit says "stopped"
        await view.abort(None)
        raise
    except Exception:
        log.exception("Turn failed for %r", message)
        await view.abort(text.UNEXPECTED)
    finally:
        await save_state(state)


@cl.on_message
async def on_message(message: cl.Message) -> None:
    await run_turn(message.content)


@cl.action_callback(FOLLOW_UP_ACTION)
async def on_follow_up(action: cl.Action) -> None:
    """A suggestion chip: shown as the user's own message, then the same path as typing it."""
    message = str(action.payload.get("message", ""))[:500]
    user = cl.context.session.user
    await cl.Message(content=message, type="user_message", author=user.identifier if user else "User").send()
    await cl.context.emitter.task_start()
    try:
        await run_turn(message)
    finally:
        await cl.context.emitter.task_end()


@cl.action_callback("card_feedback")
async def on_card_feedback(action: cl.Action) -> dict:
    """'Seen it' / 'Not for me' / undo from a card: excluded from this chat's later answers."""
    title_id = str(action.payload.get("id", ""))[:200]
    verdict = action.payload.get("verdict")
    if not title_id or verdict not in ("seen", "rejected", "undo"):
        return {"ok": False}
    state = get_state()
    mark(state, title_id, verdict)
    await save_state(state)
    return {"ok": True}
