"""A conversation as a message history: the one way the CLI's `--conversation`, the evals and any
other caller hand the engine what was said by whom.

The engine answers one message at a time with a `ConversationState` (what was asked, suggested, seen,
rejected, liked), the same state the chat keeps. A history is replayed into that state: every user
message is understood in order (`Recommender.remember`: what it asks, likes, rejects), and titles the
assistant side named ("Have you seen The Avengers (2012)?") are recorded as already suggested, so the
engine does not repeat them; they stand for the previous answer's picks ("I loved that one" is about
them) and hint at the user's taste. Only the last user message is answered (searched and ranked): the
engine's replies to the others would never have been seen.

`Replay` is incremental: histories that extend one another (a dialogue's successive turns) reuse the
work done on the shared beginning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Literal

from pydantic import BaseModel

from catalog.models import Title
from catalog.normalize import title_key
from chains.models import ConversationState, Recommendation

# "Title (2012)": the year in brackets closes a title; the title is the longest run of words
# before it that the catalog knows with that year.
_YEAR_IN_BRACKETS = re.compile(r"\((\d{4})\)")
_MAX_TITLE_WORDS = 12


class Message(BaseModel):
    role: Literal["user", "assistant"]
    content: str


class TitleSpotter:
    """Finds catalog titles written as "Title (year)" in free text (how ReDial and our judged
    conversations name films)."""

    def __init__(self, titles: Iterable[Title]):
        self._ids: dict[tuple[str, int], str] = {}
        for title in titles:
            for name in title.names:
                self._ids.setdefault((title_key(name), title.year), title.id)

    def named_ids(self, text: str) -> list[str]:
        found: list[str] = []
        for match in _YEAR_IN_BRACKETS.finditer(text):
            year = int(match[1])
            words = text[: match.start()].split()[-_MAX_TITLE_WORDS:]
            for start in range(len(words)):  # longest title first
                title_id = self._ids.get((title_key(" ".join(words[start:])), year))
                if title_id is not None:
                    found.append(title_id)
                    break
        return list(dict.fromkeys(found))


class Replay:
    """One engine conversation fed message by message; `answer(messages)` is the recommendation
    that follows the last user message of `messages`."""

    def __init__(self, rec, spotter: TitleSpotter, k: int | None = None, offline: bool | None = True):
        self._rec = rec
        self._spotter = spotter
        self._k = k
        self._offline = offline
        self._reset()

    def _reset(self) -> None:
        self._state = ConversationState()
        self._fed: list[Message] = []
        self._assistant_named: list[str] = []
        self._last: Recommendation | None = None

    @property
    def state(self) -> ConversationState:
        """The conversation as replayed so far."""
        return self._state

    def answer(self, messages: Sequence[Message]) -> Recommendation | None:
        """None when the conversation has no user message (nothing to answer)."""
        if list(messages[: len(self._fed)]) != self._fed:
            self._reset()  # not a continuation of what was fed so far: start a new conversation
        new = list(messages[len(self._fed) :])
        last_user = max((i for i, m in enumerate(new) if m.role == "user"), default=None)
        for i, message in enumerate(new):
            self._feed(message, answer=i == last_user)
        return self._last

    def _feed(self, message: Message, answer: bool) -> None:
        """One message; a user message is answered only if it is the one to answer (the others are
        remembered: the person saw the other side's replies to them, never the engine's)."""
        self._fed.append(message)
        if message.role == "assistant":
            named = self._spotter.named_ids(message.content)
            self._assistant_named = list(dict.fromkeys(self._assistant_named + named))
            self._state.shown_ids = list(self._assistant_named)
            self._state.suggested_ids = list(self._assistant_named)
            if self._state.turns:
                # What the person was offered: "loved that one" and "seen it" are about these titles.
                self._state.turns[-1].pick_ids = named
            return
        if not answer:
            self._rec.remember(message.content, self._state)
            return
        self._last = self._rec.recommend(message.content, self._state, k=self._k, offline=self._offline)
        # The person saw the assistant side's suggestions, not the engine's replayed answers.
        self._state.shown_ids = list(self._assistant_named)


class Conversation(BaseModel):
    """One line of `recommend --conversation`: {"messages": [{"role", "content"}, ...]}; other keys ignored."""

    messages: list[Message]
