"""The model proposes titles it knows fit; only those grounded to the catalog can become picks.

Against the fake OpenAI-compatible server (testkit/fake_llm.py) scripted with a real catalog title
that retrieval did not find and an invented one, on the real fixture index with the real encoder.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from chains.engine import RANKING_POOL, Recommender
from chains.fan_ranking import rank_for_fans
from chains.models import ConversationState
from chains.proposals import (
    PROPOSAL_OUTPUT_TOKENS,
    TURN_INPUT_TOKENS,
    TURN_OUTPUT_TOKENS,
    ProposedTitle,
    as_candidates,
    parse_proposals,
)
from config import Settings
from testkit.fake_llm import FakeLLM
from tests.fixtures_llm import finished, run_turn

REQUEST = "something like Toy Story"
INVENTED = "The Gorblax Chronicles of Zzyzx (2019)"
# Well-known fixture titles far from Toy Story: the first one retrieval does not find is the proposal.
FAR_TITLES = [("The Godfather", 1972), ("Alien", 1979), ("Interstellar", 2014), ("Arrival", 2016)]


@pytest.fixture
def propose_settings(llm_settings: Settings) -> Settings:
    # A generous wait: two CPU cores shared by a whole test run must not turn a good answer into a timeout.
    # No well-known extras: with them the ranking pool covers the whole small fixture catalog, and these
    # tests need titles the search alone does not find.
    return llm_settings.model_copy(update={"llm_propose_titles": True, "llm_timeout_s": 15.0, "well_known_pool": 0})


@pytest.fixture
def impatient_settings(propose_settings: Settings) -> Settings:
    return propose_settings.model_copy(update={"llm_timeout_s": 3.0})


def catalog_id(engine_index: Any, title: str, year: int) -> str:
    return next(t.id for t in engine_index.catalog.values() if t.title == title and t.year == year)


def retrieved_ids(recommender: Recommender, message: str) -> set[str]:
    plan = recommender.understand(message, ConversationState())
    return {c.title.id for c in recommender.retriever.retrieve(plan, RANKING_POOL).candidates}


def outside_retrieval(engine_index: Any, recommender: Recommender, message: str) -> tuple[str, str]:
    found = retrieved_ids(recommender, message)
    for title, year in FAR_TITLES:
        title_id = catalog_id(engine_index, title, year)
        if title_id not in found:
            return f"{title} ({year})", title_id
    pytest.fail("every far title was retrieved: the fixture catalog changed")


def rerank_body(fake_llm: FakeLLM) -> dict[str, Any]:
    return next(b for b in fake_llm.requests if "own knowledge" not in str(b["messages"]))


def test_a_real_proposed_title_can_be_picked_and_an_invented_one_never_is(
    engine_index: Any, propose_settings: Settings, fake_llm: FakeLLM
) -> None:
    recommender = Recommender(engine_index, propose_settings)
    real_name, real_id = outside_retrieval(engine_index, recommender, REQUEST)
    fake_llm.proposals = [INVENTED, real_name]
    events = run_turn(recommender, REQUEST)
    rec = finished(events)

    assert fake_llm.request_count == 2  # one proposal call, one re-rank
    proposal_prompt = str(fake_llm.requests[0]["messages"])
    assert "own knowledge" in proposal_prompt and "Toy Story (1995)" in proposal_prompt  # the seed is excluded
    rerank_prompt = str(rerank_body(fake_llm)["messages"])
    assert real_id in rerank_prompt and "Gorblax" not in rerank_prompt  # grounded joins, invented does not

    assert rec.mode == "llm" and len(rec.picks) == 5
    assert real_id in [p.id for p in rec.picks]  # the fake re-rank chose it (its HAPPY_ORDER)
    assert all(p.id in engine_index.catalog for p in rec.picks)
    shown = rec.opening + " ".join(p.title + p.explanation for p in rec.picks)
    assert "Gorblax" not in shown and "Gorblax" not in str(events)
    real_pick = next(p for p in rec.picks if p.id == real_id)
    assert 0 < real_pick.score <= 1  # a real similarity to the request, scored like a retrieved title
    # ... by the same ranking as the retrieved titles, together with them (not on a scale of its own)
    plan = recommender.understand(REQUEST, ConversationState())
    pool = recommender.retriever.retrieve(plan, RANKING_POOL).candidates
    proposal = as_candidates([engine_index.catalog[real_id]], recommender.retriever, plan)
    ranked = rank_for_fans(pool + proposal, plan, engine_index, recommender.vocabulary.latest_year)
    assert real_pick.score == next(c.score for c in ranked if c.title.id == real_id)


def test_the_turn_stays_within_its_token_budget(
    engine_index: Any, propose_settings: Settings, fake_llm: FakeLLM
) -> None:
    recommender = Recommender(engine_index, propose_settings)
    real_name, _ = outside_retrieval(engine_index, recommender, REQUEST)
    fake_llm.proposals = [real_name, INVENTED, "Toy Story 2 (1999)", "Finding Nemo (2003)"]
    rec = finished(run_turn(recommender, REQUEST))
    sent = fake_llm.usage_sent
    print(f"turn usage with proposals: {rec.usage.input_tokens} in / {rec.usage.output_tokens} out; per call: {sent}")
    assert len(sent) == 2
    # The usage recorded is the server's own count of both calls, and within the turn's budget.
    assert rec.usage.input_tokens == sum(u["prompt_tokens"] for u in sent) <= TURN_INPUT_TOKENS
    assert rec.usage.output_tokens == sum(u["completion_tokens"] for u in sent) <= TURN_OUTPUT_TOKENS
    proposal, rerank = fake_llm.requests
    limit = "max_completion_tokens" if "max_completion_tokens" in proposal else "max_tokens"
    assert proposal[limit] == PROPOSAL_OUTPUT_TOKENS
    # The re-rank may only write what the proposal left of the turn's output.
    assert rerank[limit] == TURN_OUTPUT_TOKENS - sent[0]["completion_tokens"]


def test_proposals_obey_the_hard_filters_and_never_return_the_seed(
    engine_index: Any, propose_settings: Settings, fake_llm: FakeLLM
) -> None:
    godfather = catalog_id(engine_index, "The Godfather", 1972)
    seed = catalog_id(engine_index, "Toy Story", 1995)
    fake_llm.proposals = ["The Godfather (1972)", "Toy Story (1995)", "Toy Story"]
    rec = finished(run_turn(Recommender(engine_index, propose_settings), "something like Toy Story from the 90s"))
    rerank_prompt = str(rerank_body(fake_llm)["messages"])
    assert godfather not in rerank_prompt  # 1972 is not the 90s
    assert {godfather, seed}.isdisjoint(p.id for p in rec.picks)
    assert rec.picks and all(1990 <= p.year <= 1999 for p in rec.picks)


def test_titles_already_suggested_are_not_proposed_again(
    engine_index: Any, propose_settings: Settings, fake_llm: FakeLLM
) -> None:
    recommender = Recommender(engine_index, propose_settings)
    state = ConversationState()
    real_name, real_id = outside_retrieval(engine_index, recommender, REQUEST)
    fake_llm.proposals = [real_name]
    first = finished(run_turn(recommender, REQUEST, state))
    assert real_id in [p.id for p in first.picks]
    fake_llm.reset()
    fake_llm.proposals = [real_name]
    second = finished(run_turn(recommender, "more like that", state))
    assert real_name in str(fake_llm.requests[0]["messages"])  # the prompt says it was suggested
    assert real_id not in [p.id for p in second.picks]


@pytest.mark.parametrize("failure", ["http_500", "malformed", "prose"])
def test_a_failing_proposal_call_leaves_the_retrieved_candidates(
    engine_index: Any, propose_settings: Settings, fake_llm: FakeLLM, failure: str
) -> None:
    recommender = Recommender(engine_index, propose_settings)
    found = retrieved_ids(recommender, REQUEST)
    fake_llm.proposal_behaviour = failure
    rec = finished(run_turn(recommender, REQUEST))
    assert rec.mode == "llm" and len(rec.picks) == 5  # the re-rank still ran
    assert {p.id for p in rec.picks} <= found
    assert rec.notes == []  # proposals are extra: nothing to apologise for


def test_a_hung_proposal_call_costs_at_most_half_the_wait(
    engine_index: Any, impatient_settings: Settings, fake_llm: FakeLLM
) -> None:
    recommender = Recommender(engine_index, impatient_settings)
    found = retrieved_ids(recommender, REQUEST)
    fake_llm.proposal_behaviour = "hang"
    started = time.monotonic()
    rec = finished(run_turn(recommender, REQUEST))
    elapsed = time.monotonic() - started
    assert rec.mode == "llm" and len(rec.picks) == 5 and {p.id for p in rec.picks} <= found
    assert elapsed < impatient_settings.llm_timeout_s + 3  # half for the proposal, the re-rank was quick


def test_a_hung_server_costs_the_turn_at_most_one_and_a_half_model_timeouts(
    engine_index: Any, impatient_settings: Settings, fake_llm: FakeLLM
) -> None:
    fake_llm.behaviour = "hang"
    started = time.monotonic()
    rec = finished(run_turn(Recommender(engine_index, impatient_settings), REQUEST))
    elapsed = time.monotonic() - started
    assert rec.mode == "offline" and len(rec.picks) == 5
    assert elapsed < 1.5 * impatient_settings.llm_timeout_s + 3  # not one whole timeout per call


def test_proposal_lines_are_read_leniently() -> None:
    text = '1. Up (2009)\n- *Finding Nemo* (2003)\n\nMonsters, Inc.\n"Alien" [1979]\nUp (2009)\n' + "x" * 200
    assert parse_proposals(text, 10) == [
        ProposedTitle("Up", 2009),
        ProposedTitle("Finding Nemo", 2003),
        ProposedTitle("Monsters, Inc."),
        ProposedTitle("Alien", 1979),
    ]
    assert len(parse_proposals(text, 2)) == 2
