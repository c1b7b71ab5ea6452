"""Ranking a movie fan trusts, on the real fixture index: no sequel parade, no editions, no title echoes,
known good fits first, several seeds used together, earlier taste remembered."""

from __future__ import annotations

from typing import Any

import pytest

from catalog.models import Title
from chains import fan_ranking
from chains.engine import Recommender
from chains.fan_ranking import rank_for_fans
from chains.franchise import edition_key, in_franchise, same_film
from chains.lexicon import MOODS
from chains.models import Candidate, ConversationState
from chains.notability import notability
from chains.title_echo import request_words, title_echo
from config import Settings
from tests.fixtures_llm import finished, run_turn


def by_title(index: Any, name: str, year: int | None = None) -> Title:
    found = [t for t in index.catalog.values() if t.title == name and (year is None or t.year == year)]
    assert found, f"{name} is missing from the fixture catalog"
    return found[0]


def picks_of(recommender: Recommender, message: str, state: ConversationState | None = None, k: int = 10) -> list:
    return finished(run_turn(recommender, message, state, k=k)).picks


@pytest.mark.parametrize(("message", "seed"), [("more like Jaws", "Jaws"), ("like Die Hard", "Die Hard")])
def test_at_most_one_title_of_the_seeds_franchise(recommender: Recommender, message: str, seed: str) -> None:
    index = recommender.index
    seed_title = by_title(index, seed)
    family = [t for t in index.catalog.values() if t.id != seed_title.id and in_franchise(t, seed_title)]
    assert len(family) >= 2, "the fixture must hold several of its sequels for this test to mean anything"
    picks = picks_of(recommender, message)
    in_family = [p.title for p in picks if in_franchise(index.catalog[p.id], seed_title)]
    assert len(picks) == 10
    assert len(in_family) <= 1, in_family


@pytest.mark.parametrize(("message", "seed"), [("more like Jaws", "Jaws"), ("like Die Hard", "Die Hard")])
def test_a_sequel_of_the_seed_does_not_lead_the_answer(recommender: Recommender, message: str, seed: str) -> None:
    seed_title = by_title(recommender.index, seed)
    first = picks_of(recommender, message)[0]
    assert not in_franchise(recommender.index.catalog[first.id], seed_title), first.title


def test_asking_for_the_sequels_gets_them(recommender: Recommender) -> None:
    index = recommender.index
    jaws = by_title(index, "Jaws")
    picks = picks_of(recommender, "more like Jaws, with the sequels")
    assert all(in_franchise(index.catalog[p.id], jaws) for p in picks[:3]), [p.title for p in picks]


def test_one_record_per_film_and_never_the_seed_again(recommender: Recommender) -> None:
    index = recommender.index
    for message in ("like Die Hard", "I loved Knives Out"):
        picks = [index.catalog[p.id] for p in picks_of(recommender, message)]
        keys = [(edition_key(t.title), t.type) for t in picks]
        assert len(keys) == len(set(keys)), [t.title for t in picks]
        assert not any(edition_key(t.title) in {"die hard", "knives out"} for t in picks), [t.title for t in picks]


def test_editions_are_the_same_film(engine_index: Any) -> None:
    plain = by_title(engine_index, "Knives Out")
    # the catalog merge already joins the listing "Knives Out (4K UHD)" into the film ...
    assert not [t for t in engine_index.catalog.values() if t.title.startswith("Knives Out (")]
    # ... and the ranking still treats such a record as the same film, should a source bring one back
    uhd = plain.model_copy(update={"id": "m-knives-out-4k", "title": "Knives Out (4K UHD)"})
    assert same_film(plain, uhd)
    assert not same_film(plain, by_title(engine_index, "Die Hard"))


def test_twist_ending_is_about_twists_not_titles(recommender: Recommender) -> None:
    """French Twist has "twist" only in its title; the ranking must not put it first for a twist ending."""
    index = recommender.index
    french_twist = by_title(index, "French Twist")
    assert title_echo(request_words("something with a twist ending"), french_twist) > 0
    picks = picks_of(recommender, "something with a twist ending")
    assert french_twist.id not in [p.id for p in picks[:5]], [p.title for p in picks]


