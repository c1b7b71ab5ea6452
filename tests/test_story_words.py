"""A request's topic words matched to what films are about (chains/story_words.py): real records of the
fixture catalog, the real retriever and ranking on the fixture index."""

from __future__ import annotations

import re
from typing import Any

import pytest

from catalog.models import Title
from chains import fan_ranking, retriever
from chains.engine import Recommender
from chains.models import ConversationState
from chains.story_words import StoryWords, story_text


@pytest.fixture(scope="module")
def story_words(fixture_catalog: tuple[list[Title], Any]) -> tuple[StoryWords, list[Title]]:
    titles = fixture_catalog[0]
    return StoryWords([t.id for t in titles], titles), titles


def _best(story: tuple[StoryWords, list[Title]], text: str, n: int = 3) -> list[str]:
    words, titles = story
    scores = words.scores(text)
    assert scores is not None
    return [titles[i].title for i in scores.argsort()[::-1][:n] if scores[i] > 0]


def test_the_films_whose_story_has_the_words_come_first(story_words: tuple[StoryWords, list[Title]]) -> None:
    best = _best(story_words, "a shark attack")
    assert best and all("Jaws" in title for title in best), best


def test_a_title_word_is_no_topic(story_words: tuple[StoryWords, list[Title]]) -> None:
    words, titles = story_words
    # Wikipedia leads open with the title ("Jaws is a 1975 American thriller"): cut out, it is the name.
    leads = [t for t in titles if t.overview.lower().startswith(t.title.lower() + " is a")]
    assert len(leads) >= 10
    assert not any(t.title.lower() in story_text(t).lower()[: len(t.title) + 5] for t in leads)
    # *French Twist* (in the fixture) has the word only in its name.
    french_twist = next(i for i, t in enumerate(titles) if t.title == "French Twist")
    scores = words.scores("something with a twist ending")
    assert scores is not None and scores[french_twist] == 0 and scores.max() > 0


def test_words_no_story_has_give_no_scores(story_words: tuple[StoryWords, list[Title]]) -> None:
    words, _ = story_words
    assert words.scores("a film") is None  # words every synopsis has are no topic
    assert words.scores("zzyzx gorblax") is None


def _heist_stories(index: Any) -> set[str]:
    return {t.id for t in index.catalog.values() if re.search(r"\bheists?\b", story_text(t), re.I)}


def test_the_pool_holds_the_titles_whose_story_matches(recommender: Recommender, engine_index: Any) -> None:
    heists = _heist_stories(engine_index)
    assert len(heists) >= 3  # the fixture holds heist films (The Usual Suspects, Inception, ...)
    plan = recommender.understand("a heist movie", ConversationState())
    search = retriever.Retriever(engine_index, candidates=5, well_known=1)
    nearest = {c.title.id for c in search.retrieve(plan, well_known=False).candidates}
    assert not heists <= nearest  # the vector alone misses some of them
    pool = search.retrieve(plan).candidates
    matched = {c.title.id for c in pool if c.story_match > 0}
    assert heists <= matched, [engine_index.catalog[i].title for i in heists - matched]
    assert max(c.story_match for c in pool) == 1.0
    assert all(c.story_match == 0 for c in pool if c.title.id not in matched)


def test_a_story_match_lifts_a_title_in_the_ranking(
    recommender: Recommender, engine_index: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = recommender.understand("a heist movie", ConversationState())
    pool = recommender.retriever.retrieve(plan, n=fan_ranking.RANKING_POOL).candidates
    heists = _heist_stories(engine_index)

    def heist_places() -> list[int]:
        ranked = fan_ranking.rank_for_fans(pool, plan, engine_index)
        return [place for place, c in enumerate(ranked) if c.title.id in heists]

    with_story = heist_places()
    monkeypatch.setattr(fan_ranking, "STORY_WEIGHT", 0.0)
    without = heist_places()
    assert sum(with_story) < sum(without), (with_story, without)


def test_a_reason_names_the_requests_phrase_when_the_synopsis_has_it(engine_index: Any) -> None:
    from chains.offline_explainer import themes_in_common
    from tests.fixtures_llm import catalog_record

    jaws = catalog_record(engine_index, "Jaws", 1975)  # "...police chief Martin Brody, who ... hunts a shark"
    assert themes_in_common(jaws, "a movie about a police chief hunting a shark", None)[0] == "police chief"


def test_a_mood_alone_is_matched_by_what_such_stories_are_made_of(recommender: Recommender) -> None:
    from chains.lexicon import MOODS

    plan = recommender.understand("something sad that will make me cry", ConversationState())
    assert plan.parsed.topic_text == "" and "sadder" in plan.parsed.mood
    pool = recommender.retriever.retrieve(plan).candidates
    best = max(pool, key=lambda c: c.story_match)
    assert best.story_match == 1.0
    words = MOODS["sadder"].story_words.split()
    assert any(re.search(rf"\b{w}", story_text(best.title), re.I) for w in words), best.title.title


def test_the_index_is_saved_for_the_next_start_and_read_back_alike(engine_index: Any) -> None:
    from pathlib import Path

    import numpy as np

    from chains import story_words

    built = StoryWords.of_index(engine_index)  # built, or read back if another test built it first
    folder = Path(engine_index.settings.data_dir) / "story_words"
    saved = [p for p in folder.iterdir() if p.name.startswith(f"v{story_words.VERSION}-")]
    assert len(saved) == 1 and engine_index.manifest.build_id in saved[0].name
    again = StoryWords.of_index(engine_index)
    assert again.ids == built.ids
    first, second = built.scores("a shark attack on a beach"), again.scores("a shark attack on a beach")
    assert first is not None and second is not None and np.allclose(first, second)
