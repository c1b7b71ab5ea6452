"""The two scorers the MoreLikeThis eval compares, on the fixture index (real model, real Chroma)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from chains.engine import Recommender
from evals import original, product


@pytest.fixture(scope="module")
def recommender(fixture_index, fixture_settings):
    rec = Recommender(fixture_index, fixture_settings)
    yield rec
    rec.close()


@pytest.fixture(scope="module")
def field_vectors(fixture_index, tmp_path_factory) -> original.FieldVectors:
    cache = tmp_path_factory.mktemp("eval_cache")
    return original.FieldVectors.load_or_embed(
        list(fixture_index.catalog.values()), fixture_index.encoder.encode, fixture_index.encoder.name, cache
    )


def test_original_similarity_is_the_weighted_sum_of_field_embeddings(fixture_index, field_vectors):
    a, b = fixture_index.catalog["m-alien-1979"], fixture_index.catalog["m-aliens-1986"]
    encode = fixture_index.encoder.encode
    combined = []
    for t in (a, b):
        texts = [", ".join(t.genres), t.overview, t.title, ", ".join(t.cast), ", ".join(t.directors)]
        assert all(texts), "both films have every field"
        v = encode(texts)
        total = 0.4 * v[0] + 0.4 * v[1] + 0.1 * v[2] + 0.05 * v[3] + 0.05 * v[4]
        combined.append(total / np.linalg.norm(total))
    expected = float(combined[0] @ combined[1])
    assert field_vectors.similarity(a.id, b.id) == pytest.approx(expected, abs=2e-3)  # float16 cache
    assert field_vectors.similarity(a.id, "m-not-in-the-catalog") is None


def test_original_top_is_the_exact_nearest_neighbours(field_vectors):
    seed = "m-toy-story-1995"
    top = field_vectors.top(seed, k=5)
    sims = [field_vectors.similarity(seed, t) for t in top]
    assert seed not in top and len(top) == 5
    assert sims == sorted(sims, reverse=True)
    everyone = [field_vectors.similarity(seed, t) for t in field_vectors.ids if t != seed]
    assert sims[-1] >= sorted(everyone, reverse=True)[4] - 1e-6
    assert "m-toy-story-2-1999" in top  # same genres, cast, director and nearly the same title


def test_missing_fields_contribute_nothing(fixture_index, field_vectors):
    no_cast = next(t for t in fixture_index.catalog.values() if not t.cast)
    row = field_vectors.row[no_cast.id]
    assert not field_vectors.fields["cast"][row].any()
    assert np.linalg.norm(field_vectors.combined[row]) == pytest.approx(1.0, abs=1e-5)


def test_field_cache_reembeds_only_changed_texts(fixture_index, tmp_path: Path):
    titles = list(fixture_index.catalog.values())[:40]
    encode = fixture_index.encoder.encode
    first = original.FieldVectors.load_or_embed(titles, encode, "enc", tmp_path)
    assert first.embedded > 0
    again = original.FieldVectors.load_or_embed(titles, encode, "enc", tmp_path)
    assert again.embedded == 0
    np.testing.assert_allclose(again.combined, first.combined, atol=2e-3)
    changed = titles[0].model_copy(update={"overview": titles[0].overview + " A new sentence about a lighthouse."})
    third = original.FieldVectors.load_or_embed([changed, *titles[1:]], encode, "enc", tmp_path)
    assert third.embedded == 1
    other_encoder = original.FieldVectors.load_or_embed(titles, encode, "another encoder", tmp_path)
    assert other_encoder.embedded == first.embedded  # vectors of another model are never reused


def test_pair_scores_follow_the_products_own_ranking(recommender):
    seed = "m-toy-story-1995"
    run = product.score_seed(recommender, seed, [], k=5)
    assert run.resolved_id == seed and len(run.picks) == 5
    rec = recommender.recommend(product.seed_request("Toy Story", 1995), k=5, offline=True)
    assert run.picks == [p.id for p in rec.picks]
    # Pair scores are the content fit (the fit part of the product's ranking): the product's own picks
    # score above a film that has nothing to do with Toy Story.
    unrelated = "m-psycho-1960"
    rescored = product.score_seed(recommender, seed, [*run.picks, unrelated], k=5)
    assert min(rescored.scores[p.id] for p in rec.picks) > rescored.scores[unrelated] > product.NEVER_SHOWN


def test_remakes_of_the_seed_rank_last(recommender):
    run = product.score_seed(recommender, "m-ghostbusters-1984", ["m-ghostbusters-2016", "m-the-matrix-1999"])
    assert run.scores["m-ghostbusters-2016"] == product.NEVER_SHOWN
    assert run.scores["m-the-matrix-1999"] > product.NEVER_SHOWN
    assert "m-ghostbusters-2016" not in run.picks
