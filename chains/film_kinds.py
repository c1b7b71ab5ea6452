"""Kinds of film finer than the genre labels: "a romantic comedy", "a heist movie", "a biopic".

The catalog's genre labels call *Forrest Gump*, *Eternal Sunshine of the Spotless Mind* and *Notting Hill*
alike (Comedy, Drama, Romance). The encyclopedia lead of a film names its kind in finer words ("a 1999
romantic comedy film": `Title.described_as`), so a request for a kind (lexicon_data/film_kinds.toml) is
matched there. Soft on purpose: half the catalog has no lead, and a title without one loses nothing.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from catalog.models import Title
from chains.lexicon import DATA_DIR
from chains.nationality import is_nationality_word
from chains.spans import found_outside


class FilmKind(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    words: tuple[str, ...]
    lead: tuple[str, ...]


def _read_kinds() -> dict[str, FilmKind]:
    with open(DATA_DIR / "film_kinds.toml", "rb") as f:
        return {k["name"]: FilmKind.model_validate(k) for k in tomllib.load(f)["kind"]}


FILM_KINDS: dict[str, FilmKind] = _read_kinds()
_ASKED = {name: re.compile(rf"\b(?:{'|'.join(k.words)})\b", re.IGNORECASE) for name, k in FILM_KINDS.items()}
_DESCRIBED = {name: re.compile("|".join(k.lead), re.IGNORECASE) for name, k in FILM_KINDS.items()}


def asked_kinds(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[str]:
    """The kinds a message asks for, outside the spans to skip (a title's name, what the user dislikes)."""
    return [name for name, pattern in _ASKED.items() if found_outside(pattern, text, skip)]


def is_described_as(title: Title, kind: str) -> bool:
    """Whether the title's encyclopedia lead calls it this kind of film."""
    return bool(title.described_as) and kind in _DESCRIBED and bool(_DESCRIBED[kind].search(title.described_as))


def kind_match(title: Title, kinds: Sequence[str]) -> float:
    """The share of the asked kinds the title's lead names (0 with no lead: nothing known, nothing held against it)."""
    if not kinds or not title.described_as:
        return 0.0
    return sum(is_described_as(title, k) for k in kinds) / len(kinds)


# Words of a lead's kind phrase that say nothing about the kind: the noun every phrase ends in, articles, and
# nationalities (where a film is from is a country, asked for as one: chains/nationality.py).
_PLAIN_WORDS = frozenset({"film", "movie", "picture", "feature", "a", "an", "and", "the", "of", "in", "with"})
_WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=65536)
def _kind_words(described: str) -> frozenset[str]:
    words = _WORD.findall(described.lower())
    return frozenset(w for w in words if w not in _PLAIN_WORDS and not is_nationality_word(w))


def kind_words(title: Title) -> frozenset[str]:
    """The words of what the lead calls a title, nationality and the noun left out: "American supernatural
    psychological horror film" -> {supernatural, psychological, horror}; "comedy-drama" -> {comedy, drama}."""
    return _kind_words(title.described_as) if title.described_as else frozenset()


def shared_kind(title: Title, seeds: Sequence[Title]) -> float:
    """The largest share of a named film's kind words that the title's lead shares (0 when either has no lead)."""
    words = kind_words(title)
    if not words:
        return 0.0
    return max((len(words & seed_words) / len(seed_words) for s in seeds if (seed_words := kind_words(s))), default=0.0)


SOUND_ERA = 1929  # the year talkies took over: a film before it is silent whatever its lead says


def is_silent(title: Title) -> bool:
    """A silent film: released before the sound era, or called one by its lead (*City Lights*, "a 1931 American
    silent romantic comedy-drama film"; *Modern Times*, "a part-talkie")."""
    if title.year < SOUND_ERA:
        return True
    described = (title.described_as or "").lower()
    return "silent" in described or "part-talkie" in described
