"""The recommendation engine: one turn of the conversation, streamed.

    understand (parser + title resolver [+ LLM rewriter]) -> plan against the conversation
    -> retrieve (filtered similarity search) -> rank and explain (LLM, or offline) -> Finished

Blocking work (embedding, Chroma, fuzzy matching) runs in a worker thread so one event loop can
serve many chat sessions. Whatever fails, the turn ends with a `Finished` event: a failing model
means offline ranking with a note, impossible constraints mean a clear note and no picks.
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading
from collections.abc import AsyncIterator, Coroutine
from textwrap import shorten
from typing import Any, TypeVar

from langchain_core.caches import BaseCache

from catalog.models import Title
from chains.conversation import ConversationPlanner, TurnPlan, apply_ui_filters, record_turn
from chains.fan_ranking import rank_for_fans
from chains.grounding import EchoGuard, GuardedStream
from chains.known_words import KnownWords
from chains.llm import make_chat_model, open_cache
from chains.models import (
    Candidate,
    ConversationState,
    ExplanationToken,
    Finished,
    OpeningToken,
    Pick,
    PickStarted,
    Recommendation,
    Retrieved,
    TokenUsage,
    TurnEvent,
    Understood,
)
from chains.offline_explainer import explain, offline_opening
from chains.query_rewriter import QueryRewriter
from chains.request_parser import RequestParser
from chains.reranker import (
    TIMEOUT_NOTE,
    ChosenPick,
    LlmReranker,
    Opening,
    Outcome,
    Skipped,
    Why,
    candidate_line,
    request_context,
)
from chains.retriever import Retriever
from chains.title_resolver import TitleResolver
from chains.usage import add_usage
from chains.vocabulary import Vocabulary
from config import Settings, get_settings
from vectorstore.filters import SearchFilters

log = logging.getLogger(__name__)
T = TypeVar("T")

# Nearest titles ranked offline (the best settings.candidates go to the model): wide, so that a known,
# well-regarded fit a little further from the query can still rise (chains/fan_ranking.py).
RANKING_POOL = 200
FILTERS_ONLY_POOL = 200
OFFLINE_NOTE = "Offline mode: ranked by similarity and catalog data, no language model."
EMPTY_REQUEST_NOTE = "Tell me what you feel like watching: a title you liked, a mood, a genre or a decade."
# A request is a sentence or two. Beyond this the parser and the model would only pay for noise (and the
# model prompt grows with every character), so longer messages are cut, and the answer says so.
MAX_REQUEST_CHARS = 1000
LONG_REQUEST_NOTE = f"Your message was very long: I read its first {MAX_REQUEST_CHARS:,} characters."
UNKNOWN_TITLE_NOTE = "I couldn't find a title called “{name}” in the catalog, so these match your words instead."
DID_YOU_MEAN_NOTE = "Did you mean {titles}?"
NOT_UNDERSTOOD_NOTE = (
    "I didn't recognise any of the words in “{text}”, so these picks are only a guess. "
    "Try a mood, a genre, a decade or a title you liked, in English."
)
_LIKE_A_NAME = re.compile(
    r"\b(?:like|similar to|such as|reminds? me of|in the vein of|fans? of)\s+"
    r"(?P<name>(?:[A-Z0-9][\w'’:&.!?-]*\s*){1,6})"
)
REPLACED_REASON_NOTE = (
    "The language model's reason for {which} named a title that isn't in the catalog; "
    "the reason shown comes from the catalog instead."
)


def unknown_title(message: str) -> str | None:
    """The capitalised name after "like ..." when no catalog title matched it ("something like Zzyzx
    Gorblax"), so the answer can say it searched the words instead of pretending it knew the film."""
    match = _LIKE_A_NAME.search(message)
    return match.group("name").strip() if match else None


def grounding_texts(plan: TurnPlan, candidates: list[Candidate]) -> list[str]:
    """What the model was shown about the titles: the only source its names may come from."""
    texts = [request_context(plan)] + [candidate_line(c) for c in candidates]
    for t in [c.title for c in candidates] + list(plan.seeds):
        texts += [t.title, t.overview, " ".join(t.directors), " ".join(t.cast)]
    return texts


_LOOKUPS: dict[int, tuple[dict[str, Title], Vocabulary, TitleResolver]] = {}
_LOOKUPS_LOCK = threading.Lock()


def catalog_lookups(catalog: dict[str, Title]) -> tuple[Vocabulary, TitleResolver]:
    """The vocabulary and title lookup of a catalog, built once (about a second for the full
    catalog) and shared by every Recommender over the same catalog object."""
    with _LOOKUPS_LOCK:
        cached = _LOOKUPS.get(id(catalog))
        if cached is not None and cached[0] is catalog:
            return cached[1], cached[2]
        titles = list(catalog.values())
        vocabulary, resolver = Vocabulary.from_titles(titles), TitleResolver(titles)
        _LOOKUPS.clear()  # one catalog per process in practice; never keep an old one alive
        _LOOKUPS[id(catalog)] = (catalog, vocabulary, resolver)
        return vocabulary, resolver


def make_pick(candidate: Candidate, explanation: str) -> Pick:
    t = candidate.title
    return Pick(
        id=t.id,
        title=t.title,
        year=t.year,
        type=t.type,
        genres=list(t.genres),
        runtime_min=t.runtime_min,
        seasons=t.seasons,
        directors=list(t.directors),
        score=round(candidate.score, 4),
        explanation=explanation,
    )


class Recommender:
    def __init__(self, index: Any, settings: Settings | None = None):
        self.index = index
        self.settings = settings or get_settings()
        self.vocabulary, self.resolver = catalog_lookups(index.catalog)
        self.known_words = KnownWords(index.catalog.values())
        self.parser = RequestParser(self.vocabulary, self.resolver)
        self.planner = ConversationPlanner(index.catalog)
        self.retriever = Retriever(index, self.settings.candidates)
        self._cache: BaseCache | None = None
        self._cache_opened = False
        # One chat model per event loop: an async HTTP client must not cross loops.
        self._llm_parts: dict[int, tuple[asyncio.AbstractEventLoop, LlmReranker, QueryRewriter]] = {}
        self._llm_lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_lock = threading.Lock()

    # --- configuration ----------------------------------------------------------------------------

    def _understood_nothing(self, plan: TurnPlan) -> bool:
        """Free text alone, and not one word of it known (see known_words.py): the search can only guess."""
        parsed = plan.parsed
        if plan.seeds or plan.follow_up or parsed.mood or not parsed.filters.is_empty() or not parsed.query_text:
            return False
        return self.known_words.understood_nothing(parsed.query_text)

    def uses_llm(self, offline: bool | None = None) -> bool:
        if offline is None:
            return self.settings.llm_configured
        return not offline and self.settings.llm_configured

    def _llm(self) -> tuple[LlmReranker, QueryRewriter]:
        loop = asyncio.get_running_loop()
        with self._llm_lock:
            if not self._cache_opened:
                self._cache, self._cache_opened = open_cache(self.settings), True
            entry = self._llm_parts.get(id(loop))
            if entry is None or entry[0] is not loop:
                for key in [k for k, (other, _, _) in self._llm_parts.items() if other.is_closed()]:
                    del self._llm_parts[key]
                llm = make_chat_model(self.settings, self._cache)
                entry = (
                    loop,
                    LlmReranker(self.settings, llm, self._cache),
                    QueryRewriter(self.settings, llm, self.vocabulary, self.resolver),
                )
                self._llm_parts[id(loop)] = entry
            return entry[1], entry[2]

    # --- one turn ---------------------------------------------------------------------------------

    def understand(self, message: str, state: ConversationState, ui_filters: SearchFilters | None = None) -> TurnPlan:
        """The deterministic understanding of a turn (no model call): parse, resolve, plan, settings."""
        plan = self.planner.plan(self.parser.parse(message), state)
        apply_ui_filters(plan, ui_filters)
        return plan

    async def astream_turn(
        self,
        message: str,
        state: ConversationState,
        ui_filters: SearchFilters | None = None,
        k: int | None = None,
        offline: bool | None = None,
    ) -> AsyncIterator[TurnEvent]:
        k = max(1, k or self.settings.picks)
        message = " ".join((message or "").split())
        truncated = len(message) > MAX_REQUEST_CHARS
        if truncated:  # cut at a word boundary when there is one
            message = message[:MAX_REQUEST_CHARS].rsplit(" ", 1)[0]
        use_llm = self.uses_llm(offline)
        mode = "llm" if use_llm else "offline"
        if not message:
            yield Finished(recommendation=Recommendation(request="", mode=mode, notes=[EMPTY_REQUEST_NOTE]))
            return

        plan = await asyncio.to_thread(lambda: self.planner.plan(self.parser.parse(message), state))
        usage = TokenUsage()
        if use_llm and self.settings.llm_rewrite_queries:
            _, rewriter = self._llm()
            rewrite_usage = await rewriter.refine(plan)  # adds to what the user said, before settings apply
            usage = add_usage(usage, rewrite_usage)
        apply_ui_filters(plan, ui_filters)
        notes = ([LONG_REQUEST_NOTE] if truncated else []) + list(plan.notes)
        if not plan.seeds and not plan.follow_up and (unknown := unknown_title(message)):
            notes.append(UNKNOWN_TITLE_NOTE.format(name=unknown))
            if suggestions := self.resolver.suggest(unknown):
                notes.append(DID_YOU_MEAN_NOTE.format(titles=", ".join(f"{t.title} ({t.year})" for t in suggestions)))
        elif self._understood_nothing(plan):
            notes.append(NOT_UNDERSTOOD_NOTE.format(text=shorten(plan.parsed.query_text, 60, placeholder="…")))
        yield Understood(parsed=plan.parsed, resolved=plan.resolved, notes=list(notes))

        def finish(picks: list[Pick], opening: str = "", final_mode: str = mode) -> Finished:
            rec = Recommendation(
                request=message,
                mode=final_mode,
                resolved=plan.resolved,
                filters=plan.filters,
                opening=opening,
                picks=picks,
                notes=list(dict.fromkeys(notes)),
                usage=usage,
            )
            record_turn(state, plan, [p.id for p in picks])
            return Finished(recommendation=rec)

        contradiction = plan.filters.contradiction()
        if contradiction:
            notes.append(f"These constraints can't all hold: {contradiction}. Change one and ask again.")
            yield finish([])
            return

        # Rank a wider pool than the model sees: how well regarded a title is can lift a classic above
        # a closer but obscure match. With filters only ("a 90s comedy") similarity to a generic query
        # means little, so the pool is wide and reputation decides.
        filters_only = not plan.seeds and not plan.parsed.query_text
        pool = FILTERS_ONLY_POOL if filters_only else max(self.settings.candidates, RANKING_POOL)
        retrieval = await asyncio.to_thread(self.retriever.retrieve, plan, pool)
        candidates = retrieval.candidates
        yield Retrieved(candidates=len(candidates), filters=plan.filters)
        constraint_text = "" if plan.filters.is_empty() else f" for {plan.filters.describe()}"
        if not candidates:
            latest, wanted_from = self.vocabulary.latest_year, plan.filters.year_min
            if wanted_from is not None and wanted_from > latest:
                notes.append(f"The catalog's newest titles are from {latest}: nothing from {wanted_from} or later yet.")
            else:
                beyond = " beyond those already shown" if plan.exclude_ids else ""
                notes.append(
                    f"No title in the catalog matches{constraint_text or ' this request'}{beyond}; "
                    "try loosening a constraint."
                )
            yield finish([])
            return
        # Ranked before the shortfall note: ranking drops other records of one film (fan_ranking.py).
        ranked = rank_for_fans(candidates, plan, self.index, state, self.vocabulary.latest_year, filters_only)
        candidates = ranked
        if len(candidates) < k:
            unseen = " that you haven't been shown yet" if plan.exclude_ids else ""
            notes.append(
                f"Only {len(candidates)} title{'s' if len(candidates) != 1 else ''} in the catalog "
                f"match{'es' if len(candidates) == 1 else ''}{constraint_text}{unseen}; showing "
                f"{'it' if len(candidates) == 1 else 'them all'}."
            )
        guard = plan.search_filters()
        # The model chooses among the best-ranked few (a bounded prompt), in that order.
        candidates = ranked[: self.settings.candidates]

        if not use_llm:
            notes.append(OFFLINE_NOTE)
            picks: list[Pick] = []
            slate = [c for c in ranked if guard.accepts(c.title)][:k]
            opening = offline_opening(plan, len(slate))
            yield OpeningToken(text=opening)
            for rank, cand in enumerate(slate, start=1):
                text = explain(cand.title, plan, rank - 1)
                pick = make_pick(cand, "")
                yield PickStarted(rank=rank, pick=pick, title=cand.title)
                yield ExplanationToken(rank=rank, text=text)
                picks.append(pick.model_copy(update={"explanation": text}))
            yield finish(picks, opening)
            return

        # --- language model path ---------------------------------------------------------------------
        reranker, _ = self._llm()
        opening_parts: list[str] = []
        held_opening: list[str] = []
        picks = []
        explanations: list[list[str]] = []
        # The model's words may not name a title the user typed that the catalog data lacks (grounding.py).
        echo_guard = EchoGuard.for_turn(plan.message, grounding_texts(plan, candidates))
        reasons: list[GuardedStream] = []
        invented_before_picks = False
        outcome = Outcome()
        scores = {c.title.id: c.score for c in ranked}
        async for event in reranker.astream(plan, candidates, k):
            if isinstance(event, Opening):
                # Held back until the first valid pick: an opening over picks the model never
                # delivered ("I'd suggest a few classics...") would introduce the wrong slate.
                held_opening.append(event.text)
            elif isinstance(event, Skipped):
                invented_before_picks = invented_before_picks or not picks
            elif isinstance(event, ChosenPick):
                cand = event.candidate
                if not guard.accepts(cand.title):
                    continue
                if reasons and (rest := reasons[-1].flush()):
                    explanations[-1].append(rest)
                    yield ExplanationToken(rank=len(picks), text=rest)
                if held_opening:
                    text = "".join(held_opening)
                    if invented_before_picks or echo_guard.violates(text):
                        # It introduced a title the model was not allowed to pick: say it plainly instead.
                        text = offline_opening(plan, min(k, len(candidates)))
                    opening_parts.append(text)
                    yield OpeningToken(text=text)
                    held_opening.clear()
                # The score shown is the offline score: the model's order is the ranking.
                cand = cand.model_copy(update={"score": scores.get(cand.title.id, cand.score)})
                pick = make_pick(cand, "")
                picks.append(pick)
                explanations.append([])
                reasons.append(GuardedStream(echo_guard))
                yield PickStarted(rank=len(picks), pick=pick, title=cand.title)
            elif isinstance(event, Why) and picks:
                if safe := reasons[-1].feed(event.text):
                    explanations[-1].append(safe)
                    yield ExplanationToken(rank=len(picks), text=safe)
            elif isinstance(event, Outcome):
                outcome = event
        if reasons and (rest := reasons[-1].flush()):
            explanations[-1].append(rest)
            yield ExplanationToken(rank=len(picks), text=rest)
        usage = add_usage(usage, outcome.usage)

        final_picks: list[Pick] = []
        replaced = [rank for rank, stream in enumerate(reasons, start=1) if stream.tripped]
        if replaced:
            which = ", ".join(f"#{r}" for r in replaced)
            notes.append(REPLACED_REASON_NOTE.format(which=which))
        for rank, (pick, parts) in enumerate(zip(picks, explanations, strict=True), start=1):
            text = "".join(parts).strip()
            if rank in replaced:
                # Already streamed up to the name: the final recommendation carries the catalog's reason.
                cand = next(c for c in ranked if c.title.id == pick.id)
                text = explain(cand.title, plan, rank - 1)
            elif not text:
                cand = next(c for c in ranked if c.title.id == pick.id)
                text = explain(cand.title, plan, rank - 1)
                yield ExplanationToken(rank=rank, text=text)
            final_picks.append(pick.model_copy(update={"explanation": text}))

        missing = min(k, len(candidates)) - len(final_picks)
        mode_now = mode
        if not final_picks:
            mode_now = "offline"
            notes.append(f"{outcome.error or 'The language model chose no valid titles'}, so these are ranked offline.")
        elif missing > 0 and outcome.error:
            notes.append(
                f"{outcome.error}, so the last {missing} pick{'s are' if missing > 1 else ' is'} ranked offline."
            )
        elif missing > 0 or outcome.invented or outcome.duplicates:
            skipped = outcome.invented + outcome.duplicates
            what = []
            if outcome.invented:
                what.append(f"{outcome.invented} title{'s' if outcome.invented > 1 else ''} not in the search results")
            if outcome.duplicates:
                what.append(f"{outcome.duplicates} repeat{'s' if outcome.duplicates > 1 else ''}")
            if skipped:
                notes.append(
                    f"The language model named {' and '.join(what)}; "
                    + (
                        f"{missing} pick{'s were' if missing > 1 else ' was'} filled from the search results."
                        if missing > 0
                        else "those were skipped."
                    )
                )
            elif missing > 0:
                notes.append(
                    f"The language model chose too few titles; {missing} pick"
                    f"{'s were' if missing > 1 else ' was'} filled from the search results."
                )
        if missing > 0:
            chosen = {p.id for p in final_picks}
            fill = [c for c in ranked if c.title.id not in chosen and guard.accepts(c.title)][:missing]
            if not opening_parts:
                text = offline_opening(plan, len(final_picks) + len(fill))
                opening_parts.append(text)
                yield OpeningToken(text=text)
            for cand in fill:
                rank = len(final_picks) + 1
                text = explain(cand.title, plan, rank - 1)
                pick = make_pick(cand, "")
                yield PickStarted(rank=rank, pick=pick, title=cand.title)
                yield ExplanationToken(rank=rank, text=text)
                final_picks.append(pick.model_copy(update={"explanation": text}))
        opening = "".join(opening_parts).strip()
        if not opening:
            opening = offline_opening(plan, len(final_picks))
            yield OpeningToken(text=opening)
        if outcome.from_cache:
            log.info("re-rank served from the LLM cache")
        if outcome.error == TIMEOUT_NOTE:
            log.info("LLM timed out after %.1f s", self.settings.llm_timeout_s)
        yield finish(final_picks, opening, mode_now)

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

    def recommend(
        self,
        message: str,
        state: ConversationState | None = None,
        k: int | None = None,
        offline: bool | None = None,
        ui_filters: SearchFilters | None = None,
    ) -> Recommendation:
        """Blocking form of one turn. Runs on one private event loop so the HTTP client is reused."""
        return self._run(self.arecommend(message, state, k, offline, ui_filters))

    def _run(self, coro: Coroutine[Any, Any, T]) -> T:
        with self._loop_lock:
            if self._loop is None or self._loop.is_closed():
                self._loop = asyncio.new_event_loop()
                threading.Thread(target=self._loop.run_forever, name="cinechat-engine", daemon=True).start()
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result()

    def close(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._loop = None
