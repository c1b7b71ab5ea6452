"""Franchises and editions: what a movie fan counts as "the same film" or "more of the same film".

Two guards for the ranking, both from titles and credits only (the catalog has no collection field):
- Editions: "Knives Out (4K UHD)", "Silence (Tamil)", "The Neighbors [English Subbed]" are the film
  itself in another package. Ranking keeps one record per film and never offers the seed back in
  another edition (the catalog merge should join them; this is the guard when it did not).
- Franchise: "like Jaws" asks for films like Jaws, not for Jaws 2, Jaws 3-D and Jaws: The Revenge.
  At most one title of a seed's own franchise stays in the slate unless the user asks for sequels.
  A candidate belongs to the seed's franchise when its title opens with the seed's title stem
  followed by a sequel mark (a number, a colon, "Part ...") or when it contains the stem as words and
  shares a director or a lead actor with the seed ("Live Free or Die Hard").
"""

from __future__ import annotations

import re
from functools import lru_cache

from catalog.models import Title
from catalog.normalize import title_key

# Trailing bracket groups are packaging, never part of a film's name: "(4K UHD)", "[English Subbed]".
_TRAILING_BRACKETS = re.compile(r"(?:\s*[\(\[][^\(\)\[\]]*[\)\]])+\s*$")
_EDITION_WORDS = re.compile(
    r"\s*[:\-–]\s*(?:the\s+)?(?:director'?s|extended|theatrical|unrated|special|collector'?s|ultimate|final|"
    r"anniversary|remastered|restored)(?:\s+(?:cut|edition|version))?\s*$",
    re.IGNORECASE,
)
# What may follow a franchise stem at the start of a sequel's title: "2", "II", ": ...", "Part ...", "3-D".
_NUMBER_WORDS = (
    r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"ii|iii|iv|v|vi|vii|viii|ix|x)"
)
_SEQUEL_TAIL = re.compile(
    rf"^(?:\d+|{_NUMBER_WORDS}\b|part\b|chapter\b|returns\b|reloaded\b|revenge\b|the\b|with\b|\d+d\b)"
)
# The user asks for the franchise itself: "the sequels", "other Jaws films", "the whole series".
_WANTS_SEQUELS = re.compile(
    r"\b(?:sequels?|prequels?|franchise|the\s+(?:whole\s+)?series|the\s+saga|the\s+trilogy|other\s+parts?|"
    r"the\s+rest\s+of\s+(?:the|them))\b",
    re.IGNORECASE,
)
LEAD_CAST = 3


@lru_cache(maxsize=200_000)  # pure, and asked for the same few hundred titles on every turn
def edition_key(title: str) -> str:
    """The film's own name without packaging: 'Knives Out (4K UHD)' -> 'knives out'."""
    bare = _TRAILING_BRACKETS.sub("", title)
    bare = _EDITION_WORDS.sub("", bare) or title
    return title_key(bare or title)


def same_film(a: Title, b: Title) -> bool:
    """Two records of one film: same name once packaging is removed, same type, a year or so apart."""
    return a.type == b.type and abs(a.year - b.year) <= 1 and edition_key(a.title) == edition_key(b.title)


def franchise_stem(title: Title) -> str:
    """The part of a title its sequels repeat: 'Die Hard 2' -> 'die hard', 'Jaws' -> 'jaws'."""
    return _stem(title.title)


@lru_cache(maxsize=200_000)
def _stem(title: str) -> str:
    key = edition_key(title)
    key = re.split(r"\s(?:part\s)?\d+(?:\s|$)", key, maxsplit=1)[0]  # "toy story 3" -> "toy story"
    # "Ocean's Eleven" -> "ocean s": its sequels count on in words (Twelve, Thirteen, and Ocean's Eight)
    key = re.sub(rf"\s{_NUMBER_WORDS}$", "", key) or key
    return min((key, _head_key(title) or key), key=len)


@lru_cache(maxsize=200_000)
def _head_key(title: str) -> str:
    """The key of a title's part before a subtitle: 'Die Hard: With a Vengeance' -> 'die hard'."""
    head = re.split(r":|\s[-–]\s", _TRAILING_BRACKETS.sub("", title), maxsplit=1)[0]
    return title_key(head) if head.strip() else ""


def in_franchise(candidate: Title, seed: Title) -> bool:
    """True when the candidate is the seed's sequel, prequel, remake or spin-off by its title."""
    stem = franchise_stem(seed)
    key = edition_key(candidate.title)
    if key == stem or key == edition_key(seed.title):
        return True
    # A short stem ("up", "her") opens many unrelated titles: only shared people count for it.
    sequel_like = _SEQUEL_TAIL.match(key[len(stem) + 1 :]) or _head_key(candidate.title) == stem
    if len(stem) >= 4 and key.startswith(stem + " ") and sequel_like:
        return True  # "Jaws 2", "Die Hard: With a Vengeance"; not "Alien Nation: Dark Horizon"
    if re.search(rf"(?:^|\s){re.escape(stem)}(?:\s|$)", key):
        shared_people = set(candidate.directors) & set(seed.directors) or (
            set(candidate.cast[:LEAD_CAST]) & set(seed.cast[:LEAD_CAST])
        )
        return bool(shared_people)
    return False


def wants_sequels(message: str) -> bool:
    return bool(_WANTS_SEQUELS.search(message or ""))


def guard_slate(ranked: list[Title], seeds: list[Title], allow_franchise: bool) -> tuple[list[Title], list[Title]]:
    """(kept, held back), both in ranked order. Dropped: another record of a film already kept, and any
    record of a seed. Held back: every title of a seed's franchise after the first. When the user asks
    for the franchise (`allow_franchise`), its titles come first instead."""
    kept: list[Title] = []
    family_first: list[Title] = []
    held: list[Title] = []
    franchise_seen: set[str] = set()
    # The years of the films seen so far by (type, name without packaging): `same_film` in one lookup
    # per title rather than a comparison with every title kept (a pool of 300 made that 90,000 a turn).
    films: dict[tuple[str, str], list[int]] = {}

    def is_new_film(title: Title) -> bool:
        years = films.setdefault((title.type, edition_key(title.title)), [])
        if any(abs(title.year - year) <= 1 for year in years):
            return False
        years.append(title.year)
        return True

    for seed in seeds:
        is_new_film(seed)
    for title in ranked:
        if not is_new_film(title):
            continue  # the seed itself in another edition, or a duplicate: never worth showing
        family = next((s.id for s in seeds if in_franchise(title, s)), None)
        if family is not None and allow_franchise:
            family_first.append(title)
            continue
        if family is not None:
            if family in franchise_seen:
                held.append(title)
                continue
            franchise_seen.add(family)
        kept.append(title)
    return family_first + kept, held
