"""Typed boundaries of the engine: what a turn takes, what it streams, what it returns.

Both doors (`cli.py` and `chat_app.py`) speak only these models, so the engine can change inside
without either door knowing.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from catalog.models import Title
from chains.notes import Note
from chains.preferences import Preferences
from vectorstore.filters import SearchFilters

Mode = Literal["llm", "offline"]


class ResolvedTitle(BaseModel):
    id: str
    title: str
    year: int
    alternatives: list[str] = Field(default_factory=list, description="Other close matches, 'Title (year)'.")


class ParsedRequest(BaseModel):
    """What the deterministic parser (optionally refined by the LLM rewriter) understood."""

    text: str = Field(description="The original message.")
    query_text: str = Field(default="", description="Free-text part used for semantic search.")
    topic_text: str = Field(
        default="",
        description="The free-text part as written, story descriptions kept ('heist'): for the story-word search.",
    )
    title_mentions: list[str] = Field(default_factory=list, description="Raw title strings named by the user.")
    filters: SearchFilters = Field(default_factory=SearchFilters)
    mood: list[str] = Field(default_factory=list, description="Soft wishes: 'lighter', 'funnier', 'darker'...")
    kinds: list[str] = Field(
        default_factory=list, description="Kinds finer than genres, as leads name them: 'romantic comedy' (soft)."
    )
    mix: bool = Field(default=False, description="'a mix of Alien and Toy Story': one film that is both at once.")
    woman_lead: bool = Field(default=False, description="'a strong female lead': a story led by a woman (soft).")
    pick_reference: int | None = Field(default=None, description="'more like the second one' -> 2.")
    reject_reference: int | None = Field(
        default=None,
        description="'not the third one' / 'seen #3' -> 3; 'not that one' -> 0 (the last one talked about).",
    )
    reference_seen: bool = Field(default=False, description="The reference says the user has seen it.")
    preferences: Preferences = Field(
        default_factory=Preferences, description="What this message says about taste (soft, never a filter)."
    )


class Candidate(BaseModel):
    title: Title
    similarity: float = Field(description="Cosine similarity from retrieval, 0-1.")
    score: float = Field(default=0.0, description="Final ranking score, 0-1.")
    story_match: float = Field(
        default=0.0, description="How well its story's words match the request's topic (0-1, chains/story_words.py)."
    )


class Pick(BaseModel):
    id: str
    title: str
    year: int
    type: str
    genres: list[str]
    runtime_min: int | None
    seasons: int | None = None
    directors: list[str]
    score: float
    explanation: str
    # Catalog facts a caller may filter or show on; empty/None when the catalog does not know them.
    countries: list[str] = Field(default_factory=list)
    language: str | None = None
    certificate: str | None = None
    platforms: list[str] = Field(default_factory=list)


class TokenUsage(BaseModel):
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0


class Recommendation(BaseModel):
    request: str
    mode: Mode
    resolved: ResolvedTitle | None = None
    filters: SearchFilters = Field(default_factory=SearchFilters)
    opening: str = ""
    picks: list[Pick] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    usage: TokenUsage = Field(default_factory=TokenUsage)


class Turn(BaseModel):
    request: str
    parsed: ParsedRequest
    resolved: ResolvedTitle | None = None
    pick_ids: list[str] = Field(default_factory=list)
    seed_ids: list[str] = Field(default_factory=list, description="Titles the search was 'like' (first = resolved).")
    referenced_id: str | None = Field(default=None, description="The earlier pick this turn talked about.")


class ConversationState(BaseModel):
    """Everything a follow-up needs; one per chat session, serialisable for history."""

    turns: list[Turn] = Field(default_factory=list)
    shown_ids: list[str] = Field(default_factory=list)
    seen_ids: list[str] = Field(default_factory=list)
    rejected_ids: list[str] = Field(default_factory=list)
    suggested_ids: list[str] = Field(
        default_factory=list,
        description="Titles the assistant side of a replayed history named (chains/dialogue.py): a hint of taste.",
    )
    taste: Preferences = Field(
        default_factory=Preferences, description="Everything the user has said about their taste so far."
    )

    @property
    def excluded_ids(self) -> list[str]:
        return list(dict.fromkeys(self.shown_ids + self.seen_ids + self.rejected_ids))


class TurnPlan(BaseModel):
    """Everything retrieval and ranking need for one turn. Immutable: each stage (the planner, the
    optional LLM rewriter, the chat settings) returns a new plan, so what a stage saw never changes."""

    model_config = ConfigDict(frozen=True)

    message: str
    parsed: ParsedRequest = Field(description="The request merged with the conversation (filters without ids).")
    seeds: list[Title] = Field(default_factory=list, description="Titles the search is 'like' (first = resolved).")
    resolved: ResolvedTitle | None = None
    exclude_ids: list[str] = Field(default_factory=list, description="Shown, seen, rejected or seed titles.")
    newly_seen: list[str] = Field(default_factory=list)
    newly_rejected: list[str] = Field(default_factory=list)
    referenced_id: str | None = None
    follow_up: bool = False
    notes: list[Note] = Field(default_factory=list)
    said_filters: SearchFilters | None = Field(default=None, description="The request's own filters, before settings.")
    taste: Preferences = Field(
        default_factory=Preferences, description="The conversation's stated taste, this turn included (soft)."
    )
    taste_titles: dict[str, float] = Field(
        default_factory=dict,
        description="Earlier titles saying what the user likes, with weights (chains/taste.py); no seed of this turn.",
    )

    @property
    def filters(self) -> SearchFilters:
        return self.parsed.filters

    def search_filters(self) -> SearchFilters:
        """The filters the index applies: what was asked, minus titles known or shown, and series when
        every named title is a series and no kind was asked for ("like Breaking Bad"): nine in ten catalog
        titles are films, so a series' nearest titles would be mostly films. A film's are films anyway."""
        seed_ids = [s.id for s in self.seeds]
        update: dict = {"exclude_ids": list(dict.fromkeys(self.exclude_ids + seed_ids))}
        if self.filters.type is None and self.seeds and all(s.type == "TV Show" for s in self.seeds):
            update["type"] = "TV Show"
        return self.filters.model_copy(update=update)


# --- streamed events, in the order a turn produces them --------------------------------------


class Understood(BaseModel):
    """What the turn understood: shown in the Understanding step before any search."""

    kind: Literal["understood"] = "understood"
    parsed: ParsedRequest
    resolved: ResolvedTitle | None
    notes: list[Note] = Field(default_factory=list)


class Retrieved(BaseModel):
    """How many candidates the search found, under which filters (the Searching step)."""

    kind: Literal["retrieved"] = "retrieved"
    candidates: int
    filters: SearchFilters


class OpeningToken(BaseModel):
    """A piece of the answer's opening line, streamed before the first card (held back by the slate
    until the model's first valid pick, so it never introduces picks that do not come)."""

    kind: Literal["opening"] = "opening"
    text: str


class PickStarted(BaseModel):
    """A pick is chosen: its card can be shown at once, its reason follows."""

    kind: Literal["pick"] = "pick"
    rank: int
    pick: Pick  # explanation empty until ExplanationToken events fill it
    title: Title


class ExplanationToken(BaseModel):
    """A piece of the reason of the pick at `rank`."""

    kind: Literal["explanation"] = "explanation"
    rank: int
    text: str


class Finished(BaseModel):
    """The turn's whole answer, always the last event: what the CLI prints and the conversation
    records (the events before it only show the answer as it forms)."""

    kind: Literal["finished"] = "finished"
    recommendation: Recommendation


TurnEvent = Understood | Retrieved | OpeningToken | PickStarted | ExplanationToken | Finished
