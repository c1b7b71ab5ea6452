"""One film under two names (an English and an original title): the catalog merge joins the listings into
one record that keeps the other name for the resolver, and the retriever never offers a named film back
under another name a merge could not join (chains/retriever.py `made_key`)."""

from __future__ import annotations

import pytest

from catalog.build import build_catalog
from catalog.models import Title
from chains.models import Candidate
from chains.retriever import Retriever, made_key, one_record_per_story, same_story
from chains.title_resolver import TitleResolver
from testkit.fixture_data import make_fixture_raw_dir
from vectorstore.filters import SearchFilters
from vectorstore.searcher import Hit

PAIRS = [("Spirited Away", "Sen to Chihiro no kamikakushi", 2001), ("My Neighbor Totoro", "Tonari no Totoro", 1988)]
# Runtimes a few minutes apart or unknown on a side: an original title (IMDb's top list), or one listing that
# keeps the other's whole title (a studio's or a series' name before it, a number written out).
LOOSE_PAIRS = [
    ("A Prophet", "Un prophète", 2009),
    ("The Seventh Seal", "Det sjunde inseglet", 1957),
    ("Ant-Man", "Marvel Studios' Ant-Man", 2015),
    ("Return of the Jedi", "Star Wars: Episode VI – Return of the Jedi", 1983),
    ("Ocean's Eleven", "Ocean's 11", 1960),
    ("Grave of the Fireflies", "Hotaru no haka", 1988),  # the encyclopedia names no cast: the director alone
    # Names in the other order ("Chan-wook Park", "Park Chan-wook"); IMDb's runtime 19 minutes off, two actors agree.
    ("Oldboy", "Oldeuboi", 2003),
]
# Same year, same runtime to the minute, directors sharing a surname: two different films. And one director's
# two films of a year with an actor in common (Bergman's 1957 films both listed under original names too; Oliver
# Parker's 2009 films).
NOT_PAIRS = [
    ("Frozen", "Angel of the Skies", 2013),
    ("The Seventh Seal", "Wild Strawberries", 1957),
    ("Dorian Gray", "St Trinian's 2: The Legend of Fritton's Gold", 2009),
]


@pytest.fixture(scope="module")
def titles(tmp_path_factory: pytest.TempPathFactory) -> list[Title]:
    pairs = PAIRS + LOOSE_PAIRS + NOT_PAIRS
    extra = [(name, year) for english, original, year in pairs for name in (english, original)]
    extra.append(("Smultronstället", 1957))  # Wild Strawberries' original title
    raw = make_fixture_raw_dir(tmp_path_factory.mktemp("same-film-raw"), extra_titles=extra)
    return build_catalog(raw)[0]


def _named(titles: list[Title], name: str, year: int) -> list[Title]:
    return [t for t in titles if t.year == year and name in (t.title, *t.other_titles)]


@pytest.mark.parametrize(("english", "original", "year"), PAIRS)
def test_a_film_under_two_names_is_one_record(titles: list[Title], english: str, original: str, year: int) -> None:
    records = _named(titles, english, year)
    assert len(records) == 1 and _named(titles, original, year) == records
    assert records[0].title == english and original in records[0].other_titles  # the name most people know
    assert "imdb_top1000" in records[0].sources and len(records[0].sources) > 1


@pytest.mark.parametrize(("shown", "other", "year"), LOOSE_PAIRS)
def test_listings_a_few_minutes_apart_are_one_record(titles: list[Title], shown: str, other: str, year: int) -> None:
    records = _named(titles, shown, year)
    assert len(records) == 1 and _named(titles, other, year) == records
    assert records[0].title == shown and other in records[0].other_titles


@pytest.mark.parametrize(("a", "b", "year"), NOT_PAIRS)
def test_films_alike_only_in_year_runtime_and_a_surname_stay_apart(titles: list[Title], a: str, b: str, year: int):
    first, second = _named(titles, a, year), _named(titles, b, year)
    assert len(first) == 1 and len(second) == 1 and first != second


@pytest.mark.parametrize(("english", "original", "year"), PAIRS)
def test_the_resolver_finds_a_film_by_its_other_name(titles: list[Title], english: str, original: str, year: int):
    resolution = TitleResolver(titles).resolve(original)
    assert resolution is not None and resolution.best.title.title == english


