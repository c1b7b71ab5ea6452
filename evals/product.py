"""CineChat's own answer to "something like <seed>", taken from the real product path.

Top picks: `Recommender.recommend` in offline mode, exactly what the CLI and the chat show without
an LLM (parse -> resolve -> plan -> filtered Chroma search -> offline ranker).
Pair scores (for judged titles that are not among the picks): the same plan, the same query vector
the retriever searches with, and the content fit (`rank_offline`) applied to the judged title as a
candidate. That is the fit part of the product's ranking: `chains/fan_ranking.py` then weighs in
standing and variety relative to the retrieval pool, which a judged title outside the pool has no
place in, so the pairwise metric measures the fit alone. A title the retriever never returns for this
seed (a remake sharing the seed's title) ranks below everything, as it does in the product.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

import numpy as np
from pydantic import BaseModel

from catalog.normalize import title_key
from chains.engine import Recommender
from chains.models import Candidate, ConversationState
from chains.offline_ranker import rank_offline

NEVER_SHOWN = -1.0


def seed_request(title: str, year: int) -> str:
    """What a person types; the year makes the named film unambiguous, as a careful user would."""
    return f"something like {title} ({year})"


class SeedRun(BaseModel):
    seed_id: str
    resolved_id: str | None
    picks: list[str]
    scores: dict[str, float]  # judged other id -> score for this seed
    seconds: float


def score_seed(rec: Recommender, seed_id: str, others: Iterable[str], k: int = 5) -> SeedRun:
    seed = rec.index.catalog[seed_id]
    request = seed_request(seed.title, seed.year)
    started = time.perf_counter()
    recommendation = rec.recommend(request, k=k, offline=True)
    seconds = time.perf_counter() - started
    plan = rec.understand(request, ConversationState())
    resolved_id = plan.seeds[0].id if plan.seeds else None
    scores: dict[str, float] = {}
    if resolved_id is not None:
        vector = rec.retriever.query_vector(plan)
        seed_key = title_key(plan.seeds[0].title)
        candidates: list[Candidate] = []
        for other_id in others:
            other = rec.index.catalog.get(other_id)
            stored = rec.index.vector(other_id) if other is not None else None
            if other is None or stored is None:
                continue
            if other_id == resolved_id or title_key(other.title) == seed_key:
                scores[other_id] = NEVER_SHOWN
                continue
            similarity = float(np.dot(vector, stored))
            candidates.append(Candidate(title=other, similarity=max(0.0, min(1.0, similarity))))
        for ranked in rank_offline(candidates, plan, rec.vocabulary.latest_year):
            scores[ranked.title.id] = ranked.score
    return SeedRun(
        seed_id=seed_id,
        resolved_id=resolved_id,
        picks=[p.id for p in recommendation.picks],
        scores=scores,
        seconds=seconds,
    )


def run_seeds(
    rec: Recommender,
    others_by_seed: dict[str, list[str]],
    k: int = 5,
    progress: Callable[[int, int], None] = lambda _done, _total: None,
) -> list[SeedRun]:
    runs = []
    for i, (seed_id, others) in enumerate(others_by_seed.items(), start=1):
        runs.append(score_seed(rec, seed_id, others, k))
        progress(i, len(others_by_seed))
    return runs
