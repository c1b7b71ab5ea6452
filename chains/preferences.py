"""What a user has said about their taste: the one model ranking and planning read.

A message says two kinds of things. Asks ("a 90s comedy", "only documentaries", "under 2 hours") are
hard constraints and live in `SearchFilters`. Everything else a person says about themselves is a
soft preference and lives here: titles they loved, have seen or did not like, genres they generally
enjoy or avoid, people they like, who is watching, the tone they are after, the country or language
they have in mind. A conversation's preferences accumulate turn by turn (`Preferences.merged`), so
"I like Kristen Wiig" three messages ago still shapes the picks.

Ranking consumes this model (boosts for liked genres and people, penalties for avoided ones, the
audience's certificates); the readers that fill it live in `chains/taste_statements.py`,
`chains/audience.py` and `chains/nationality.py`; `read_preferences` runs them all.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

AudienceKind = Literal["adults", "kids", "teens", "family", "date", "parents", "friends"]
Reaction = Literal["liked", "disliked", "seen", "unknown"]


class TitleRef(BaseModel):
    """A catalog title the user talked about (resolved by the title resolver, never invented)."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    year: int


class TitleReaction(BaseModel):
    """How the user reacted to a title: 'loved that one', 'I've seen it', 'not for me', 'never heard of it'."""

    model_config = ConfigDict(frozen=True)

    title: TitleRef
    reaction: Reaction


class Audience(BaseModel):
    """Who is watching. Ages are the children's ages when the user gives them ('my kids (8 and 11)')."""

    model_config = ConfigDict(frozen=True)

    kinds: tuple[AudienceKind, ...] = ()
    kid_ages: tuple[int, ...] = ()

    @property
    def youngest(self) -> int | None:
        """The youngest viewer's age when known: what a family pick must suit."""
        if self.kid_ages:
            return min(self.kid_ages)
        if "kids" in self.kinds:
            return 6
        if "teens" in self.kinds:
            return 13
        return None

    def merged(self, later: Audience) -> Audience:
        return Audience(
            kinds=tuple(dict.fromkeys(self.kinds + later.kinds)),
            kid_ages=later.kid_ages or self.kid_ages,
        )

    def __bool__(self) -> bool:
        return bool(self.kinds or self.kid_ages)


def _union(a: tuple, b: tuple) -> tuple:
    return tuple(dict.fromkeys(a + b))


class Preferences(BaseModel):
    """Soft taste from one message, or accumulated over a conversation. Empty means nothing was said.

    Genres use the catalog's canonical names. Liked and avoided never overlap: the later statement wins.
    """

    model_config = ConfigDict(frozen=True)

    liked_titles: tuple[TitleRef, ...] = Field(default=(), description="Loved or liked: seeds for 'more like'.")
    disliked_titles: tuple[TitleRef, ...] = ()
    seen_titles: tuple[TitleRef, ...] = Field(default=(), description="Seen: never picked again.")
    unknown_titles: tuple[TitleRef, ...] = Field(default=(), description="'Never heard of it': not yet judged.")
    liked_genres: tuple[str, ...] = Field(default=(), description="'I generally like comedy': boost, never filter.")
    avoided_genres: tuple[str, ...] = Field(default=(), description="'I do not really like musicals': leave out.")
    liked_people: tuple[str, ...] = Field(default=(), description="Cast or directors the user likes.")
    disliked_people: tuple[str, ...] = ()
    audience: Audience = Field(default_factory=Audience)
    moods: tuple[str, ...] = Field(default=(), description="Tone and pace: 'lighter', 'slower', 'smarter'...")
    countries: tuple[str, ...] = Field(default=(), description="Catalog country names ('British' -> UK).")
    languages: tuple[str, ...] = Field(default=(), description="Catalog language names ('in Spanish').")
    avoid_content: tuple[str, ...] = Field(default=(), description="'nothing too violent' -> 'violence'.")

    def is_empty(self) -> bool:
        return self == Preferences()

    @property
    def reactions(self) -> list[TitleReaction]:
        out = [TitleReaction(title=t, reaction="liked") for t in self.liked_titles]
        out += [TitleReaction(title=t, reaction="disliked") for t in self.disliked_titles]
        out += [TitleReaction(title=t, reaction="seen") for t in self.seen_titles]
        out += [TitleReaction(title=t, reaction="unknown") for t in self.unknown_titles]
        return out

    @property
    def excluded_title_ids(self) -> list[str]:
        """Titles never to pick again: named as liked, seen or disliked (all known to the user)."""
        return list(dict.fromkeys(t.id for t in self.liked_titles + self.seen_titles + self.disliked_titles))

    def merged(self, later: Preferences) -> Preferences:
        """This conversation's taste updated by a later message: the later word wins where they disagree."""
        liked_genres = _union(tuple(g for g in self.liked_genres if g not in later.avoided_genres), later.liked_genres)
        avoided = _union(tuple(g for g in self.avoided_genres if g not in later.liked_genres), later.avoided_genres)
        later_disliked = {t.id for t in later.disliked_titles}
        later_liked = {t.id for t in later.liked_titles}
        liked_people = _union(tuple(p for p in self.liked_people if p not in later.disliked_people), later.liked_people)
        disliked_people = _union(
            tuple(p for p in self.disliked_people if p not in later.liked_people), later.disliked_people
        )
        judged = later_liked | later_disliked | {t.id for t in later.seen_titles}
        return Preferences(
            liked_titles=_union(tuple(t for t in self.liked_titles if t.id not in later_disliked), later.liked_titles),
            disliked_titles=_union(
                tuple(t for t in self.disliked_titles if t.id not in later_liked), later.disliked_titles
            ),
            seen_titles=_union(self.seen_titles, later.seen_titles),
            unknown_titles=_union(tuple(t for t in self.unknown_titles if t.id not in judged), later.unknown_titles),
            liked_genres=tuple(g for g in liked_genres if g not in later.avoided_genres),
            avoided_genres=avoided,
            liked_people=liked_people,
            disliked_people=disliked_people,
            audience=self.audience.merged(later.audience),
            moods=later.moods or self.moods,  # tone is of the moment: "lighter" then "darker" means darker
            countries=later.countries or self.countries,
            languages=later.languages or self.languages,
            avoid_content=_union(self.avoid_content, later.avoid_content),
        )
