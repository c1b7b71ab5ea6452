"""A chat client that speaks Chainlit 2.12's socket.io protocol, as the web page does, without a browser.

Used by the hardening, fault, secret and load tests and by benchmarks/load_test.py: many of these
are cheap to open (no Chromium), so a test can hold several conversations at once.

The protocol (chainlit/socket.py, emitter.py and the page's JS bundle):
- connect to `/ws/socket.io` with auth {sessionId, clientType, threadId, userEnv, chatProfile}, then
  emit `connection_successful` (the server runs on_chat_start: chat_settings, task_end);
- a user message is `client_message` {message: {id (uuid4), output, type: "user_message", createdAt...},
  fileReferences: None}; the server answers with `task_start`, then steps and messages
  (`new_message` / `update_message`, `stream_start` + `stream_token` for streamed text), each card as
  an `element` (props re-sent while its explanation streams), chips as `action`, and `task_end`.
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import socketio

SOCKET_PATH = "/ws/socket.io"
# The last message of every answer: the mode line, or the no-picks explanation.
FOOTER = re.compile(r"(?:AI-ranked|Offline mode)\**\s·|Nothing to suggest|Nothing left to suggest")


@dataclass
class Turn:
    """What one request produced, as the page would show it."""

    request: str
    seconds: float = 0.0  # from sending the message to the server's end of the task
    first_card_s: float | None = None  # from sending to the first card arriving
    messages: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> latest step dict
    cards: dict[str, dict[str, Any]] = field(default_factory=dict)  # element id -> latest MovieCard props
    actions: list[dict[str, Any]] = field(default_factory=list)
    events: list[str] = field(default_factory=list)

    @property
    def picks(self) -> list[dict[str, Any]]:
        """The cards' props, best first."""
        return sorted(self.cards.values(), key=lambda p: p.get("rank", 0))

    @property
    def assistant_texts(self) -> list[str]:
        """Every chat message the app wrote (not steps, not the user's echo), in arrival order."""
        return [
            str(m.get("output") or "")
            for m in self.messages.values()
            if m.get("type") == "assistant_message" and (m.get("output") or "").strip()
        ]

    @property
    def step_texts(self) -> list[str]:
        return [str(m.get("output") or "") for m in self.messages.values() if m.get("type") == "tool"]

    @property
    def errors(self) -> list[str]:
        """Failures the user saw: Chainlit's error message (an exception escaped a handler) or the app's
        "something went wrong" apology (an exception the app caught). A clear answer is neither."""
        return [
            str(m.get("output") or m.get("name"))
            for m in self.messages.values()
            if m.get("name") == "Error" or "went wrong" in str(m.get("output") or "")
        ]

    @property
    def failed_steps(self) -> list[str]:
        return [str(m.get("name")) for m in self.messages.values() if m.get("type") == "tool" and m.get("isError")]

    @property
    def footer(self) -> str:
        return next((t for t in reversed(self.assistant_texts) if FOOTER.search(t)), "")

    def all_text(self) -> str:
        """Everything a person could read from this turn: messages, steps and every card field."""
        parts = [str(m.get("output") or "") for m in self.messages.values()]
        for props in self.cards.values():
            parts += [str(v) for v in props.values() if isinstance(v, str | int | float)]
            parts += [str(x) for v in props.values() if isinstance(v, list) for x in v]
        parts += [str(a.get("label", "")) + " " + str(a.get("tooltip", "")) for a in self.actions]
        return "\n".join(parts)


class ChatClient:
    """One browser tab's worth of conversation. Use as `async with ChatClient(url) as chat:`."""

    def __init__(self, url: str, client_type: str = "webapp", turn_timeout_s: float = 120.0):
        self.url = url.rstrip("/")
        self.client_type = client_type
        self.turn_timeout_s = turn_timeout_s
        self.session_id = str(uuid.uuid4())
        self.sio = socketio.AsyncClient(reconnection=False)
        self.chat_settings: list[dict[str, Any]] | None = None
        self.all_events: list[tuple[str, Any]] = []
        self._turn: Turn | None = None
        self._sent_at = 0.0
        self._busy = False
        self._idle = asyncio.Event()
        self._ready = asyncio.Event()
        self.sio.on("*", self._on_event)

    async def __aenter__(self) -> ChatClient:
        await self.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def connect(self, timeout_s: float = 60.0) -> None:
        auth = {
            "sessionId": self.session_id,
            "clientType": self.client_type,
            "threadId": "",
            "userEnv": "{}",
            "chatProfile": "",
        }
        await self.sio.connect(
            self.url,
            socketio_path=SOCKET_PATH,
            transports=["websocket"],
            auth=auth,
            headers={"X-Chainlit-Session-Id": self.session_id},
            wait_timeout=timeout_s,
        )
        await self.sio.emit("connection_successful")
        # on_chat_start sends the filter panel: the chat is live once it arrives.
        await asyncio.wait_for(self._ready.wait(), timeout_s)

    async def close(self) -> None:
        if self.sio.connected:
            await self.sio.emit("clear_session")
            await self.sio.disconnect()

    async def ask(self, text: str) -> Turn:
        """Send one message and wait until the server has finished answering it."""
        turn = Turn(request=text)
        self._turn, self._busy = turn, False
        self._idle.clear()
        message = {
            "id": str(uuid.uuid4()),
            "threadId": "",
            "name": "User",
            "type": "user_message",
            "output": text,
            "createdAt": datetime.now(UTC).isoformat(),
        }
        started = self._sent_at = time.perf_counter()
        await self.sio.emit("client_message", {"message": message, "fileReferences": None})
        await asyncio.wait_for(self._idle.wait(), self.turn_timeout_s)
        turn.seconds = time.perf_counter() - started
        self._turn = None
        return turn

    async def _on_event(self, event: str, data: Any = None) -> None:
        self.all_events.append((event, data))
        if event == "chat_settings":
            self.chat_settings = data
            self._ready.set()
        turn = self._turn
        if turn is None:
            return
        turn.events.append(event)
        if event == "task_start":
            self._busy = True
        elif event == "task_end" and self._busy:
            self._idle.set()
        elif event in ("new_message", "update_message", "stream_start") and isinstance(data, dict):
            known = turn.messages.get(data["id"], {})
            turn.messages[data["id"]] = known | data
        elif event == "stream_token" and isinstance(data, dict):
            entry = turn.messages.setdefault(data["id"], {"id": data["id"], "type": "assistant_message", "output": ""})
            entry["output"] = (entry.get("output") or "") + data.get("token", "")
        elif event == "element" and isinstance(data, dict) and data.get("name") == "MovieCard":
            if turn.first_card_s is None:
                turn.first_card_s = time.perf_counter() - self._sent_at
            turn.cards[data["id"]] = dict(data.get("props") or {})
        elif event == "action" and isinstance(data, dict):
            turn.actions.append(data)


async def converse(url: str, requests: list[str], **client_options: Any) -> list[Turn]:
    """One conversation: the requests in order, each answered before the next is sent."""
    async with ChatClient(url, **client_options) as chat:
        return [await chat.ask(r) for r in requests]
