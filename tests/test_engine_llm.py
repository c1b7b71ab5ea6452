"""The language-model path against a real local HTTP server that speaks the OpenAI API.

Every scripted failure must still end with five valid catalog picks, every one a retrieval
candidate that satisfies the request's constraints, and a note that says what happened.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from chains.engine import Recommender
from chains.models import (
    ConversationState,
    ExplanationToken,
    OpeningToken,
    PickStarted,
    Recommendation,
    Retrieved,
    Understood,
)
from chains.notes import LlmFailure, NoteCode, note
from config import Settings
from testkit.fake_llm import HAPPY_ORDER, FakeLLM
from tests.fixtures_llm import TEST_API_KEY, finished, run_turn
from vectorstore.filters import SearchFilters

REQUEST = "something like Toy Story"


def prompt_candidate_ids(body: dict[str, Any]) -> list[str]:
    """The candidate ids, in retrieval order, from the prompt the engine sent."""
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    ids = []
    for line in user.splitlines():
        parts = line.split(" | ")
        if len(parts) >= 5 and parts[2][:4].isdigit():
            ids.append(parts[0])
    return ids


def assert_valid_slate(rec: Recommendation, engine_index: Any, candidates: list[str], k: int = 5) -> None:
    ids = [p.id for p in rec.picks]
    assert len(ids) == k and len(set(ids)) == k
    for pick in rec.picks:
        assert pick.id in engine_index.catalog  # a real catalog title, never an invented one
        assert pick.id in candidates  # and one retrieval found for this request
        assert pick.explanation.strip()
        assert rec.filters.accepts(engine_index.catalog[pick.id])


def test_happy_path_streams_picks_and_explanations_in_order(
    engine_index: Any, llm_settings: Settings, fake_llm: FakeLLM
) -> None:
    events = run_turn(Recommender(engine_index, llm_settings), REQUEST)
    rec = finished(events)
    assert rec.mode == "llm" and rec.notes == []
    assert fake_llm.request_count == 1
    body = fake_llm.requests[0]
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert body["model"] == llm_settings.llm_model
    assert body.get("max_completion_tokens", body.get("max_tokens")) == llm_settings.llm_max_output_tokens
    candidates = prompt_candidate_ids(body)
    assert len(candidates) == llm_settings.candidates
    assert_valid_slate(rec, engine_index, candidates)
    # The model's ranking is used, not retrieval order.
    assert [p.id for p in rec.picks] == [candidates[i] for i in HAPPY_ORDER[:5]]

    kinds = [type(e) for e in events]
    assert kinds[0] is Understood and kinds[1] is Retrieved
    assert events[0].resolved is not None and events[0].resolved.title == "Toy Story"
    first_pick = kinds.index(PickStarted)
    assert OpeningToken in kinds[:first_pick]
    assert "".join(e.text for e in events if isinstance(e, OpeningToken)) == rec.opening
    for rank, pick in enumerate(rec.picks, start=1):
        streamed = [e.text for e in events if isinstance(e, ExplanationToken) and e.rank == rank]
        assert len(streamed) > 1  # it arrived in pieces, while the model was still writing
        assert "".join(streamed).strip() == pick.explanation
    starts = [e for e in events if isinstance(e, PickStarted)]
    assert [e.rank for e in starts] == [1, 2, 3, 4, 5]
    assert all(e.title.id == e.pick.id for e in starts)


def test_usage_and_cost_come_from_the_servers_usage_chunk(
    engine_index: Any, llm_settings: Settings, fake_llm: FakeLLM
) -> None:
    rec = finished(run_turn(Recommender(engine_index, llm_settings), REQUEST))
    sent = fake_llm.usage_sent[0]
    assert (rec.usage.input_tokens, rec.usage.output_tokens) == (sent["prompt_tokens"], sent["completion_tokens"])
    expected = sent["prompt_tokens"] * 0.15 / 1e6 + sent["completion_tokens"] * 0.60 / 1e6
    assert rec.usage.cost_usd == pytest.approx(expected)


def test_the_api_key_goes_only_in_the_authorization_header(
    engine_index: Any, llm_settings: Settings, fake_llm: FakeLLM
) -> None:
    rec = finished(run_turn(Recommender(engine_index, llm_settings), REQUEST))
    assert fake_llm.headers[0]["Authorization"] == f"Bearer {TEST_API_KEY}"
    assert TEST_API_KEY not in json.dumps(fake_llm.requests[0])
    assert TEST_API_KEY not in rec.model_dump_json()


def test_invented_ids_are_dropped_and_the_slate_is_filled(
    engine_index: Any, llm_settings: Settings, fake_llm: FakeLLM
) -> None:
    fake_llm.behaviour = "invented_ids"
    rec = finished(run_turn(Recommender(engine_index, llm_settings), REQUEST))
    assert_valid_slate(rec, engine_index, prompt_candidate_ids(fake_llm.requests[0]))
    assert "m-a-film-that-does-not-exist-2099" not in [p.id for p in rec.picks]
    assert rec.mode == "llm"
    assert any(n.code == NoteCode.LLM_SKIPPED and n.params["invented"] and n.params["missing"] for n in rec.notes)


def test_duplicate_ids_are_dropped_and_the_slate_is_filled(
    engine_index: Any, llm_settings: Settings, fake_llm: FakeLLM
) -> None:
    fake_llm.behaviour = "duplicate_ids"
    rec = finished(run_turn(Recommender(engine_index, llm_settings), REQUEST))
    assert_valid_slate(rec, engine_index, prompt_candidate_ids(fake_llm.requests[0]))
    assert note(NoteCode.LLM_SKIPPED, invented=0, repeats=2, missing=2) in rec.notes


@pytest.mark.parametrize(
    ("behaviour", "failure"),
    [
        ("malformed", LlmFailure.UNREADABLE),
        ("prose", LlmFailure.UNREADABLE),
        ("http_500", LlmFailure.ERROR),
        ("slow", LlmFailure.TIMEOUT),
        ("hang", LlmFailure.TIMEOUT),
    ],
)
def test_a_failing_model_falls_back_to_offline_ranking(
    engine_index: Any, llm_settings: Settings, fake_llm: FakeLLM, behaviour: str, failure: LlmFailure
) -> None:
    fake_llm.behaviour = behaviour
    settings = llm_settings.model_copy(update={"llm_timeout_s": 1.0})
    events = run_turn(Recommender(engine_index, settings), REQUEST)
    rec = finished(events)
    assert fake_llm.request_count == 1
    assert_valid_slate(rec, engine_index, prompt_candidate_ids(fake_llm.requests[0]))
    assert rec.mode == "offline"
    assert note(NoteCode.LLM_FAILED, failure=failure) in rec.notes
    # The opening shown introduces the slate actually shown, not what the model began to say.
    assert "".join(e.text for e in events if isinstance(e, OpeningToken)) == rec.opening
    assert "picked by catalog similarity" in rec.opening


def test_a_connection_dropped_midway_keeps_the_model_picks_and_fills_the_rest(
    engine_index: Any, llm_settings: Settings, fake_llm: FakeLLM
) -> None:
    fake_llm.behaviour = "partial"
    rec = finished(run_turn(Recommender(engine_index, llm_settings), REQUEST))
    candidates = prompt_candidate_ids(fake_llm.requests[0])
    assert_valid_slate(rec, engine_index, candidates)
    assert [p.id for p in rec.picks[:2]] == [candidates[i] for i in HAPPY_ORDER[:2]]
    assert note(NoteCode.LLM_FAILED_PARTLY, failure=LlmFailure.ERROR, missing=3) in rec.notes


def test_a_repeated_identical_turn_is_served_from_the_cache_without_any_http_call(
    engine_index: Any, llm_settings: Settings, fake_llm: FakeLLM
) -> None:
    first = finished(run_turn(Recommender(engine_index, llm_settings), REQUEST))
    assert fake_llm.request_count == 1
    # A new engine (a restarted server) with the same cache file: still no call.
    second_events = run_turn(Recommender(engine_index, llm_settings), REQUEST)
    second = finished(second_events)
    assert fake_llm.request_count == 1
    assert [p.id for p in second.picks] == [p.id for p in first.picks]
    assert [p.explanation for p in second.picks] == [p.explanation for p in first.picks]
    assert second.usage.input_tokens == 0  # nothing was sent, nothing was paid
    assert any(isinstance(e, ExplanationToken) for e in second_events)  # replayed as a stream


def test_a_failed_answer_is_not_cached(engine_index: Any, llm_settings: Settings, fake_llm: FakeLLM) -> None:
    fake_llm.behaviour = "malformed"
    run_turn(Recommender(engine_index, llm_settings), REQUEST)
    fake_llm.behaviour = "happy"
    rec = finished(run_turn(Recommender(engine_index, llm_settings), REQUEST))
    assert fake_llm.request_count == 2 and rec.mode == "llm"


def test_a_corrupted_cache_file_does_not_break_a_turn(
    engine_index: Any, llm_settings: Settings, fake_llm: FakeLLM, caplog: pytest.LogCaptureFixture
) -> None:
    assert llm_settings.llm_cache_path is not None
    llm_settings.llm_cache_path.write_bytes(b"this is not a SQLite database" * 100)
    with caplog.at_level(logging.WARNING):
        rec = finished(run_turn(Recommender(engine_index, llm_settings), REQUEST))
    assert rec.mode == "llm" and len(rec.picks) == 5
    assert any("cache" in r.getMessage() for r in caplog.records)


def test_offline_flag_wins_over_a_configured_model(
    engine_index: Any, llm_settings: Settings, fake_llm: FakeLLM
) -> None:
    rec = finished(run_turn(Recommender(engine_index, llm_settings), REQUEST, offline=True))
    assert fake_llm.request_count == 0
    assert rec.mode == "offline" and NoteCode.OFFLINE in [n.code for n in rec.notes]


def test_ui_filters_combine_with_the_message_and_the_message_wins(
    engine_index: Any, llm_settings: Settings, fake_llm: FakeLLM
) -> None:
    ui = SearchFilters(year_min=2000, year_max=2020, genres_exclude=["Horror"])
    rec = finished(run_turn(Recommender(engine_index, llm_settings), "a comedy from the 90s", ui_filters=ui))
    assert (rec.filters.year_min, rec.filters.year_max) == (1990, 1999)  # the message wins on years
    assert rec.filters.genres_exclude == ["Horror"] and rec.filters.genres_all == ["Comedy"]
    for pick in rec.picks:
        assert rec.filters.accepts(engine_index.catalog[pick.id])


def test_the_sync_door_returns_the_same_recommendation(
    engine_index: Any, llm_settings: Settings, fake_llm: FakeLLM
) -> None:
    recommender = Recommender(engine_index, llm_settings)
    try:
        rec = recommender.recommend(REQUEST, ConversationState())
        again = recommender.recommend("a slow-burn sci-fi about grief")  # same loop, same HTTP client
    finally:
        recommender.close()
    assert rec.mode == "llm" and len(rec.picks) == 5
    assert again.mode == "llm" and fake_llm.request_count == 2


def test_the_query_rewriter_can_add_but_never_remove_constraints(
    engine_index: Any, llm_settings: Settings, fake_llm: FakeLLM
) -> None:
    fake_llm.rewrite_response = {
        "query_text": "toys that come to life",
        "genres_include": ["Horror"],  # the parser found Animation: the model may not replace it
        "genres_exclude": ["War", "Not A Genre"],
        "year_min": 1990,
        "year_max": 1999,
        "moods": ["lighter", "made-up mood"],
    }
    settings = llm_settings.model_copy(update={"llm_rewrite_queries": True})
    rec = finished(run_turn(Recommender(engine_index, settings), "an animated film, no musicals"))
    assert rec.filters.genres_all == ["Animation"] and rec.filters.type == "Movie"
    assert set(rec.filters.genres_exclude) == {"Musical", "War"}
    assert (rec.filters.year_min, rec.filters.year_max) == (1990, 1999)
    assert fake_llm.request_count == 2 and fake_llm.requests[0].get("response_format")
    for pick in rec.picks:
        assert rec.filters.accepts(engine_index.catalog[pick.id])


def test_a_failing_query_rewriter_leaves_the_parse_alone(
    engine_index: Any, llm_settings: Settings, fake_llm: FakeLLM
) -> None:
    fake_llm.behaviour = "http_500"
    settings = llm_settings.model_copy(update={"llm_rewrite_queries": True})
    rec = finished(run_turn(Recommender(engine_index, settings), "a comedy from the 90s"))
    assert rec.filters.genres_all == ["Comedy"] and rec.filters.year_min == 1990
    assert len(rec.picks) == 5 and rec.mode == "offline"


def test_the_prompt_stays_within_the_input_budget_for_a_long_request(
    engine_index: Any, llm_settings: Settings, fake_llm: FakeLLM
) -> None:
    from langchain_core.messages import HumanMessage, SystemMessage

    from chains.reranker import INPUT_TOKEN_BUDGET
    from chains.usage import count_message_tokens

    long_request = "a slow-burn sci-fi about grief and memory and loss, " * 30
    rec = finished(run_turn(Recommender(engine_index, llm_settings), long_request))
    assert rec.mode == "llm" and len(rec.picks) == 5
    sent = fake_llm.requests[0]["messages"]
    messages = [SystemMessage(m["content"]) if m["role"] == "system" else HumanMessage(m["content"]) for m in sent]
    assert count_message_tokens(messages) <= INPUT_TOKEN_BUDGET
    assert len(prompt_candidate_ids(fake_llm.requests[0])) == llm_settings.candidates
