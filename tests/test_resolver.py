"""Title resolution on the fixture catalog: typos, years, remakes, articles, sequels, shows, long titles."""

from __future__ import annotations

import pytest

from catalog.build import build_catalog
from catalog.models import Title
from chains.spans import Spans
from chains.title_resolver import TitleResolver
from testkit.fixture_data import make_fixture_raw_dir

# Long titles and the shorter real titles inside them that used to win: "The Lord of the Rings: The Return
# of the King (2003)" became "The Lord of the Rings" (1978) or "King" (2002).
LONG_TITLES = [
    ("The Lord of the Rings: The Return of the King", 2003),
    ("The Lord of the Rings", 1978),
    ("King", 2002),
    ("Pirates of the Caribbean: The Curse of the Black Pearl", 2003),
    ("Pirates", 1986),
    ("The Black Pearl", 1928),
    ("The Good, the Bad and the Ugly", 1966),
    ("Good", 2008),
    ("Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb", 1964),
    ("The Bomb", 2016),
    ("Birdman", 2014),
    "Unexpected",
]
LOTR_3 = "m-the-lord-of-the-rings-the-return-of-the-king-2003"
PIRATES_1 = "m-pirates-of-the-caribbean-the-curse-of-the-black-pearl-2003"
STRANGELOVE = "m-dr-strangelove-or-how-i-learned-to-stop-worrying-and-love-the-bomb-1964"


@pytest.fixture(scope="module")
def resolver(fixture_catalog: tuple[list[Title], object]) -> TitleResolver:
    return TitleResolver(fixture_catalog[0])


@pytest.fixture(scope="module")
def long_resolver(tmp_path_factory: pytest.TempPathFactory) -> TitleResolver:
    titles, _ = build_catalog(make_fixture_raw_dir(tmp_path_factory.mktemp("long-raw"), extra_titles=LONG_TITLES))
    return TitleResolver(titles)


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


def _named(resolver: TitleResolver, message: str) -> tuple[list[str], Spans]:
    understood = Spans(message)
    return [m.resolution.best.title.id for m in resolver.find_mentions(message, understood)], understood


def test_the_shorter_titles_inside_long_ones_are_in_the_catalog(long_resolver: TitleResolver) -> None:
    # Without them the long-title tests below could not fail.
    for message, title_id in [
        ("something like The Lord of the Rings (1978)", "m-the-lord-of-the-rings-1978"),
        ("something like King (2002)", "m-king-2002"),
        ("something like Pirates (1986)", "m-pirates-1986"),
        ("something like The Black Pearl (1928)", "m-the-black-pearl-1928"),
        ("something like Good", "m-good-2008"),
        ("something like The Bomb (2016)", "m-the-bomb-2016"),
    ]:
        assert _named(long_resolver, message)[0] == [title_id], message


@pytest.mark.parametrize(
    ("message", "title_id"),
    [
        # The product's seed request: ten words, a colon, a year, and exact shorter titles inside.
        ("something like The Lord of the Rings: The Return of the King (2003)", LOTR_3),
        ("something like The Lord of the Rings: The Return of the King", LOTR_3),
        ("something like Pirates of the Caribbean: The Curse of the Black Pearl (2003)", PIRATES_1),
        ("I loved Pirates of the Caribbean: The Curse of the Black Pearl", PIRATES_1),
        ("The Lord of the Rings: The Return of the King", LOTR_3),
        # A comma inside a title does not end it.
        ("something like The Good, the Bad and the Ugly", "m-the-good-the-bad-and-the-ugly-1966"),
        ("something like The Good, the Bad and the Ugly (1966)", "m-the-good-the-bad-and-the-ugly-1966"),
        # Thirteen words, holding the cue word "Love"; and its short name before "or:".
        ("something like Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb (1964)", STRANGELOVE),
        ("Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb", STRANGELOVE),
        ("something like Dr. Strangelove (1964)", STRANGELOVE),
        # The catalog says "Birdman"; the bracketed alternative title is part of the name, not a second film.
        ("something like Birdman or (The Unexpected Virtue of Ignorance)", "m-birdman-2014"),
        ("Birdman or (The Unexpected Virtue of Ignorance) (2014)", "m-birdman-2014"),
        ("Birdman or (The Unexpected Virtue of Ignorance)", "m-birdman-2014"),
    ],
)
def test_a_long_title_is_named_whole(long_resolver: TitleResolver, message: str, title_id: str) -> None:
    named, understood = _named(long_resolver, message)
    assert named == [title_id]
    start = message.find(" like ") + len(" like ") if " like " in message else 0
    left = understood.masked("\x00")[start:].strip("\x00")  # what no mention took
    assert not left, "part of the name was left for the query or another mention"


def test_the_year_decides_between_a_long_title_and_a_short_one_inside_it(long_resolver: TitleResolver) -> None:
    # "King (2002)" spelled exactly at the end must not beat the longer name the year fits.
    assert _named(long_resolver, "I loved The Lord of the Rings: The Return of the King (2003)")[0] == [LOTR_3]
    # ...but when only the short one fits the year, it is the one named.
    assert _named(long_resolver, "a film like The Lord of the Rings (1978)")[0] == ["m-the-lord-of-the-rings-1978"]
