"""Content a user wants kept away ("just not too violent", "less scary"): read from real records (genres,
overview words, certificates) and weighed in the ranking, on the fixture index; never a filter."""

from __future__ import annotations

from typing import Any

import pytest

from catalog.models import Title
from chains.content_signs import content_share
from chains.engine import Recommender
from config import Settings


@pytest.fixture
def recommender(engine_index: Any, offline_settings: Settings):
    rec = Recommender(engine_index, offline_settings)
    yield rec
    rec.close()


def _record(index: Any, title: str, year: int) -> Title:
    return next(t for t in index.catalog.values() if t.title == title and t.year == year)


def test_a_slasher_shows_violence_and_a_family_film_does_not(engine_index: Any) -> None:
    halloween = _record(engine_index, "Halloween", 1978)
    toy_story = _record(engine_index, "Toy Story", 1995)
    assert content_share(halloween, ["violence"]) >= 0.7
    assert content_share(toy_story, ["violence"]) < 0.3
    assert content_share(halloween, ["scares"]) > content_share(toy_story, ["scares"])


def test_a_genre_the_user_wants_is_no_sign_of_what_they_avoid(engine_index: Any) -> None:
    # "a scary movie but not gory": horror is asked for, only the gore is not.
    halloween = _record(engine_index, "Halloween", 1978)
    assert content_share(halloween, ["violence"], frozenset({"Horror"})) < content_share(halloween, ["violence"])


def _mean_violence(picks: list[Any], index: Any) -> float:
    return sum(content_share(index.catalog[p.id], ["violence"]) for p in picks) / len(picks)


def test_not_too_violent_keeps_the_action_and_lowers_the_violence(recommender: Recommender, engine_index: Any) -> None:
    plain = recommender.recommend("I like some action", offline=True)
    gentle = recommender.recommend("I like some action. Just not too violent", offline=True)
    assert len(gentle.picks) == 5
    assert gentle.filters.genres_all == [] and gentle.filters.genres_exclude == []  # soft, never a filter
    assert _mean_violence(gentle.picks, engine_index) < _mean_violence(plain.picks, engine_index)
    # The action the user likes is not held against a title: most picks are still action films.
    assert sum("Action" in p.genres for p in gentle.picks) >= 3, [(p.title, p.genres) for p in gentle.picks]
