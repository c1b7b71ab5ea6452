"""Taste: several liked titles at once, and what the user liked earlier in the conversation.

- Several seeds ("I loved Parasite and Knives Out"): retrieval searches near their mean, which can
  favour titles close to one seed and far from the other. `seed_balance` is a candidate's similarity
  to the seed it is furthest from, so the ranking can prefer titles that answer every seed.
- A taste vector: the mean of the stored vectors of titles the user liked in earlier turns (weaker
  weight for titles only suggested to them, which they often go on to accept). Later turns blend it in
  at half weight, so "I liked Alien" two messages ago still tilts "something scary" towards Alien's kind.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from chains.models import ConversationState

TASTE_WEIGHT = 0.5  # a taste from earlier turns counts half as much as what this turn asks for
SUGGESTED_WEIGHT = 0.3  # a title only suggested (not said to be liked) counts this much of a liked one


def vectors_of(index: Any, ids: Iterable[str]) -> dict[str, np.ndarray]:
    """Stored unit vectors of the titles the index holds (others are skipped)."""
    out: dict[str, np.ndarray] = {}
    for title_id in dict.fromkeys(ids):
        v = index.vector(title_id)
        if v is not None:
            out[title_id] = _unit(np.asarray(v, dtype=np.float32))
    return out


def taste_vector(index: Any, liked_ids: Sequence[str], suggested_ids: Sequence[str] = ()) -> np.ndarray | None:
    """The mean direction of what the user liked (and, weaker, what was suggested to them), or None."""
    weighted = [(v, 1.0) for v in vectors_of(index, liked_ids).values()]
    weighted += [(v, SUGGESTED_WEIGHT) for i, v in vectors_of(index, suggested_ids).items() if i not in liked_ids]
    if not weighted:
        return None
    total = sum(w for _, w in weighted)
    return _unit(sum(v * w for v, w in weighted) / total)


def earlier_liked_ids(state: ConversationState | None, current_seed_ids: Iterable[str]) -> list[str]:
    """Titles the user named as liked in earlier turns ("like X", "I loved X"), not this turn's seeds."""
    if state is None:
        return []
    current = set(current_seed_ids)
    rejected = set(state.rejected_ids)
    ids = [i for turn in state.turns for i in turn.seed_ids]
    return [i for i in dict.fromkeys(ids) if i not in current and i not in rejected]


def seed_balance(candidate: np.ndarray, seeds: list[np.ndarray]) -> float:
    """The candidate's cosine similarity to the seed it is least like (0 when there are no seeds)."""
    if not seeds:
        return 0.0
    return float(min(float(np.dot(candidate, s)) for s in seeds))


def _unit(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return (v / norm).astype(np.float32) if norm > 0 else v.astype(np.float32)
