"""Two named films asked for at once ("I loved Alien and Toy Story, something that mixes both"): a film of each
one's own kind (animated science fiction), not more of one of them, on the real fixture index."""

from __future__ import annotations

import pytest

from chains import fan_ranking
from chains.engine import Recommender
from chains.models import ConversationState
from tests.test_genre_classics import ranked_with

MIX = "I loved Alien and Toy Story, something that mixes both"


@pytest.mark.parametrize(
    ("message", "mix"),
    [
        (MIX, True),
        ("a mix of Alien and Toy Story", True),
        ("somewhere between Alien and Toy Story", True),
        ("I loved Alien and Toy Story", False),  # more of either is fine
        ("something that mixes comedy and horror", False),  # genres, not named films
    ],
)
def test_a_mix_of_named_films_is_read(recommender: Recommender, message: str, mix: bool) -> None:
    assert recommender.understand(message, ConversationState()).parsed.mix is mix


def test_the_words_of_a_mix_are_no_title(recommender: Recommender) -> None:
    plan = recommender.understand("a mix of Alien and Toy Story", ConversationState())
    assert sorted(s.title for s in plan.seeds) == ["Alien", "Toy Story"]
    assert "mix" not in plan.parsed.query_text


def test_titles_of_both_kinds_come_before_titles_of_one(
    recommender: Recommender, monkeypatch: pytest.MonkeyPatch
) -> None:
    share = fan_ranking.MIX_MISS_SHARE
    ranked = ranked_with(recommender, monkeypatch, "MIX_MISS_SHARE")
    plan = recommender.understand(MIX, ConversationState())
    own = [set(s.genres) - fan_ranking.MIX_PLAIN_GENRES for s in plan.seeds]

    def of_both(title: object) -> bool:
        return all(o & set(title.genres) for o in own)  # type: ignore[attr-defined]

    plain, mixed = ranked(MIX, 1.0), ranked(MIX, share)
    both = [t.id for t in plain[:30] if of_both(t)]
    one = [t.id for t in plain[:30] if not of_both(t)]
    assert both and one, "the fixture must hold both for this test to mean anything"
    place = {t.id: i for i, t in enumerate(plain)}
    place_mixed = {t.id: i for i, t in enumerate(mixed)}
    assert all(place_mixed[i] <= place[i] for i in both) and any(place_mixed[i] < place[i] for i in both)
    assert all(place_mixed[i] >= place[i] for i in one)
