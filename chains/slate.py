"""The picks of one turn as they are streamed, and what to say when there are fewer than asked.

`Slate` holds what the picks look like so far: the opening, each pick with its explanation, and (on
the language-model path) the opening held back until a valid pick arrives and the guard on each
reason. Its methods return the events the chat shows, in order; the engine only forwards them.
A pick the catalog explains (offline, a fill, a replaced reason) is made in one place: `add_catalog_pick`.
"""

from __future__ import annotations

from chains.grounding import EchoGuard, GuardedStream
from chains.models import (
    Candidate,
    ExplanationToken,
    Mode,
    OpeningToken,
    Pick,
    PickStarted,
    TokenUsage,
    TurnEvent,
    TurnPlan,
)
from chains.notes import LlmFailure, Note, NoteCode, note
from chains.offline_explainer import explain, offline_opening
from chains.reranker import Outcome

# What a pick copies from its catalog record, as it is there (lists as lists).
_PICK_FROM_TITLE = ("id", "title", "year", "type", "genres", "runtime_min", "seasons", "directors")
_PICK_DETAILS = ("countries", "language", "certificate", "platforms")


def make_pick(candidate: Candidate, explanation: str = "") -> Pick:
    record = candidate.title.model_dump(include=set(_PICK_FROM_TITLE + _PICK_DETAILS))
    return Pick(**record, score=round(candidate.score, 4), explanation=explanation)


def shortfall_note(outcome: Outcome, chosen: int, wanted: int) -> Note | None:
    """Why the model's slate has fewer than `wanted` picks, or named titles it may not: None if all is well."""
    missing = wanted - chosen
    if not chosen:
        return note(NoteCode.LLM_FAILED, failure=outcome.error or LlmFailure.NO_VALID_TITLES)
    if missing > 0 and outcome.error:
        return note(NoteCode.LLM_FAILED_PARTLY, failure=outcome.error, missing=missing)
    if outcome.invented or outcome.duplicates:
        return note(NoteCode.LLM_SKIPPED, invented=outcome.invented, repeats=outcome.duplicates, missing=missing)
    if missing > 0:
        return note(NoteCode.LLM_TOO_FEW, missing=missing)
    return None


class Slate:
    def __init__(self, plan: TurnPlan, mode: Mode) -> None:
        self.plan = plan
        self.mode: Mode = mode  # "offline" when the model was to rank but delivered no pick
        self.notes: list[Note] = []
        self.usage = TokenUsage()
        self.echo_guard: EchoGuard | None = None
        self.opening = ""
        self.opened = False  # an opening was streamed (even an empty one from the model)
        self.picks: list[Pick] = []
        self.candidates: list[Candidate] = []  # the candidate behind each pick
        self.explanations: list[list[str]] = []
        self.reasons: list[GuardedStream] = []  # the model's reason for each pick, guarded (grounding.py)
        self._held_opening: list[str] = []
        self._invented_before_picks = False

    @property
    def ids(self) -> set[str]:
        return {p.id for p in self.picks}

    # --- catalog-made parts (offline, fills) ---------------------------------------------------------

    def open_with_catalog(self, count: int) -> list[TurnEvent]:
        self.opening, self.opened = offline_opening(self.plan, count), True
        return [OpeningToken(text=self.opening)]

    def add_catalog_pick(self, candidate: Candidate) -> list[TurnEvent]:
        """A pick with the catalog's explanation, streamed in one piece."""
        rank = len(self.picks) + 1
        text = explain(candidate.title, self.plan, rank - 1)
        self.picks.append(make_pick(candidate, text))
        self.candidates.append(candidate)
        self.explanations.append([text])
        return [
            PickStarted(rank=rank, pick=make_pick(candidate), title=candidate.title),
            ExplanationToken(rank=rank, text=text),
        ]

    # --- the language model's stream -----------------------------------------------------------------

    def hold_opening(self, text: str) -> None:
        """Held back until the first valid pick: an opening over picks the model never delivered
        ("I'd suggest a few classics...") would introduce the wrong slate."""
        self._held_opening.append(text)

    def skipped(self) -> None:
        """The model named a title that is not a candidate; before any pick, its opening is suspect."""
        self._invented_before_picks = self._invented_before_picks or not self.picks

    def choose(self, candidate: Candidate, fallback_count: int) -> list[TurnEvent]:
        """A pick the model chose: close the previous reason, release the opening, start the card."""
        events = self.flush_reason()
        if self._held_opening:
            text = "".join(self._held_opening)
            if self._invented_before_picks or (self.echo_guard is not None and self.echo_guard.violates(text)):
                # It introduced a title the model was not allowed to pick: say it plainly instead.
                text = offline_opening(self.plan, fallback_count)
            self.opening, self.opened = self.opening + text, True
            self._held_opening.clear()
            events.append(OpeningToken(text=text))
        self.picks.append(make_pick(candidate))
        self.candidates.append(candidate)
        self.explanations.append([])
        self.reasons.append(GuardedStream(self.echo_guard))
        events.append(PickStarted(rank=len(self.picks), pick=self.picks[-1], title=candidate.title))
        return events

    def why(self, text: str) -> list[TurnEvent]:
        if not self.picks or not (safe := self.reasons[-1].feed(text)):
            return []
        self.explanations[-1].append(safe)
        return [ExplanationToken(rank=len(self.picks), text=safe)]

    def flush_reason(self) -> list[TurnEvent]:
        if not self.reasons or not (rest := self.reasons[-1].flush()):
            return []
        self.explanations[-1].append(rest)
        return [ExplanationToken(rank=len(self.picks), text=rest)]

    def settle_reasons(self) -> list[TurnEvent]:
        """Each model pick gets its final explanation: the model's, or the catalog's where the model gave
        none (streamed now) or named a title it may not (already streamed up to the name: replaced)."""
        events: list[TurnEvent] = self.flush_reason()
        replaced = [rank for rank, stream in enumerate(self.reasons, start=1) if stream.tripped]
        for rank, (cand, parts) in enumerate(zip(self.candidates, self.explanations, strict=True), start=1):
            text = "".join(parts).strip()
            if rank in replaced or not text:
                text = explain(cand.title, self.plan, rank - 1)
                if rank not in replaced:
                    events.append(ExplanationToken(rank=rank, text=text))
            self.picks[rank - 1] = self.picks[rank - 1].model_copy(update={"explanation": text})
        if replaced:
            self.notes.append(note(NoteCode.REASON_REPLACED, ranks=replaced))
        return events

    def fill(self, candidates: list[Candidate]) -> list[TurnEvent]:
        """The catalog's picks after the model's, and an opening if the model's is missing."""
        events = [] if self.opened or not candidates else self.open_with_catalog(len(self.picks) + len(candidates))
        for candidate in candidates:
            events += self.add_catalog_pick(candidate)
        self.opening = self.opening.strip()
        if not self.opening:
            events += self.open_with_catalog(len(self.picks))
        return events
