"""Content a user wants kept away ("just not too violent", "less scary"): read from real records (genres,
overview words, certificates) and weighed in the ranking, on the fixture index; never a filter."""

from __future__ import annotations

from typing import Any

import pytest

from chains import fan_ranking
from chains.content_signs import content_share
from chains.engine import Recommender
from chains.lexicon import MOODS
from chains.models import Candidate, ConversationState
from chains.retriever import classics_test
from tests.fixtures_llm import catalog_record
from tests.test_genre_classics import ranked_with


def test_a_slasher_shows_violence_and_a_family_film_does_not(engine_index: Any) -> None:
    halloween = catalog_record(engine_index, "Halloween", 1978)
    toy_story = catalog_record(engine_index, "Toy Story", 1995)
    assert content_share(halloween, ["violence"]) >= 0.7
    assert content_share(toy_story, ["violence"]) < 0.3
    assert content_share(halloween, ["scares"]) > content_share(toy_story, ["scares"])


def test_a_genre_the_user_wants_is_no_sign_of_what_they_avoid(engine_index: Any) -> None:
    # "a scary movie but not gory": horror is asked for, only the gore is not.
    halloween = catalog_record(engine_index, "Halloween", 1978)
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


def test_children_watching_keep_adult_certificates_and_violence_away(
    recommender: Recommender, engine_index: Any
) -> None:
    from chains.audience import certificate_suits
    from chains.preferences import Audience

    kids = Audience(kinds=("kids",), kid_ages=(8, 11))
    suitable = [t for t in engine_index.catalog.values() if certificate_suits(t.certificate, kids)]
    assert len(suitable) >= 5  # the fixture holds enough films an 8-year-old may watch
    answer = recommender.recommend("a monster movie my kids (8 and 11) would enjoy", offline=True)
    assert len(answer.picks) == 5
    assert not any(certificate_suits(engine_index.catalog[p.id].certificate, kids) is False for p in answer.picks)
    assert _mean_violence(answer.picks, engine_index) < 0.3, [p.title for p in answer.picks]


def test_a_childs_age_holds_an_adult_certificate_back(recommender: Recommender, engine_index: Any) -> None:
    plan = recommender.understand("a film my kids (8 and 11) would enjoy", ConversationState())
    film = catalog_record(engine_index, "Back to the Future", 1985)
    assert film.certificate == "PG"
    # The same record rated R (under a neutral name, so the slate keeps both): only the certificate can rank it lower.
    rated_r = film.model_copy(update={"id": "m-rated-r-copy", "title": "Rated Copy", "certificate": "R"})
    pool = [Candidate(title=t, similarity=0.5) for t in (rated_r, film)]
    ranked = fan_ranking.rank_for_fans(pool, plan, engine_index)
    assert ranked[0].title.id == film.id and ranked[1].score < ranked[0].score


def test_a_black_comedy_or_a_story_of_despair_shows_dark_themes(engine_index: Any) -> None:
    fargo = catalog_record(engine_index, "Fargo", 1996)  # its lead: "a black comedy crime film"
    assert "black comedy" in fargo.described_as
    assert content_share(fargo, ["dark themes"]) >= 0.5
    assert content_share(catalog_record(engine_index, "Toy Story", 1995), ["dark themes"]) == 0.0


@pytest.mark.parametrize("message", ["a heartwarming sports movie", "something inspiring about a teacher"])
def test_heartwarming_and_inspiring_are_an_uplifting_mood_not_a_topic(recommender: Recommender, message: str) -> None:
    plan = recommender.understand(message, ConversationState())
    assert "uplifting" in plan.parsed.mood
    assert not {"heartwarming", "inspiring"} & set(plan.parsed.query_text.lower().split())
    # No genre favoured: the dramas these mostly are keep their full score.
    assert not MOODS["uplifting"].favours and "dark themes" in MOODS["uplifting"].avoids


def test_a_feel_good_request_keeps_dark_themes_away(
    recommender: Recommender, engine_index: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    fargo = catalog_record(engine_index, "Fargo", 1996)

    def place(avoids: tuple[str, ...]) -> int:
        monkeypatch.setitem(MOODS, "lighter", MOODS["lighter"].model_copy(update={"avoids": avoids}))
        plan = recommender.understand("a feel-good comedy", ConversationState())
        pool = recommender.retriever.retrieve(plan, n=fan_ranking.RANKING_POOL).candidates
        return [c.title.id for c in fan_ranking.rank_for_fans(pool, plan, engine_index)].index(fargo.id)

    assert place(("violence", "scares", "dark themes")) > place(("violence", "scares"))


def test_a_favoured_genre_outweighs_a_disfavoured_label_beside_it(recommender: Recommender, engine_index: Any) -> None:
    # "scary but not gory": horror films labelled Thriller too are still the genre's classics.
    plan = recommender.understand("a scary movie but not gory", ConversationState())
    keep = classics_test(plan, plan.search_filters())
    assert keep is not None
    get_out = catalog_record(engine_index, "Get Out", 2017)
    assert {"Horror", "Thriller"} <= set(get_out.genres) and keep(get_out)
    assert not keep(catalog_record(engine_index, "Heat", 1995))  # a crime thriller, no horror


def test_a_mood_judged_on_the_record_weighs_on_the_ranking(
    recommender: Recommender, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "for date night" asks for a romance of the last decades: the classics the fixture holds (*Singin' in the
    # Rain*, *Casablanca*) fall behind the newer romances, and no newer title falls.
    ranked = ranked_with(recommender, monkeypatch, "MOOD_RULE_MISS_SHARE")
    message = "a romance for date night"
    plain, with_rule = ranked(message, 1.0), ranked(message, 0.8)
    rule = MOODS["contemporary"].fit
    assert rule is not None

    def misses(t: Any) -> bool:
        return rule.score(t.runtime_min, t.year, recommender.vocabulary.latest_year) < 0

    old = [t.id for t in plain[:20] if misses(t)]
    new = [t.id for t in plain[:20] if not misses(t)]
    assert old and new, "the fixture must hold both for this test to mean anything"
    place, place_rule = {t.id: i for i, t in enumerate(plain)}, {t.id: i for i, t in enumerate(with_rule)}
    assert all(place_rule[i] >= place[i] for i in old) and any(place_rule[i] > place[i] for i in old)
    assert all(place_rule[i] <= place[i] for i in new)
