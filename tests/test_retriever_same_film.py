"""One film under two names (an English and an original title, both catalog records): the retriever
keeps one, and never offers a named film back under its other name (chains/retriever.py `made_key`)."""

from __future__ import annotations

import pytest

from catalog.build import build_catalog
from catalog.models import Title
from chains.retriever import Retriever, made_key
from testkit.fixture_data import make_fixture_raw_dir
from vectorstore.filters import SearchFilters
from vectorstore.searcher import Hit

PAIRS = [("Spirited Away", "Sen to Chihiro no kamikakushi", 2001), ("My Neighbor Totoro", "Tonari no Totoro", 1988)]


@pytest.fixture(scope="module")
def titles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Title]:
    extra = [(name, year) for english, original, year in PAIRS for name in (english, original)]
    raw = make_fixture_raw_dir(tmp_path_factory.mktemp("same-film-raw"), extra_titles=extra)
    return {t.title: t for t in build_catalog(raw)[0]}


@pytest.mark.parametrize(("english", "original", "year"), PAIRS)
def test_a_film_under_two_names_has_one_key(titles: dict[str, Title], english: str, original: str, year: int) -> None:
    a, b = titles[english], titles[original]
    assert a.id != b.id and a.year == b.year == year  # the catalog keeps both records (a known merge gap)
    assert made_key(a) is not None and made_key(a) == made_key(b)


def test_other_films_of_one_director_have_other_keys(titles: dict[str, Title]) -> None:
    assert made_key(titles["Spirited Away"]) != made_key(titles["My Neighbor Totoro"])
    assert made_key(titles["Toy Story"]) != made_key(titles["Spirited Away"])


def test_the_retriever_keeps_one_record_and_never_the_seeds_other_name(titles: dict[str, Title]) -> None:
    seed = titles["Spirited Away"]
    names = ["Sen to Chihiro no kamikakushi", "My Neighbor Totoro", "Tonari no Totoro"]
    hits = [Hit(title=titles[name], similarity=0.9 - i / 10) for i, name in enumerate(names)]
    kept = Retriever._keep(hits, SearchFilters(), {made_key(seed)}, 10, set())
    assert [c.title.title for c in kept] == ["My Neighbor Totoro"]


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
