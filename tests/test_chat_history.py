"""Chat history on a real SQLite file through Chainlit's SQLAlchemy data layer (our subclass)."""

import asyncio
import uuid

import chainlit as cl
from chainlit.context import init_http_context
from chainlit.types import Pagination, ThreadFilter

from config import Settings
from ui.history import HistoryDataLayer, ensure_schema, history_url
from ui.session import STATE_KEY


def test_default_history_is_a_sqlite_file_in_the_data_dir(tmp_path):
    assert history_url(Settings(data_dir=tmp_path)) == f"sqlite+aiosqlite:///{tmp_path.resolve()}/chat_history.db"
    assert history_url(Settings(data_dir=tmp_path, database_url="postgresql+asyncpg://u:p@db/cine")).startswith(
        "postgresql+asyncpg://"
    )


def test_threads_steps_cards_and_state_survive_a_new_data_layer(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path}/history.db"

    async def write() -> tuple[str, str]:
        await ensure_schema(url)
        await ensure_schema(url)  # idempotent: every start runs it
        layer = HistoryDataLayer(url)
        user = await layer.create_user(cl.User(identifier="alice"))
        thread_id = str(uuid.uuid4())
        init_http_context(thread_id=thread_id, user=user)
        await layer.update_thread(thread_id, name="something like toy story", user_id=user.id,
                                  metadata={STATE_KEY: {"shown_ids": ["m-toy-story-2-1999"]}})
        opening = cl.Message(content="Here are five picks.")
        opening.thread_id = thread_id
        await layer.create_step(opening.to_dict())
        card = cl.CustomElement(
            name="MovieCard",
            props={"title": "<img src=x onerror=alert(1)>", "explanation": "Same toys.", "rank": 1},
            for_id=opening.id,
            thread_id=thread_id,
        )
        await layer.create_element(card)
        card.props["explanation"] = "Same toys, bigger world."  # final props overwrite streaming ones
        await layer.create_element(card)
        # a later metadata write merges, it doesn't wipe the state
        await layer.update_thread(thread_id, metadata={"chat_settings": {"picks": 3}})
        await layer.close()
        return thread_id, user.id

    async def read(thread_id: str, user_id: str):
        layer = HistoryDataLayer(url)  # a fresh engine, as after a server restart
        thread = await layer.get_thread(thread_id)
        listed = await layer.list_threads(Pagination(first=10), ThreadFilter(userId=user_id))
        await layer.close()
        return thread, listed

    thread_id, user_id = asyncio.run(write())
    thread, listed = asyncio.run(read(thread_id, user_id))

    assert thread["userIdentifier"] == "alice"
    assert thread["metadata"][STATE_KEY] == {"shown_ids": ["m-toy-story-2-1999"]}
    assert thread["metadata"]["chat_settings"] == {"picks": 3}
    assert [s["output"] for s in thread["steps"]] == ["Here are five picks."]
    assert isinstance(thread["steps"][0]["metadata"], dict)
    [element] = thread["elements"]
    assert element["name"] == "MovieCard" and element["type"] == "custom"
    assert element["props"] == {"title": "<img src=x onerror=alert(1)>", "explanation": "Same toys, bigger world.",
                                "rank": 1}
    assert [t["id"] for t in listed.data] == [thread_id]
