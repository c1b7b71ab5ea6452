"""The words CineChat reads requests with, in one place: moods, meaningless words, title cues, numbers,
text folding and the bounds a request's numbers must fall in.

Why one module: each list used to be written where it was first needed, so a mood was defined in
four tables (the parser's words, the ranker's genres, the explainer's phrase, the retriever's query
words) that had to be kept in step by hand. The lists themselves are data files in `lexicon_data/`
(loaded once, at import); this module turns them into typed values and compiled patterns. Adding a
mood is one table in `lexicon_data/moods.toml`.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from catalog.normalize import ascii_fold

DATA_DIR = Path(__file__).resolve().parent / "lexicon_data"

# Release years a request, a setting or a catalog row may name: the first motion pictures were made
# in the 1870s-1880s, and a year far past today is a typo or a parsing error.
EARLIEST_YEAR, LATEST_YEAR = 1870, 2035
# How many picks one answer may hold (the chat's settings panel, the CLI's --k, the configuration).
MIN_PICKS, MAX_PICKS = 1, 20


def fold(text: str) -> str:
    """Lower-case ASCII folding: 'Amélie' -> 'amelie'."""
    return ascii_fold(text).lower()


# --- word lists ------------------------------------------------------------------------------------


def _read_words(name: str) -> list[str]:
    """A whitespace-separated list; '#' starts a comment."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return [word for line in text.splitlines() for word in line.split("#", 1)[0].split()]


def _read_toml(name: str) -> dict:
    with (DATA_DIR / name).open("rb") as f:
        return tomllib.load(f)


STOPWORDS = frozenset(_read_words("stopwords.txt"))
GENERIC_SYNOPSIS_WORDS = frozenset(_read_words("generic_synopsis_words.txt"))
NOT_A_TITLE_START = frozenset(_read_words("not_title_start.txt"))
CONTEXT_ONLY_GENRE_WORDS = frozenset(_read_words("context_only_genre_words.txt"))
# Regular-expression alternatives, joined as one whole-word alternation.
FILLER_PATTERN = r"\b(?:" + "|".join(_read_words("filler.txt")) + r")\b"

_CUES = _read_toml("cues.toml")
TITLE_CUES = "|".join(_CUES["title"])
UNKNOWN_TITLE_CUES = "|".join(_CUES["unknown_title"])

_NUMBERS = _read_toml("numbers.toml")
NUMBER_WORDS: dict[str, int] = _NUMBERS["numbers"]
DECADE_WORDS: dict[str, int] = _NUMBERS["decades"]
ORDINALS: dict[str, int] = _NUMBERS["ordinals"]

# User phrase (regex) -> for each genre it requires, the catalog names it may go by, preferred first.
GENRE_PHRASES: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = tuple(
    (phrase["words"], tuple(tuple(options) for options in phrase["genres"]))
    for phrase in _read_toml("genre_phrases.toml")["phrase"]
)


# --- moods -----------------------------------------------------------------------------------------


class MoodFit(BaseModel):
    """A mood judged on the record itself rather than on its genres ("shorter", "older", "newer")."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    runtime_at_most: int | None = None
    released_before: int | None = None
    released_within_years: int | None = None  # of the newest title in the catalog
    hit: float
    miss: float

    def score(self, runtime_min: int | None, year: int, latest_year: int) -> float:
        """How the record fits: `hit`, `miss`, or 0 when the record does not say (no runtime)."""
        if self.runtime_at_most is not None:
            if not runtime_min:
                return 0.0
            return self.hit if runtime_min <= self.runtime_at_most else self.miss
        if self.released_before is not None:
            return self.hit if year < self.released_before else self.miss
        if self.released_within_years is not None:
            return self.hit if year >= latest_year - self.released_within_years else self.miss
        return 0.0


class Mood(BaseModel):
    """One soft mood: the words that ask for it and what it does to the search, ranking and wording."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    words: tuple[str, ...]
    opposite: str | None = None
    query_words: str = ""
    # Words a synopsis uses for such a story ("dies", "grief"), matched in what films are about
    # (story_words.py) when the request has no topic of its own: a synopsis never says "sad".
    story_words: str = ""
    explained_as: str | None = None
    favours: frozenset[str] = Field(default_factory=frozenset)
    disfavours: frozenset[str] = Field(default_factory=frozenset)
    avoids: tuple[str, ...] = ()  # content the mood keeps away ("less violent": violence; preferences.toml)
    fit: MoodFit | None = None

    @property
    def pattern(self) -> str:
        """The words as one regular-expression alternation (not anchored)."""
        return "|".join(self.words)

    @property
    def steers_genres(self) -> bool:
        return bool(self.favours or self.disfavours)


MOODS: dict[str, Mood] = {m["name"]: Mood.model_validate(m) for m in _read_toml("moods.toml")["mood"]}
MOOD_OPPOSITES: dict[str, str] = {m.name: m.opposite for m in MOODS.values() if m.opposite}
# In table order: a phrase an earlier mood took is not read again by a later one.
MOOD_REGEXES: dict[str, re.Pattern[str]] = {
    m.name: re.compile(rf"\b(?:{m.pattern})\b", re.IGNORECASE) for m in MOODS.values()
}


def is_mood_word(word: str) -> bool:
    """True when `word` on its own asks for a mood ("darker", "funny")."""
    return any(regex.fullmatch(word) for regex in MOOD_REGEXES.values())


def _check_opposites() -> None:
    unknown = {o for o in MOOD_OPPOSITES.values() if o not in MOODS}
    if unknown:
        raise ValueError(f"moods.toml: opposite names no mood: {sorted(unknown)}")


_check_opposites()
