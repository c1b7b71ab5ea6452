"""A story led by a woman ("an action movie with a strong female lead"): read from the message, kept by a
follow-up, searched as what it means, and seen in what a synopsis says of the people it follows, on the real
fixture index."""

from __future__ import annotations

import pytest

from chains.engine import Recommender
from chains.models import ConversationState
from chains.protagonist import woman_led
from tests.test_film_kinds import moved_up
from tests.test_ranking_fans import by_title


@pytest.mark.parametrize(
    ("message", "asked"),
    [
        ("an action movie with a strong female lead", True),
        ("something female-led", True),
        ("a thriller where the protagonist is a woman", True),
        ("a western with a heroine", True),
        ("an action movie with a strong plot", False),
        ("a movie about a strong woman's friendship with her mother", True),
        # What the user dislikes is never asked for.
        ("I don't like female-led action movies, something else", False),
    ],
)
def test_a_woman_lead_is_read_from_the_message(recommender: Recommender, message: str, asked: bool) -> None:
    assert recommender.understand(message, ConversationState()).parsed.woman_lead is asked


def test_the_words_are_searched_as_what_they_mean(recommender: Recommender) -> None:
    # "lead" would find titles that have the word; the search is for a woman's story.
    query = recommender.understand("an action movie with a strong female lead", ConversationState()).parsed.query_text
    assert "lead" not in query.split() and "woman" in query


def test_a_follow_up_keeps_the_woman_lead(recommender: Recommender) -> None:
    state = ConversationState()
    recommender.recommend("an action movie with a strong female lead", state)
    assert recommender.understand("only from the 2010s", state).parsed.woman_lead


def test_a_synopsis_about_a_woman_is_woman_led(recommender: Recommender) -> None:
    index = recommender.index
    aliens, gravity, die_hard = by_title(index, "Aliens"), by_title(index, "Gravity"), by_title(index, "Die Hard")
    assert woman_led(aliens) == 1.0  # Ripley: "she", "her", nothing of a man
    assert woman_led(gravity) > 0  # "her first Shuttle mission", beside "his last flight"
    assert woman_led(die_hard) < woman_led(aliens)
    assert woman_led(aliens.model_copy(update={"overview": ""})) == 0.0  # nothing known, nothing guessed


def test_titles_led_by_women_rank_higher_when_asked(recommender: Recommender, monkeypatch: pytest.MonkeyPatch) -> None:
    rose, fell = moved_up(
        recommender,
        monkeypatch,
        "WOMAN_LEAD_BONUS",
        0.3,
        "an action movie with a strong female lead",
        lambda t, plan: woman_led(t) >= 0.75,
    )
    assert rose and not fell
