"""Kinds finer than genre labels ("a romantic comedy", "a biopic") and a country asked for ("a good Australian
film"), read from what the encyclopedia lead calls a film (`Title.described_as`): the parser, the conversation,
the ranking and the explanation, on the real fixture index."""

from __future__ import annotations

from typing import Any

import pytest

from chains import fan_ranking
from chains.engine import Recommender
from chains.film_kinds import is_described_as, is_silent, kind_words, shared_kind
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
    # The labels alone cannot tell them apart: the fixture's romantic comedies and the other films labelled
    # Comedy and Romance (*La La Land*, "a romantic musical"; *Some Like It Hot*, "a crime comedy").
    labelled = [t for t in recommender.index.catalog.values() if {"Comedy", "Romance"} <= set(t.genres)]
    described = [t for t in labelled if is_described_as(t, "romantic comedy")]
    assert len(described) >= 3 and len(described) < len(labelled)
    rose, fell = moved_up(
        recommender,
        monkeypatch,
        "KIND_BONUS",
        0.25,
        "a romantic comedy",
        lambda t, plan: is_described_as(t, "romantic comedy"),
    )
    assert rose and not fell


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
    mad_max, matrix = by_title(index, "Mad Max: Fury Road"), by_title(index, "The Matrix")
    plan = recommender.understand("a good Australian film", ConversationState())
    pool = recommender.retriever.retrieve(plan, n=fan_ranking.RANKING_POOL).candidates

    def matrix_to_mad_max(unsure_share: float) -> float:
        monkeypatch.setattr(fan_ranking, "ORIGIN_UNSURE_SHARE", unsure_share)
        scores = {c.title.id: c.score for c in fan_ranking.rank_for_fans(pool, plan, index)}
        return scores[matrix.id] / scores[mad_max.id]

    # The co-production (Australia among others, no nationality in its lead) keeps less of its standing than the
    # film whose lead calls it Australian.
    assert matrix_to_mad_max(0.8) < matrix_to_mad_max(1.0)


def moved_up(
    recommender: Recommender, monkeypatch: pytest.MonkeyPatch, constant: str, value: float, message: str, chosen: Any
) -> tuple[list[str], list[str]]:
    """The titles `chosen(title, plan)` picks out of a message's ranking: those that rose with the constant at
    `value` (against 0), and those that fell."""
    ranked = ranked_with(recommender, monkeypatch, constant)
    plan = recommender.understand(message, ConversationState())
    without = [t.id for t in ranked(message, 0.0)]
    with_it = [t.id for t in ranked(message, value)]
    picked = [i for i in without if chosen(recommender.index.catalog[i], plan)]
    assert picked, "the fixture must hold such titles for this test to mean anything"
    rose = [i for i in picked if with_it.index(i) < without.index(i)]
    fell = [i for i in picked if with_it.index(i) > without.index(i)]
    return rose, fell


def test_titles_of_a_named_films_kind_rank_higher(recommender: Recommender, monkeypatch: pytest.MonkeyPatch) -> None:
    shining = by_title(recommender.index, "The Shining")
    assert {"psychological", "horror"} <= kind_words(shining)  # "a 1980 psychological horror film"
    rose, fell = moved_up(
        recommender,
        monkeypatch,
        "SEED_KIND_BONUS",
        0.1,
        "something like The Shining",
        lambda t, plan: shared_kind(t, plan.seeds) == 1.0,
    )
    assert rose and not fell


@pytest.mark.parametrize(
    ("message", "welcome"),
    [
        ("a funny movie", False),
        ("a silent comedy", True),
        ("a comedy from the 1920s", True),
        ("an old classic comedy", True),
    ],
)
def test_silent_films_are_welcome_only_when_asked_for(recommender: Recommender, message: str, welcome: bool) -> None:
    plan = recommender.understand(message, ConversationState())
    assert fan_ranking.welcomes_silent_films(plan, recommender.index) is welcome


def test_silent_films_fall_when_not_asked_for(recommender: Recommender, monkeypatch: pytest.MonkeyPatch) -> None:
    share = fan_ranking.SILENT_UNASKED_SHARE
    ranked = ranked_with(recommender, monkeypatch, "SILENT_UNASKED_SHARE")
    plain, without_silent = ranked("a funny movie", 1.0), ranked("a funny movie", share)
    silent = [t.id for t in plain if is_silent(t)]
    talkies = [t.id for t in plain if not is_silent(t)]
    assert silent and talkies, "the fixture must hold both for this test to mean anything"
    place, place_after = {t.id: i for i, t in enumerate(plain)}, {t.id: i for i, t in enumerate(without_silent)}
    assert all(place_after[i] >= place[i] for i in silent) and any(place_after[i] > place[i] for i in silent)
    assert all(place_after[i] <= place[i] for i in talkies)