def obscure_drama(index: Any) -> Title:
    """The least known drama of the fixture catalog (The Godfather is a drama too: equal genres)."""
    return min((t for t in index.catalog.values() if "Drama" in t.genres and t.overview), key=notability)


def test_known_well_regarded_fit_ranks_above_an_obscure_one_with_equal_content(engine_index: Any) -> None:
    recommender_plan = Recommender(engine_index).understand("a gripping drama", ConversationState())
    famous = by_title(engine_index, "The Godfather")
    obscure = obscure_drama(engine_index)
    assert notability(famous) > notability(obscure) + 0.3
    candidates = [Candidate(title=t, similarity=0.5) for t in (obscure, famous)]
    ranked = rank_for_fans(candidates, recommender_plan, engine_index)
    assert [c.title.id for c in ranked] == [famous.id, obscure.id]


def test_a_much_closer_obscure_fit_still_beats_a_loose_famous_one(engine_index: Any) -> None:
    plan = Recommender(engine_index).understand("a gripping drama", ConversationState())
    famous = by_title(engine_index, "The Godfather")
    obscure = obscure_drama(engine_index)
    candidates = [Candidate(title=famous, similarity=0.3), Candidate(title=obscure, similarity=0.8)]
    ranked = rank_for_fans(candidates, plan, engine_index)
    assert ranked[0].title.id == obscure.id


def test_several_seeds_are_all_used_and_none_picked_back(recommender: Recommender) -> None:
    index = recommender.index
    rec = finished(run_turn(recommender, "I loved Parasite and Knives Out", k=10))
    seeds = {by_title(index, "Parasite").id, by_title(index, "Knives Out").id}
    assert {t.id for t in recommender.understand("I loved Parasite and Knives Out", ConversationState()).seeds} == seeds
    picked = [index.catalog[p.id] for p in rec.picks]
    assert not any(edition_key(t.title) in {"parasite", "knives out"} for t in picked), [t.title for t in picked]


def test_taste_from_an_earlier_turn_tilts_a_later_one(engine_index: Any, offline_settings: Settings) -> None:
    recommender = Recommender(engine_index, offline_settings)
    plain = [p.id for p in picks_of(recommender, "an adventure about a long journey")]
    state = ConversationState()
    finished(run_turn(recommender, "like Toy Story", state))
    tasted = [p.id for p in picks_of(recommender, "an adventure about a long journey", state)]
    toy_story = engine_index.vector(by_title(engine_index, "Toy Story").id)

    def closeness(ids: list[str]) -> float:  # mean cosine similarity of a top 5 to Toy Story
        return sum(float(engine_index.vector(i) @ toy_story) for i in ids[:5]) / 5

    assert tasted[:5] != plain[:5] and closeness(tasted) > closeness(plain) + 0.02


def test_a_long_running_series_is_better_known_than_a_one_season_one(engine_index: Any) -> None:
    # The catalog's series come from streaming listings alone, without votes: renewals are their fame.
    shows = [t for t in engine_index.catalog.values() if t.type == "TV Show" and t.seasons]
    long_running = max(shows, key=lambda t: t.seasons)
    one_season = [t for t in shows if t.seasons == 1]
    assert long_running.seasons >= 5 and one_season
    assert all(notability(long_running) > notability(t) for t in one_season), long_running.title


def test_a_seeds_other_names_count_as_its_title_words() -> None:
    from chains.title_echo import seed_words

    se7en = Title(id="m-se7en-1995", title="Se7en", other_titles=["Seven"], year=1995, type="Movie")
    assert "seven" in seed_words([se7en])  # so *Seven Pounds* is a namesake, not a film like it


