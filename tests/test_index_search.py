"""Search over the fixture index (real model, real embedded Chroma): filters, exclusions, ranking."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from vectorstore import searcher
from vectorstore.filters import SearchFilters
from vectorstore.index import Hit, TitleIndex
from vectorstore.text import embedding_text


@pytest.fixture(params=["exact", "hnsw", "chroma-where"])
def any_path_index(request: pytest.FixtureRequest, fixture_index: TitleIndex, monkeypatch: pytest.MonkeyPatch):
    """The same index searched by each of the searcher's three paths (see vectorstore/searcher.py)."""
    if request.param == "hnsw":  # every filtered search goes through HNSW over-fetch + columns
        monkeypatch.setattr(searcher, "EXACT_MAX", 0)
        return fixture_index
    if request.param == "chroma-where":  # no vector cache: Chroma's own where clause
        i = fixture_index
        return TitleIndex(i.catalog, i.encoder, i.collection, i.manifest, i.settings, vectors=None)
    return fixture_index


def _all_vectors(index: TitleIndex) -> dict[str, np.ndarray]:
    got = index.collection.get(include=["embeddings"])
    return {tid: np.asarray(v, dtype=np.float32) for tid, v in zip(got["ids"], got["embeddings"], strict=True)}


def _brute_force(index: TitleIndex, query: str, filters: SearchFilters, k: int) -> list[str]:
    vectors = _all_vectors(index)
    q = index.embed(query)
    allowed = [tid for tid in vectors if filters.accepts(index.catalog[tid])]
    allowed.sort(key=lambda tid: -float(vectors[tid] @ q))
    return allowed[:k]


def _ids(hits: list[Hit]) -> list[str]:
    return [h.title.id for h in hits]


FILTER_CASES = {
    "year range": SearchFilters(year_min=1990, year_max=1999),
    "type": SearchFilters(type="TV Show"),
    "genre any": SearchFilters(genres_any=["Science Fiction", "Horror"]),
    "genre all": SearchFilters(genres_all=["Animation", "Family"]),
    "genre exclude": SearchFilters(genres_exclude=["Science Fiction", "Animation"]),
    "runtime": SearchFilters(runtime_min=90, runtime_max=120),
    "platform": SearchFilters(platforms_any=["Disney+", "Hulu"]),
    "combined": SearchFilters(type="Movie", year_max=2005, genres_exclude=["Horror"], runtime_max=130),
}


@pytest.mark.parametrize("filters", [None, SearchFilters(type="Movie", year_min=1990)])
def test_search_within_a_set_of_titles_returns_the_best_of_them(any_path_index: TitleIndex, filters) -> None:
    """`within` (chains/well_known.py's mask) on every path, Chroma's where clause included."""
    query = "a family adventure with talking animals"
    chosen = sorted(any_path_index.catalog)[::3]  # every third title
    hits = any_path_index.search(query, k=6, filters=filters, within=any_path_index.rows_mask(chosen))
    wanted = set(chosen)
    everything = _brute_force(any_path_index, query, filters or SearchFilters(), len(any_path_index.catalog))
    assert _ids(hits) == [tid for tid in everything if tid in wanted][:6]


@pytest.mark.parametrize("name", FILTER_CASES)
def test_filtered_search_returns_the_best_matching_titles(any_path_index: TitleIndex, name: str) -> None:
    filters = FILTER_CASES[name]
    query = "astronauts and aliens in outer space"
    hits = any_path_index.search(query, k=8, filters=filters)
    assert hits, f"{name}: the fixture has matching titles"
    for hit in hits:
        assert filters.accepts(hit.title), f"{name}: {hit.title.id} breaks the filter"
    # Exactly the best matching titles (the fixture is small enough for HNSW to be exact).
    assert _ids(hits) == _brute_force(any_path_index, query, filters, 8)
    sims = [h.similarity for h in hits]
    assert sims == sorted(sims, reverse=True)


def test_filters_change_the_results(fixture_index: TitleIndex) -> None:
    query = "a family adventure"
    unfiltered = {h.title.id for h in fixture_index.search(query, k=10)}
    shows = fixture_index.search(query, k=10, filters=SearchFilters(type="TV Show"))
    assert {h.title.type for h in shows} == {"TV Show"}
    assert unfiltered != {h.title.id for h in shows}