def test_other_films_of_one_director_have_other_keys(titles: list[Title]) -> None:
    spirited, totoro = _named(titles, "Spirited Away", 2001)[0], _named(titles, "My Neighbor Totoro", 1988)[0]
    toy_story = _named(titles, "Toy Story", 1995)[0]
    assert made_key(spirited) is not None
    assert made_key(spirited) != made_key(totoro) and made_key(toy_story) != made_key(spirited)


def test_the_retriever_keeps_one_record_and_never_the_seeds_other_name(titles: list[Title]) -> None:
    # A listing under another name that no merge rule could join (no cast in common, say) is still one film.
    seed = _named(titles, "Spirited Away", 2001)[0]
    unjoined = seed.model_copy(update={"id": "m-other-name-2001", "title": "Sen to Chihiro", "other_titles": []})
    totoro = _named(titles, "My Neighbor Totoro", 1988)[0]
    hits = [Hit(title=t, similarity=0.9 - i / 10) for i, t in enumerate([unjoined, totoro])]
    kept = Retriever._keep(hits, SearchFilters(), {made_key(seed)}, 10, set())
    assert [c.title.title for c in kept] == ["My Neighbor Totoro"]
    kept_twice = Retriever._keep(
        [Hit(title=t, similarity=0.9) for t in (seed, unjoined)], SearchFilters(), set(), 10, set()
    )
    assert len(kept_twice) == 1


@pytest.fixture(scope="module")
def frasier(tmp_path_factory: pytest.TempPathFactory) -> list[Title]:
    # Hulu lists Frasier under 1993, Netflix under 2003: two catalog records of one series.
    raw = make_fixture_raw_dir(tmp_path_factory.mktemp("one-show-raw"), extra_titles=[("Frasier", 1993)])
    return [t for t in build_catalog(raw)[0] if t.title == "Frasier" and t.type == "TV Show"]


def test_one_series_listed_under_two_years_is_kept_once(frasier: list[Title]) -> None:
    assert len(frasier) == 2 and frasier[0].year != frasier[1].year  # the catalog keeps both listings
    hits = [Hit(title=t, similarity=0.9 - i / 10) for i, t in enumerate(frasier)]
    kept = Retriever._keep(hits, SearchFilters(), set(), 10, set())
    assert len(kept) == 1


@pytest.fixture(scope="module")
def parasite(tmp_path_factory: pytest.TempPathFactory) -> list[Title]:
    # Hulu and TMDB list *Parasite* with no director or cast, IMDb's Top 1000 as *Gisaengchung*: no credit in
    # common, but their synopses are nearly word for word the same.
    raw = make_fixture_raw_dir(tmp_path_factory.mktemp("parasite-raw"), extra_titles=[("Gisaengchung", 2019)])
    return [t for t in build_catalog(raw)[0] if t.year == 2019 and t.type == "Movie"]


def test_one_film_told_twice_under_two_names_is_one_record(parasite: list[Title]) -> None:
    parasite_records = [t for t in parasite if "Parasite" in t.names or "Gisaengchung" in t.names]
    assert len(parasite_records) == 1
    merged = parasite_records[0]
    assert merged.title == "Parasite" and "Gisaengchung" in merged.other_titles
    assert "Bong Joon Ho" in " ".join(merged.directors).replace("-", " ")  # IMDb's credits now name the seed's director


def test_one_film_told_twice_is_offered_once_when_the_merge_could_not_join_it(parasite: list[Title]) -> None:
    # A listing the merge could not join (say, a runtime far off): the retriever still keeps one record.
    by_name = {t.title: t for t in parasite}
    merged, other = by_name["Parasite"], by_name["Knives Out"]
    english = merged.model_copy(update={"directors": [], "cast": [], "other_titles": []})
    original = merged.model_copy(update={"id": "m-gisaengchung-2019", "title": "Gisaengchung", "other_titles": []})
    assert same_story(english, original) and not same_story(english, other)
    pool = [Candidate(title=t, similarity=0.9 - i / 10) for i, t in enumerate([original, other, english])]
    assert [c.title.title for c in one_record_per_story(pool)] == ["Gisaengchung", "Knives Out"]
    # The seed itself never reaches the pool (its title is a filter); its other name is dropped here.
    assert [c.title.title for c in one_record_per_story(pool[:2], [english])] == ["Knives Out"]
