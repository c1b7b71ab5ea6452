"""Metric functions against small judgement lists whose answers were worked out by hand."""

import pytest

from evals.metrics import Judgement, judged_precision_at_k, judgements_by_seed, pairwise_accuracy


def J(seed: str, other: str, ok: bool) -> Judgement:
    return Judgement(seed_id=seed, other_id=other, ok=ok)


# Seed "s": OK = {a, b}, NOT_OK = {x, y}  -> 4 pairs.  Seed "t": OK = {c}, NOT_OK = {z} -> 1 pair.
JUDGEMENTS = [
    J("s", "a", True),
    J("s", "b", True),
    J("s", "x", False),
    J("s", "y", False),
    J("t", "c", True),
    J("t", "z", False),
]


def test_pairwise_accuracy_counts_wins_and_half_ties():
    scores = {
        ("s", "a"): 0.9,
        ("s", "b"): 0.5,
        ("s", "x"): 0.5,
        ("s", "y"): 0.7,
        ("t", "c"): 0.1,
        ("t", "z"): 0.2,
    }
    # s: (a,x) win, (a,y) win, (b,x) tie = 0.5, (b,y) loss; t: (c,z) loss  -> 2.5 of 5
    result = pairwise_accuracy(JUDGEMENTS, scores)
    assert result.pairs == 5
    assert result.correct == 2.5
    assert result.accuracy == pytest.approx(0.5)
    assert result.seeds == 2


def test_perfect_reversed_and_constant_scorers():
    perfect = {(j.seed_id, j.other_id): 1.0 if j.ok else 0.0 for j in JUDGEMENTS}
    reversed_ = {key: 1.0 - value for key, value in perfect.items()}
    constant = dict.fromkeys(perfect, 0.3)
    assert pairwise_accuracy(JUDGEMENTS, perfect).accuracy == 1.0
    assert pairwise_accuracy(JUDGEMENTS, reversed_).accuracy == 0.0
    assert pairwise_accuracy(JUDGEMENTS, constant).accuracy == 0.5


def test_missing_scores_make_pairs_unscored_not_wrong():
    scores = {("s", "a"): 0.9, ("s", "x"): 0.1, ("s", "y"): None, ("t", "c"): 0.4, ("t", "z"): 0.3}
    # "b" has no score and "y" a None: only (a,x) for s and (c,z) for t are scorable, both wins.
    result = pairwise_accuracy(JUDGEMENTS, scores)
    assert (result.pairs, result.unscored_pairs, result.accuracy) == (2, 3, 1.0)


def test_conflicting_and_self_judgements_are_dropped():
    merged = judgements_by_seed([J("s", "a", True), J("s", "a", False), J("s", "s", True), J("s", "b", True)])
    assert merged == {"s": {"b": True}}


def test_judged_precision_ignores_unjudged_picks():
    top = {
        "s": ["a", "q", "x", "b", "r", "y"],  # judged in top-5: a OK, x NOT_OK, b OK -> 2/3 ("y" is 6th)
        "t": ["q", "r"],  # nothing judged: not part of the precision
        "u": ["a"],  # a seed without judgements
    }
    result = judged_precision_at_k(JUDGEMENTS, top, k=5)
    assert (result.seeds, result.seeds_with_judged, result.judged, result.ok) == (3, 1, 3, 2)
    assert result.precision == pytest.approx(2 / 3)
    assert result.precision_macro == pytest.approx(2 / 3)


def test_judged_precision_pooled_versus_macro():
    top = {"s": ["a", "b", "x"], "t": ["z"]}  # s: 2 OK of 3; t: 0 of 1
    result = judged_precision_at_k(JUDGEMENTS, top, k=5)
    assert result.precision == pytest.approx(2 / 4)
    assert result.precision_macro == pytest.approx((2 / 3 + 0) / 2)
