"""Follow-ups refine the previous search instead of starting over (offline, on the fixture index)."""

from __future__ import annotations

from typing import Any

import pytest

from chains.engine import Recommender
from chains.models import ConversationState, Recommendation
from chains.notes import NoteCode
from config import Settings
from tests.fixtures_llm import finished, run_turn
from vectorstore.filters import SearchFilters


@pytest.fixture
def chat(engine_index: Any, offline_settings: Settings):
    recommender = Recommender(engine_index, offline_settings)
    state = ConversationState()

    def say(message: str) -> Recommendation:
        return finished(run_turn(recommender, message, state))

    say.state = state  # type: ignore[attr-defined]
    return say


def test_only_from_the_90s_keeps_the_named_title_and_adds_the_decade(chat, engine_index: Any) -> None:
    first = chat("something like Toy Story")
    assert first.resolved is not None and first.resolved.title == "Toy Story"
    second = chat("only from the 90s")
    assert second.resolved is not None and second.resolved.id == first.resolved.id
    assert (second.filters.year_min, second.filters.year_max) == (1990, 1999)
    assert second.picks and all(1990 <= p.year <= 1999 for p in second.picks)
    # Titles already recommended in this conversation are not shown again.
    assert not {p.id for p in second.picks} & {p.id for p in first.picks}
    assert first.resolved.id not in {p.id for p in second.picks}


def test_more_like_the_second_one_searches_around_that_pick(chat) -> None:
    first = chat("something like Toy Story")
    second = chat("more like the second one")
    target = first.picks[1]
    assert second.resolved is not None and second.resolved.id == target.id
    ids = {p.id for p in second.picks}
    assert target.id not in ids and first.resolved.id not in ids
    assert len(second.picks) == 5


def test_more_like_number_two_keeps_earlier_constraints(chat) -> None:
    chat("a comedy from the 90s")
    second = chat("more like #2")
    assert second.filters.genres_all == ["Comedy"] and second.filters.year_min == 1990
    assert all("Comedy" in p.genres and 1990 <= p.year <= 1999 for p in second.picks)


def test_not_that_one_ive_seen_it_swaps_one_pick_and_remembers(chat) -> None:
    first = chat("something like Toy Story")
    second = chat("not that one, I've seen it")
    seen = first.picks[0].id
    assert chat.state.seen_ids == [seen]
    assert seen not in {p.id for p in second.picks}
    # The other picks were fine: they stay, and one new title takes the empty place.
    assert [p.id for p in first.picks[1:]] == [p.id for p in second.picks if p.id in {q.id for q in first.picks}]
    assert len(second.picks) == 5 and len({p.id for p in second.picks} - {p.id for p in first.picks}) == 1
    assert any(n.code == NoteCode.MARKED_SEEN and n.params["title"] == first.picks[0].title for n in second.notes)
    # Later turns never bring it back.
    third = chat("something lighter")
    assert seen not in {p.id for p in third.picks}


def test_not_the_third_one_rejects_that_pick(chat) -> None:
    first = chat("a slow-burn sci-fi about grief")
    second = chat("not the third one")
    assert chat.state.rejected_ids == [first.picks[2].id]
    assert first.picks[2].id not in {p.id for p in second.picks}


def test_mood_follow_ups_keep_the_search(chat) -> None:
    first = chat("like Alien")
    second = chat("funnier")
    assert second.resolved is not None and second.resolved.id == first.resolved.id
    assert "funnier" in chat.state.turns[-1].parsed.mood
    third = chat("darker")
    moods = chat.state.turns[-1].parsed.mood
    assert "darker" in moods and "funnier" in moods
    fourth = chat("something lighter")
    moods = chat.state.turns[-1].parsed.mood
    assert "lighter" in moods and "darker" not in moods  # opposites replace each other
    assert fourth.resolved is not None and fourth.resolved.id == first.resolved.id
    assert third.picks and fourth.picks


def test_a_new_title_starts_a_new_search(chat) -> None:
    chat("something like Toy Story")
    chat("only from the 90s")
    fresh = chat("something like Alien")
    assert fresh.resolved is not None and fresh.resolved.title == "Alien"
    assert fresh.filters.year_min is None  # the 90s belonged to the old search


