"""Recall@k on ReDial recommendation turns, the He et al. (CIKM'23) way, independent of any recommender.

A system's answer is a ranked list of titles; each is mapped to the dataset's item list by
normalised title and year (±1 when the item has a year; an item without a year matches on the
title alone); picks that map to nothing, and items already mentioned in the dialogue, are dropped.
Recall@k is the share of (turn, target) pairs, over targets not already mentioned, whose target is
among the first k mapped picks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from pydantic import BaseModel

from catalog.normalize import title_key

KS = (1, 5, 10, 20)


class Item(BaseModel):
    title: str
    year: int | None = None


class ItemMatcher:
    """Maps (title, year) to a ReDial item id."""

    def __init__(self, items: Mapping[str, Item]):
        self._by_key: dict[str, list[tuple[str, int | None]]] = defaultdict(list)
        for item_id, item in items.items():
            self._by_key[title_key(item.title)].append((item_id, item.year))

    def match(self, title: str, year: int | None) -> str | None:
        candidates = self._by_key.get(title_key(title), [])
        if year is not None:
            for tolerance in (0, 1):  # the exact year wins over a neighbour
                for item_id, item_year in candidates:
                    if item_year is not None and abs(item_year - year) <= tolerance:
                        return item_id
        for item_id, item_year in candidates:
            if item_year is None:
                return item_id
        return None

    def map_picks(
        self, picks: Iterable[tuple[str | tuple[str, ...], int | None]], mentioned: Iterable[str]
    ) -> list[str]:
        """Ranked item ids: unmapped picks, repeats and already mentioned items dropped. A pick may carry
        all the names its record holds (the Philosopher's Stone is ReDial's Sorcerer's Stone)."""
        skip = set(mentioned)
        mapped: list[str] = []
        for title, year in picks:
            names = (title,) if isinstance(title, str) else title
            item_id = next((found for name in names if (found := self.match(name, year)) is not None), None)
            if item_id is not None and item_id not in skip:
                skip.add(item_id)
                mapped.append(item_id)
        return mapped


class RecallResult(BaseModel):
    turns: int  # turns with at least one target not already mentioned
    pairs: int  # (turn, target) pairs counted
    recall: dict[str, float]  # "R@1" -> share of pairs hit within the first k
    mapped_per_answer: float  # mean number of mapped picks per answer (before the k cut)


def recall_at_k(
    answers: Sequence[tuple[Sequence[str], Sequence[str], Sequence[str]]], ks: Sequence[int] = KS
) -> RecallResult:
    """`answers`: one (mapped predictions, targets, mentioned) per turn, predictions already mapped
    and ranked. Mentioned targets are not counted; mentioned predictions are ignored."""
    hits = dict.fromkeys(ks, 0)
    pairs = turns = 0
    mapped = 0
    for predictions, targets, mentioned in answers:
        seen = set(mentioned)
        ranked = [p for p in dict.fromkeys(predictions) if p not in seen]
        mapped += len(ranked)
        wanted = [t for t in dict.fromkeys(targets) if t not in seen]
        if not wanted:
            continue
        turns += 1
        pairs += len(wanted)
        for target in wanted:
            if target in ranked:
                position = ranked.index(target)
                for k in ks:
                    hits[k] += position < k
    return RecallResult(
        turns=turns,
        pairs=pairs,
        recall={f"R@{k}": round(hits[k] / pairs, 4) if pairs else 0.0 for k in ks},
        mapped_per_answer=round(mapped / len(answers), 2) if answers else 0.0,
    )
