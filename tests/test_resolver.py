"""Title resolution on the fixture catalog: typos, years, remakes, articles, sequels, shows."""

from __future__ import annotations

import pytest

from catalog.models import Title
from chains.title_resolver import TitleResolver


@pytest.fixture(scope="module")
def resolver(fixture_catalog: tuple[list[Title], object]) -> TitleResolver:
    return TitleResolver(fixture_catalog[0])


@pytest.mark.parametrize(
    ("text", "year", "title", "expected_year"),
    [
        ("Arrival", None, "Arrival", 2016),
        ("Arrival", 2016, "Arrival", 2016),
        ("The Arrival", 1996, "The Arrival", 1996),
        ("The Arrival", None, "The Arrival", 1996),
        ("Intersteller", None, "Interstellar", 2014),
        ("the godfather", None, "The Godfather", 1972),
        ("Godfather", None, "The Godfather", 1972),
        ("The Godfather Part 2", None, "The Godfather: Part II", 1974),
        ("godfather part ii", None, "The Godfather: Part II", 1974),
        ("Ghostbusters", 1984, "Ghostbusters", 1984),
        ("Ghostbusters", 2016, "Ghostbusters", 2016),
        ("Jurrasic Park", None, "Jurassic Park", 1993),
        ("Monsters Inc", None, "Monsters, Inc.", 2001),
        ("singin in the rain", None, "Singin' in the Rain", 1952),
        ("mad max fury road", None, "Mad Max: Fury Road", 2015),
    ],
)
def test_resolves(resolver: TitleResolver, text: str, year: int | None, title: str, expected_year: int) -> None:
    res = resolver.resolve(text, year)
    assert res is not None
    assert (res.best.title.title, res.best.title.year) == (title, expected_year)


def test_an_ambiguous_name_takes_the_better_known_title_and_names_the_other(resolver: TitleResolver) -> None:
    res = resolver.resolve("Ghostbusters")
    assert res is not None and res.best.title.year == 1984  # far more votes than the 2016 remake
    assert "Ghostbusters (2016)" in res.to_model().alternatives


def test_arrival_names_the_1996_film_as_an_alternative(resolver: TitleResolver) -> None:
    res = resolver.resolve("Arrival")
    assert res is not None and res.best.title.id == "m-arrival-2016"
    assert "The Arrival (1996)" in res.to_model().alternatives


def test_a_wrong_year_does_not_resolve_to_a_lookalike(resolver: TitleResolver) -> None:
    # "Alien (2003)" is no film in the catalog; it must not quietly become "Aliens" or "Alien" (1979).
    res = resolver.resolve("Alienz", 2003)
    assert res is None


def test_unknown_titles_do_not_resolve(resolver: TitleResolver) -> None:
    assert resolver.resolve("Qwzxy Plorp") is None
    assert resolver.resolve("") is None


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("The Crown", "The Crown"),
        ("stranger things", "Stranger Things"),
        ("breaking bad", "Breaking Bad"),
        ("Black Mirorr", "Black Mirror"),
    ],
)
def test_tv_shows_are_found_as_shows(resolver: TitleResolver, text: str, title: str) -> None:
    res = resolver.resolve(text)
    assert res is not None and (res.best.title.title, res.best.title.type) == (title, "TV Show")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Jurasic Parkk World", "Jurassic Park"), ("Godfathr Returns", "The Godfather"), ("Toy Stori Four", "Toy Story")],
)
def test_a_name_that_resolves_to_nothing_gets_did_you_mean_suggestions(
    resolver: TitleResolver, text: str, expected: str
) -> None:
    assert resolver.resolve(text) is None  # too far to search with...
    assert expected in [t.title for t in resolver.suggest(text)]  # ...close enough to suggest


def test_gibberish_gets_no_suggestions(resolver: TitleResolver) -> None:
    assert resolver.suggest("Zzyzx Gorblax") == []
