"""How well known and how well regarded a title is, 0-1, from what the catalog data holds.

People recommend films other people have heard of and liked. Among titles that fit a request
equally well, the one a film fan would trust is the known, well-regarded one, so the ranking blends
this in (chains/fan_ranking.py). The signals, each present for only part of the catalog:
- fame: vote counts (IMDb votes, TMDB vote count; log-scaled, each against a count that only the most
  famous films reach in that source);
- breadth: how many independent sources list the title (a film in IMDb's Top 1000, two TMDB lists,
  Wikipedia and Wikidata is known; a title only one streaming catalog lists usually is not), and
  whether it has a Wikipedia page;
- regard: the rating, trusted only as far as enough people voted, plus critics' scores when present.
"""

from __future__ import annotations

import math

from catalog.models import Title

# Vote counts that only the most famous titles reach in each source (IMDb: The Shawshank Redemption
# ~2.3M; TMDB 5000/10k lists: ~30k), so log(votes)/log(cap) reads as a 0-1 fame.
IMDB_VOTES_CAP = 1_000_000
TMDB_VOTES_CAP = 20_000
# Sources that choose what they list by reputation (a curated top list), and the most there are.
CURATED_SOURCES = frozenset({"imdb_top1000", "tmdb_top10k", "tmdb5000"})
MAX_SOURCES = 5
# Series: this many seasons reads as the fame RENEWED_FAME (log-scaled: 2 seasons ~1/3 of it, 4 ~2/3).
RENEWED_SEASONS = 8
RENEWED_FAME = 0.6
NEUTRAL_RATING = 0.6  # an average film's rating out of 1, what an unrated title is assumed to be


def fame(title: Title) -> float:
    r = title.ratings
    imdb = math.log10(1 + r.imdb_votes) / math.log10(IMDB_VOTES_CAP) if r.imdb_votes else 0.0
    tmdb = math.log10(1 + r.tmdb_vote_count) / math.log10(TMDB_VOTES_CAP) if r.tmdb_vote_count else 0.0
    return min(1.0, max(imdb, tmdb, renewal(title)))


def renewal(title: Title) -> float:
    """A series' fame from how often it was renewed: the catalog's series come from streaming listings
    alone, without votes, and a show that ran five seasons had an audience (two-thirds of the listed
    series ran one). At most RENEWED_FAME, below a film a million people rated."""
    if title.type != "TV Show" or not title.seasons or title.seasons < 2:
        return 0.0
    return RENEWED_FAME * min(1.0, math.log(title.seasons) / math.log(RENEWED_SEASONS))


def breadth(title: Title) -> float:
    sources = set(title.sources)
    listed = min(1.0, len(sources) / MAX_SOURCES)
    curated = 1.0 if sources & CURATED_SOURCES else 0.0
    wiki = 1.0 if title.wikipedia_url or "wikipedia" in sources else 0.0
    return 0.5 * listed + 0.3 * curated + 0.2 * wiki


def regard(title: Title) -> float:
    """0-1: the rating pulled towards an average film's when few people voted, and critics' scores."""
    r = title.ratings
    scores: list[tuple[float, float]] = []  # (score 0-1, trust 0-1)
    if r.imdb_rating is not None:
        scores.append((r.imdb_rating / 10, min(1.0, math.log10(1 + (r.imdb_votes or 0)) / 5)))
    if r.tmdb_vote_average is not None:
        scores.append((r.tmdb_vote_average / 10, min(1.0, math.log10(1 + (r.tmdb_vote_count or 0)) / 4)))
    if r.metascore is not None:
        scores.append((r.metascore / 100, 0.8))
    if r.rt_meter is not None:
        scores.append((r.rt_meter / 100, 0.6))
    if not scores:
        return NEUTRAL_RATING
    trust = sum(t for _, t in scores)
    if trust <= 0:
        return NEUTRAL_RATING
    mean = sum(s * t for s, t in scores) / trust
    confidence = min(1.0, trust)
    return NEUTRAL_RATING + (mean - NEUTRAL_RATING) * confidence


def notability(title: Title) -> float:
    """0-1: known (fame, breadth) and liked (regard). A famous flop scores below a famous classic, an
    unknown title below both."""
    known = max(fame(title), 0.6 * breadth(title))
    # Regard counts only as far as the title is known: a 9/10 from twelve voters is not a classic.
    liked = (regard(title) - NEUTRAL_RATING) * 2.5  # -1.5..1 around an average film
    return max(0.0, min(1.0, known * (0.75 + 0.25 * liked) + 0.1 * breadth(title)))
