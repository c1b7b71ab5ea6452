"""Directors recovered from real Wikipedia lead summaries (read from the shared raw data)."""

from __future__ import annotations

import json
from functools import cache

import pytest

import config
from catalog.directors import directors_from_extract


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
    assert directors_from_extract("a film directed by Frank Capra, Columbia Pictures released it") == [
        "Frank Capra"
    ]
    assert directors_from_extract("directed by A. Smith, B. Jones and C. Brown. It") == [
        "A. Smith",
        "B. Jones",
        "C. Brown",
    ]


def test_particles_and_suffixes() -> None:
    assert directors_from_extract("directed by Guillermo del Toro, from a screenplay") == [
        "Guillermo del Toro"
    ]
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
