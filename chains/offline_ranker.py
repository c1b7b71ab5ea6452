"""Ranking without a language model: retrieval similarity plus what the catalog knows.

Signals, each 0-1: similarity to the query vector; genre overlap with the named title (or with the
genres asked for); a shared director; shared cast; era proximity; how well regarded a title is
(ratings weighted by vote counts); fit with soft moods ("lighter" favours comedy and family,
"less violent" disfavours action, war and horror). The weights are set by hand (similarity
dominates; metadata breaks near-ties) and sum to 1, so a score reads as a fraction; the eval suite
(evals/) measures them against crowd judgements.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from catalog.models import Title
from chains.lexicon import MOODS
from chains.models import Candidate, TurnPlan


@dataclass(frozen=True)
class Weights:
    similarity: float
    genres: float
    director: float
    cast: float
    era: float
    quality: float
    mood: float


WITH_QUERY = Weights(similarity=0.52, genres=0.12, director=0.05, cast=0.03, era=0.04, quality=0.12, mood=0.12)
# Filters only ("a 90s comedy"): similarity to a generic query means little, reputation more.
FILTERS_ONLY = Weights(similarity=0.25, genres=0.10, director=0.0, cast=0.0, era=0.0, quality=0.50, mood=0.15)


def rating_of(title: Title) -> tuple[float, str] | None:
    """(rating out of 10, source) from the best-attested source, or None."""
    r = title.ratings
    if r.imdb_rating is not None and (r.imdb_votes is None or r.imdb_votes >= 100):
        return r.imdb_rating, "IMDb"
    if r.tmdb_vote_average is not None and (r.tmdb_vote_count or 0) >= 50:
        return r.tmdb_vote_average, "TMDB"
    return None


def quality(title: Title) -> float:
    """0-1: rating pulled towards the middle when few people voted, plus a little for fame."""
    found = rating_of(title)
    votes = title.ratings.imdb_votes or title.ratings.tmdb_vote_count or 0
    confidence = min(1.0, math.log10(1 + votes) / 5) if votes else 0.3
    rating = found[0] / 10 if found else 0.55
    shrunk = 0.55 + (rating - 0.55) * confidence
    fame = min(1.0, math.log10(1 + votes) / 6)
    return max(0.0, min(1.0, 0.8 * shrunk + 0.2 * fame))


def mood_fit(title: Title, moods: list[str], latest_year: int, wanted_genres: frozenset[str] = frozenset()) -> float:
    """0-1, 0.5 neutral: each mood's genres (see lexicon_data/moods.toml) or its rule on the record. A genre
    the user asks for or likes is never held against a title ("I like some action, just not too violent")."""
    if not moods:
        return 0.5
    genres = set(title.genres)
    # A genre one of the moods favours is not held against a title by another ("scary but not gory": horror).
    favoured = {g for name in moods if name in MOODS for g in MOODS[name].favours}
    unwanted = genres - wanted_genres - favoured
    total = 0.0
    for name in moods:
        mood = MOODS.get(name)
        if mood is None:
            continue
        if mood.steers_genres:
            total += (0.5 if genres & mood.favours else 0.0) - (0.5 if unwanted & mood.disfavours else 0.0)
        elif mood.fit is not None:
            total += mood.fit.score(title.runtime_min, title.year, latest_year)
    return max(0.0, min(1.0, 0.5 + total / len(moods)))


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def wanted_genres(plan: TurnPlan) -> frozenset[str]:
    """Genres the user asks for, likes, or names a film of: a mood or an avoided content never holds them
    against a title."""
    seeds = {g for seed in plan.seeds for g in seed.genres}
    return frozenset({*plan.filters.genres_all, *plan.filters.genres_any, *plan.taste.liked_genres, *seeds})


def score_candidate(c: Candidate, plan: TurnPlan, weights: Weights, latest_year: int) -> float:
    title = c.title
    seed = plan.seeds[0] if plan.seeds else None
    # The named title's genres, else those asked for, else those the user said they like ("I'm into thrillers").
    asked_genres = set(plan.filters.genres_all + plan.filters.genres_any) or set(plan.taste.liked_genres)
    genre_target = set(seed.genres) if seed else asked_genres
    genres = _jaccard(set(title.genres), genre_target) if genre_target else 0.5
    director = 1.0 if seed and set(seed.directors) & set(title.directors) else 0.0
    cast = min(1.0, len(set(seed.cast[:8]) & set(title.cast)) / 2) if seed else 0.0
    era = 1.0 - min(abs(seed.year - title.year), 30) / 30 if seed else 0.5
    s = (
        weights.similarity * c.similarity
        + weights.genres * genres
        + weights.director * director
        + weights.cast * cast
        + weights.era * era
        + weights.quality * quality(title)
        + weights.mood * mood_fit(title, plan.parsed.mood, latest_year, wanted_genres(plan))
    )
    return round(max(0.0, min(1.0, s)), 4)


def rank_offline(
    candidates: list[Candidate], plan: TurnPlan, latest_year: int = 2021, filters_only: bool = False
) -> list[Candidate]:
    weights = FILTERS_ONLY if filters_only else WITH_QUERY
    scored = [c.model_copy(update={"score": score_candidate(c, plan, weights, latest_year)}) for c in candidates]
    return sorted(scored, key=lambda c: -c.score)
