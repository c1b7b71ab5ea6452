"""Statements about taste: "I generally like comedy, drama and documentaries", "I'm into thrillers",
"I do not really like musicals", "not a fan of horror", "I loved Parasite and Knives Out", "the last movie
I saw was Hustlers", "I like Kristen Wiig".

A message is read clause by clause (split at sentence ends and at "but"/"just"/"although"). A clause
that opens with a like cue states a lasting taste: its genres become soft liked genres (never hard
filters), its titles liked seeds, its people liked people. A clause with a dislike cue never flips into
a wish: its genres are avoided, its titles and people disliked. A seen cue marks titles as seen. Genre
words in a clause with no cue are asks ("a 90s comedy") and are left to the parser as hard filters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from catalog.models import Title
from chains.preference_words import cue_regex, preference_words
from chains.preferences import Preferences, TitleRef
from chains.title_resolver import Mention
from chains.vocabulary import Vocabulary

# Where one statement ends: sentence ends, contrasts, and a comma before a new subject or a new ask
# ("I didn't like Titanic, something like Heat": Heat is wanted, not disliked).
_CLAUSE_BREAK_RE = re.compile(
    r"[.;!?]+|\n|\b(?:but|just|although|though|except|however|and\s+also)\b"
    r"|,\s*(?=(?:and\s+)?(?:i|we|not|no|nothing|something|anything|maybe|perhaps|how\s+about|what\s+about"
    r"|show\s+me|give\s+me|recommend|more|so)\b)",
    re.IGNORECASE,
)
_FILMS_RE = re.compile(r"(?:'s)?\s+(?:movies|films|flicks)\b", re.IGNORECASE)
_ARTICLES = frozenset({"the", "a", "an"})
_WORD_RE = re.compile(r"[^\W\d_][\w'’.-]*")


@dataclass
class TasteStatements:
    preferences: Preferences
    # Spans the statements explain (cue phrases, the genre words they govern, people's names): the
    # parser must not read these as hard filters or search for them as words.
    spans: list[tuple[int, int]] = field(default_factory=list)


class PeopleIndex:
    """Names of cast and directors in the catalog, so "I like Kristen Wiig" is a person, not a topic."""

    def __init__(self, titles: Iterable[Title]):
        self._names: dict[str, str] = {}
        for t in titles:
            for name in list(t.directors) + list(t.cast[:10]):
                self._names.setdefault(name.casefold(), name)

    def lookup(self, name: str) -> str | None:
        return self._names.get(" ".join(name.split()).casefold())

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[str, tuple[int, int]]]:
        """The catalog people named in text[start:end], longest first where names overlap, in any case: people
        type "i love adam sandler". Two or three words, so a single word ("Adam") is never a person."""
        words = list(_WORD_RE.finditer(text, start, len(text) if end is None else end))
        found: list[tuple[str, tuple[int, int]]] = []
        i = 0
        while i < len(words):
            for size in (3, 2):
                window = words[i : i + size]
                if len(window) < size:
                    continue
                written = text[window[0].start() : window[-1].end()]
                name = self.lookup(written)
                # "the edge" in lower case is a phrase, not the guitarist credited as The Edge.
                if name and not (written.islower() and window[0].group().lower() in _ARTICLES):
                    found.append((name, (window[0].start(), window[-1].end())))
                    i += size
                    break
            else:
                i += 1
        return found

    def __len__(self) -> int:
        return len(self._names)


def _clauses(text: str) -> list[tuple[int, int]]:
    bounds = [0]
    for m in _CLAUSE_BREAK_RE.finditer(text):
        bounds += [m.start(), m.end()]
    bounds.append(len(text))
    return [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2) if bounds[i] < bounds[i + 1]]


def _first_cue(text: str, start: int, end: int) -> tuple[str, re.Match] | None:
    """The earliest cue in a clause; a dislike cue wins a tie ("don't like" holds "like")."""
    found: list[tuple[int, int, str, re.Match]] = []
    for rank, kind in enumerate(("dislike", "seen", "like")):
        m = cue_regex("statements", kind).search(text, start, end)
        if m:
            found.append((m.start(), rank, kind, m))
    if not found:
        return None
    found.sort(key=lambda f: (f[0], f[1]))
    # A dislike cue anywhere before the like cue's end negates it: "I don't really like".
    _, _, kind, m = found[0]
    return kind, m


def disliked_parts(text: str) -> list[tuple[int, int]]:
    """The parts of a message a dislike cue governs ("I do not really like musicals": "musicals")."""
    parts: list[tuple[int, int]] = []
    for start, end in _clauses(text):
        cue = _first_cue(text, start, end)
        if cue is not None and cue[0] == "dislike":
            parts.append((cue[1].end(), end))
    return parts


class TasteReader:
    def __init__(self, vocabulary: Vocabulary, people: PeopleIndex | None = None):
        self.vocabulary = vocabulary
        self.people = people
        self._genre_re = (
            re.compile(rf"\b(?:{vocabulary.genre_regex()})\b", re.IGNORECASE) if vocabulary.genre_phrases else None
        )
        self._content = {
            name: re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)
            for name, pattern in preference_words()["content"].items()
        }

    def read(self, text: str, mentions: Sequence[Mention] = ()) -> TasteStatements:
        liked_genres: list[str] = []
        avoided_genres: list[str] = []
        liked_titles: list[TitleRef] = []
        disliked_titles: list[TitleRef] = []
        seen_titles: list[TitleRef] = []
        liked_people: list[str] = []
        disliked_people: list[str] = []
        avoid_content: list[str] = []
        spans: list[tuple[int, int]] = []
        for start, end in _clauses(text):
            cue = _first_cue(text, start, end)
            # "Angelina Jolie movies are good too": a person's films named as a kind is a liking, unless
            # a dislike cue governs the name ("I don't like Tom Cruise movies", read below).
            for person, span in self._people(text, start, end, mentions):
                films = _FILMS_RE.match(text, span[1])
                governed = cue is not None and cue[0] == "dislike" and cue[1].end() <= span[0]
                if films and not governed:
                    liked_people.append(person)
                    spans.append((span[0], films.end()))
            if cue is None:
                continue
            kind, m = cue
            body = (m.end(), end)
            genres = self._genres(text, *body)
            titles = [_ref(x) for x in mentions if body[0] <= x.start < body[1]]
            people = self._people(text, *body, mentions)
            if kind == "like":
                liked_genres += [g for g, _ in genres]
                liked_titles += titles
                liked_people += [p for p, _ in people]
            elif kind == "dislike":
                avoided_genres += [g for g, _ in genres]
                disliked_titles += titles
                disliked_people += [p for p, _ in people]
                avoid_content += [c for c, r in self._content.items() if r.search(text, body[0], body[1])]
            else:
                seen_titles += titles
            if genres or people or titles:
                spans.append((m.start(), m.end()))
            spans += [s for _, s in genres] + [s for _, s in people]
        prefs = Preferences(
            liked_genres=tuple(dict.fromkeys(g for g in liked_genres if g not in avoided_genres)),
            avoided_genres=tuple(dict.fromkeys(avoided_genres)),
            liked_titles=tuple(dict.fromkeys(liked_titles)),
            disliked_titles=tuple(dict.fromkeys(disliked_titles)),
            seen_titles=tuple(dict.fromkeys(seen_titles)),
            liked_people=tuple(dict.fromkeys(liked_people)),
            disliked_people=tuple(dict.fromkeys(disliked_people)),
            avoid_content=tuple(dict.fromkeys(avoid_content)),
        )
        return TasteStatements(prefs, spans)

    def _genres(self, text: str, start: int, end: int) -> list[tuple[str, tuple[int, int]]]:
        if self._genre_re is None:
            return []
        out: list[tuple[str, tuple[int, int]]] = []
        for m in self._genre_re.finditer(text, start, end):
            for genre in self.vocabulary.genres_of(m):
                out.append((genre, (m.start(), m.end())))
        return out

    def _people(
        self, text: str, start: int, end: int, mentions: Sequence[Mention]
    ) -> list[tuple[str, tuple[int, int]]]:
        if self.people is None:
            return []
        out: list[tuple[str, tuple[int, int]]] = []
        for name, (s, e) in self.people.find(text, start, end):
            if any(x.start < e and s < x.end for x in mentions):
                continue  # a title the resolver found ("Knives Out"), not a person
            out.append((name, (s, e)))
        return out


def _ref(mention: Mention) -> TitleRef:
    t = mention.resolution.best.title
    return TitleRef(id=t.id, title=t.title, year=t.year)
