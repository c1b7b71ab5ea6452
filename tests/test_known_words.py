"""Requests whose words mean nothing to CineChat get picks plus an honest note, never a pretence."""

from __future__ import annotations

from typing import Any

import pytest

from catalog.models import Title
from chains.engine import Recommender
from chains.known_words import KnownWords, model_words
from chains.lexicon import fold
from chains.notes import NoteCode
from config import Settings

NOT_UNDERSTOOD = NoteCode.NOT_UNDERSTOOD


def _notes(recommender: Recommender, message: str) -> tuple[list[NoteCode], list[str]]:
    rec = recommender.recommend(message, offline=True)
    return [n.code for n in rec.notes], [p.id for p in rec.picks]


@pytest.mark.parametrize("message", ["asdfgh qwerty zxcvb", "blorp", "一部关于悲伤的电影", "фильм о горе"])
def test_nothing_understood_still_answers_and_says_so(
    engine_index: Any, offline_settings: Settings, message: str
) -> None:
    notes, picks = _notes(Recommender(engine_index, offline_settings), message)
    assert NOT_UNDERSTOOD in notes
    assert picks and all(p in engine_index.catalog for p in picks)  # degraded, not empty or crashed


@pytest.mark.parametrize(
    "message",
    [
        "a slow-burn sci-fi about grief",
        "a dystopian heist",  # a rare word next to a known one is searched as it is
        "asdfgh from the 90s",  # the decade was understood
        "something funny",
    ],
)
def test_understood_requests_get_no_such_note(engine_index: Any, offline_settings: Settings, message: str) -> None:
    notes, _ = _notes(Recommender(engine_index, offline_settings), message)
    assert NOT_UNDERSTOOD not in notes


def test_a_name_from_the_catalog_is_a_known_word(engine_index: Any, offline_settings: Settings) -> None:
    # A cast or director surname the model's vocabulary lacks, taken from the fixture catalog itself.
    vocabulary = model_words()
    surname = next(
        word
        for title in engine_index.catalog.values()
        for name in [*title.directors, *title.cast]
        if (word := fold(name.split()[-1])).isalpha() and len(word) > 4 and word not in vocabulary
    )
    known = KnownWords(engine_index.catalog.values())
    assert known.unknown(f"something with {surname}") == []
    assert KnownWords([]).unknown(f"something with {surname}") == [surname]


def test_unknown_lists_only_the_unknown_words() -> None:
    titles = [Title(id="m-zyzzyx-1990", title="Zyzzyx Road", year=1990, type="Movie", overview="A desert heist.")]
    known = KnownWords(titles)
    assert "heist" not in model_words()  # known from the overview, not from the model's vocabulary
    assert known.unknown("a heist in zyzzyx with qwxrtz") == ["qwxrtz"]
    assert not known.understood_nothing("a heist in zyzzyx with qwxrtz")
    assert known.understood_nothing("qwxrtz plomf")
    assert not known.understood_nothing("!!!")  # no words at all is another case (an empty request)