def test_runtime_filter_leaves_out_titles_of_unknown_runtime(any_path_index: TitleIndex) -> None:
    hits = any_path_index.search("a film", k=300, filters=SearchFilters(runtime_max=1000))
    expected = {t.id for t in any_path_index.catalog.values() if t.runtime_min is not None}
    assert {h.title.id for h in hits} == expected


def test_genre_exclusion_keeps_titles_without_genres(any_path_index: TitleIndex) -> None:
    hits = any_path_index.search("a film", k=300, filters=SearchFilters(genres_exclude=["Drama"]))
    expected = {t.id for t in any_path_index.catalog.values() if "Drama" not in t.genres}
    assert {h.title.id for h in hits} == expected


def test_excluded_ids_never_come_back(any_path_index: TitleIndex) -> None:
    query = "toys that come to life when people leave the room"
    first = any_path_index.search(query, k=3)
    assert "m-toy-story-1995" in _ids(first)
    excluded = _ids(first)
    again = any_path_index.search(query, k=3, filters=SearchFilters(exclude_ids=excluded))
    assert not set(_ids(again)) & set(excluded)
    assert len(again) == 3


def test_hits_are_sorted_and_similarities_are_cosines(fixture_index: TitleIndex) -> None:
    query = "a mafia family saga"
    hits = fixture_index.search(query, k=10)
    sims = [h.similarity for h in hits]
    assert sims == sorted(sims, reverse=True)
    q = fixture_index.embed(query)
    for hit in hits:
        stored = fixture_index.vector(hit.title.id)
        assert stored is not None
        assert hit.similarity == pytest.approx(float(stored @ q), abs=1e-4)


def test_meaning_not_words_finds_the_right_film(fixture_index: TitleIndex) -> None:
    hits = fixture_index.search("a linguist learns to talk with extraterrestrial visitors", k=5)
    assert "m-arrival-2016" in _ids(hits)
    godfather = fixture_index.search("the son of a crime boss takes over the family business", k=5)
    assert {"m-the-godfather-1972", "m-the-godfather-part-ii-1974"} & set(_ids(godfather))


def test_a_title_vector_finds_the_title_and_its_kin(fixture_index: TitleIndex) -> None:
    vector = fixture_index.vector("m-toy-story-1995")
    assert vector is not None and vector.shape == (384,)
    hits = fixture_index.search(vector, k=4)
    assert _ids(hits)[0] == "m-toy-story-1995"
    assert hits[0].similarity == pytest.approx(1.0, abs=1e-4)
    assert {"m-toy-story-2-1999", "m-toy-story-3-2010"} & set(_ids(hits[1:]))


def test_stored_vector_is_the_embedding_of_the_title_text(fixture_index: TitleIndex) -> None:
    title = fixture_index.catalog["m-arrival-2016"]
    stored = fixture_index.vector(title.id)
    fresh = fixture_index.encoder.encode([embedding_text(title)])[0]
    assert float(stored @ fresh) > 0.9999


def test_unknown_id_has_no_vector(fixture_index: TitleIndex) -> None:
    assert fixture_index.vector("m-no-such-film-1900") is None


def test_contradictory_or_empty_requests(fixture_index: TitleIndex) -> None:
    assert fixture_index.search("anything", filters=SearchFilters(year_min=2000, year_max=1990)) == []
    assert fixture_index.search("anything", k=0) == []
    with pytest.raises(ValueError, match="empty query"):
        fixture_index.search("   ")
    with pytest.raises(ValueError, match="384"):
        fixture_index.search(np.zeros(10))


def test_fewer_matches_than_k_returns_all_of_them(any_path_index: TitleIndex) -> None:
    filters = SearchFilters(type="TV Show", platforms_any=["Hulu"])
    expected = {t.id for t in any_path_index.catalog.values() if filters.accepts(t)}
    assert 0 < len(expected) < 50
    hits = any_path_index.search("a show", k=50, filters=filters)
    assert {h.title.id for h in hits} == expected


def test_concurrent_searches_match_sequential_ones(fixture_index: TitleIndex) -> None:
    queries = [
        ("space survival", None),
        ("a heist in a big city", SearchFilters(type="Movie")),
        ("animated toys", SearchFilters(genres_any=["Animation"])),
        ("a haunted house", SearchFilters(year_max=1990)),
    ] * 4
    sequential = [_ids(fixture_index.search(q, k=5, filters=f)) for q, f in queries]
    with ThreadPoolExecutor(max_workers=8) as pool:
        parallel = list(pool.map(lambda qf: _ids(fixture_index.search(qf[0], k=5, filters=qf[1])), queries))
    assert parallel == sequential
