"""Stage one: a filtered similarity search over the whole catalog.

The query vector is the stored embedding of the named title(s), the embedding of the free text, or
a blend of both ("like Alien but funny"). Every explicit constraint, and the titles already shown,
seen or rejected, go to the index as filters (it applies them exactly: see vectorstore/searcher.py),
so every candidate satisfies them. Only what no filter can say is dropped here: the named title's
remakes (same normalised title) and duplicate records of one film.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from catalog.directors import name_words
from catalog.normalize import title_key
from catalog.synopsis import same_synopsis
from chains.lexicon import MOODS
from chains.models import Candidate, TurnPlan
from chains.notability import notability
from chains.story_words import StoryWords
from chains.taste import taste_vector
from chains.well_known import WellKnown

# Hits fetched beyond n, for the remakes and duplicates dropped here; widened if that was not enough.
MARGIN = 10
SEED_WEIGHT = 0.55  # seed title vs free text when both are given: the title anchors, the words steer
# And when the words are only a mood's ("like Arrival but lighter"): "light-hearted feel-good warm" pulled the
# search to romances (*Her*, *Passengers*, *In Your Eyes*); the mood's genres already tilt the ranking.
SEED_MOOD_WEIGHT = 0.85  # tuned on ReDial dev and the judged set: 0.55 / 0.7 / 0.85 / 1 (docs/evaluation.md)
# How far a turn's own query leans towards the titles the conversation says the user likes (1 = as much).
CONVERSATION_TASTE_WEIGHT = 0.75  # tuned on ReDial dev: 0 / 0.5 / 0.75 / 1 (docs/evaluation.md)
# Titles whose story best matches the request's topic words (chains/story_words.py) added to the pool: of the
# whole catalog, and of the well-known titles (a famous road film among hundreds of obscure ones).
STORY_POOL = 40
STORY_WELL_KNOWN_POOL = 40
# "I'm into thrillers", "something sad": a taste for genres or a mood, with no topic or film named. The text
# "thriller" is close to obscure titles that say the word, not to *Se7en*; "emotional moving drama" to none of
# the films people cry at. The most notable titles of the liked genres (else of every mood's favoured genres)
# that meet the filters join the pool, and the ranking weighs them like the rest.
GENRE_CLASSICS_POOL = 40
# "I love Adam Sandler": this many of the liked people's best-known films join the pool.
PEOPLE_POOL = 20
# "like Super Troopers": this many of the named films' directors' best-known other films join the pool.
SEED_DIRECTOR_POOL = 10  # measured on ReDial dev and the judged set: 0 / 10 (docs/evaluation.md)
PERSON_BILLING = 5  # a person's film is one they direct or are among its first this many credited actors


@dataclass
class Retrieval:
    candidates: list[Candidate]


def semantic_text(plan: TurnPlan) -> str:
    """The free text, the words of each soft mood unless the request has a topic of its own (moods never
    filter), and the conversation's stated taste. With a topic, a mood tilts the ranking (its genre
    effects) but stays out of the query: "a feel-good heist movie" searched with "feel-good warm" found
    feel-good films, not heists. Beside a named film the mood words still steer ("like Alien but funny")."""
    moods = [] if plan.parsed.query_text else plan.parsed.mood
    words = [plan.parsed.query_text] + [MOODS[m].query_words if m in MOODS else "" for m in moods]
    words += taste_words(plan)
    return " ".join(w for w in words if w).strip()


def taste_words(plan: TurnPlan) -> list[str]:
    """What the conversation says the user likes, in the words a title's embedding text uses ("Starring
    Kristen Wiig", "comedy"): a pull towards it, never a filter. Genres the request already filters on
    add nothing."""
    taste = plan.taste
    filtered = set(plan.filters.genres_all + plan.filters.genres_any)
    genres = [g.lower() for g in taste.liked_genres if g not in filtered]
    words = [" ".join(genres)] if genres else []
    if taste.liked_people:
        words.append("Starring " + ", ".join(taste.liked_people[:3]))
    return words


def story_mood_words(plan: TurnPlan) -> str:
    """Without a topic or a named film, what the moods' stories are made of ("sad": grief, dying)."""
    if plan.seeds:
        return ""
    return " ".join(MOODS[m].story_words for m in plan.parsed.mood if m in MOODS and MOODS[m].story_words)


