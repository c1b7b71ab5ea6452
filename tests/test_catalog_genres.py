"""One genre vocabulary across sources and user words."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog.genres import (
    CANONICAL_GENRES,
    canonical_genres,
    genre_from_word,
    genres_for_label,
    is_known_label,
)
from catalog.sources import SkipLog, read_all


@pytest.mark.parametrize(
    "label", ["Sci-Fi", "Science Fiction", "Science-Fiction", "SciFi", "sci fi", "Sci-Fi & Fantasy"]
)
def test_science_fiction_spellings_agree(label: str) -> None:
    assert "Science Fiction" in genres_for_label(label)


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (["Documentaries"], ["Documentary"]),
        (["Docuseries", "Documentary"], ["Documentary"]),
        (["Sci-Fi & Fantasy"], ["Fantasy", "Science Fiction"]),
        (["TV Sci-Fi & Fantasy"], ["Fantasy", "Science Fiction"]),
        (["International TV Shows", "TV Dramas", "TV Mysteries"], ["Drama", "Mystery"]),
        (["Dramas", "Comedies"], ["Comedy", "Drama"]),
        (["Stand-Up Comedy"], ["Comedy", "Stand-Up Comedy"]),
        (["Action & Adventure"], ["Action", "Adventure"]),
        (["Anime Features"], ["Animation", "Anime"]),
        (["Animated"], ["Animation"]),
        (["Kids' TV"], ["Family", "Kids"]),
        (["Film-Noir"], ["Crime", "Film Noir"]),
        (["Movies", "TV Shows", "International Movies", "Independent Movies"], []),
        (["Arts", "Entertainment", "and Culture"], []),  # "Arts, Entertainment, and Culture" split on commas
        (["Drama", "drama", "DRAMA"], ["Drama"]),
    ],
)
def test_canonical_genres(labels: list[str], expected: list[str]) -> None:
    assert canonical_genres(labels) == expected


@pytest.mark.parametrize(
    ("word", "genre"),
    [
        ("sci-fi", "Science Fiction"),
        ("scifi", "Science Fiction"),
        ("Science Fiction", "Science Fiction"),
        ("animated", "Animation"),
        ("horror", "Horror"),
        ("Horror", "Horror"),
        ("westerns", "Western"),
        ("documentaries", "Documentary"),
        ("rom-com", "Romance"),
        ("film noir", "Film Noir"),
        ("stand-up", "Stand-Up Comedy"),
        ("thrillers", "Thriller"),
    ],
)
def test_genre_from_word(word: str, genre: str) -> None:
    assert genre_from_word(word) == genre


@pytest.mark.parametrize("word", ["", "movie", "slow-burn", "grief", "international"])
def test_non_genre_words(word: str) -> None:
    assert genre_from_word(word) is None


def test_every_mapping_target_is_canonical() -> None:
    for word in ["Sci-Fi & Fantasy", "Kids' TV", "Anime Series", "Music & Musicals", "Romantic Comedy"]:
        assert set(genres_for_label(word)) <= set(CANONICAL_GENRES)
    assert all(genre_from_word(g) == g for g in CANONICAL_GENRES)


def test_every_label_in_the_fixture_sources_is_known(fixture_raw_dir: Path) -> None:
    """A new source label must be mapped or listed as a non-genre, never silently dropped."""
    labels = {label for record in read_all(fixture_raw_dir, SkipLog()) for label in record.genres}
    assert labels, "the fixture sources carry genre labels"
    assert sorted(label for label in labels if not is_known_label(label)) == []
