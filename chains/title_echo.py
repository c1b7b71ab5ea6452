"""Title echoes: a candidate that looks similar to the request only because its title repeats its words.

Each title is embedded with its name first (vectorstore/text.py), so "something with a twist ending"
lands near *French Twist* and *Twisted*, and "slow-burn" near *Crash and Burn*, although nothing in
what those films are about has a twist or burns slowly. A request's words should match what a film is
about. The echo of a candidate is the share of the request's topic words that it has in its title but
nowhere in its substance (synopsis, keywords, genres, people); the ranking demotes by it. A word the
synopsis also has ("a shark" for *Jaws*, "aliens" for *Aliens*) is substance, not an echo.
"""

from __future__ import annotations

import re
from functools import lru_cache

from catalog.models import Title
from chains.text import content_words, fold, stem

_WORD = re.compile(r"[a-z0-9]+")
MIN_PREFIX = 4  # "twist" ~ "twisted", "burn" ~ "burning": shared stems of at least this length


@lru_cache(maxsize=50_000)  # pure; the same titles and synopses come back on every turn
def _stems(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in _WORD.findall(fold(text)) if len(w) > 2)


def _matches(word: str, stems: frozenset[str]) -> bool:
    if word in stems:
        return True
    if len(word) < MIN_PREFIX:
        return False
    return any(len(s) >= MIN_PREFIX and (s.startswith(word) or word.startswith(s)) for s in stems)


def substance_text(title: Title) -> str:
    """What the film is about. Wikipedia synopses open by repeating the title ("A Simple Twist of Fate is a
    1994 comedy-drama"): that repetition is still the title, so it is cut out."""
    overview = re.sub(re.escape(title.title), " ", title.overview, flags=re.IGNORECASE)
    return " ".join([overview, " ".join(title.keywords), " ".join(title.genres)] + title.directors + title.cast)


def title_echo(request_words: list[str], title: Title) -> float:
    """0-1: the share of the request's topic words found in the title and not in what the film is about."""
    words = list(dict.fromkeys(stem(w) for w in request_words if len(w) > 2))
    if not words:
        return 0.0
    in_title = [w for w in words if _matches(w, _stems(title.title))]
    if not in_title:
        return 0.0
    substance = _stems(substance_text(title))
    echoes = [w for w in in_title if not _matches(w, substance)]
    return len(echoes) / len(words)


def shares_title_word(words: list[str], title: Title) -> bool:
    """Whether the title holds one of the words, whatever its synopsis says: *Enola Holmes* next to
    *Sherlock Holmes* is a namesake, however much its story is about Holmes too."""
    stems = _stems(title.title)
    return any(_matches(stem(w), stems) for w in words if len(w) > 2)


def request_words(query_text: str) -> list[str]:
    """The topic words of a free-text request ("a twist ending" -> ['twist', 'ending'])."""
    return content_words(query_text.replace("-", " "))


def seed_words(seeds: list[Title]) -> list[str]:
    """The seeds' title words, whose echo in another title (*Mako: The Jaws of Death* next to *Jaws*,
    *Super* (2010) next to *Super Troopers*) is not a reason to pick it: `title_echo(seed_words(...), t)`.
    Every name the seed is listed under counts (*Se7en* is also *Seven*: *Seven Pounds* is a namesake)."""
    return list(dict.fromkeys(w for s in seeds for name in s.names for w in content_words(name)))
