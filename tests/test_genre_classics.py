"""A taste or a mood with nothing else asked ("I'm into thrillers", "something my kids would enjoy"): the most
notable titles of those genres join the pool (chains/retriever.py, GENRE_CLASSICS_POOL), and a conversation
that never asked for a film from elsewhere gets picks in English first (chains/fan_ranking.py). Real records of
the fixture catalog, the real retriever, parser and ranking on the fixture index."""

from __future__ import annotations

from typing import Any

import pytest

from chains import fan_ranking, retriever
from chains.engine import Recommender
from chains.models import ConversationState
from chains.nationality import in_english
from chains.notability import notability


def _pool(
    recommender: Recommender, message: str, classics: int, monkeypatch: pytest.MonkeyPatch
) -> tuple[Any, list[str]]:
    """The plan and the pool of a narrow search (the 5 nearest, the 1 nearest well-known title) beside the genre
    classics: on the fixture's 228 titles a wide pool holds every famous one anyway."""
    plan = recommender.understand(message, ConversationState())
    monkeypatch.setattr(retriever, "GENRE_CLASSICS_POOL", classics)
    search = retriever.Retriever(recommender.index, candidates=5, well_known=1)
    return plan, [c.title.id for c in search.retrieve(plan).candidates]


def _most_notable(index: Any, plan: Any, keep: Any, n: int) -> list[str]:
    ranked = sorted(index.catalog.values(), key=notability, reverse=True)
    return [t.id for t in ranked if keep(t) and plan.search_filters().accepts(t)][:n]