def classics_test(plan: TurnPlan, search_filters: Any) -> Callable[[Any], bool] | None:
    """Which titles may join the pool as a genre's classics (`GENRE_CLASSICS_POOL`): of a liked genre, else of
    a genre each mood favours; of no genre a mood disfavours (unless liked, or beside a favoured genre when only
    a mood that keeps content away disfavours it); meeting the filters. None when the turn names no such genre."""
    liked = frozenset(plan.taste.liked_genres)
    moods = [MOODS[m] for m in plan.parsed.mood if m in MOODS and MOODS[m].favours]
    if not liked and not moods:
        return None
    wanted = [liked] if liked else [frozenset(m.favours) for m in moods]
    # A mood that asks for genres knows which neighbours it does not want ("scary" is no comedy): those never join.
    # A mood that only keeps content away ("not gory") disfavours genres too (action, thriller), but once a title is
    # of a favoured genre its content is the ranking's to weigh (content signs): *The Conjuring* is labelled
    # Horror and Thriller.
    every_mood = [MOODS[m] for m in plan.parsed.mood if m in MOODS]
    favoured = frozenset(g for m in every_mood for g in m.favours)
    never = frozenset(g for m in moods for g in m.disfavours) - favoured - liked
    unless_favoured = frozenset(g for m in every_mood if not m.favours for g in m.disfavours) - favoured - liked

    def keep(title: Any) -> bool:
        genres = set(title.genres)
        if not all(genres & g for g in wanted) or genres & never:
            return False
        return (not genres & unless_favoured or bool(genres & favoured)) and search_filters.accepts(title)

    return keep


def featured(title: Any) -> set[str]:
    """The people a title is "a film of": its directors and its first PERSON_BILLING credited actors."""
    return {*title.directors, *title.cast[:PERSON_BILLING]}


def credits_of(catalog: Any) -> dict[str, list[str]]:
    """Every person's titles (`featured` in them), by name."""
    credits: dict[str, list[str]] = {}
    for title in catalog.values():
        for person in featured(title):
            credits.setdefault(person, []).append(title.id)
    return credits


def features_any(title: Any, people: set[str]) -> bool:
    return bool(people & featured(title))


def seed_directors(plan: TurnPlan) -> set[str]:
    """The directors of the films this turn names."""
    return {d for seed in plan.seeds for d in seed.directors}


def fallback_text(plan: TurnPlan) -> str:
    """Filters only ("a 90s comedy"): search for the genres and type the user asked for."""
    f = plan.filters
    genres = " ".join(f.genres_all + f.genres_any)
    kind = "TV series" if f.type == "TV Show" else "film"
    return f"{genres} {kind}".strip() if genres else f"an acclaimed {kind}"


