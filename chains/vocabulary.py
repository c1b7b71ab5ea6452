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
from chains.lexicon import CONTEXT_ONLY_GENRE_WORDS, GENRE_PHRASES


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
            if word in covered_words or word in CONTEXT_ONLY_GENRE_WORDS or genre.lower() not in known:
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