def test_a_liked_genre_alone_brings_its_best_known_titles(
    recommender: Recommender, engine_index: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan, without = _pool(recommender, "I'm into thrillers, what do you have?", 0, monkeypatch)
    assert plan.taste.liked_genres == ("Thriller",) and not plan.filters.genres_all  # a taste, not a filter
    famous = _most_notable(engine_index, plan, lambda t: "Thriller" in t.genres, 5)
    assert not set(famous) <= set(without)  # the text "thriller" is near other titles
    _, pool = _pool(recommender, "I'm into thrillers, what do you have?", 5, monkeypatch)
    assert set(famous) <= set(pool), [engine_index.catalog[i].title for i in set(famous) - set(pool)]
    picks = recommender.recommend("I'm into thrillers, what do you have?").picks
    assert sum("Thriller" in p.genres for p in picks) >= 4


@pytest.mark.parametrize(
    ("message", "mood", "favoured", "unwanted"),
    [
        (
            "something my kids (8 and 11) would enjoy too",
            "family",
            {"Family", "Kids", "Animation"},
            {"Horror", "Crime", "War"},
        ),
        # The films people cry at, not the most famous crime dramas (*The Godfather* had come third).
        (
            "something sad that will make me cry",
            "sadder",
            {"Drama", "Romance", "War"},
            {"Action", "Crime", "Thriller", "Horror"},
        ),
    ],
)
def test_a_mood_alone_brings_the_best_known_titles_of_its_genres(
    recommender: Recommender,
    engine_index: Any,
    monkeypatch: pytest.MonkeyPatch,
    message: str,
    mood: str,
    favoured: set[str],
    unwanted: set[str],
) -> None:
    plan, without = _pool(recommender, message, 0, monkeypatch)
    assert mood in plan.parsed.mood
    famous = _most_notable(engine_index, plan, lambda t: favoured & set(t.genres) and not unwanted & set(t.genres), 6)
    assert not set(famous) <= set(without)
    _, pool = _pool(recommender, message, 6, monkeypatch)
    added = [i for i in pool if i not in without]
    assert set(famous) <= set(pool)
    assert all(favoured & set(engine_index.catalog[i].genres) for i in added)
    assert not any(unwanted & set(engine_index.catalog[i].genres) for i in added)


def test_a_named_film_or_a_topic_brings_no_genre_classics(
    recommender: Recommender, monkeypatch: pytest.MonkeyPatch
) -> None:
    for message in ("a heist movie for the kids", "something like Alien, I'm into thrillers"):
        _, without = _pool(recommender, message, 0, monkeypatch)
        _, pool = _pool(recommender, message, 40, monkeypatch)
        assert pool == without, message


def test_language_is_read_from_the_record(engine_index: Any) -> None:
    catalog = {t.title: t for t in engine_index.catalog.values()}
    assert in_english(catalog["Parasite"]) is False  # Korean
    assert in_english(catalog["Toy Story"]) is True
    assert in_english(catalog["Kota Factory"]) is False  # no language recorded; made in India


def ranked_with(recommender: Recommender, monkeypatch: pytest.MonkeyPatch, share_name: str) -> Any:
    """The full ranking of a message with one of fan_ranking's shares set: `ranked(message, share)`."""

    def ranked(message: str, share: float) -> list[Any]:
        monkeypatch.setattr(fan_ranking, share_name, share)
        plan = recommender.understand(message, ConversationState())
        pool = recommender.retriever.retrieve(plan, n=fan_ranking.RANKING_POOL).candidates
        ranked = fan_ranking.rank_for_fans(pool, plan, recommender.index, recommender.vocabulary.latest_year)
        return [c.title for c in ranked]

    return ranked


def test_a_conversation_that_asked_for_nothing_foreign_gets_english_picks_first(
    recommender: Recommender, monkeypatch: pytest.MonkeyPatch
) -> None:
    ranked = ranked_with(recommender, monkeypatch, "OTHER_LANGUAGE_SHARE")

    def foreign_places(titles: list[Any]) -> list[int]:
        return [i for i, t in enumerate(titles[:30]) if in_english(t) is False]

    plain = ranked("an animated film", 1.0)
    assert foreign_places(plain)  # the fixture's Japanese animation is among the best fits
    english_first = ranked("an animated film", 0.85)
    assert sum(foreign_places(english_first)) > sum(foreign_places(plain))
    # Asked for, or named: no difference.
    for message in ("a Japanese animated film", "something like Spirited Away"):
        assert [t.id for t in ranked(message, 0.85)] == [t.id for t in ranked(message, 1.0)], message


def test_a_liked_person_brings_their_films(recommender: Recommender, monkeypatch: pytest.MonkeyPatch) -> None:
    """ "i love sigourney weaver": her films (Alien, Aliens, Avatar, Ghostbusters in the fixture) lead."""
    message = "i love sigourney weaver"
    plan = recommender.understand(message, ConversationState())
    assert plan.taste.liked_people == ("Sigourney Weaver",)

    def hers() -> int:
        picks = recommender.recommend(message).picks
        return sum("Sigourney Weaver" in recommender.index.catalog[p.id].cast[:5] for p in picks)

    with_people = hers()
    assert with_people >= 3
    monkeypatch.setattr(retriever, "PEOPLE_POOL", 0)
    monkeypatch.setattr(fan_ranking, "LIKED_PERSON_MISS_SHARE", 1.0)
    assert hers() < with_people


def test_one_mood_never_holds_against_a_title_the_genre_another_mood_asks_for(engine_index: Any) -> None:
    """ "a scary movie but not gory": "less violent" dislikes horror, "scarier" asks for it. A horror film is a
    good fit (gore is kept away by the content signs, not by the genre)."""
    from chains.offline_ranker import mood_fit

    horror = next(
        t
        for t in engine_index.catalog.values()
        if "Horror" in t.genres and set(t.genres) <= {"Drama", "Horror", "Mystery"}
    )
    drama = next(t for t in engine_index.catalog.values() if t.genres == ["Drama"])
    moods = ["less violent", "scarier"]
    assert mood_fit(horror, moods, 2021) > mood_fit(drama, moods, 2021) >= 0.5


def test_a_conversation_that_asked_for_no_animation_gets_live_action_first(
    recommender: Recommender, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "a funny movie under 90 minutes" had *Toy Story*, *The Iron Giant* and *Fantastic Mr. Fox* in its five:
    the best-known comedies, but not what a grown-up asking for a funny film means."""
    ranked = ranked_with(recommender, monkeypatch, "ANIMATION_UNASKED_SHARE")

    def animated_places(titles: list[Any]) -> list[int]:
        return [i for i, t in enumerate(titles[:20]) if "Animation" in t.genres]

    plain = ranked("something funny", 1.0)
    assert animated_places(plain)[:1] and animated_places(plain)[0] < 10  # Pixar's comedies are among the best
    live_first = ranked("something funny", 0.85)
    assert sum(animated_places(live_first)) > sum(animated_places(plain))
    # Asked for, for children, liked in a mood that favours it, or named: no difference.
    for message in ("a funny animated film", "something funny for my kids", "like Toy Story", "a feel-good film"):
        assert [t.id for t in ranked(message, 0.85)] == [t.id for t in ranked(message, 1.0)], message


def test_a_named_films_director_brings_their_other_films(
    recommender: Recommender, engine_index: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "like Super Troopers": *Beerfest* and *Club Dread* (same director, same troupe) were too far from it in
    the embedding to reach the pool. Here: Christopher Nolan's other films for "like Memento"."""
    nolan = {t.id for t in engine_index.catalog.values() if "Christopher Nolan" in t.directors}
    memento = next(t for t in engine_index.catalog.values() if t.title == "Memento")
    plan = recommender.understand("like Memento", ConversationState())
    assert [s.id for s in plan.seeds] == [memento.id]

    def pool(directors_films: int) -> set[str]:
        monkeypatch.setattr(retriever, "SEED_DIRECTOR_POOL", directors_films)
        search = retriever.Retriever(recommender.index, candidates=5, well_known=1)
        return {c.title.id for c in search.retrieve(plan).candidates}

    assert not nolan - {memento.id} <= pool(0)
    assert nolan - {memento.id} <= pool(10)

    def his_in_top(bonus: float) -> int:
        monkeypatch.setattr(fan_ranking, "SEED_DIRECTOR_BONUS", bonus)
        picks = recommender.recommend("like Memento").picks
        return sum(p.id in nolan for p in picks)

    assert his_in_top(0.15) > his_in_top(0.0)