class Retriever:
    def __init__(self, index: Any, candidates: int = 10, well_known: int = 100):
        """`well_known`: how many of the nearest well-known titles to add to the pool (chains/well_known.py);
        with it, the titles whose story has the request's words are added too (chains/story_words.py)."""
        self.index = index
        self.candidates = candidates
        self.well_known_pool = well_known
        # Built here, at start-up (~0.3 s, ~4 s and ~0.4 s over the full catalog), not on a user's first request.
        self._well_known = WellKnown(index) if well_known else None
        self._story = StoryWords.of_index(index) if well_known else None
        self._credits = credits_of(index.catalog) if well_known else {}  # the people's films: a lookup per turn

    def query_vector(self, plan: TurnPlan) -> np.ndarray:
        """What this turn asks for (the named titles' stored vectors, the free text's embedding, or a blend
        of both), leaning towards the conversation's taste (`chains/taste.py`). A turn that asks for
        nothing of its own ("any other suggestions?") searches by the taste alone."""
        own = self._own_vector(plan)
        taste = taste_vector(self.index, plan.taste_titles) if plan.taste_titles else None
        if taste is None:
            return own if own is not None else self._text_vector(fallback_text(plan))
        if own is None:
            return taste
        return _unit(own + CONVERSATION_TASTE_WEIGHT * taste)

    def _own_vector(self, plan: TurnPlan) -> np.ndarray | None:
        text = semantic_text(plan)
        seed_vectors = [v for v in (self.index.vector(s.id) for s in plan.seeds) if v is not None]
        seed = _unit(np.mean(np.stack(seed_vectors), axis=0)) if seed_vectors else None
        if seed is not None and not text:
            return seed
        if not text and (plan.taste_titles and plan.filters.is_empty()):
            return None
        text_vector = self._text_vector(text or fallback_text(plan))
        if seed is None:
            return text_vector
        weight = SEED_WEIGHT if plan.parsed.query_text else SEED_MOOD_WEIGHT
        return _unit(weight * seed + (1 - weight) * text_vector)

    def _text_vector(self, text: str) -> np.ndarray:
        return _unit(np.asarray(self.index.encoder.encode([text])[0], dtype=np.float32))

    def retrieve(self, plan: TurnPlan, n: int | None = None, well_known: bool = True) -> Retrieval:
        """The n nearest titles that satisfy the plan's filters, and (well_known) the nearest of the
        catalog's well-known titles that are not among them; best first."""
        n = n or self.candidates
        vector = self.query_vector(plan)
        search_filters = plan.search_filters()
        seed_keys = {title_key(s.title) for s in plan.seeds} | {k for s in plan.seeds if (k := made_key(s))}
        candidates = self._nearest(vector, search_filters, seed_keys, n)
        if well_known and self._well_known is not None:
            not_found = self._well_known.mask & ~self.index.rows_mask(c.title.id for c in candidates)
            found = films_of(candidates)
            candidates += self._nearest(vector, search_filters, seed_keys, self.well_known_pool, not_found, found)
            candidates = self._with_story_matches(plan, vector, search_filters, seed_keys, candidates)
            candidates = self._with_genre_classics(plan, vector, search_filters, seed_keys, candidates)
            candidates = self._with_liked_peoples_films(plan, vector, search_filters, seed_keys, candidates)
            candidates = self._with_seed_directors_films(plan, vector, search_filters, seed_keys, candidates)
            candidates.sort(key=lambda c: -c.similarity)
        return Retrieval(one_record_per_story(candidates, plan.seeds))

    def _story_scores(self, plan: TurnPlan) -> np.ndarray | None:
        """The story match of every row to the request's topic, else to what its moods' stories are made of.
        A named film alone has none: its own story words (names left out) searched beside its vector
        changed nothing measurable (docs/evaluation.md)."""
        assert self._story is not None
        topic = plan.parsed.topic_text or story_mood_words(plan)
        return self._story.scores(topic) if topic else None

    def _with_story_matches(
        self, plan: TurnPlan, vector: np.ndarray, search_filters: Any, seed_keys: set[str], candidates: list[Candidate]
    ) -> list[Candidate]:
        """The pool, with the titles whose story best matches the request's topic words added, and every
        candidate's `story_match` (its BM25 score over the pool's best, 0-1). Only for a request with a topic
        or a mood with story words (`_story_scores`): a named film alone has none."""
        scores = self._story_scores(plan) if self._story else None
        if scores is None or self._well_known is None:
            return candidates
        allowed = ~self.index.rows_mask(c.title.id for c in candidates)
        best = _top_rows(np.where(allowed, scores, 0.0), STORY_POOL)
        best_known = _top_rows(np.where(allowed & self._well_known.mask, scores, 0.0), STORY_WELL_KNOWN_POOL)
        within = np.zeros(len(scores), dtype=bool)
        within[np.concatenate([best, best_known])] = True
        found = films_of(candidates)
        candidates = candidates + self._nearest(vector, search_filters, seed_keys, int(within.sum()), within, found)
        matches = {c.title.id: float(scores[row]) for c in candidates if (row := self._story.row_of(c.title.id)) >= 0}
        top = max(matches.values(), default=0.0)
        if top <= 0:
            return candidates
        return [c.model_copy(update={"story_match": matches.get(c.title.id, 0.0) / top}) for c in candidates]

    def _with_genre_classics(
        self, plan: TurnPlan, vector: np.ndarray, search_filters: Any, seed_keys: set[str], candidates: list[Candidate]
    ) -> list[Candidate]:
        """The pool, with the most notable titles of the genres the user likes, else of the genres each of the
        turn's moods favours, when that is all the turn says (no named film, no topic of its own)."""
        if plan.seeds or plan.parsed.topic_text or self._well_known is None or not GENRE_CLASSICS_POOL:
            return candidates
        keep = classics_test(plan, search_filters)
        if keep is None:
            return candidates
        within = self._well_known.most_notable(keep, GENRE_CLASSICS_POOL)
        within &= ~self.index.rows_mask(c.title.id for c in candidates)
        found = films_of(candidates)
        return candidates + self._nearest(vector, search_filters, seed_keys, int(within.sum()), within, found)

    def _with_liked_peoples_films(
        self, plan: TurnPlan, vector: np.ndarray, search_filters: Any, seed_keys: set[str], candidates: list[Candidate]
    ) -> list[Candidate]:
        """The pool, with the best-known films of the people the user likes ("I love Adam Sandler"): the text
        "Starring Adam Sandler" is close to films that credit other people too."""
        return self._with_films_of(plan.taste.liked_people, PEOPLE_POOL, vector, search_filters, seed_keys, candidates)

    def _with_seed_directors_films(
        self, plan: TurnPlan, vector: np.ndarray, search_filters: Any, seed_keys: set[str], candidates: list[Candidate]
    ) -> list[Candidate]:
        """The pool, with the best-known other films of the named films' directors (*Beerfest* for "like Super
        Troopers"): people who liked one often like the rest, and the embedding rarely puts them close."""
        directors = seed_directors(plan)
        return self._with_films_of(directors, SEED_DIRECTOR_POOL, vector, search_filters, seed_keys, candidates)

    def _with_films_of(
        self,
        people: tuple[str, ...] | set[str],
        n: int,
        vector: np.ndarray,
        search_filters: Any,
        seed_keys: set[str],
        candidates: list[Candidate],
    ) -> list[Candidate]:
        """The pool, with the n nearest of these people's 2n best-known titles that meet the filters."""
        if not people or not n:
            return candidates
        taken = {c.title.id for c in candidates}
        films = {i for person in people for i in self._credits.get(person, ()) if i not in taken}
        ids = sorted(films, key=lambda i: notability(self.index.catalog[i]), reverse=True)[: n * 2]
        within = self.index.rows_mask(ids)
        found = films_of(candidates)
        return candidates + self._nearest(vector, search_filters, seed_keys, min(n, len(ids)), within, found)

    def _nearest(
        self,
        vector: np.ndarray,
        search_filters: Any,
        seed_keys: set[str],
        n: int,
        within: np.ndarray | None = None,
        found: frozenset | set = frozenset(),
    ) -> list[Candidate]:
        """The n nearest titles (among `within`) that pass `_keep`, none a film already `found`."""
        k = n + MARGIN
        while True:
            hits = self.index.search(vector, k=k, filters=search_filters, within=within)
            candidates = self._keep(hits, search_filters, seed_keys, n, found)
            if len(candidates) >= n or len(hits) < k:  # enough, or nothing more matches
                return candidates
            k *= 4

    @staticmethod
    def _keep(
        hits: list[Any], search_filters: Any, seed_keys: set[str], n: int, found: frozenset | set
    ) -> list[Candidate]:
        """Hits that satisfy every filter, without the seed's remakes or duplicate records, best first."""
        seen_keys: set[tuple[str, int]] = set(found)
        candidates: list[Candidate] = []
        for hit in hits:
            key = title_key(hit.title.title)
            made = made_key(hit.title)
            film = _film_key(hit.title)
            if key in seed_keys or film in seen_keys or made in seed_keys or made in seen_keys:
                continue
            if not search_filters.accepts(hit.title):  # every constraint, checked on the record itself
                continue
            seen_keys.add(film)
            if made:
                seen_keys.add(made)
            candidates.append(Candidate(title=hit.title, similarity=max(0.0, min(1.0, float(hit.similarity)))))
            if len(candidates) >= n:
                break
        return candidates


