"""Ranking-quality metrics over human similarity judgements, independent of any recommender.

A judgement says whether `other` is a good recommendation for someone who liked `seed` (MoreLikeThis
asked crowd workers exactly that). Metrics take plain ids and scores so any method (ours, the
original system's, an experiment) is measured by the same code.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from pydantic import BaseModel


class Judgement(BaseModel, frozen=True):
    seed_id: str
    other_id: str
    ok: bool


class PairwiseResult(BaseModel):
    seeds: int  # seeds with at least one scorable (OK, NOT_OK) pair
    pairs: int  # (OK, NOT_OK) pairs of the same seed where both titles were scored
    unscored_pairs: int  # pairs dropped because a score was missing
    correct: float  # ties count half
    accuracy: float


class PrecisionResult(BaseModel):
    seeds: int  # seeds with a recommendation list
    seeds_with_judged: int  # seeds with at least one judged title among their top-k
    judged: int  # judged (seed, pick) pairs among the top-k, summed over seeds
    ok: int
    precision: float  # pooled: ok / judged
    precision_macro: float  # mean over seeds_with_judged of that seed's ok / judged


def judgements_by_seed(judgements: Iterable[Judgement]) -> dict[str, dict[str, bool]]:
    """seed -> {other: ok}. A pair judged twice with opposite verdicts is dropped (no clear answer)."""
    by_seed: dict[str, dict[str, bool]] = defaultdict(dict)
    conflicting: set[tuple[str, str]] = set()
    for j in judgements:
        if j.other_id == j.seed_id:
            continue
        previous = by_seed[j.seed_id].get(j.other_id)
        if previous is not None and previous != j.ok:
            conflicting.add((j.seed_id, j.other_id))
        by_seed[j.seed_id][j.other_id] = j.ok
    for seed, other in conflicting:
        del by_seed[seed][other]
    return {seed: others for seed, others in by_seed.items() if others}


def pairwise_accuracy(
    judgements: Iterable[Judgement], scores: Mapping[tuple[str, str], float | None]
) -> PairwiseResult:
    """Over every (OK, NOT_OK) pair of the same seed, how often score(seed, OK) > score(seed, NOT_OK).

    `scores[(seed, other)]` is the method's similarity; a missing or None score makes the pair
    unscorable (counted, never guessed). Ties count half, so a constant scorer gets exactly 0.5.
    """
    pairs = unscored = 0
    correct = 0.0
    seeds_scored: set[str] = set()
    for seed, others in judgements_by_seed(judgements).items():
        good = [o for o, ok in others.items() if ok]
        bad = [o for o, ok in others.items() if not ok]
        for g in good:
            sg = scores.get((seed, g))
            for b in bad:
                sb = scores.get((seed, b))
                if sg is None or sb is None:
                    unscored += 1
                    continue
                pairs += 1
                seeds_scored.add(seed)
                correct += 1.0 if sg > sb else 0.5 if sg == sb else 0.0
    return PairwiseResult(
        seeds=len(seeds_scored),
        pairs=pairs,
        unscored_pairs=unscored,
        correct=correct,
        accuracy=correct / pairs if pairs else 0.0,
    )


def judged_precision_at_k(
    judgements: Iterable[Judgement], top: Mapping[str, Sequence[str]], k: int = 5
) -> PrecisionResult:
    """Of each seed's top-k recommendations that a human judged against that seed, the fraction judged OK.

    Unjudged picks are ignored (they are neither right nor wrong: nobody asked), so the number of
    judged picks is reported next to the precision; a method that surfaces few judged titles has a
    precision resting on few data.
    """
    by_seed = judgements_by_seed(judgements)
    judged = ok = 0
    per_seed: list[float] = []
    for seed, picks in top.items():
        verdicts = [by_seed.get(seed, {}).get(p) for p in list(picks)[:k]]
        verdicts = [v for v in verdicts if v is not None]
        if not verdicts:
            continue
        judged += len(verdicts)
        ok += sum(verdicts)
        per_seed.append(sum(verdicts) / len(verdicts))
    return PrecisionResult(
        seeds=len(top),
        seeds_with_judged=len(per_seed),
        judged=judged,
        ok=ok,
        precision=ok / judged if judged else 0.0,
        precision_macro=sum(per_seed) / len(per_seed) if per_seed else 0.0,
    )
