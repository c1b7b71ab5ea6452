"""Each source adapter on a raw folder cut from the real files, malformed rows included."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog.sources import SkipLog, SourceRecord
from catalog.sources.base import split_directors, split_names, strip_disambiguation
from catalog.sources.imdb_top import ImdbTopAdapter
from catalog.sources.streaming import StreamingAdapter, parse_date_added
from catalog.sources.tmdb10k import TmdbTop10kAdapter
from catalog.sources.tmdb5000 import Tmdb5000Adapter
from catalog.sources.wikidata import WikidataAdapter
from catalog.sources.wikipedia import WikipediaAdapter
from testkit.fixture_data import make_fixture_raw_dir


def read(adapter, raw_dir: Path) -> tuple[list[SourceRecord], SkipLog]:
    skips = SkipLog()
    return list(adapter.read(raw_dir, skips)), skips


def find(records: list[SourceRecord], title: str, year: int | None = None) -> SourceRecord:
    matches = [r for r in records if r.title == title and (year is None or r.year == year)]
    assert matches, f"{title} ({year}) not read"
    return matches[0]


def test_wikipedia(fixture_raw_dir: Path) -> None:
    records, skips = read(WikipediaAdapter(), fixture_raw_dir)
    godfather = find(records, "The Godfather", 1972)
    assert godfather.type == "Movie"
    assert godfather.wikipedia_url == "https://en.wikipedia.org/wiki/The_Godfather"
    assert "Corleone" in godfather.overview
    assert godfather.overview_credit.startswith("Wikipedia, CC BY-SA 4.0 (https://en.wikipedia.org/wiki/")
    assert godfather.directors == ["Francis Ford Coppola"]
    assert "Marlon Brando" in godfather.cast
    assert godfather.poster_url and godfather.poster_url.startswith("https://upload.wikimedia.org/")
    assert "Crime" in godfather.genres
    assert {r.year // 10 * 10 for r in records} >= set(range(1900, 2030, 10))
    assert all(")" not in r.cast for r in records)  # scraped stray tokens are dropped
    assert skips.rows == {
        "wikipedia: missing title": 1,
        "wikipedia: missing or invalid year": 1,
        "wikipedia: unreadable JSON file movies-1890s.json": 1,
    }


def test_streaming(fixture_raw_dir: Path) -> None:
    records, skips = read(StreamingAdapter(), fixture_raw_dir)
    platforms = {p for r in records for p in r.platforms}
    assert platforms == {"Netflix", "Amazon Prime Video", "Hulu", "Disney+"}
    stranger = find(records, "Stranger Things")
    assert stranger.type == "TV Show"
    assert stranger.seasons and stranger.seasons >= 3 and stranger.runtime_min is None
    assert stranger.platforms == ["Netflix"]
    assert stranger.platform_as_of == "2021-09-25"  # latest date_added in the Netflix file
    assert "Winona Ryder" in stranger.cast
    movie = find(records, "Dick Johnson Is Dead", 2020)
    assert movie.type == "Movie" and movie.runtime_min == 90 and movie.seasons is None
    assert movie.directors == ["Kirsten Johnson"]
    assert movie.genres == ["Documentaries"]
    assert skips.rows == {"streaming: missing title": 1, "streaming: missing or invalid release_year": 1}


def test_streaming_duration_shifted_into_the_rating_column(tmp_path: Path) -> None:
    # Real rows cut at test time: these leave duration empty and hold it in the rating column.
    raw = make_fixture_raw_dir(
        tmp_path / "raw",
        extra_titles=[("Dear Comrades!", 2020), ("Louis C.K. 2017", 2017), "Yashahime: Princess Half-Demon"],
    )
    records, _ = read(StreamingAdapter(), raw)
    comrades = find(records, "Dear Comrades!", 2020)
    assert comrades.platforms == ["Hulu"] and comrades.runtime_min == 121 and comrades.certificate is None
    louis = find(records, "Louis C.K. 2017", 2017)
    assert louis.platforms == ["Netflix"] and louis.runtime_min == 74 and louis.certificate is None
    # Listed as a "Movie" with "2 Seasons": a series.
    yashahime = find(records, "Yashahime: Princess Half-Demon")
    assert yashahime.type == "TV Show" and yashahime.seasons == 2 and yashahime.runtime_min is None
    # A real certificate stays a certificate.
    assert find(records, "Dick Johnson Is Dead", 2020).certificate == "PG-13"


def test_wikipedia_disambiguation_is_not_part_of_the_title() -> None:
    assert strip_disambiguation("Upside Down (2012 film)") == "Upside Down"
    assert strip_disambiguation("Godspell (film)") == "Godspell"
    assert strip_disambiguation("Some Girl(s)") == "Some Girl(s)"
    assert strip_disambiguation("I Am Curious (Yellow)") == "I Am Curious (Yellow)"


@pytest.mark.parametrize(
    ("text", "iso"),
    [("25-Sep-21", "2021-09-25"), (" August 4, 2017", "2017-08-04"), ("2021-01-02", "2021-01-02")],
)
def test_streaming_date_formats(text: str, iso: str) -> None:
    parsed = parse_date_added(text)
    assert parsed is not None and parsed.isoformat() == iso


def test_streaming_unknown_date_is_none() -> None:
    assert parse_date_added("") is None
    assert parse_date_added("soon") is None


def test_tmdb5000(fixture_raw_dir: Path) -> None:
    records, skips = read(Tmdb5000Adapter(), fixture_raw_dir)
    alien = find(records, "Alien", 1979)
    assert alien.directors == ["Ridley Scott"]
    # billing order from the credits "order" field (TMDB bills Tom Skerritt first)
    assert alien.cast[:2] == ["Tom Skerritt", "Sigourney Weaver"]
    assert alien.runtime_min == 117
    assert alien.tmdb_id == 348
    assert "Science Fiction" in alien.genres and "Horror" in alien.genres
    assert alien.keywords and alien.tmdb_vote_count and alien.tmdb_vote_count > 1000
    assert skips.rows == {"tmdb5000: missing or invalid release_date": 1}
    # the row whose genres JSON is cut off is kept, without genres, and counted
    assert skips.fields == {"tmdb5000: unparseable genres JSON": 1}
    assert any(r.genres == [] and r.cast for r in records)


def test_tmdb5000_keywords_are_story_themes_not_production_tags(fixture_raw_dir: Path) -> None:
    records, _ = read(Tmdb5000Adapter(), fixture_raw_dir)
    keywords = {k.lower() for r in records for k in r.keywords}
    assert "alien" in keywords  # real themes stay
    # TMDB tags many fixture films (the Toy Story and Marvel-era titles) "duringcreditsstinger"
    assert not keywords & {"duringcreditsstinger", "aftercreditsstinger", "woman director", "3d"}


def test_imdb_top(fixture_raw_dir: Path) -> None:
    records, skips = read(ImdbTopAdapter(), fixture_raw_dir)
    godfather = find(records, "The Godfather", 1972)
    assert godfather.runtime_min == 175
    assert godfather.directors == ["Francis Ford Coppola"]
    assert godfather.cast == ["Marlon Brando", "Al Pacino", "James Caan", "Diane Keaton"]
    assert godfather.imdb_rating == 9.2 and godfather.imdb_votes and godfather.imdb_votes > 1_000_000
    assert godfather.metascore == 100
    assert godfather.poster_url and godfather.poster_url.startswith("https://m.media-amazon.com/")
    assert skips.rows == {"imdb_top1000: Released_Year is not a year": 1, "imdb_top1000: missing title": 1}


def test_tmdb_top10k(fixture_raw_dir: Path) -> None:
    records, skips = read(TmdbTop10kAdapter(), fixture_raw_dir)
    assert all(r.title != "Choose A Movie" for r in records)
    assert skips.rows == {"tmdb_top10k: placeholder or missing id": 1}
    shawshank = find(records, "The Shawshank Redemption", 1994)
    assert shawshank.tmdb_id == 278 and shawshank.genres == ["Drama", "Crime"]
    assert shawshank.language == "en" and shawshank.tmdb_vote_count and shawshank.tmdb_vote_count > 10_000


def test_wikidata(fixture_raw_dir: Path) -> None:
    records, skips = read(WikidataAdapter(), fixture_raw_dir)
    godfather = find(records, "The Godfather", 1972)
    assert godfather.imdb_id == "tt0068646"
    assert godfather.directors == ["Francis Ford Coppola"]
    assert godfather.runtime_min == 175
    assert godfather.metascore == 100
    assert godfather.rt_meter is not None and 0 <= godfather.rt_meter <= 100
    assert godfather.overview == "" and not godfather.cast_ordered
    assert skips.rows == {"wikidata: missing title": 1}


def test_missing_source_files_are_reported_not_fatal(tmp_path: Path) -> None:
    for adapter in (
        WikipediaAdapter(),
        StreamingAdapter(),
        Tmdb5000Adapter(),
        ImdbTopAdapter(),
        TmdbTop10kAdapter(),
        WikidataAdapter(),
    ):
        records, skips = read(adapter, tmp_path)
        assert records == [] and skips.total == 0
        assert len(skips.missing_files) == 1


def test_unreadable_sqlite_is_counted(tmp_path: Path) -> None:
    path = tmp_path / "wikidata-films" / "movies.db"
    path.parent.mkdir()
    path.write_bytes(b"this is not a database")
    records, skips = read(WikidataAdapter(), tmp_path)
    assert records == [] and skips.rows == {"wikidata: unreadable SQLite file movies.db": 1}


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        (
            "Johnny Simmons, Gabriel Luna, Clifton Collins, Jr.",
            ["Johnny Simmons", "Gabriel Luna", "Clifton Collins Jr."],
        ),
        ("Angelo J. Guglielmo,  Jr.", ["Angelo J. Guglielmo Jr."]),
        ("MarVista Entertainment,  Inc.", []),  # a company is not a director
        ("1", []),
        ("Olivier Nakache, Éric Toledano", ["Olivier Nakache", "Éric Toledano"]),
        ("", []),
    ],
)
def test_people_lists_from_real_cells(cell: str, names: list[str]) -> None:
    assert split_names(cell) == names


@pytest.mark.parametrize(
    ("cell", "directors"),
    [
        # Real director cells of the streaming catalogs that name a studio or a label, not a person.
        ("Moonbug Entertainment", []),
        ("Mora TV", []),
        ("Sockeye Media LLC", []),
        ("magnolia", []),
        ("customflix", []),
        # People, however they are written.
        ("j ramesh", ["j ramesh"]),
        ("Wallace Fox", ["Wallace Fox"]),
        ("Baran bo Odar", ["Baran bo Odar"]),
        ("Hong Sang-soo, McG", ["Hong Sang-soo", "McG"]),
    ],
)
def test_director_cells_keep_people_only(cell: str, directors: list[str]) -> None:
    assert split_directors(cell) == directors


def test_cast_lists_keep_lower_case_stage_names() -> None:
    # 'a-chan' (Perfume) and '9m88' are performers; 'Max Records' is an actor. Only directors are filtered.
    assert split_names("a-chan, 9m88, Max Records") == ["a-chan", "9m88", "Max Records"]
