"""Poster look-ups (ui/posters.py) against real local HTTP fakes of TMDB and OMDb (testkit/fake_posters.py):
found, not found, slow, refused key, garbage; the disk cache and its ages; the key kept out of logs."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from catalog.models import Title
from config import Settings
from testkit.fake_posters import FakePosterAPI, KnownTitle
from ui.posters import PosterFinder, PosterQuery

ARRIVAL = KnownTitle("Arrival", 2016, imdb_id="tt2543164", tmdb_id=329865)
FARGO = KnownTitle("Fargo", 2014, series=True, imdb_id="tt2802850", tmdb_id=60622)
HEAT = KnownTitle("Heat", 1995)  # known by title and year only


@pytest.fixture(scope="module")
def fake() -> Iterator[FakePosterAPI]:
    server = FakePosterAPI(known=[ARRIVAL, FARGO, HEAT]).start()
    yield server
    server.stop()


@pytest.fixture
def api(fake: FakePosterAPI) -> Iterator[FakePosterAPI]:
    fake.reset()
    fake.slow_s = 4.0  # past poster_timeout_s (3 s), and over before the server stops
    yield fake
    fake.reset()


def settings(tmp_path: Path, api: FakePosterAPI, *, tmdb: bool = True, omdb: bool = False, **extra) -> Settings:
    keys = {"tmdb_api_key": api.key if tmdb else None, "omdb_api_key": api.key if omdb else None}
    return Settings(
        data_dir=tmp_path,
        tmdb_api_url=api.tmdb_url,
        tmdb_image_url=api.image_url,
        omdb_api_url=api.omdb_url,
        poster_timeout_s=3.0,  # the default; generous for a busy test machine
        **keys,
        **extra,
    )


def query(title: KnownTitle, **overrides) -> PosterQuery:
    fields = {
        "title": title.title,
        "year": title.year,
        "series": title.series,
        "imdb_id": title.imdb_id,
        "tmdb_id": title.tmdb_id,
    }
    return PosterQuery(**(fields | overrides))


def find(finder: PosterFinder, q: PosterQuery) -> str | None:
    return asyncio.run(finder.find(q))


def test_without_a_key_there_is_no_finder(tmp_path):
    assert PosterFinder.from_settings(Settings(data_dir=tmp_path, tmdb_api_key=None, omdb_api_key=None)) is None
    assert PosterFinder.from_settings(Settings(data_dir=tmp_path, tmdb_api_key="  ", omdb_api_key="")) is None


@pytest.mark.parametrize(
    ("title", "overrides", "path"),
    [
        (ARRIVAL, {}, "/3/movie/329865"),  # by TMDB id
        (ARRIVAL, {"tmdb_id": None}, "/3/find/tt2543164"),  # by IMDb id
        (FARGO, {"tmdb_id": None, "imdb_id": None}, "/3/search/tv"),  # a series, by title + year
        (HEAT, {}, "/3/search/movie"),
    ],
)
def test_tmdb_finds_films_and_series(tmp_path, api, title, overrides, path):
    url = find(PosterFinder.from_settings(settings(tmp_path, api)), query(title, **overrides))
    assert url == f"{api.image_url}/{title.slug}.png"
    assert path in [p for p, _ in api.requests]


def test_tmdb_search_needs_the_year_to_agree(tmp_path, api):
    assert find(PosterFinder.from_settings(settings(tmp_path, api)), query(HEAT, year=1972)) is None


def test_tmdb_v4_token_goes_in_a_header_not_the_url(tmp_path, api):
    token = "eyJhbGciOiJIUzI1NiJ9.test-token"
    api.key = token
    try:
        url = find(PosterFinder.from_settings(settings(tmp_path, api)), query(ARRIVAL))
    finally:
        api.key = FakePosterAPI().key
    assert url and all("api_key" not in q for _, q in api.requests)


@pytest.mark.parametrize(("title", "overrides"), [(ARRIVAL, {}), (FARGO, {"imdb_id": None}), (HEAT, {})])
def test_omdb_finds_by_imdb_id_or_title_and_year(tmp_path, api, title, overrides):
    url = find(PosterFinder.from_settings(settings(tmp_path, api, tmdb=False, omdb=True)), query(title, **overrides))
    assert url == f"{api.base}/img/omdb/{title.slug}.png"
    assert {p for p, _ in api.requests} == {"/omdb/"}


def test_a_hit_is_cached_on_disk_and_reused_by_a_new_finder(tmp_path, api):
    first = find(PosterFinder.from_settings(settings(tmp_path, api)), query(ARRIVAL))
    calls = len(api.requests)
    again = find(PosterFinder.from_settings(settings(tmp_path, api)), query(ARRIVAL))  # as after a restart
    assert again == first and len(api.requests) == calls
    assert (tmp_path / "posters.db").exists()


@pytest.mark.parametrize("provider", ["tmdb", "omdb"])
def test_a_miss_is_cached_too(tmp_path, api, provider):
    finder = PosterFinder.from_settings(settings(tmp_path, api, tmdb=provider == "tmdb", omdb=provider == "omdb"))
    unknown = PosterQuery(title="A Film Nobody Made", year=2001)
    assert find(finder, unknown) is None
    calls = len(api.requests)
    assert calls >= 1
    assert find(finder, unknown) is None
    assert len(api.requests) == calls


def test_entries_older_than_their_age_are_looked_up_again(tmp_path, api):
    finder = PosterFinder.from_settings(settings(tmp_path, api, poster_hit_days=0, poster_miss_days=0))
    find(finder, query(ARRIVAL))
    find(finder, PosterQuery(title="A Film Nobody Made", year=2001))
    calls = len(api.requests)
    time.sleep(0.01)
    find(finder, query(ARRIVAL))
    find(finder, PosterQuery(title="A Film Nobody Made", year=2001))
    assert len(api.requests) > calls
    with sqlite3.connect(tmp_path / "posters.db") as db:
        rows = db.execute("SELECT url, checked_at FROM posters").fetchall()
    assert {url is None for url, _ in rows} == {True, False}  # a hit and a miss, each with its time
    assert all(time.time() - checked < 60 for _, checked in rows)


@pytest.mark.parametrize("provider", ["tmdb", "omdb"])
def test_a_slow_provider_costs_the_poster_not_the_time_and_is_not_cached(tmp_path, api, provider):
    finder = PosterFinder.from_settings(settings(tmp_path, api, tmdb=provider == "tmdb", omdb=provider == "omdb"))
    api.reset("slow")
    started = time.monotonic()
    assert find(finder, query(ARRIVAL)) is None
    assert time.monotonic() - started < 4.0  # poster_timeout_s is 3 s
    api.reset("happy")
    assert find(finder, query(ARRIVAL))  # the timeout was not remembered as "no poster"


@pytest.mark.parametrize("provider", ["tmdb", "omdb"])
@pytest.mark.parametrize("behaviour", ["unauthorized", "garbage"])
def test_a_refused_key_or_garbage_gives_no_poster_and_is_not_cached(tmp_path, api, caplog, provider, behaviour):
    finder = PosterFinder.from_settings(settings(tmp_path, api, tmdb=provider == "tmdb", omdb=provider == "omdb"))
    api.reset(behaviour)
    with caplog.at_level(logging.DEBUG):
        assert find(finder, query(ARRIVAL)) is None
        assert find(finder, query(HEAT)) is None
    warnings = [r.getMessage() for r in caplog.records if r.name == "cinechat.posters" and r.levelno >= logging.WARNING]
    assert len(warnings) == 1, warnings  # said once, not once per card
    if behaviour == "unauthorized":
        assert "refused the API key" in warnings[0]
    api.reset("happy")
    assert find(finder, query(ARRIVAL))


@pytest.mark.parametrize("provider", ["tmdb", "omdb"])
def test_a_wrong_key_gets_no_poster(tmp_path, api, provider):
    s = settings(tmp_path, api, tmdb=provider == "tmdb", omdb=provider == "omdb")
    wrong = {f"{provider}_api_key": SecretStr("not-the-key")}
    assert find(PosterFinder.from_settings(s.model_copy(update=wrong)), query(ARRIVAL)) is None
    assert api.requests  # it asked, and was refused


def test_the_second_provider_answers_when_the_first_fails(tmp_path, api):
    finder = PosterFinder.from_settings(settings(tmp_path, api, tmdb=True, omdb=True))
    finder.providers[0].api_url = f"{api.base}/nowhere"  # TMDB answers 404 everywhere: "not found"
    assert find(finder, query(ARRIVAL)) == f"{api.base}/img/omdb/{ARRIVAL.slug}.png"


def test_the_key_is_never_logged(tmp_path, api, caplog):
    finder = PosterFinder.from_settings(settings(tmp_path, api, tmdb=True, omdb=True))
    with caplog.at_level(logging.DEBUG):
        find(finder, query(HEAT))
        find(finder, PosterQuery(title="A Film Nobody Made", year=2001))
        api.reset("unauthorized")
        find(finder, query(FARGO))
    assert any("HTTP Request" in r.getMessage() for r in caplog.records)  # httpx did log the calls...
    assert api.key not in caplog.text  # ...with the key masked
    assert any(api.key in q.values() for _, q in api.requests)  # while the provider did get it


def test_query_from_a_catalog_title():
    title = Title(id="t-fargo-2014", title="Fargo", year=2014, type="TV Show", imdb_id="tt2802850", tmdb_id=60622)
    q = PosterQuery.of(title)
    assert (q.series, q.imdb_id, q.tmdb_id, q.cache_key()) == (True, "tt2802850", 60622, "tmdb:tv:60622")
    odd = PosterQuery.of(title.model_copy(update={"imdb_id": "not-an-id", "tmdb_id": None}))
    assert odd.imdb_id is None and odd.cache_key() == "title:tv:2014:fargo"
