"""Titles the language model knows fit the request, grounded to catalog records before anyone sees them.

Retrieval finds what is *similar in the catalog's words*; a model knows what people actually recommend
for a request (He et al., CIKM'23, measured this strength on ReDial). So, with a model configured, a
short call asks it to name a few fitting titles ("Title (Year)" per line, prompts/propose_*.md). Each
name is resolved by the engine's own `TitleResolver`; a name that resolves to no catalog record, to a
title the turn's hard filters refuse, or to a seed / already suggested / seen title is dropped
silently. The grounded titles join the candidates the re-rank chooses from, so picks still come only
from the catalog. The call runs while retrieval does, is capped in tokens (the turn's budget is shared
with the re-rank, see `TokenBudget`) and in time (at most half the model timeout, so a hung server costs
a turn 1.5 timeouts, not 2; the re-rank keeps its whole timeout, on a loaded machine it needs it), and
any failure (error, timeout, garbage) just means no proposals.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass, field

import httpx
import numpy as np
import openai
from langchain_core.messages import AIMessage
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import Runnable
from langchain_openai import ChatOpenAI

from catalog.models import Title
from chains.models import Candidate, TokenUsage, TurnPlan
from chains.notes import LlmFailure
from chains.reranker import load_prompt, request_context
from chains.retriever import Retriever
from chains.title_resolver import TitleResolver
from chains.usage import count_message_tokens, count_tokens, make_usage
from config import Settings

log = logging.getLogger(__name__)

TURN_INPUT_TOKENS = 1500  # the whole turn's model input (proposal + re-rank), the product's budget
TURN_OUTPUT_TOKENS = 400  # the whole turn's model output
PROPOSAL_OUTPUT_TOKENS = 80  # ~6 lines of "Title (Year)"; the rest of the output budget is the re-rank's
MAX_EXCLUDED_NAMES = 8  # titles named in the prompt as "do not name": the seeds and the latest shown
_TITLE_AND_YEAR = re.compile(r"^(?P<title>.+?)\s*[\(\[]\s*(?P<year>(?:18|19|20)\d{2})\s*[\)\]]")
_LIST_MARK = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s*")


@dataclass(frozen=True)
class ProposedTitle:
    title: str
    year: int | None = None


@dataclass
class Proposals:
    """What the proposal call gave: the names, the tokens it cost, and what went wrong, if anything."""

    names: list[ProposedTitle] = field(default_factory=list)
    usage: TokenUsage = field(default_factory=TokenUsage)
    error: LlmFailure | None = None


@dataclass
class TokenBudget:
    """What is left of the turn's token budget for the re-rank once earlier calls have spent theirs."""

    input_tokens: int = TURN_INPUT_TOKENS
    output_tokens: int = TURN_OUTPUT_TOKENS

    def after(self, spent: TokenUsage) -> TokenBudget:
        return TokenBudget(
            input_tokens=self.input_tokens - spent.input_tokens,
            output_tokens=self.output_tokens - spent.output_tokens,
        )


def parse_proposals(text: str, limit: int) -> list[ProposedTitle]:
    """'Title (Year)' per line; list marks and quotes are tolerated, anything else on a line is ignored.
    A line without a year is still a name (the resolver then prefers the best-known record)."""
    names: list[ProposedTitle] = []
    for line in text.splitlines():
        line = _LIST_MARK.sub("", line).strip().strip("*_\"'“”")
        if not line or len(line) > 120:
            continue
        match = _TITLE_AND_YEAR.match(line)
        name = ProposedTitle(match["title"].strip(" \"'“”*_"), int(match["year"])) if match else ProposedTitle(line)
        if name.title and name not in names:
            names.append(name)
    return names[:limit]


def ground(names: list[ProposedTitle], resolver: TitleResolver, plan: TurnPlan, known_ids: set[str]) -> list[Title]:
    """The catalog records the names stand for, kept only if this turn may pick them: the hard filters
    accept them, they are not seeds, shown, seen or rejected, and not already among the candidates."""
    guard = plan.search_filters()
    grounded: list[Title] = []
    for name in names:
        # No fuzzy spelling: a model's name is spelled as it knows it; a look-alike would be another film.
        resolution = resolver.resolve(name.title, name.year, fuzzy=False)
        if resolution is None:
            continue
        title = resolution.best.title
        if name.year is not None and abs(title.year - name.year) > 1:
            continue  # "Solaris (1972)" is not the 2002 remake
        if title.id in known_ids or not guard.accepts(title):
            continue
        known_ids.add(title.id)
        grounded.append(title)
    return grounded


