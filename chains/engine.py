"""The recommendation engine: one turn of the conversation, streamed as it is made.

`Recommender.astream_turn` runs the stages in order, each a short method:
understand (parser + title resolver [+ LLM rewriter]) -> plan against the conversation and the chat
settings -> retrieve (filtered similarity search) -> rank (offline score) -> explain and stream (the
language model's slate, or the catalog's) -> record the turn in the conversation.

Blocking work (embedding, Chroma, fuzzy matching) runs in a worker thread so one event loop can
serve many chat sessions. Whatever fails, the turn ends with a `Finished` event: a failing model
means offline ranking with a note, impossible constraints mean a clear note and no picks.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from textwrap import shorten
from typing import Any

from langchain_core.caches import BaseCache

from chains.conversation import ConversationPlanner, apply_ui_filters, record_turn
from chains.dialogue import Message, Replay, TitleSpotter
from chains.fan_ranking import RANKING_POOL, rank_for_fans
from chains.grounding import EchoGuard
from chains.known_words import KnownWords
from chains.lexicon import UNKNOWN_TITLE_CUES
from chains.llm import make_chat_model, open_cache
from chains.models import (
    Candidate,
    ConversationState,
    Finished,
    Mode,
    Recommendation,
    Retrieved,
    TokenUsage,
    TurnEvent,
    TurnPlan,
    Understood,
)
from chains.notes import MAX_REQUEST_CHARS, LlmFailure, Note, NoteCode, note, unique
from chains.preference_reader import PreferenceReader
from chains.proposals import TitleProposer, TokenBudget, as_candidates, ground, merge_candidates
from chains.query_rewriter import QueryRewriter
from chains.request_parser import RequestParser
from chains.reranker import ChosenPick, LlmReranker, Opening, Outcome, Skipped, Why, candidate_line, request_context
from chains.retriever import Retriever
from chains.slate import Slate, shortfall_note
from chains.title_resolver import TitleResolver
from chains.usage import add_usage
from chains.vocabulary import Vocabulary
from config import Settings, get_settings
from vectorstore.filters import SearchFilters

log = logging.getLogger(__name__)

_LIKE_A_NAME = re.compile(
    rf"\b(?:{UNKNOWN_TITLE_CUES})\s+"
    r"(?P<name>(?:[A-Z0-9][\w'’:&.!?-]*\s*){1,6})"
)


def read_message(message: str | None) -> tuple[str, list[Note]]:
    """The message on one line, cut at a word boundary if it is too long (and a note saying so)."""
    text = " ".join((message or "").split())
    if len(text) <= MAX_REQUEST_CHARS:
        return text, []
    return text[:MAX_REQUEST_CHARS].rsplit(" ", 1)[0], [note(NoteCode.LONG_REQUEST, chars=MAX_REQUEST_CHARS)]


def unknown_title(message: str) -> str | None:
    """The capitalised name after "like ..." when no catalog title matched it ("something like Zzyzx
    Gorblax"), so the answer can say it searched the words instead of pretending it knew the film."""
    match = _LIKE_A_NAME.search(message)
    return match.group("name").strip() if match else None


def filters_only(plan: TurnPlan) -> bool:
    """ "A 90s comedy": no title and no free text, so similarity to a generic query means little."""
    return not plan.seeds and not plan.parsed.query_text


def catalog_shortage_note(plan: TurnPlan, found: int, k: int, latest_year: int) -> Note | None:
    """What to say when the catalog holds fewer matching titles than picks wanted (None: enough)."""
    constraints = "" if plan.filters.is_empty() else plan.filters.describe()
    if found >= k:
        return None
    if found:
        return note(NoteCode.FEW_MATCHES, count=found, constraints=constraints, excluding_shown=bool(plan.exclude_ids))
    wanted_from = plan.filters.year_min
    if wanted_from is not None and wanted_from > latest_year:
        return note(NoteCode.BEYOND_NEWEST, latest=latest_year, wanted_from=wanted_from)
    return note(NoteCode.NO_MATCH, constraints=constraints, excluding_shown=bool(plan.exclude_ids))


def grounding_texts(plan: TurnPlan, candidates: list[Candidate]) -> list[str]:
    """What the model was shown about the titles: the only source its names may come from."""
    texts = [request_context(plan)] + [candidate_line(c) for c in candidates]
    for t in [c.title for c in candidates] + list(plan.seeds):
        texts += [t.title, t.overview, " ".join(t.directors), " ".join(t.cast)]
    return texts


@dataclass
class LlmParts:
    """The model clients of one event loop: an async HTTP client must not cross loops."""

    loop: asyncio.AbstractEventLoop
    reranker: LlmReranker
    rewriter: QueryRewriter
    proposer: TitleProposer


class Recommender:
    def __init__(self, index: Any, settings: Settings | None = None):
        self.index = index
        self.settings = settings or get_settings()
        titles = list(index.catalog.values())
        self.vocabulary, self.resolver = Vocabulary.from_titles(titles), TitleResolver(titles)
        self.known_words = KnownWords(titles)
        self.parser = RequestParser(
            self.vocabulary, self.resolver, PreferenceReader.from_titles(self.vocabulary, titles)
        )
        self.planner = ConversationPlanner(index.catalog)
        self.retriever = Retriever(index, self.settings.candidates, self.settings.well_known_pool)
        self._cache: BaseCache | None = None
        self._cache_opened = False
        self._llm_parts: LlmParts | None = None
        self._runner: asyncio.Runner | None = None
        self._spotter: TitleSpotter | None = None  # made on the first message history

    def uses_llm(self, offline: bool | None = None) -> bool:
        if offline is None:
            return self.settings.llm_configured
        return not offline and self.settings.llm_configured

    def _llm(self) -> LlmParts:
        """The model clients, made on first use on the running loop (again if a later turn runs on another)."""
        loop = asyncio.get_running_loop()
        if self._llm_parts is None or self._llm_parts.loop is not loop:
            if not self._cache_opened:
                self._cache, self._cache_opened = open_cache(self.settings), True
            llm = make_chat_model(self.settings, self._cache)
            self._llm_parts = LlmParts(
                loop=loop,
                reranker=LlmReranker(self.settings, llm, self._cache),
                rewriter=QueryRewriter(self.settings, llm, self.vocabulary, self.resolver),
                proposer=TitleProposer(self.settings, llm),
            )
        return self._llm_parts

    # --- one turn, stage by stage -------------------------------------------------------------------

    async def astream_turn(
        self,
        message: str,
        state: ConversationState,
        ui_filters: SearchFilters | None = None,
        k: int | None = None,
        offline: bool | None = None,
    ) -> AsyncIterator[TurnEvent]:
        k = max(1, k or self.settings.picks)
        use_llm = self.uses_llm(offline)
        request, notes = read_message(message)
        mode: Mode = "llm" if use_llm else "offline"
        if not request:
            yield Finished(recommendation=Recommendation(request="", mode=mode, notes=[note(NoteCode.EMPTY_REQUEST)]))
            return
        plan, usage = await self._understand_and_plan(request, state, ui_filters, use_llm)
        slate = Slate(plan, mode)
        slate.usage = usage  # the turn's token budget counts every call (chains/proposals.py)
        notes += plan.notes + self._doubts(request, plan)
        yield Understood(parsed=plan.parsed, resolved=plan.resolved, notes=list(notes))
        if contradiction := plan.filters.contradiction():
            notes.append(note(NoteCode.CONTRADICTION, reason=contradiction))
        else:
            candidates = await self._retrieve(plan)
            yield Retrieved(candidates=len(candidates), filters=plan.filters)
            # Ranked before the shortfall note: ranking drops other records of one film (fan_ranking.py).
            ranked = self._rank(candidates, plan)
            if shortage := catalog_shortage_note(plan, len(ranked), k, self.vocabulary.latest_year):
                notes.append(shortage)
            if ranked:
                stream = (
                    self._llm_slate(plan, ranked, k, slate, candidates)
                    if use_llm
                    else self._catalog_slate(plan, ranked, k, slate)
                )
                async for event in stream:
                    yield event
        yield self._record(state, request, slate, notes + slate.notes, slate.usage)

    def understand(self, message: str, state: ConversationState, ui_filters: SearchFilters | None = None) -> TurnPlan:
        """The deterministic understanding of a turn (no model call): parse, resolve, plan, settings."""
        return apply_ui_filters(self.planner.plan(self.parser.parse(message), state), ui_filters)

    def remember(self, message: str, state: ConversationState) -> None:
        """A user message of a replayed history that is not the one to answer (chains/dialogue.py): what it
        asks, likes and rejects joins the conversation, but nothing is searched, since the person saw the
        other side's reply to it, not ours."""
        request, _ = read_message(message)
        if request:
            record_turn(state, self.understand(request, state), [])

    async def _understand_and_plan(
        self, request: str, state: ConversationState, ui_filters: SearchFilters | None, use_llm: bool
    ) -> tuple[TurnPlan, TokenUsage]:
        plan = await asyncio.to_thread(lambda: self.planner.plan(self.parser.parse(request), state))
        usage = TokenUsage()
        if use_llm and self.settings.llm_rewrite_queries:  # adds to what the user said, before settings apply
            plan, usage = await self._llm().rewriter.refine(plan)
        return apply_ui_filters(plan, ui_filters), usage

    def _doubts(self, request: str, plan: TurnPlan) -> list[Note]:
        """Say so when the message named a title the catalog lacks, or held no word the engine knows."""
        if not plan.seeds and not plan.follow_up and (unknown := unknown_title(request)):
            suggestions = self.resolver.suggest(unknown)
            did_you_mean = [note(NoteCode.DID_YOU_MEAN, titles=[f"{t.title} ({t.year})" for t in suggestions])]
            return [note(NoteCode.UNKNOWN_TITLE, name=unknown)] + (did_you_mean if suggestions else [])
        if self._understood_nothing(plan):
            return [note(NoteCode.NOT_UNDERSTOOD, text=shorten(plan.parsed.query_text, 60, placeholder="…"))]
        return []

    def _understood_nothing(self, plan: TurnPlan) -> bool:
        """Free text alone, and not one word of it known (see known_words.py): the search can only guess."""
        parsed = plan.parsed
        if plan.seeds or plan.follow_up or parsed.mood or not parsed.filters.is_empty() or not parsed.query_text:
            return False
        return self.known_words.understood_nothing(parsed.query_text)

    async def _retrieve(self, plan: TurnPlan) -> list[Candidate]:
        # Rank a wider pool than the model sees: how well regarded a title is can lift a classic above
        # a closer but obscure match (chains/fan_ranking.py, chains/well_known.py).
        pool = max(self.settings.candidates, RANKING_POOL)
        retrieval = await asyncio.to_thread(self.retriever.retrieve, plan, pool)
        return retrieval.candidates

    async def _catalog_slate(
        self, plan: TurnPlan, ranked: list[Candidate], k: int, slate: Slate
    ) -> AsyncIterator[TurnEvent]:
        """Offline: the best-ranked titles that pass the filters, explained from the catalog."""
        slate.notes.append(note(NoteCode.OFFLINE))
        guard = plan.search_filters()
        chosen = [c for c in ranked if guard.accepts(c.title)][:k]
        for event in slate.open_with_catalog(len(chosen)):
            yield event
        for candidate in chosen:
            for event in slate.add_catalog_pick(candidate):
                yield event

    def _rank(self, pool: list[Candidate], plan: TurnPlan) -> list[Candidate]:
        """The pool ordered for fans; the conversation reaches it through the plan (taste, seeds, exclusions)."""
        return rank_for_fans(pool, plan, self.index, self.vocabulary.latest_year, filters_only(plan))

    async def _llm_slate(
        self,
        plan: TurnPlan,
        ranked: list[Candidate],
        k: int,
        slate: Slate,
        pool: list[Candidate],
    ) -> AsyncIterator[TurnEvent]:
        """The model chooses among the best-ranked few (a bounded prompt) and explains, streamed; the
        catalog fills in whatever it could not deliver. `pool` (retrieved, before ranking) ranks the
        model's own proposals together with the retrieved titles."""
        shown = await self._with_proposals(plan, ranked, slate, pool)
        wanted = min(k, len(shown))
        guard = plan.search_filters()
        scores = {c.title.id: c.score for c in ranked}  # the score shown is the offline one
        # The model's words may not name a title the user typed that the catalog data lacks (grounding.py).
        slate.echo_guard = EchoGuard.for_turn(plan.message, grounding_texts(plan, shown))
        outcome = Outcome()
        left = TokenBudget().after(slate.usage)
        reranker = self._llm().reranker
        async for event in reranker.astream(plan, shown, k, left.input_tokens, left.output_tokens):
            if isinstance(event, Opening):
                slate.hold_opening(event.text)
            elif isinstance(event, Skipped):
                slate.skipped()
            elif isinstance(event, ChosenPick) and guard.accepts(event.candidate.title):
                chosen = event.candidate
                candidate = chosen.model_copy(update={"score": scores.get(chosen.title.id, chosen.score)})
                for out in slate.choose(candidate, fallback_count=wanted):
                    yield out
            elif isinstance(event, Why):
                for out in slate.why(event.text):
                    yield out
            elif isinstance(event, Outcome):
                outcome = event
        for out in slate.settle_reasons():
            yield out
        slate.usage = add_usage(slate.usage, outcome.usage)
        if shortfall := shortfall_note(outcome, len(slate.picks), wanted):
            slate.notes.append(shortfall)
        if not slate.picks:
            slate.mode = "offline"
        fill = [c for c in ranked if c.title.id not in slate.ids and guard.accepts(c.title)]
        for out in slate.fill(fill[: max(0, wanted - len(slate.picks))]):
            yield out
        if outcome.from_cache:
            log.info("re-rank served from the LLM cache")
        if outcome.error == LlmFailure.TIMEOUT:
            log.info("LLM timed out after %.1f s", self.settings.llm_timeout_s)

    async def _with_proposals(
        self,
        plan: TurnPlan,
        ranked: list[Candidate],
        slate: Slate,
        pool: list[Candidate],
    ) -> list[Candidate]:
        """The candidates the model re-ranks: the best retrieved, plus the titles the model itself knows
        fit, once grounded to catalog records this turn may pick (an ungrounded name is dropped unseen).
        A proposal is ranked together with the retrieved pool, so its match means what it means elsewhere."""
        size = self.settings.candidates
        if not self.settings.llm_propose_titles:
            return ranked[:size]
        catalog = self.index.catalog
        avoid = [f"{t.title} ({t.year})" for t in plan.seeds]
        avoid += [f"{catalog[i].title} ({catalog[i].year})" for i in reversed(plan.exclude_ids) if i in catalog]
        proposals = await self._llm().proposer.propose(plan, list(dict.fromkeys(avoid)))
        slate.usage = add_usage(slate.usage, proposals.usage)
        if not proposals.names:
            return ranked[:size]
        shown_ids = {c.title.id for c in ranked[:size]}
        titles = ground(proposals.names, self.resolver, plan, shown_ids)
        grounded = await asyncio.to_thread(as_candidates, titles, self.retriever, plan)
        grounded_ids = {c.title.id for c in grounded}
        rescored = await asyncio.to_thread(self._rank, pool + grounded, plan)
        proposed = [c for c in rescored if c.title.id in grounded_ids]
        log.info("LLM proposed %d titles, %d grounded in the catalog", len(proposals.names), len(proposed))
        return merge_candidates(ranked, proposed, size)

    def _record(
        self, state: ConversationState, request: str, slate: Slate, notes: list[Note], usage: TokenUsage
    ) -> Finished:
        """The turn's answer, and the conversation updated with it (picks shown, titles seen or rejected)."""
        plan = slate.plan
        record_turn(state, plan, [p.id for p in slate.picks])
        return Finished(
            recommendation=Recommendation(
                request=request,
                mode=slate.mode,
                resolved=plan.resolved,
                filters=plan.filters,
                opening=slate.opening,
                picks=slate.picks,
                notes=unique(notes),
                usage=usage,
            )
        )

    # --- sync door (CLI, evals) ---------------------------------------------------------------------

    async def arecommend(
        self,
        message: str,
        state: ConversationState | None = None,
        k: int | None = None,
        offline: bool | None = None,
        ui_filters: SearchFilters | None = None,
    ) -> Recommendation:
        state = state if state is not None else ConversationState()
        result: Recommendation | None = None
        async for event in self.astream_turn(message, state, ui_filters=ui_filters, k=k, offline=offline):
            if isinstance(event, Finished):
                result = event.recommendation
        assert result is not None  # astream_turn always ends with Finished
        return result

    def recommend(self, message: str, state: ConversationState | None = None, **options: Any) -> Recommendation:
        """Blocking form of one turn, for code without an event loop (CLI, evals). Every call runs on
        the same loop (asyncio.Runner), so the model's HTTP client and its connections are reused. The
        options are `arecommend`'s (k, offline, ui_filters)."""
        if self._runner is None:
            self._runner = asyncio.Runner()
        return self._runner.run(self.arecommend(message, state, **options))

    def recommend_messages(
        self, messages: Sequence[Message], k: int | None = None, offline: bool | None = None
    ) -> Recommendation | None:
        """The answer that follows a message history (user and assistant turns, chains/dialogue.py);
        None when it holds no user message to answer."""
        if self._spotter is None:
            self._spotter = TitleSpotter(self.index.catalog.values())
        return Replay(self, self._spotter, k=k, offline=offline).answer(messages)

    def close(self) -> None:
        if self._runner is not None:
            self._runner.close()
            self._runner = None
