"""What the encyclopedia calls a film (`Title.described_as`, catalog/descriptions.py): read from the first sentence
of a Wikipedia lead, year left out, on the real fixture catalog."""

from __future__ import annotations

from catalog.build import BuildReport
from catalog.descriptions import described_as
from catalog.models import Title


def _by_title(titles: list[Title]) -> dict[tuple[str, int], Title]:
    return {(t.title, t.year): t for t in titles}


def test_a_lead_gives_the_kind_of_film_in_its_own_words(fixture_catalog: tuple[list[Title], BuildReport]) -> None:
    titles = _by_title(fixture_catalog[0])
    assert titles[("Singin' in the Rain", 1952)].described_as == "American musical romantic comedy film"
    assert titles[("Mad Max: Fury Road", 2015)].described_as == "Australian post-apocalyptic action film"
    assert titles[("Casablanca", 1942)].described_as == "American romantic drama film"


def test_most_wikipedia_films_are_described_and_other_sources_are_not(
    fixture_catalog: tuple[list[Title], BuildReport],
) -> None:
    titles = fixture_catalog[0]
    from_wikipedia = [t for t in titles if "wikipedia" in t.sources]
    described = [t for t in from_wikipedia if t.described_as]
    assert len(described) >= 0.8 * len(from_wikipedia)
    # Nothing is guessed: a title no encyclopedia lead describes has no description.
    assert all(not t.described_as for t in titles if "wikipedia" not in t.sources)
    # The kind ends the phrase: never a clause about who made it.
    assert not [t.described_as for t in described if " by " in t.described_as or "directed" in t.described_as]


def test_a_lead_without_a_kind_or_with_a_clause_first_describes_nothing() -> None:
    assert described_as("") == ""
    assert described_as("Low-level bureaucrat Sam Lowry escapes the monotony of his life. He is a clerk.") == ""
    # The first sentence only: an ellipsis in a title does not end it.
    assert described_as("Who Knows... is a 1989 American comedy film. It is a remake.") == "American comedy film"
    # Greedy to the last noun within reach, but never across a clause about who made it.
    assert described_as("It is a film directed by Jane Doe and a comedy.") == ""
