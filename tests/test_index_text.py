"""The embedding text: facts first, overview last, bounded cast/keywords, nothing invented."""

from __future__ import annotations

from catalog.build import BuildReport
from catalog.models import Title
from vectorstore.records import content_hash, index_record, title_metadata
from vectorstore.text import TOP_CAST, embedding_text


def _by_id(fixture_catalog: tuple[list[Title], BuildReport], tid: str) -> Title:
    return next(t for t in fixture_catalog[0] if t.id == tid)


def test_text_holds_the_facts_then_the_overview(fixture_catalog: tuple[list[Title], BuildReport]) -> None:
    arrival = _by_id(fixture_catalog, "m-arrival-2016")
    text = embedding_text(arrival)
    assert text.startswith("Arrival (2016), a movie.")
    assert "Science Fiction" in text and "Directed by Denis Villeneuve." in text
    assert text.endswith(" ".join(arrival.overview.split()))
    assert text.index("Starring") < text.index(arrival.overview[:30])


def test_only_the_top_of_the_cast_is_named(fixture_catalog: tuple[list[Title], BuildReport]) -> None:
    crowded = next(t for t in fixture_catalog[0] if len(t.cast) > TOP_CAST + 2)
    starring = embedding_text(crowded).split("Starring ", 1)[1].split(".", 1)[0]
    assert all(name in starring for name in crowded.cast[:TOP_CAST])
    assert crowded.cast[TOP_CAST + 1] not in starring


def test_shows_are_called_series_and_missing_facts_are_left_out() -> None:
    show = Title(id="tv-x-2020", title="X", year=2020, type="TV Show", overview="A quiet show.")
    assert embedding_text(show) == "X (2020), a TV series. A quiet show."
    meta = title_metadata(show)
    assert meta == {"tid": "tv-x-2020", "title": "X", "year": 2020, "type": "TV Show"}


def test_content_hash_follows_text_and_metadata(fixture_catalog: tuple[list[Title], BuildReport]) -> None:
    heat = _by_id(fixture_catalog, "m-heat-1995")
    _, meta = index_record(heat)
    assert index_record(heat)[1]["content_hash"] == meta["content_hash"]
    assert index_record(heat.model_copy(update={"runtime_min": 1}))[1]["content_hash"] != meta["content_hash"]
    assert index_record(heat.model_copy(update={"overview": "x"}))[1]["content_hash"] != meta["content_hash"]
    # Fields outside the index (e.g. the poster) do not force a re-embedding.
    assert index_record(heat.model_copy(update={"poster_url": "https://x"}))[1] == meta
    assert content_hash("a", {"k": 1}) != content_hash("a", {"k": 2})