def test_like_a_film_but_a_mood_is_a_film_of_its_kind_in_that_mood(
    recommender: Recommender, engine_index: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "like Alien but funny": a funny film of Alien's kind. Neither any comedy nor Alien's kin unchanged."""
    plan = recommender.understand("like Alien but funny", ConversationState())
    alien = plan.seeds[0]
    kind = set(alien.genres) - fan_ranking.BROAD_GENRES
    pool = recommender.retriever.retrieve(plan, n=fan_ranking.RANKING_POOL).candidates
    both = {c.title.id for c in pool if "Comedy" in c.title.genres and kind & set(c.title.genres)}
    assert both  # the fixture holds comedies of Alien's genres (Back to the Future)

    def ranked() -> list[str]:
        return [c.title.id for c in fan_ranking.rank_for_fans(pool, plan, engine_index)]

    with_rules = ranked()
    assert all(kind & set(engine_index.catalog[i].genres) for i in with_rules[:5]), with_rules[:5]
    monkeypatch.setattr(fan_ranking, "SEED_GENRE_MISS_SHARE", 1.0)
    monkeypatch.setattr(fan_ranking, "MOOD_GENRE_MISS_SHARE", 1.0)
    without = ranked()
    # The best-placed funny film of Alien's kind is placed higher.
    assert min(with_rules.index(i) for i in both) < min(without.index(i) for i in both)


def test_a_mood_beside_a_named_film_steers_less_than_a_topic_does(
    recommender: Recommender, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Something like Arrival but lighter": the mood's words ("light-hearted feel-good warm") had pulled the
    search to romances (*Her*, *Passengers*); the mood's genres tilt the ranking, the search stays near the film."""
    from chains import retriever

    plan = recommender.understand("Something like Arrival but lighter", ConversationState())
    arrival = recommender.index.vector(plan.seeds[0].id)
    assert plan.parsed.mood == ["lighter"] and not plan.parsed.query_text

    def closeness(mood_weight: float) -> float:
        monkeypatch.setattr(retriever, "SEED_MOOD_WEIGHT", mood_weight)
        return float(recommender.retriever.query_vector(plan) @ arrival)

    assert closeness(0.85) > closeness(0.55)
    # A topic of its own still steers as much as before ("like Arrival but about grief").
    topic = recommender.understand("something like Arrival but about grief", ConversationState())
    monkeypatch.setattr(retriever, "SEED_MOOD_WEIGHT", 0.85)
    with_topic = recommender.retriever.query_vector(topic)
    monkeypatch.setattr(retriever, "SEED_MOOD_WEIGHT", 0.55)
    assert float(with_topic @ recommender.retriever.query_vector(topic)) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("message", "kind"), [("something like Back to the Future", "Comedy"), ("like Spirited Away", "Animation")]
)
def test_like_a_comedy_or_an_animation_is_one_first(
    recommender: Recommender, engine_index: Any, monkeypatch: pytest.MonkeyPatch, message: str, kind: str
) -> None:
    """A title like a comedy is a comedy, one like an animated film an animation: a title that shares only a
    side label (Adventure, Science Fiction) is placed lower (KIND_MISS_SHARE)."""
    plan = recommender.understand(message, ConversationState())
    assert kind in plan.seeds[0].genres
    pool = recommender.retriever.retrieve(plan, n=fan_ranking.RANKING_POOL).candidates

    def kind_in_top(n: int) -> int:
        ranked = fan_ranking.rank_for_fans(pool, plan, engine_index)
        return sum(kind in c.title.genres for c in ranked[:n])

    with_rule = kind_in_top(10)
    monkeypatch.setattr(fan_ranking, "KIND_MISS_SHARE", 1.0)
    assert with_rule > kind_in_top(10)


@pytest.mark.parametrize("message", ["a movie about a haunted house, something funny", "a film about space, romantic"])
def test_a_mood_beside_a_topic_favours_its_genres(
    recommender: Recommender, engine_index: Any, monkeypatch: pytest.MonkeyPatch, message: str
) -> None:
    """'something funny' beside a topic: a comedy about it first, as beside a named film."""
    plan = recommender.understand(message, ConversationState())
    assert plan.parsed.mood and not plan.seeds
    favoured = {g for m in plan.parsed.mood for g in MOODS[m].favours}
    pool = recommender.retriever.retrieve(plan, n=fan_ranking.RANKING_POOL).candidates

    def favoured_in_top(n: int) -> int:
        ranked = fan_ranking.rank_for_fans(pool, plan, engine_index)
        return sum(bool(favoured & set(c.title.genres)) for c in ranked[:n])

    with_rule = favoured_in_top(10)
    monkeypatch.setattr(fan_ranking, "MOOD_GENRE_MISS_SHARE", 1.0)
    assert with_rule > favoured_in_top(10)
