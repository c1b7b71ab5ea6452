"""Chat history: Chainlit's SQLAlchemy data layer on SQLite (default) or PostgreSQL.

Chainlit does not create its tables, so `ensure_schema` does at start-up (idempotent). The
subclass fixes what the stock layer gets wrong for this app:
- poster cards are `CustomElement`s whose whole content is their props; the stock layer only
  stores elements through a blob storage client, so cards would vanish from resumed threads.
  Here a card is stored as a row with its props as JSON, no blob store needed;
- SQLite hands JSON columns back as strings (thread metadata, step metadata, element props), and
  the UI needs objects: they are decoded on the way out.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from chainlit.data.sql_alchemy import SQLAlchemyDataLayer
from chainlit.data.utils import queue_until_user_message
from chainlit.element import Element
from chainlit.logger import logger
from chainlit.types import ThreadDict
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from config import Settings

# The columns are the keys Chainlit 2.12 writes (StepDict / ElementDict / Feedback), so every
# insert finds its column. Types are PostgreSQL's; SQLite accepts them as declared affinities.
SCHEMA: list[str] = [
    """CREATE TABLE IF NOT EXISTS users (
        "id" UUID PRIMARY KEY,
        "identifier" TEXT NOT NULL UNIQUE,
        "metadata" JSONB NOT NULL,
        "createdAt" TEXT
    )""",
    """CREATE TABLE IF NOT EXISTS threads (
        "id" UUID PRIMARY KEY,
        "createdAt" TEXT,
        "name" TEXT,
        "userId" UUID,
        "userIdentifier" TEXT,
        "tags" TEXT[],
        "metadata" JSONB,
        FOREIGN KEY ("userId") REFERENCES users("id") ON DELETE CASCADE
    )""",
    """CREATE TABLE IF NOT EXISTS steps (
        "id" UUID PRIMARY KEY,
        "name" TEXT NOT NULL,
        "type" TEXT NOT NULL,
        "threadId" UUID NOT NULL,
        "parentId" UUID,
        "streaming" BOOLEAN NOT NULL,
        "waitForAnswer" BOOLEAN,
        "isError" BOOLEAN,
        "metadata" JSONB,
        "tags" TEXT[],
        "input" TEXT,
        "output" TEXT,
        "createdAt" TEXT,
        "command" TEXT,
        "modes" JSONB,
        "start" TEXT,
        "end" TEXT,
        "generation" JSONB,
        "showInput" TEXT,
        "language" TEXT,
        "indent" INT,
        "defaultOpen" BOOLEAN,
        "autoCollapse" BOOLEAN,
        FOREIGN KEY ("threadId") REFERENCES threads("id") ON DELETE CASCADE
    )""",
    """CREATE TABLE IF NOT EXISTS elements (
        "id" UUID PRIMARY KEY,
        "threadId" UUID,
        "type" TEXT,
        "url" TEXT,
        "chainlitKey" TEXT,
        "name" TEXT NOT NULL,
        "display" TEXT,
        "objectKey" TEXT,
        "size" TEXT,
        "page" INT,
        "language" TEXT,
        "forId" UUID,
        "mime" TEXT,
        "props" JSONB,
        "autoPlay" BOOLEAN,
        "playerConfig" JSONB,
        FOREIGN KEY ("threadId") REFERENCES threads("id") ON DELETE CASCADE
    )""",
    """CREATE TABLE IF NOT EXISTS feedbacks (
        "id" UUID PRIMARY KEY,
        "forId" UUID NOT NULL,
        "threadId" UUID NOT NULL,
        "value" INT NOT NULL,
        "comment" TEXT,
        FOREIGN KEY ("threadId") REFERENCES threads("id") ON DELETE CASCADE
    )""",
]


def history_url(settings: Settings) -> str:
    """The configured database URL, else a SQLite file next to the index."""
    if settings.database_url:
        return settings.database_url
    return f"sqlite+aiosqlite:///{(settings.data_dir / 'chat_history.db').resolve()}"


def _is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def _connect_args(url: str) -> dict[str, Any]:
    # Chainlit persists in fire-and-forget tasks, so writes overlap: wait for the lock, don't fail.
    return {"timeout": 30} if _is_sqlite(url) else {}


async def ensure_schema(url: str) -> None:
    """Create the tables if missing. Safe to run at every start."""
    if _is_sqlite(url):
        path = url.split(":///", 1)[-1]
        if path and path != ":memory:":
            from pathlib import Path

            Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, connect_args=_connect_args(url))
    try:
        async with engine.begin() as conn:
            if _is_sqlite(url):
                # WAL lets the UI read history while a turn is being written.
                await conn.execute(text("PRAGMA journal_mode=WAL"))
            for statement in SCHEMA:
                await conn.execute(text(statement))
    finally:
        await engine.dispose()


def _json_value(value: Any, default: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return default
    return default if value is None else value


def _not_the_storage_warning(record: logging.LogRecord) -> bool:
    # The stock layer warns that "elements will not be persisted" without a blob store; here cards
    # are persisted (below) and uploads are off, so that warning would only mislead whoever reads the log.
    return "storage client is not initialized" not in record.getMessage()


class HistoryDataLayer(SQLAlchemyDataLayer):
    def __init__(self, url: str):
        logger.addFilter(_not_the_storage_warning)
        super().__init__(conninfo=url, connect_args=_connect_args(url))
        logger.info("Chat history in %s", url.split("@")[-1] if "@" in url else url)
        self._element_locks: dict[str, list] = {}  # element id -> [lock, writers waiting or writing]

    @queue_until_user_message()
    async def create_element(self, element: Element):
        if element.type != "custom":
            # Files and images need a blob store; this app sends none, so say so once and skip.
            return await super().create_element(element)
        if not element.for_id:
            return
        # Chainlit fires each write as its own task, on its own connection: the first save of a card
        # could commit after its final one and leave a half-streamed explanation in history. One lock
        # per card orders the writes, and each write takes the props as they are when its turn comes.
        entry = self._element_locks.setdefault(element.id, [asyncio.Lock(), 0])
        entry[1] += 1
        try:
            async with entry[0]:
                await self._upsert_custom_element(element)
        finally:
            entry[1] -= 1
            if entry[1] == 0:
                self._element_locks.pop(element.id, None)

    async def _upsert_custom_element(self, element: Element) -> None:
        row = {k: v for k, v in element.to_dict().items() if v is not None}
        # The session-scoped file key is meaningless after a restart; the props are the content.
        row.pop("chainlitKey", None)
        row["props"] = json.dumps(row.get("props") or {})
        row.pop("playerConfig", None)
        columns = ", ".join(f'"{c}"' for c in row)
        placeholders = ", ".join(f":{c}" for c in row)
        updates = ", ".join(f'"{c}" = :{c}' for c in row if c != "id")
        await self.execute_sql(
            f'INSERT INTO elements ({columns}) VALUES ({placeholders}) ON CONFLICT ("id") DO UPDATE SET {updates}',
            row,
        )

    async def get_all_user_threads(
        self, user_id: str | None = None, thread_id: str | None = None
    ) -> list[ThreadDict] | None:
        threads = await super().get_all_user_threads(user_id=user_id, thread_id=thread_id)
        for thread in threads or []:
            thread["metadata"] = _json_value(thread.get("metadata"), {})
            thread["tags"] = _json_value(thread.get("tags"), None)
            for step in thread.get("steps", []):
                step["metadata"] = _json_value(step.get("metadata"), {})
                step["generation"] = _json_value(step.get("generation"), None)
                step["streaming"] = bool(step.get("streaming"))
            for element in thread.get("elements", []):
                element["props"] = _json_value(element.get("props"), {})
        return threads
