"""Optional: let the language model refine what the deterministic parser understood.

Runs only with an LLM configured and `CINECHAT_LLM_REWRITE_QUERIES=true` (one extra small call per
turn). The parser's result always stands: the model can only ADD constraints the parser missed
(a genre, a decade, a platform, a title), never remove or change one it found, and every value
must exist in the catalog's vocabulary. Any failure leaves the parse as it was, silently.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Literal

from langchain_core.prompts import ChatPromptTemplate
from langchain_openai import ChatOpenAI
from pydantic import BaseModel, Field

from chains.lexicon import EARLIEST_YEAR, MOODS
from chains.models import ResolvedTitle, TokenUsage, TurnPlan
from chains.reranker import load_prompt
from chains.title_resolver import TitleResolver
from chains.usage import make_usage
from chains.vocabulary import Vocabulary
from config import Settings

log = logging.getLogger(__name__)
REWRITE_TIMEOUT_S = 8.0


class RewrittenRequest(BaseModel):
    """What the model understood; every field optional."""

    query_text: str = Field(default="", description="Topic or vibe in a few words, without the constraints.")
    genres_include: list[str] = Field(default_factory=list)
    genres_exclude: list[str] = Field(default_factory=list)
    type: Literal["Movie", "TV Show"] | None = None
    year_min: int | None = None
    year_max: int | None = None
    runtime_min: int | None = None
    runtime_max: int | None = None
    platforms: list[str] = Field(default_factory=list)
    moods: list[str] = Field(default_factory=list)
    title: str | None = None


class QueryRewriter:
    def __init__(self, settings: Settings, llm: ChatOpenAI, vocabulary: Vocabulary, resolver: TitleResolver):
        self.settings = settings
        self.vocabulary = vocabulary
        self.resolver = resolver
        prompt = ChatPromptTemplate.from_messages(
            [("system", load_prompt("rewrite_system.md")), ("human", "{request}")]
        )
        self.chain = prompt | llm.with_structured_output(RewrittenRequest, method="json_schema", include_raw=True)

    async def refine(self, plan: TurnPlan) -> tuple[TurnPlan, TokenUsage]:
        """The plan with what the model adds (or unchanged, on any failure), and the tokens it cost."""
        inputs = {
            "request": plan.message,
            "genres": ", ".join(sorted(self.vocabulary.genres)),
            "platforms": ", ".join(sorted(self.vocabulary.platforms)),
        }
        try:
            async with asyncio.timeout(min(self.settings.llm_timeout_s, REWRITE_TIMEOUT_S)):
                out = await self.chain.ainvoke(inputs)
        except Exception as exc:  # noqa: BLE001  (the deterministic parse stands)
            log.info("query rewrite skipped: %r", exc)
            return plan, TokenUsage()
        raw, rewritten = out.get("raw"), out.get("parsed")
        usage = TokenUsage()
        meta = getattr(raw, "usage_metadata", None)
        if meta:
            usage = make_usage(meta.get("input_tokens", 0), meta.get("output_tokens", 0), self.settings)
        if isinstance(rewritten, RewrittenRequest):
            plan = self.merge(plan, rewritten)
        return plan, usage

    def merge(self, plan: TurnPlan, r: RewrittenRequest) -> TurnPlan:
        """Add what the parser missed; keep everything it found. Returns a new plan."""
        f = plan.parsed.filters.model_copy(deep=True)
        genres = {g.lower(): g for g in self.vocabulary.genres}
        include = [genres[g.lower()] for g in r.genres_include if g.lower() in genres]
        # A genre the user stated as a taste ("I generally like comedy") stays soft: the model may not harden it.
        include = [g for g in include if g not in plan.parsed.preferences.liked_genres]
        exclude = [genres[g.lower()] for g in r.genres_exclude if g.lower() in genres]
        if not f.genres_all and not f.genres_any and include:
            f.genres_all = [g for g in include if g not in f.genres_exclude]
        f.genres_exclude += [g for g in exclude if g not in f.genres_exclude and g not in f.genres_all + f.genres_any]
        if f.type is None and r.type:
            f.type = r.type
        years_ok = all(
            y is None or EARLIEST_YEAR <= y <= self.vocabulary.latest_year + 1 for y in (r.year_min, r.year_max)
        )
        if f.year_min is None and f.year_max is None and years_ok:
            f.year_min, f.year_max = r.year_min, r.year_max
        runtimes_ok = all(m is None or 1 <= m <= 1000 for m in (r.runtime_min, r.runtime_max))
        if f.runtime_min is None and f.runtime_max is None and runtimes_ok:
            f.runtime_min, f.runtime_max = r.runtime_min, r.runtime_max
        platforms = {p.lower(): p for p in self.vocabulary.platforms}
        if not f.platforms_any:
            f.platforms_any = [platforms[p.lower()] for p in r.platforms if p.lower() in platforms]
        parsed_update: dict = {
            "filters": f,
            "mood": list(dict.fromkeys(plan.parsed.mood + [m for m in r.moods if m in MOODS])),
        }
        if r.query_text.strip() and not plan.follow_up:
            parsed_update["query_text"] = parsed_update["topic_text"] = r.query_text.strip()
        update: dict = {"parsed": plan.parsed.model_copy(update=parsed_update)}
        if r.title and not plan.seeds:
            res = self.resolver.resolve(r.title)
            if res and res.best.spelling >= 90:
                best = res.best.title
                update["seeds"] = [best]
                update["resolved"] = ResolvedTitle(id=best.id, title=best.title, year=best.year)
        return plan.model_copy(update=update)
