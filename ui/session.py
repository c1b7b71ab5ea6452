"""The conversation state of one chat, kept in the Chainlit session and in the thread's metadata.

The state (turns, shown / seen / rejected ids) is what follow-ups need ("more like the second
one", never repeat a rejected title). It is written to the thread's metadata after every change,
not only on disconnect, so a resumed thread continues where it was even after a server crash.
"""

from __future__ import annotations

from typing import Any

import chainlit as cl
from chainlit.data import get_data_layer
from chainlit.logger import logger
from pydantic import ValidationError

from chains.models import ConversationState

STATE_KEY = "cinechat_state"
_LIVE_KEY = "cinechat_state_live"  # the model object; the JSON copy under STATE_KEY is what persists


def get_state() -> ConversationState:
    state = cl.user_session.get(_LIVE_KEY)
    if not isinstance(state, ConversationState):
        state = state_from_metadata({STATE_KEY: cl.user_session.get(STATE_KEY)})
        cl.user_session.set(_LIVE_KEY, state)
    return state


def state_from_metadata(metadata: Any) -> ConversationState:
    """A state from thread metadata; anything unreadable starts a fresh state instead of failing."""
    raw = metadata.get(STATE_KEY) if isinstance(metadata, dict) else None
    if not raw:
        return ConversationState()
    try:
        return ConversationState.model_validate(raw)
    except ValidationError:
        logger.warning("Stored conversation state is unreadable; starting fresh for this thread")
        return ConversationState()


async def save_state(state: ConversationState) -> None:
    dumped = state.model_dump(mode="json")
    cl.user_session.set(_LIVE_KEY, state)
    # Chainlit writes the user session into the thread metadata on disconnect: keep this copy current.
    cl.user_session.set(STATE_KEY, dumped)
    data_layer = get_data_layer()
    thread_id = cl.context.session.thread_id if cl.context.session else None
    if data_layer is None or not thread_id:
        return
    try:
        await data_layer.update_thread(thread_id=thread_id, metadata={STATE_KEY: dumped})
    except Exception:  # history is a convenience: a failed write must not break the chat
        logger.exception("Could not save the conversation state to history")


def mark(state: ConversationState, title_id: str, verdict: str) -> None:
    """Record 'seen' / 'rejected' (or undo either) for a title in this chat."""
    state.seen_ids = [i for i in state.seen_ids if i != title_id]
    state.rejected_ids = [i for i in state.rejected_ids if i != title_id]
    if verdict == "seen":
        state.seen_ids.append(title_id)
    elif verdict == "rejected":
        state.rejected_ids.append(title_id)
