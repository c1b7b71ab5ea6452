"""Directors recovered from real Wikipedia lead summaries (read from the shared raw data)."""

from __future__ import annotations

import json
from functools import cache

import pytest

import config
from catalog.directors import directors_from_extract, plausible_person_name


@cache
def wikipedia_extract(title: str, year: int) -> str:
    path = config.Settings().raw_dir / "wikipedia-movie-data" / f"movies-{year // 10 * 10}s.json"
    for row in json.loads(path.read_text(encoding="utf-8")):
        if row.get("title") == title and row.get("year") == year:
            return row.get("extract") or ""
    raise LookupError(f"{title} ({year}) not in {path.name}")


@pytest.mark.parametrize(
    ("title", "year", "expected"),
    [
        # ", who co-wrote ..." ends the list
        ("The Godfather", 1972, ["Francis Ford Coppola"]),
        # " and written by ..." is not a second director
        ("Alien", 1979, ["Ridley Scott"]),
        ("Arrival", 2016, ["Denis Villeneuve"]),
        # ", produced by ..." ends it; the sentence goes on with more names
        ("Toy Story", 1995, ["John Lasseter"]),
        # "from a screenplay by" ends it
        ("Monsters, Inc.", 2001, ["Pete Docter"]),
        # a co-director is named in a separate clause: only the director is taken
        ("Up", 2009, ["Pete Docter"]),
        # "written, produced and directed by Joel and Ethan Coen": a shared surname
        ("Fargo", 1996, ["Joel Coen", "Ethan Coen"]),
        ("No Country for Old Men", 2007, ["Joel Coen", "Ethan Coen"]),
        # "directed and choreographed by A and B, starring ..."
        ("Singin' in the Rain", 1952, ["Gene Kelly", "Stanley Donen"]),
        # an initial in the middle of a name is not a sentence end
        ("Fargo", 1952, ["Lewis D. Collins"]),
        ("Everything Everywhere All at Once", 2022, ["Daniel Kwan", "Daniel Scheinert"]),
        # accents survive
        ("Gravity", 2013, ["Alfonso Cuarón"]),
    ],
)
def test_directors_from_real_extracts(title: str, year: int, expected: list[str]) -> None:
    assert directors_from_extract(wikipedia_extract(title, year)) == expected


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("The Matrix", 1999),  # "directed by the Wachowskis": no personal names to read
        ("Finding Nemo", 2003),  # the summary names no director
        ("Airplane!", 1980),  # "by the brothers David and Jerry Zucker, and Jim Abrahams": too loose to read
    ],
)
def test_no_director_rather_than_a_wrong_one(title: str, year: int) -> None:
    assert directors_from_extract(wikipedia_extract(title, year)) == []


def test_list_without_closing_and_is_a_clause_not_a_list() -> None:
    assert directors_from_extract("a film directed by Frank Capra, Columbia Pictures released it") == ["Frank Capra"]
    assert directors_from_extract("directed by A. Smith, B. Jones and C. Brown. It") == [
        "A. Smith",
        "B. Jones",
        "C. Brown",
    ]


def test_particles_and_suffixes() -> None:
    assert directors_from_extract("directed by Guillermo del Toro, from a screenplay") == ["Guillermo del Toro"]
    assert directors_from_extract("directed by Francis Ford Coppola's protégé") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("directed by British filmmaker Ken Loach and starring", ["Ken Loach"]),
        ("directed by Academy Award-winning director Jane Campion.", ["Jane Campion"]),
        ("directed by Palestinian Emad Burnat and Israeli Guy Davidi. It", ["Emad Burnat", "Guy Davidi"]),
        ("directed by Shanghai-born Wayne Wang.", ["Wayne Wang"]),
        ("directed by Oscar Micheaux.", ["Oscar Micheaux"]),  # a first name, not the award
        ("directed by U.S. Army veteran", []),
    ],
)
def test_descriptors_before_a_name_are_not_part_of_it(text: str, expected: list[str]) -> None:
    assert directors_from_extract(text) == expected


@pytest.mark.parametrize(
    ("title", "year", "expected"),
    [
        # "directed by Hong Kong filmmaker Ronny Yu": the place was read as the director
        ("Warriors of Virtue", 1997, ["Ronny Yu"]),
        ("Hard Target", 1993, ["John Woo"]),
        # "directed and produced by Italian-American crooner-actor Duke Mitchell"
        ("Gone with the Pope", 2010, ["Duke Mitchell"]),
        ("Kiss of the Spider Woman", 1985, ["Héctor Babenco"]),  # "Argentine-Brazilian filmmaker"
        ("Pushing Hands", 1992, ["Ang Lee"]),  # "Taiwanese filmmaker"
        ("The Last Stand", 2013, ["Kim Jee-woon"]),  # "South Korean filmmaker"
        ("The Mack", 1973, ["Michael Campus"]),  # "California native"
        ("She's the One", 1996, ["Edward Burns"]),  # "New York actor and director"
        ("Waking Sleeping Beauty", 2010, ["Don Hahn"]),  # "Disney film producer"
        # names the old reader cut short
        ("If I Want to Whistle, I Whistle", 2011, ["Florin Șerban"]),  # a capital outside Latin-1
        ("Tanganyika", 1954, ["Andre deToth"]),
        ("Serenade", 1927, ["Harry d'Abbadie d'Arrast"]),
        ("Eve's Leaves", 1926, ["Paul Sloane"]),  # "directed by Paul Sloane It is": a missing full stop
        # "directed by Bring It On writer Jessica Bendinger": "Bring" is a film title, not a director
        ("Stick It", 2006, []),
        # "directed by Paul Aaron/Terry Winsor": no name can be read whole
        ("Morgan Stewart's Coming Home", 1987, []),
    ],
)
def test_descriptors_places_and_cut_names_from_real_extracts(title: str, year: int, expected: list[str]) -> None:
    assert directors_from_extract(wikipedia_extract(title, year)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("directed by Hong Sang-soo. It", ["Hong Sang-soo"]),  # "Hong" is a surname
        ("directed by Hong Kong.", []),
        ("directed by Sofia Coppola and starring", ["Sofia Coppola"]),
        ("directed by Jean-Luc Godard, from a novel", ["Jean-Luc Godard"]),
        ("directed by Ang Lee.", ["Ang Lee"]),
        ("directed by Haifaa al-Mansour.", ["Haifaa al-Mansour"]),
        ("directed by Italian-American filmmaker Martin Scorsese.", ["Martin Scorsese"]),
        ("directed by Walt Disney Productions.", []),
        ("directed by Chaplin.", ["Chaplin"]),  # a surname alone is still a true fact
    ],
)
def test_only_people_are_directors(text: str, expected: list[str]) -> None:
    assert directors_from_extract(text) == expected


@pytest.mark.parametrize(
    ("name", "plausible"),
    [
        ("Hong Kong", False),
        ("Italian-American", False),
        ("Argentine-Brazilian", False),
        ("Swedish-Italian Erik Gandini", False),
        ("Walt Disney Productions", False),
        ("California", False),
        ("Hong Sang-soo", True),
        ("Guillermo del Toro", True),
        ("John English", True),  # a demonym as a surname
        ("Tim Disney", True),
        ("Edwin L. Hollywood", True),
        ("McG", True),
    ],
)
def test_plausible_person_name(name: str, plausible: bool) -> None:
    assert plausible_person_name(name) is plausible