def as_candidates(titles: list[Title], retriever: Retriever, plan: TurnPlan) -> list[Candidate]:
    """The grounded titles as retrieved ones: their real similarity to this turn's query vector (the
    engine then ranks them with the retrieved pool)."""
    if not titles:
        return []
    query = retriever.query_vector(plan)
    candidates = []
    for title in titles:
        vector = retriever.index.vector(title.id)
        similarity = float(np.dot(query, vector)) if vector is not None else 0.0
        candidates.append(Candidate(title=title, similarity=max(0.0, min(1.0, similarity))))
    return candidates


def merge_candidates(ranked: list[Candidate], proposed: list[Candidate], size: int) -> list[Candidate]:
    """The re-rank's candidates: the grounded proposals first (what people recommend), then the best
    retrieved titles, `size` in all so the prompt stays as long as without proposals. Half the room at
    least stays with retrieval, which knows the catalog's recent and obscure titles the model may not."""
    extra = proposed[: min(len(proposed), size // 2)]
    return extra + ranked[: size - len(extra)]


def build_proposal_prompt() -> ChatPromptTemplate:
    return ChatPromptTemplate.from_messages(
        [("system", load_prompt("propose_system.md")), ("human", load_prompt("propose_user.md"))]
    )


class TitleProposer:
    """One short call: `prompt | model` with its output capped at PROPOSAL_OUTPUT_TOKENS."""

    def __init__(self, settings: Settings, llm: ChatOpenAI, count: int = 6):
        self.settings = settings
        self.count = count
        self.prompt = build_proposal_prompt()
        self.chain: Runnable = self.prompt | llm.bind(max_tokens=PROPOSAL_OUTPUT_TOKENS)

    @property
    def timeout_s(self) -> float:
        """At most half the model timeout: a hung server must not double the user's wait."""
        return min(self.settings.llm_propose_timeout_s, self.settings.llm_timeout_s / 2)

    def inputs(self, plan: TurnPlan, excluded_names: list[str]) -> dict[str, str]:
        return {
            "n": str(self.count),
            "exclude": "; ".join(excluded_names[:MAX_EXCLUDED_NAMES]) or "none",
            "request": plan.message,
            "context": request_context(plan),
        }

    async def propose(self, plan: TurnPlan, excluded_names: list[str]) -> Proposals:
        inputs = self.inputs(plan, excluded_names)
        try:
            async with asyncio.timeout(self.timeout_s):
                answer = await self.chain.ainvoke(inputs)
        except (TimeoutError, openai.APITimeoutError, httpx.TimeoutException):
            log.info("LLM title proposals timed out; ranking the retrieved titles only")
            return Proposals(error=LlmFailure.TIMEOUT)
        except ValueError as exc:  # a server that answers garbage (unreadable JSON or bytes)
            log.warning("LLM title proposals unreadable: %s", type(exc).__name__)
            return Proposals(error=LlmFailure.UNREADABLE)
        except Exception as exc:  # noqa: BLE001  (proposals are extra: a failure never costs the turn)
            log.warning("LLM title proposals failed: %s", type(exc).__name__)
            return Proposals(error=LlmFailure.ERROR)
        text = answer.content if isinstance(answer, AIMessage) and isinstance(answer.content, str) else ""
        return Proposals(names=parse_proposals(text, self.count), usage=self._usage(answer, inputs, text))

    def _usage(self, answer: object, inputs: dict[str, str], text: str) -> TokenUsage:
        """The server's own count when it sends one, else counted locally (chains/usage.py)."""
        reported = getattr(answer, "usage_metadata", None) or {}
        if reported.get("input_tokens"):
            return make_usage(reported["input_tokens"], reported.get("output_tokens", 0), self.settings)
        counted_in = count_message_tokens(self.prompt.format_messages(**inputs))
        return make_usage(counted_in, count_tokens(text), self.settings)