def made_key(title: Any) -> str | None:
    """Who made a film, when, and how long it runs: one film under two names (*Spirited Away* and its
    original title *Sen to Chihiro no kamikakushi*, both in the catalog) has one key. None when the
    record lacks a director or a runtime (too little to tell two films apart)."""
    if not title.directors or not title.runtime_min:
        return None
    surname = name_words(title.directors[0])[-1:] or [""]
    return f"{title.type}|{title.year}|{surname[0]}|{title.runtime_min // 3}"


def films_of(candidates: list[Candidate]) -> set[Any]:
    """The films the candidates already are: their title keys and, where known, who made them when."""
    return {_film_key(c.title) for c in candidates} | {k for c in candidates if (k := made_key(c.title))}


def _film_key(title: Any) -> tuple[str, int]:
    """One film: its title and year. One series: its title (streaming services list a show under the year of
    its first or of its latest season: *Frasier* 1993 and 2003 are one show)."""
    return title_key(title.title), 0 if title.type == "TV Show" else title.year


def same_story(a: Any, b: Any) -> bool:
    """Whether two records of one kind, year and length are one film told twice under two names that the
    catalog merge could not join (catalog/synopsis.py)."""
    if a.id == b.id or a.type != b.type or a.year != b.year:
        return False
    if a.runtime_min and b.runtime_min and abs(a.runtime_min - b.runtime_min) > 1:
        return False
    return same_synopsis(a.overview, b.overview)


def one_record_per_story(candidates: list[Candidate], seeds: Any = ()) -> list[Candidate]:
    """The candidates (best first) without a named film told again under another name, and with one record
    of each film told twice. Only records of one year are compared: a few per pool."""
    kept: list[Candidate] = []
    by_year: dict[tuple[str, int], list[Any]] = {}
    for seed in seeds:
        by_year.setdefault((seed.type, seed.year), []).append(seed)
    for c in candidates:
        same_year = by_year.setdefault((c.title.type, c.title.year), [])
        if any(same_story(c.title, other) for other in same_year):
            continue
        same_year.append(c.title)
        kept.append(c)
    return kept


def _top_rows(scores: np.ndarray, n: int) -> np.ndarray:
    """The rows of the n highest positive scores."""
    n = min(n, int((scores > 0).sum()))
    return np.argpartition(-scores, n - 1)[:n] if n > 0 else np.zeros(0, dtype=int)


def _unit(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return (v / norm).astype(np.float32) if norm > 0 else v.astype(np.float32)
