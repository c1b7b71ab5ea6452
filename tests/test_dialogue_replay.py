"""A message history replayed into one conversation (chains/dialogue.py): only the last user message is
answered, the assistant side's titles stand for what the person was offered, and they steer the taste."""

from __future__ import annotations

from typing import Any

import numpy as np

from chains.dialogue import Message, Replay, TitleSpotter
from chains.engine import Recommender
from tests.fixtures_llm import catalog_record


def _history(*messages: tuple[str, str]) -> list[Message]:
    return [Message(role=role, content=content) for role, content in messages]  # type: ignore[arg-type]


def _replay(rec: Recommender) -> Replay:
    return Replay(rec, TitleSpotter(rec.index.catalog.values()), k=5, offline=True)


def test_only_the_last_user_message_is_answered(recommender: Recommender, engine_index: Any) -> None:
    nemo = catalog_record(engine_index, "Finding Nemo", 2003)
    replay = _replay(recommender)
    answer = replay.answer(
        _history(
            ("user", "something like Toy Story"),
            ("assistant", f"Have you seen {nemo.title} ({nemo.year})?"),
            ("user", "a scary movie"),
            ("assistant", "What kind of scary do you like?"),
            ("user", "only from the 80s"),
        )
    )
    assert answer is not None and answer.request == "only from the 80s" and len(answer.picks) == 5
    turns = replay.state.turns
    assert [t.request for t in turns] == ["something like Toy Story", "a scary movie", "only from the 80s"]
    # The earlier turns hold what the person was offered (the other side's titles), never a replayed answer.
    assert [t.pick_ids for t in turns[:2]] == [[nemo.id], []]
    assert turns[2].pick_ids == [p.id for p in answer.picks]
    assert all(1980 <= p.year <= 1989 for p in answer.picks)  # the follow-up kept the second turn's search


def test_loved_that_one_is_about_the_title_the_assistant_named(recommender: Recommender, engine_index: Any) -> None:
    nemo = catalog_record(engine_index, "Finding Nemo", 2003)
    answer = _replay(recommender).answer(
        _history(
            ("user", "I want a movie to watch tonight"),
            ("assistant", f"Have you seen {nemo.title} ({nemo.year})?"),
            ("user", "Yes! I loved that one"),
        )
    )
    assert answer is not None and answer.resolved is not None and answer.resolved.id == nemo.id
    assert nemo.id not in {p.id for p in answer.picks} and len(answer.picks) == 5


def _mean_similarity(index: Any, ids: list[str], to_ids: list[str]) -> float:
    vectors = [index.vector(i) for i in ids]
    targets = [index.vector(i) for i in to_ids]
    return float(np.mean([float(np.dot(v, t)) for v in vectors for t in targets]))


def test_the_other_sides_suggestions_steer_a_request_without_a_topic(
    recommender: Recommender, engine_index: Any
) -> None:
    alien, aliens = catalog_record(engine_index, "Alien", 1979), catalog_record(engine_index, "Aliens", 1986)
    question = ("user", "any other ideas?")
    alone = _replay(recommender).answer(_history(("user", "hi, I need a movie for tonight"), question))
    steered = _replay(recommender).answer(
        _history(
            ("user", "hi, I need a movie for tonight"),
            ("assistant", f"How about {alien.title} ({alien.year}) or {aliens.title} ({aliens.year})?"),
            question,
        )
    )
    assert alone is not None and steered is not None and len(steered.picks) == 5
    suggested = [alien.id, aliens.id]
    assert not set(suggested) & {p.id for p in steered.picks}
    steered_ids, alone_ids = [p.id for p in steered.picks], [p.id for p in alone.picks]
    gain = _mean_similarity(engine_index, steered_ids, suggested) - _mean_similarity(engine_index, alone_ids, suggested)
    assert gain > 0.1, (steered_ids, alone_ids)
