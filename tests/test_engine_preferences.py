"""Understanding people across a conversation (offline, on the fixture index): taste statements stay
soft, dislikes never flip, several titles are all seeds, reactions and liked people accumulate."""

from __future__ import annotations

from typing import Any

import pytest

from chains.dialogue import Message, Replay, TitleSpotter
from chains.engine import Recommender
from chains.models import ConversationState, Recommendation
from tests.fixtures_llm import finished, run_turn


@pytest.fixture
def chat(recommender: Recommender):
    state = ConversationState()

    def say(message: str) -> Recommendation:
        return finished(run_turn(recommender, message, state))

    say.state = state  # type: ignore[attr-defined]
    return say


def test_a_dislike_keeps_the_topic_and_excludes_the_genre(chat, recommender) -> None:
    chat("a holiday movie")
    plan = recommender.understand("I do not really like musicals.", chat.state)
    assert plan.follow_up
    assert "holiday" in plan.parsed.query_text
    assert "Musical" in plan.filters.genres_exclude and "Musical" not in plan.filters.genres_all
    answer = chat("I do not really like musicals.")
    assert answer.picks and all("Musical" not in p.genres for p in answer.picks)


def test_taste_statement_genres_do_not_filter(chat) -> None:
    answer = chat("the last movie i saw was Knives Out. I generally like comedy, drama and documentaries")
    assert answer.filters.genres_all == [] and answer.filters.genres_any == []
    assert len(answer.picks) == 5  # three genres at once no longer starve the search
    assert "m-knives-out-2019" not in {p.id for p in answer.picks}
    assert chat.state.taste.liked_genres == ("Comedy", "Drama", "Documentary")


def test_a_taste_alone_is_what_is_asked_for_softly(recommender: Recommender, engine_index: Any) -> None:
    # "I'm into thrillers": no filter (the taste is soft), yet the picks are thrillers first; a famous
    # film of another kind does not lead on fame alone.
    answer = recommender.recommend("I'm into thrillers, what do you have?", offline=True)
    assert answer.filters.genres_all == [] and answer.filters.genres_any == []
    thrillers = sum(1 for t in engine_index.catalog.values() if "Thriller" in t.genres)
    assert thrillers >= 5 and len(answer.picks) == 5
    assert all("Thriller" in p.genres for p in answer.picks), [(p.title, p.genres) for p in answer.picks]


def test_several_loved_titles_are_all_seeds_and_none_is_picked_back(recommender) -> None:
    plan = recommender.understand("I loved Parasite and Knives Out", ConversationState())
    assert {s.title for s in plan.seeds} == {"Parasite", "Knives Out"}
    answer = recommender.recommend("I loved Parasite and Knives Out", ConversationState(), offline=True)
    assert not {p.title for p in answer.picks} & {"Parasite", "Knives Out"}


def test_a_disliked_title_is_no_seed(recommender) -> None:
    plan = recommender.understand("I didn't like Titanic, something like Heat", ConversationState())
    assert [s.title for s in plan.seeds] == ["Heat"]
    assert "Titanic" in {t.title for t in plan.taste.disliked_titles}


def test_reactions_shape_the_conversation(chat, recommender) -> None:
    first = chat("something like Arrival")
    second = chat("loved that one")
    assert first.picks[0].id in {t.id for t in chat.state.taste.liked_titles}
    assert second.resolved is not None and second.resolved.id == first.picks[0].id
    third = chat("not for me")
    assert second.picks[0].id in {t.id for t in chat.state.taste.disliked_titles}
    assert second.picks[0].id not in {p.id for p in third.picks}


def test_a_liked_person_is_remembered_and_steers_the_search(chat, recommender, engine_index: Any) -> None:
    arrival = engine_index.catalog["m-arrival-2016"]
    lead = arrival.cast[0]
    chat("a science fiction movie")
    plan = recommender.understand(f"I like {lead}", chat.state)
    assert plan.follow_up and plan.filters.genres_all == ["Science Fiction"]
    assert lead in plan.taste.liked_people
    chat(f"I like {lead}")
    assert lead in chat.state.taste.liked_people


def test_a_cozy_british_mystery_keeps_british_crime_series(recommender, engine_index: Any) -> None:
    plan = recommender.understand("a cozy British mystery series", ConversationState())
    f = plan.filters
    assert "Crime" in f.genres_any and "Mystery" in f.genres_any and not f.genres_all
    assert "United Kingdom" in f.countries_any
    answer = recommender.recommend("a cozy British mystery series", ConversationState(), offline=True)
    assert "Father Brown" in {p.title for p in answer.picks}  # Crime/Drama, not labelled Mystery
    for pick in answer.picks:
        title = engine_index.catalog[pick.id]
        assert title.type == "TV Show" and "United Kingdom" in title.countries


def test_a_preference_after_a_reaction_keeps_the_topic(recommender: Recommender) -> None:
    # "I'd prefer something romantic" refines the holiday request; "prefer" is no topic of its own.
    replay = Replay(recommender, TitleSpotter(recommender.index.catalog.values()), k=5, offline=True)
    messages = [
        Message(role="user", content="a holiday movie"),
        Message(role="assistant", content="How about Home Alone (1990)?"),
        Message(role="user", content="haven't heard of it, but I'd prefer something romantic"),
    ]
    assert replay.answer(messages) is not None
    query = replay.state.turns[-1].parsed.query_text
    assert "prefer" not in query and "holiday" in query, query