def test_a_new_topic_starts_a_new_search(chat) -> None:
    chat("something like Toy Story")
    chat("only from the 90s")
    fresh = chat("a 2010s horror movie")
    assert fresh.resolved is None
    assert (fresh.filters.year_min, fresh.filters.genres_all) == (2010, ["Horror"])


def test_seen_and_rejected_titles_from_card_buttons_are_excluded(chat, engine_index: Any) -> None:
    first = chat("something like Toy Story")
    chat.state.seen_ids.append(first.picks[0].id)  # what the chat UI's card buttons do
    chat.state.rejected_ids.append(first.picks[1].id)
    again = chat("something like Toy Story")
    assert not {first.picks[0].id, first.picks[1].id} & {p.id for p in again.picks}


def test_a_reference_with_nothing_to_refer_to_says_so(chat) -> None:
    rec = chat("more like the second one")
    assert NoteCode.NO_EARLIER_PICKS in [n.code for n in rec.notes]


def test_the_state_records_each_turn(chat) -> None:
    first = chat("something like Toy Story")
    chat("only from the 90s")
    state = chat.state
    assert [t.request for t in state.turns] == ["something like Toy Story", "only from the 90s"]
    assert state.turns[0].pick_ids == [p.id for p in first.picks]
    assert set(state.shown_ids) >= set(state.turns[0].pick_ids + state.turns[1].pick_ids)
    # The state survives a round trip through JSON (chat history is stored that way).
    assert ConversationState.model_validate_json(state.model_dump_json()) == state


def test_chat_settings_apply_per_turn_and_are_not_inherited_as_said(
    engine_index: Any, offline_settings: Settings
) -> None:
    recommender = Recommender(engine_index, offline_settings)
    state = ConversationState()
    ui = SearchFilters(genres_exclude=["Horror"])
    first = finished(run_turn(recommender, "something like Alien", state, ui_filters=ui))
    assert first.filters.genres_exclude == ["Horror"]
    assert all("Horror" not in p.genres for p in first.picks)
    # The user switched the setting off: the follow-up keeps what was said, not the old setting.
    second = finished(run_turn(recommender, "only from the 80s", state))
    assert second.filters.genres_exclude == [] and second.filters.year_min == 1980
    assert second.resolved is not None and second.resolved.title == "Alien"


def test_an_ambiguous_title_names_the_alternatives(chat) -> None:
    rec = chat("something like Arrival")
    assert rec.resolved is not None and (rec.resolved.title, rec.resolved.year) == ("Arrival", 2016)
    assert "The Arrival (1996)" in rec.resolved.alternatives
    assert any(n.code == NoteCode.AMBIGUOUS_TITLE and "The Arrival (1996)" in n.params["others"] for n in rec.notes)


def test_concurrent_sessions_on_one_event_loop(engine_index: Any, offline_settings: Settings) -> None:
    import asyncio

    recommender = Recommender(engine_index, offline_settings)
    requests = ["something like Toy Story", "a 90s comedy", "like Alien but funny", "a TV show on Netflix"] * 3

    async def one(message: str) -> Recommendation:
        events = [e async for e in recommender.astream_turn(message, ConversationState())]
        return finished(events)

    async def all_at_once() -> list[Recommendation]:
        return await asyncio.gather(*(one(m) for m in requests))

    results = asyncio.run(all_at_once())
    assert [r.request for r in results] == requests
    for same in range(4):  # the same request answered alike whatever ran beside it
        assert [p.id for p in results[same].picks] == [p.id for p in results[same + 4].picks]
    assert all(len(r.picks) == 5 for r in results)


def test_a_named_series_asks_for_series(chat) -> None:
    # "like Breaking Bad" asks for series, unless the user says otherwise.
    # The request's own filters stay what the user said (no kind): only the search adds it.
    series = chat("like Breaking Bad")
    assert series.filters.type is None and series.picks and all(p.type == "TV Show" for p in series.picks)
    films = chat("something like Toy Story")  # films are nine in ten titles: no default needed, none added
    assert films.filters.type is None and len(films.picks) == 5
