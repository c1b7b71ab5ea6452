"""The experiment harness measures what the eval suite measures: same scorers, same numbers."""

from __future__ import annotations

import pytest

from chains.engine import Recommender
from chains.offline_ranker import WITH_QUERY
from evals import experiments, morelikethis, product
from evals.metrics import pairwise_accuracy

pytestmark = pytest.mark.skipif(
    not (morelikethis.DEFAULT_DIR / "ratings.tsv").exists(), reason="MoreLikeThis data not available"
)


@pytest.fixture(scope="module")
def data(fixture_settings, fixture_index) -> experiments.Data:
    return experiments.load_data(fixture_settings, say=lambda _m: None)


def test_original_variant_equals_the_suites_original_scorer(data):
    result = experiments.evaluate(data, experiments.variants()[0])
    assert result.name == "original"
    scores = {
        (j.seed_id, j.other_id): data.fields.similarity(j.seed_id, j.other_id)
        for j in data.judgements
        if j.seed_id in set(data.seeds)
    }
    expected = pairwise_accuracy([j for j in data.judgements if j.seed_id in set(data.seeds)], scores)
    assert result.pairs == expected.pairs > 0
    assert result.pairwise_accuracy == pytest.approx(expected.accuracy, abs=1e-4)


def test_boosted_variant_scores_pairs_like_the_product(data, fixture_index, fixture_settings):
    variant = next(v for v in experiments.variants() if v.name == "product+boosts")
    assert variant.weights == WITH_QUERY
    rec = Recommender(fixture_index, fixture_settings)
    try:
        matrix = data.representation(variant)
        for seed in data.seeds[:6]:
            others = [j.other_id for j in data.judgements if j.seed_id == seed]
            ours = experiments.pair_scores(data, variant, matrix, seed, others)
            engine = product.score_seed(rec, seed, others).scores
            assert ours.keys() == engine.keys()
            for other, score in ours.items():
                assert score == pytest.approx(engine[other], abs=2e-3), (seed, other)
    finally:
        rec.close()


def test_tuning_recovers_a_planted_signal():
    # Two seeds; OK titles share the seed's genres, NOT_OK titles are more similar but share nothing.
    import numpy as np

    features = np.array(
        [
            # similarity, genres, director, cast, era, quality
            [0.50, 1.0, 0, 0, 0.5, 0.5],  # OK
            [0.70, 0.0, 0, 0, 0.5, 0.5],  # NOT_OK
            [0.40, 0.8, 0, 0, 0.5, 0.5],  # OK
            [0.60, 0.0, 0, 0, 0.5, 0.5],  # NOT_OK
        ]
    )
    pairs = [(0, 1, "s"), (2, 3, "t")]
    assert experiments._accuracy(features, pairs, np.array([1.0, 0, 0, 0, 0, 0])) == 0.0
    weights = experiments.tune_weights(features, pairs)
    assert weights.genres > 0
    w = np.array([getattr(weights, f) for f in experiments.FEATURES])
    assert experiments._accuracy(features, pairs, w) == 1.0
    assert sum(w) == pytest.approx(1.0, abs=0.01)
