"""Stage two with a language model: choose the best picks among the candidates and explain them.

A LangChain prompt template formats the messages and the chat model is streamed directly
(`llm.astream`), not through an LCEL chain: the cache lookup, the timeout and the closing of a broken
stream need the raw chunks, and each pick must be checked against the candidates as it arrives. The
answer format ("<id> | <why>" per line, see
prompts/rerank_system.md) lets each pick be validated and shown the moment its id arrives, with its
explanation streaming into the card. Only candidate ids are accepted: an invented or repeated id is
dropped and the engine fills the slate from the search results. LangChain's cache is skipped by
`.astream()`, so this module looks the answer up itself (same key as `invoke` would use: the
serialised messages and the model's parameters) and replays a hit without any HTTP call.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import openai
from langchain_core.caches import BaseCache
from langchain_core.load import dumps
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import Runnable
from langchain_openai import ChatOpenAI

from catalog.models import Title
from chains.models import Candidate, TokenUsage, TurnPlan
from chains.notes import LlmFailure
from chains.pick_stream import PickStreamParser
from chains.usage import count_message_tokens, count_tokens, make_usage
from config import Settings

log = logging.getLogger(__name__)
PROMPTS = Path(__file__).parent / "prompts"
OVERVIEW_CHARS = 150
INPUT_TOKEN_BUDGET = 1500  # a 10 -> 5 re-rank turn: ~900 tokens typically (benchmarks/bench_engine.py)
MAX_EXPLANATION_CHARS = 400


def load_prompt(name: str) -> str:
    return (PROMPTS / name).read_text(encoding="utf-8")


def build_rerank_prompt() -> ChatPromptTemplate:
    return ChatPromptTemplate.from_messages(
        [("system", load_prompt("rerank_system.md")), ("human", load_prompt("rerank_user.md"))]
    )


def _short(text: str, limit: int = OVERVIEW_CHARS) -> str:
    text = " ".join(text.split())
    if limit <= 0:
        return ""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


_SENTENCE_END = re.compile(r"\.\s+(?=[A-Z\"'“])")
_ABBREVIATION = re.compile(r"(?:\b[A-Z]|\b(?:Jr|Sr|Dr|Mr|Mrs|Ms|St|vs|No|Vol|Co|Inc|Ltd))$")
_LEAD = re.compile(r"\bis an? .*\b(?:film|movie|series|show|miniseries|documentary|sitcom|drama)\b", re.IGNORECASE)


def synopsis(title: Title) -> str:
    """The overview without an encyclopedia lead ("X is a 1995 American computer-animated comedy film
    directed by ..."): title, year, genres and director are already on the line, the plot is not."""
    text = " ".join(title.overview.split())
    if not text.lower().startswith(title.title.lower()[:12]):
        return text
    for end in _SENTENCE_END.finditer(text):
        if _ABBREVIATION.search(text[: end.start()]):
            continue  # "Gerald R. Molen", "Jr.": not the end of the sentence
        lead, rest = text[: end.start()], text[end.end() :]
        return rest if _LEAD.search(lead) and len(rest) >= 60 else text
    return text


def candidate_line(c: Candidate, overview_chars: int = OVERVIEW_CHARS) -> str:
    t = c.title
    kind = " (TV)" if t.type == "TV Show" else ""
    director = ", ".join(t.directors[:1]) or "-"
    genres = ", ".join(t.genres[:3]) or "-"
    return f"{t.id} | {t.title} | {t.year}{kind} | {genres} | {director} | {_short(synopsis(t), overview_chars) or '-'}"


def request_context(plan: TurnPlan) -> str:
    lines = []
    for seed in plan.seeds[:2]:
        lines.append(
            f"Named title: {seed.title} ({seed.year}), {', '.join(seed.genres[:3]) or 'no genres listed'}: "
            f"{_short(synopsis(seed), 120)}"
        )
    if not plan.filters.is_empty():
        lines.append(f"Constraints (already applied to every candidate): {plan.filters.describe()}")
    if plan.parsed.mood:
        lines.append(f"Mood wanted: {', '.join(plan.parsed.mood)}")
    if plan.follow_up:
        lines.append("This refines the user's previous request in the same conversation.")
    return "\n".join(lines)


def prompt_inputs(
    plan: TurnPlan, candidates: list[Candidate], k: int, overview_chars: int = OVERVIEW_CHARS
) -> dict[str, str]:
    return {
        "k": str(min(k, len(candidates))),
        "request": plan.message,
        "context": request_context(plan),
        "candidates": "\n".join(candidate_line(c, overview_chars) for c in candidates),
    }


# --- streamed events --------------------------------------------------------------------------------


@dataclass
class Opening:
    text: str


@dataclass
class ChosenPick:
    candidate: Candidate


@dataclass
class Why:
    text: str


@dataclass
class Skipped:
    """The model named an id that is not a candidate: dropped, but the engine distrusts its opening."""

    pick_id: str


@dataclass
class Outcome:
    usage: TokenUsage = field(default_factory=TokenUsage)
    error: LlmFailure | None = None
    invented: int = 0
    duplicates: int = 0
    from_cache: bool = False


RerankEvent = Opening | ChosenPick | Why | Skipped | Outcome


class _PickFilter:
    """Turns the parser's items into events: only candidate ids, each once, at most k; a reason is
    kept only for an accepted pick and capped in length."""

    def __init__(self, by_id: dict[str, Candidate], k: int):
        self.by_id, self.k = by_id, k
        self.outcome = Outcome()
        self.chosen: set[str] = set()
        self.skip = False  # the reason lines that follow belong to a rejected pick
        self.chars = 0  # of the current reason

    def events(self, items) -> list[RerankEvent]:
        events: list[RerankEvent] = []
        for item in items:
            if item.kind == "opening":
                events.append(Opening(item.text))
            elif item.kind == "pick":
                events += self._pick(item.text.strip())
            elif item.kind == "why" and not self.skip and self.chosen:
                room = MAX_EXPLANATION_CHARS - self.chars
                if room > 0:
                    self.chars += len(item.text[:room])
                    events.append(Why(item.text[:room]))
            elif item.kind == "end_pick":
                self.skip = False
        return events

    def _pick(self, pick_id: str) -> list[RerankEvent]:
        if pick_id not in self.by_id:
            self.outcome.invented += 1
            self.skip = True
            return [Skipped(pick_id)]
        if pick_id in self.chosen:
            self.outcome.duplicates += 1
            self.skip = True
            return []
        if len(self.chosen) >= self.k:
            self.skip = True
            return []
        self.chosen.add(pick_id)
        self.skip, self.chars = False, 0
        return [ChosenPick(self.by_id[pick_id])]


class LlmReranker:
    def __init__(self, settings: Settings, llm: ChatOpenAI, cache: BaseCache | None = None):
        self.settings = settings
        self.llm = llm
        self.cache = cache
        self.prompt = build_rerank_prompt()

    def messages(
        self, plan: TurnPlan, candidates: list[Candidate], k: int, input_budget: int = INPUT_TOKEN_BUDGET
    ) -> list[BaseMessage]:
        """The prompt, with synopses shortened if it would exceed the input budget (long titles, a
        long request, tokens an earlier call of the turn spent): the turn's cost stays bounded."""
        for chars in (OVERVIEW_CHARS, 100, 60, 0):
            messages = self.prompt.format_messages(**prompt_inputs(plan, candidates, k, chars))
            if count_message_tokens(messages) <= input_budget:
                break
        return messages

    async def astream(
        self,
        plan: TurnPlan,
        candidates: list[Candidate],
        k: int,
        input_budget: int = INPUT_TOKEN_BUDGET,
        output_budget: int | None = None,
    ) -> AsyncIterator[RerankEvent]:
        """Picks and reasons as they arrive, then one `Outcome` (errors, usage, cache). `input_budget`,
        `output_budget`: what is left of the turn's tokens once an earlier call of the turn (the title
        proposals, chains/proposals.py) spent its share."""
        messages = self.messages(plan, candidates, k, input_budget)
        llm: Runnable = self.llm
        if output_budget is not None and output_budget < self.settings.llm_max_output_tokens:
            llm = self.llm.bind(max_tokens=max(1, output_budget))
        picks = _PickFilter({c.title.id: c for c in candidates}, k)
        parser = PickStreamParser(frozenset(picks.by_id))
        cache_key = self._cache_key(messages)
        cached = await self._lookup(cache_key)
        if cached is not None:
            picks.outcome.from_cache = True
            for event in picks.events(parser.feed(cached) + parser.finish()):
                yield event
            yield picks.outcome
            return
        raw_parts: list[str] = []
        usage = [0, 0]  # input, output tokens as the server reports them
        async for event in self._stream_model(llm, messages, parser, picks, raw_parts, usage):
            yield event
        raw = "".join(raw_parts)
        outcome = picks.outcome
        if outcome.error is None and not picks.chosen:
            outcome.error = LlmFailure.UNREADABLE
        usage_in, usage_out = usage
        if usage_in == 0 and (raw or outcome.error is None):
            # The server sent no usage report: count locally (see chains/usage.py).
            usage_in, usage_out = count_message_tokens(messages), count_tokens(raw)
        outcome.usage = make_usage(usage_in, usage_out, self.settings) if (raw or usage_in) else TokenUsage()
        if outcome.error is None and len(picks.chosen) >= min(k, len(candidates)) and not outcome.invented:
            await self._store(cache_key, raw)
        yield outcome

    async def _stream_model(
        self,
        llm: Runnable,
        messages: list[BaseMessage],
        parser: PickStreamParser,
        picks: _PickFilter,
        raw_parts: list[str],
        usage: list[int],
    ) -> AsyncIterator[RerankEvent]:
        """The model's streamed answer through the parser; a failure is recorded in the outcome, never raised."""
        try:
            # aclosing: on a timeout or a broken stream the HTTP response is closed here, on this loop,
            # not later by the garbage collector (which logged "async generator ignored GeneratorExit"
            # tracebacks and held the connection meanwhile).
            async with (
                asyncio.timeout(self.settings.llm_timeout_s),
                contextlib.aclosing(llm.astream(messages)) as stream,
            ):
                async for chunk in stream:
                    if chunk.usage_metadata:
                        usage[0] += chunk.usage_metadata.get("input_tokens", 0)
                        usage[1] += chunk.usage_metadata.get("output_tokens", 0)
                    text = chunk.content if isinstance(chunk.content, str) else ""
                    if text:
                        raw_parts.append(text)
                        for event in picks.events(parser.feed(text)):
                            yield event
            for event in picks.events(parser.finish()):
                yield event
        except (TimeoutError, openai.APITimeoutError, httpx.TimeoutException) as exc:
            log.warning("LLM re-rank timed out: %r", exc)
            picks.outcome.error = LlmFailure.TIMEOUT
        except (openai.APIError, httpx.HTTPError, OSError) as exc:
            log.warning("LLM re-rank failed: %r", exc)
            picks.outcome.error = LlmFailure.ERROR
        except ValueError as exc:  # bytes that are not an event stream (UnicodeDecodeError), broken JSON
            # An expected fault of a bad server, not a bug: one line, without the garbage it sent.
            log.warning("LLM re-rank answer unreadable: %s", type(exc).__name__)
            picks.outcome.error = LlmFailure.UNREADABLE
        except Exception as exc:  # noqa: BLE001  (a failing part degrades the turn, never crashes it)
            log.exception("LLM re-rank failed unexpectedly: %r", exc)
            picks.outcome.error = LlmFailure.ERROR

    # --- cache --------------------------------------------------------------------------------------

    def _cache_key(self, messages: list[BaseMessage]) -> tuple[str, str]:
        try:
            llm_string = self.llm._get_llm_string()
        except Exception:  # noqa: BLE001  (a private LangChain helper: fall back on our own key)
            s = self.settings
            llm_string = f"cinechat|{s.llm_model}|{s.llm_base_url}|{s.llm_temperature}|{s.llm_max_output_tokens}"
        return dumps(messages), llm_string

    async def _lookup(self, key: tuple[str, str]) -> str | None:
        if self.cache is None:
            return None
        try:
            hit = await self.cache.alookup(*key)
        except Exception as exc:  # noqa: BLE001
            log.warning("LLM cache lookup failed (%s); continuing without the cache", _first_line(exc))
            self.cache = None
            return None
        if not hit:
            return None
        first = hit[0]
        message = getattr(first, "message", None)
        return str(message.content) if message is not None else first.text

    async def _store(self, key: tuple[str, str], raw: str) -> None:
        if self.cache is None or not raw:
            return
        try:
            await self.cache.aupdate(*key, [ChatGeneration(message=AIMessage(content=raw))])
        except Exception as exc:  # noqa: BLE001
            log.warning("LLM cache update failed (%s); continuing without the cache", _first_line(exc))
            self.cache = None


def _first_line(exc: Exception) -> str:
    # SQLAlchemy errors carry the statement and its parameters (the whole prompt): keep the cause only.
    return f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:200]}"
