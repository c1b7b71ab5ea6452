"""Shows one turn as it streams: three visible steps, the opening line, then one card per pick.

The engine yields events in order (Understood, Retrieved, OpeningToken..., then per pick
PickStarted + ExplanationToken..., then Finished). Each pick is its own message holding one
`MovieCard` element: Chainlit keeps messages in order, so cards arrive ranked. A card's
explanation streams into its props; props are re-sent at most every `update_interval_s`, so a
fast model doesn't flood the socket, and only the final props are written to history.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import chainlit as cl
from chainlit.utils import utc_now

from chains.models import (
    ExplanationToken,
    Finished,
    OpeningToken,
    PickStarted,
    Recommendation,
    Retrieved,
    TurnEvent,
    Understood,
)
from chains.notes import NoteCode, unique
from ui import session_files, text
from ui.cards import card_props, card_score
from ui.followups import suggestions
from ui.posters import PosterFinder

FOLLOW_UP_ACTION = "follow_up"


@dataclass
class _Card:
    element: cl.CustomElement
    message: cl.Message
    last_sent: float = 0.0
    dirty: bool = False


@dataclass
class TurnView:
    compact: bool = False
    turn: int = 0  # 1 for the chat's first answer, ...
    expected_mode: str = "offline"  # what the settings promise; Finished says what happened
    model: str | None = None
    posters: PosterFinder | None = None  # set when the user has a poster API key
    update_interval_s: float = 0.15
    steps: dict[str, cl.Step] = field(default_factory=dict)
    opening: cl.Message | None = None
    cards: dict[int, _Card] = field(default_factory=dict)
    understood: Understood | None = None
    recommendation: Recommendation | None = None

    # --- steps ---------------------------------------------------------------------------
    async def _open_step(self, name: str, waiting: str) -> None:
        # Nest under the running handler (like `async with cl.Step`) so the steps sit above the answer.
        parent = cl.context.current_step
        step = cl.Step(name=name, type="tool", show_input=False, parent_id=parent.id if parent else None)
        step.start = step.created_at
        step.output = waiting
        self.steps[name] = step
        await step.send()

    async def _close_step(self, name: str, output: str) -> None:
        step = self.steps.get(name)
        if step is None:
            return
        step.output = output
        if step.end is None:
            step.end = utc_now()
        await step.update()

    async def start(self) -> None:
        await self._open_step("Understanding", "Reading your request…")

    # --- events --------------------------------------------------------------------------
    async def on_event(self, event: TurnEvent) -> None:
        if isinstance(event, Understood):
            self.understood = event
            await self._close_step("Understanding", text.understanding(event.parsed, event.resolved, event.notes))
            await self._open_step("Searching", "Searching the catalog…")
        elif isinstance(event, Retrieved):
            await self._close_step("Searching", text.searching(event.candidates, event.filters))
            waiting = "Asking the language model to pick and explain…" if self.expected_mode == "llm" else ""
            await self._open_step("Ranking", waiting or "Ranking offline…")
        elif isinstance(event, OpeningToken):
            await self._end_ranking()
            if self.opening is None:
                self.opening = cl.Message(content="")
            await self.opening.stream_token(event.text)
        elif isinstance(event, PickStarted):
            await self._end_ranking()
            await self._finish_opening()
            await self._finish_cards(final=None)
            session_files.ensure()  # a card must never fail because its files folder vanished
            props = card_props(event.rank, event.pick, event.title, compact=self.compact, turn=self.turn)
            element = cl.CustomElement(name="MovieCard", props=props, display="inline")
            message = cl.Message(content="", elements=[element])
            await message.send()
            card = self.cards[event.rank] = _Card(element=element, message=message, last_sent=time.monotonic())
            if self.posters is not None and not props["poster"]:
                self.posters.swap_in_later(event.title, lambda url, card=card: self._set_poster(card, url))
        elif isinstance(event, ExplanationToken):
            card = self.cards.get(event.rank)
            if card is None:
                return
            card.element.props["explanation"] += event.text
            card.dirty = True
            if time.monotonic() - card.last_sent >= self.update_interval_s:
                await self._push(card, persist=False)
        elif isinstance(event, Finished):
            self.recommendation = event.recommendation
            await self._end_ranking()
            await self._finish_opening()
            await self._finish_cards(final=event.recommendation)

    async def _push(self, card: _Card, *, persist: bool) -> None:
        # send() with the same element id replaces the card in place; only final props are persisted
        await card.element.send(for_id=card.message.id, persist=persist)
        card.last_sent = time.monotonic()
        card.dirty = False

    async def _set_poster(self, card: _Card, url: str) -> None:
        card.element.props["poster"] = url
        # while the card streams, its final push persists the poster too; after that, this push must
        await self._push(card, persist=not card.element.props.get("streaming_now"))

    async def _end_ranking(self) -> None:
        step = self.steps.get("Ranking")
        if step is not None and step.end is None:
            await self._close_step("Ranking", text.ranking(self.expected_mode, self.model))

    async def _finish_opening(self) -> None:
        if self.opening is not None and self.opening.streaming:
            # stream_token only streams; send() ends the stream and writes the message to history
            await self.opening.send()

    async def _finish_cards(self, final: Recommendation | None) -> None:
        finals = {i + 1: p for i, p in enumerate(final.picks)} if final else {}
        for rank, card in self.cards.items():
            props = card.element.props
            final_pick = finals.get(rank)
            # The engine may correct a card after it streamed (a reason replaced by catalog wording, the score
            # after re-ranking): the final recommendation is the truth, even for a card already closed.
            if final_pick is not None and final_pick.id == props["id"]:
                corrected = {"explanation": final_pick.explanation, "score": card_score(final_pick)}
                if any(props.get(key) != value for key, value in corrected.items()):
                    props.update(corrected)
                    props["streaming_now"] = True  # forces the persisting push below
            if not props.get("streaming_now"):
                continue
            props["streaming_now"] = False
            await self._push(card, persist=True)

    # --- end of turn -----------------------------------------------------------------------
    async def finish(self, excluded: int = 0, settings_active: bool = False) -> list[cl.Action]:
        """After Finished: the mode line, the engine's notes, and refinement chips (returned)."""
        rec = self.recommendation
        if rec is None:
            return []
        if rec.mode != self.expected_mode:
            await self._close_step("Ranking", text.ranking(rec.mode, self.model))
        said = unique((self.understood.notes if self.understood else []) + rec.notes)
        # the mode line below says it better than the engine's own offline note
        notes = [n.text for n in said if n.code != NoteCode.OFFLINE]
        lines: list[str] = []
        if rec.picks:
            lines += [f"> {text.md_escape(note)}" for note in notes]
            lines.append(text.mode_badge(rec, self.model))
        else:
            lines.append(text.nothing_left(rec.filters, explained=bool(notes)))
            lines += [text.md_escape(note) for note in notes]
            if hint := text.loosen_hint(excluded, settings_active):
                lines.append(hint)
        mood = self.understood.parsed.mood if self.understood else []
        actions = [
            cl.Action(
                name=FOLLOW_UP_ACTION,
                payload={"message": s.message},
                label=s.label,
                tooltip=s.tooltip or s.message,
                icon=s.icon,
            )
            for s in suggestions(rec, mood)
        ]
        await cl.Message(content="\n\n".join(lines), actions=actions).send()
        return actions

    async def abort(self, message: str | None) -> None:
        """Close whatever is open and say what went wrong; the chat goes on."""
        for name, step in self.steps.items():
            if step.end is None:
                step.is_error = True
                await self._close_step(name, "Stopped.")
        await self._finish_opening()
        await self._finish_cards(final=None)
        if message:
            await cl.Message(content=message).send()
