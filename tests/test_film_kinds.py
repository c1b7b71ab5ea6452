"""Kinds finer than genre labels ("a romantic comedy", "a biopic") and a country asked for ("a good Australian
film"), read from what the encyclopedia lead calls a film (`Title.described_as`): the parser, the conversation,
the ranking and the explanation, on the real fixture index."""

from __future__ import annotations

from typing import Any

import pytest

from chains.engine import Recommender
from chains.models import ConversationState
from chains.nationality import chiefly_from, lead_countries
from tests.test_genre_classics import ranked_with
from tests.test_ranking_fans import by_title, picks_of


@pytest.mark.parametrize(
    ("message", "kinds"),
    [
        ("a romantic comedy for date night", ["romantic comedy"]),
        ("any good rom-coms?", ["romantic comedy"]),
        ("a biopic about a musician", ["biographical film"]),
        ("a feel-good heist movie", ["heist film"]),
        # What the user dislikes is never asked for.
        ("I can't stand romantic comedies. Something with a heist?", ["heist film"]),
        ("a slow-burn sci-fi about grief", []),  # genre labels hold it: no finer kind
    ],
)
def test_the_kinds_a_message_asks_for(recommender: Recommender, message: str, kinds: list[str]) -> None:
    assert recommender.understand(message, ConversationState()).parsed.kinds == kinds


def test_a_follow_up_keeps_the_kind(recommender: Recommender) -> None:
    state = ConversationState()
    recommender.recommend("a romantic comedy", state)
    assert recommender.understand("only from the 2010s", state).parsed.kinds == ["romantic comedy"]


def test_a_title_the_lead_calls_the_asked_kind_ranks_higher(
    recommender: Recommender, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = recommender.index
    ranked = ranked_with(recommender, monkeypatch, "KIND_BONUS")
    romcom = by_title(index, "Singin' in the Rain")
    others = [by_title(index, "La La Land"), by_title(index, "Some Like It Hot")]
    assert "romantic comedy" in romcom.described_as and not any("romantic comedy" in t.described_as for t in others)

    def place(titles: list[Any], title: Any) -> int:
        return [t.id for t in titles].index(title.id)

    without = ranked("a romantic comedy", 0.0)
    with_kinds = ranked("a romantic comedy", 0.15)
    assert place(with_kinds, romcom) < min(place(with_kinds, t) for t in others)
    assert place(without, romcom) > min(place(without, t) for t in others)  # the labels alone could not tell


def test_the_explanation_names_the_kind_in_the_encyclopedia_words(recommender: Recommender) -> None:
    picks = picks_of(recommender, "a romantic comedy")
    romcom = next(p for p in picks if p.title == "Singin' in the Rain")
    assert "musical romantic comedy film" in romcom.explanation


def test_a_title_is_chiefly_from_the_country_its_lead_names(recommender: Recommender) -> None:
    index = recommender.index
    mad_max, matrix, casablanca = (
        by_title(index, "Mad Max: Fury Road"),
        by_title(index, "The Matrix"),
        by_title(index, "Casablanca"),
    )
    assert "Australia" in lead_countries(mad_max) and "Australia" in matrix.countries
    assert chiefly_from(mad_max, ["Australia"]) is True
    assert chiefly_from(matrix, ["Australia"]) is None  # co-produced, and its lead names no nationality
    assert chiefly_from(casablanca, ["Australia"]) is False  # its lead calls it American
    # A nationality with its own language: a film in another one is not chiefly from there.
    french_twist = by_title(index, "French Twist")
    assert chiefly_from(french_twist, ["France"], ["French"]) is True
    assert chiefly_from(by_title(index, "Her"), ["France"], ["French"]) is False


def test_a_country_asked_for_puts_its_own_films_before_co_productions(
    recommender: Recommender, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = recommender.index
    ranked = ranked_with(recommender, monkeypatch, "ORIGIN_UNSURE_SHARE")
    mad_max, matrix = by_title(index, "Mad Max: Fury Road"), by_title(index, "The Matrix")
    ids = [t.id for t in ranked("a good Australian film", 1.0)]
    assert ids.index(matrix.id) < ids.index(mad_max.id)  # the better known, listed with Australia among others
    ids = [t.id for t in ranked("a good Australian film", 0.9)]
    assert ids.index(mad_max.id) < ids.index(matrix.id)
