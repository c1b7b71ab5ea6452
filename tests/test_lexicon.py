"""The lexicon's data files: every mood complete and consistent, the word lists loaded, the bounds one."""

from __future__ import annotations

import re

import pytest

from catalog.genres import CANONICAL_GENRES
from chains.lexicon import (
    MOOD_OPPOSITES,
    MOODS,
    NOT_A_TITLE_START,
    STOPWORDS,
    TITLE_CUES,
    fold,
    is_mood_word,
)
from chains.request_parser import RequestParser
from chains.vocabulary import Vocabulary


@pytest.mark.parametrize("mood", list(MOODS.values()), ids=list(MOODS))
def test_every_mood_does_something(mood) -> None:
    # A mood that steers nothing would be recorded and shown ("tilted X") while changing no pick.
    assert mood.words
    assert mood.query_words or mood.steers_genres or mood.fit is not None, mood.name


def test_mood_genres_are_catalog_genres() -> None:
    named = {g for m in MOODS.values() for g in m.favours | m.disfavours}
    assert named <= set(CANONICAL_GENRES), named - set(CANONICAL_GENRES)


def test_opposites_are_symmetric() -> None:
    for mood, opposite in MOOD_OPPOSITES.items():
        assert MOOD_OPPOSITES.get(opposite) == mood, (mood, opposite)


@pytest.mark.parametrize(
    ("message", "moods"),
    [
        ("something lighter", ["lighter"]),
        ("a feel-good film, not too violent", ["lighter", "less violent"]),
        ("something dark and cerebral", ["darker", "smarter"]),
        ("a dark comedy", []),  # a genre phrase, not a mood
        ("a slow-burn thriller", ["slower"]),
    ],
)
def test_the_parser_reads_moods_from_the_lexicon(message: str, moods: list[str]) -> None:
    parser = RequestParser(Vocabulary.from_genres(CANONICAL_GENRES))
    assert parser.parse(message).parsed.mood == moods


def test_mood_words_stand_alone() -> None:
    assert is_mood_word("darker") and is_mood_word("Funny")
    assert not is_mood_word("sharks")


def test_word_lists_are_loaded() -> None:
    assert {"the", "and", "movie"} <= STOPWORDS
    assert "that" in NOT_A_TITLE_START
    assert re.search(rf"\b(?:{TITLE_CUES})\s+", "something like Arrival", re.IGNORECASE)
    assert fold("Amélie") == "amelie"
