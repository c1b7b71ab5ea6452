"""Taste: several liked titles at once, and what the user liked earlier in the conversation.

- Several seeds ("I loved Parasite and Knives Out"): retrieval searches near their mean, which can
  favour titles close to one seed and far from the other. `seed_balance` is a candidate's similarity
  to the seed it is furthest from, so the ranking can prefer titles that answer every seed.
- A taste vector: the weighted mean of the stored vectors of titles the user liked in earlier turns and
  of those another recommender suggested to them in a replayed history (`taste_titles`; CineChat's own
  picks are left out). Retrieval leans the turn's query towards it (chains/retriever.py) and the ranking
  blends it in at half weight, so "I liked Alien" two messages ago still tilts "something scary" towards
  Alien's kind, and "What else?" searches by it alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from chains.models import ConversationState, TurnPlan

TASTE_WEIGHT = 0.5  # a taste from earlier turns counts half as much as what this turn asks for (ranking)
# Titles a person suggested to the user (not said to be liked) count this much, all together, beside the
# titles they liked: people often go on to accept a suggestion, and it tells the conversation's kind.
SUGGESTED_WEIGHT = 1.0


def vectors_of(index: Any, ids: Iterable[str]) -> dict[str, np.ndarray]:
    """Stored unit vectors of the titles the index holds (others are skipped)."""
    out: dict[str, np.ndarray] = {}
    for title_id in dict.fromkeys(ids):
        v = index.vector(title_id)
        if v is not None:
            out[title_id] = _unit(np.asarray(v, dtype=np.float32))
    return out


def taste_titles(state: ConversationState, plan: TurnPlan) -> dict[str, float]:
    """Earlier titles that say what the user likes, each with its weight: the films they named as liked or
    searched like (together weight 1) and those another recommender suggested to them in a replayed history
    (together SUGGESTED_WEIGHT). Never this turn's seeds, a rejected or disliked title. CineChat's own
    picks do not count: they came from the search itself, and would pull every later search their way."""
    current = {s.id for s in plan.seeds}
    against = set(state.rejected_ids + plan.newly_rejected) | {t.id for t in plan.taste.disliked_titles}
    liked = [i for turn in state.turns for i in turn.seed_ids] + [t.id for t in plan.taste.liked_titles]
    skip = current | against
    liked = [i for i in dict.fromkeys(liked) if i not in skip]
    suggested = [i for i in dict.fromkeys(state.suggested_ids) if i not in skip and i not in liked]
    weights = {i: 1.0 / len(liked) for i in liked}
    weights.update({i: SUGGESTED_WEIGHT / len(suggested) for i in suggested})
    return weights


def taste_vector(index: Any, weights: Mapping[str, float]) -> np.ndarray | None:
    """The weighted mean direction of the titles (`taste_titles`), or None when the index holds none."""
    vectors = vectors_of(index, weights)
    if not vectors:
        return None
    return _unit(sum(v * weights[i] for i, v in vectors.items()))


def seed_balance(candidate: np.ndarray, seeds: list[np.ndarray]) -> float:
    """The candidate's cosine similarity to the seed it is least like (0 when there are no seeds)."""
    if not seeds:
        return 0.0
    return float(min(float(np.dot(candidate, s)) for s in seeds))


def _unit(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return (v / norm).astype(np.float32) if norm > 0 else v.astype(np.float32)
