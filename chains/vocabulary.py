"""The words a user may use for genres and platforms, bound to what the catalog really holds.

A genre word becomes a hard filter only when the catalog has that genre: otherwise the word stays
in the semantic query (never silently dropped, never a filter that matches nothing).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from catalog.genres import CANONICAL_GENRES, GENRE_SYNONYMS
from catalog.models import Title
from catalog.platforms import PLATFORMS

# Catalog user-words that this parser reads as soft moods or only in context ("funny" makes the
# picks funnier, it does not demand the Comedy label; "war" alone may be "Star Wars" or a topic).
_CONTEXT_ONLY_WORDS = {
    "funny",
    "scary",
    "romantic",
    "period",
    "kids",
    "children",
    "childrens",
    "family",
    "teen",
    "teens",
    "war",
    "music",
    "sport",
    "sports",
    "doc",
    "sf",
    "reality",
    "suspense",
}

# User phrase (regex, lower case) -> canonical genre names in order of preference. A phrase that
# names two genres ("rom-com") requires both.
GENRE_PHRASES: list[tuple[str, tuple[tuple[str, ...], ...]]] = [
    (r"rom[- ]?coms?|romantic comed(?:y|ies)", (("Romance",), ("Comedy",))),
    (r"sci[- ]?fi|science[- ]fiction|scifi", (("Science Fiction", "Sci-Fi"),)),
    (r"dark comed(?:y|ies)|black comed(?:y|ies)", (("Comedy",),)),
    (r"stand[- ]?up(?: comedy| specials?)?", (("Stand-Up Comedy", "Stand-Up", "Comedy"),)),
    (r"comed(?:y|ies)|comedic", (("Comedy",),)),
    (r"horrors?", (("Horror",),)),
    (r"thrillers?", (("Thriller",),)),
    (r"dramas?", (("Drama",),)),
    (r"romances?|love stor(?:y|ies)", (("Romance",),)),
    (r"animated|animations?|cartoons?", (("Animation", "Animated"),)),
    (r"anime", (("Anime", "Animation"),)),
    (r"documentar(?:y|ies)|docuseries|docos?", (("Documentary",),)),
    (r"westerns?", (("Western",),)),
    (r"war(?= (?:movies?|films?|dramas?|epics?|stor(?:y|ies)|shows?|series))", (("War",),)),
    (r"crime", (("Crime",),)),
    (r"myster(?:y|ies)|whodunn?its?", (("Mystery",),)),
    (r"fantas(?:y|ies)", (("Fantasy",),)),
    (r"adventures?", (("Adventure",),)),
    (r"action(?! (?:figure|packed))", (("Action",),)),
    (r"musicals?", (("Musical", "Music"),)),
    (r"biopics?|biograph(?:y|ies|ical)", (("Biography",),)),
    (r"historical|history|period (?:pieces?|dramas?)", (("History", "Historical"),)),
    (r"family(?= (?:movies?|films?|shows?|comed(?:y|ies)|dramas?))", (("Family",),)),
    (r"sports?(?= (?:movies?|films?|dramas?|shows?|documentar))", (("Sport", "Sports"),)),
    (r"superheroe?s?", (("Superhero",),)),
    (r"film[- ]noir|noir", (("Film Noir", "Noir"),)),
    (r"reality(?= (?:tv|shows?|series))", (("Reality", "Reality TV"),)),
    (r"teen(?= (?:movies?|films?|comed(?:y|ies)|dramas?|shows?))", (("Teen",),)),
    (r"music(?= (?:movies?|films?|documentar(?:y|ies)))", (("Music",),)),
    (r"spy(?= (?:movies?|films?|thrillers?|shows?))|espionage", (("Spy",),)),
]


@dataclass(frozen=True)
class GenrePhrase:
    pattern: str
    genres: tuple[str, ...]  # all required


@dataclass(frozen=True)
class Vocabulary:
    genres: frozenset[str]
    platforms: frozenset[str]
    latest_year: int
    genre_phrases: tuple[GenrePhrase, ...] = field(default_factory=tuple)

    @classmethod
    def from_titles(cls, titles: Iterable[Title]) -> Vocabulary:
        genres: set[str] = set()
        platforms: set[str] = set(PLATFORMS)
        latest = 0
        for title in titles:
            genres.update(title.genres)
            platforms.update(title.platforms)
            latest = max(latest, title.year)
        return cls.from_genres(genres | set(CANONICAL_GENRES), platforms, latest or 2021)

    @classmethod
    def from_genres(
        cls, genres: Iterable[str], platforms: Iterable[str] = PLATFORMS, latest_year: int = 2021
    ) -> Vocabulary:
        known = {g.lower(): g for g in genres}
        phrases: list[GenrePhrase] = []
        for pattern, wanted in GENRE_PHRASES:
            resolved = []
            for options in wanted:
                hit = next((known[o.lower()] for o in options if o.lower() in known), None)
                if hit:
                    resolved.append(hit)
            # A two-genre phrase whose second genre is missing still filters on the first.
            if resolved:
                phrases.append(GenrePhrase(pattern, tuple(dict.fromkeys(resolved))))
        # The catalog's own user words, then every genre by its own name.
        covered_words = {w for w in GENRE_SYNONYMS if any(re.fullmatch(p.pattern, w) for p in phrases)}
        for word, genre in sorted(GENRE_SYNONYMS.items(), key=lambda kv: -len(kv[0])):
            if word in covered_words or word in _CONTEXT_ONLY_WORDS or genre.lower() not in known:
                continue
            phrases.append(
                GenrePhrase(r"[- ]?".join(re.escape(w) for w in word.split()) + r"s?", (known[genre.lower()],))
            )
        covered = {g for p in phrases for g in p.genres}
        for lower, genre in sorted(known.items()):
            # "kids", "family", "teen" on their own describe an audience (a soft mood), not a label.
            if genre not in covered and len(lower) > 3 and lower not in ("kids", "family", "teen"):
                phrases.append(GenrePhrase(re.escape(lower) + r"s?", (genre,)))
        return cls(frozenset(known.values()), frozenset(platforms), latest_year, tuple(phrases))

    def genre_regex(self) -> str:
        """One alternation, a named group per phrase (g0, g1, ...) so a match tells its genres."""
        return "|".join(f"(?P<g{i}>{p.pattern})" for i, p in enumerate(self.genre_phrases))

    def genres_of(self, match: re.Match) -> tuple[str, ...]:
        group = match.lastgroup
        return self.genre_phrases[int(group[1:])].genres if group and group.startswith("g") else ()
