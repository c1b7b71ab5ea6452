"""Offline mode on the fixture index: honest about itself, explanations made only of true facts."""

from __future__ import annotations

import re
from typing import Any

import pytest

from catalog.models import Title
from catalog.normalize import title_key
from chains import retriever
from chains.engine import Recommender
from chains.lexicon import MOODS, fold
from chains.models import ConversationState, ExplanationToken, PickStarted
from chains.notability import notability
from chains.notes import NoteCode, note
from chains.offline_explainer import GENRE_ADJECTIVES, excerpt
from chains.retriever import Retriever
from chains.well_known import WellKnown
from config import Settings
from tests.fixtures_llm import finished, run_turn

REQUESTS = [
    "something like Toy Story",
    "a slow-burn sci-fi about grief",
    "a 90s comedy, not animated",
    "like Alien but funny",
    "I loved The Godfather",
    "a TV show like Stranger Things",
    "something lighter about friendship",
]


@pytest.fixture(scope="module")
def people(fixture_index: Any) -> set[str]:
    index = fixture_index
    return {p for t in index.catalog.values() for p in t.directors + t.cast if len(p) > 4}


def genre_words(title: Title) -> set[str]:
    words = set()
    for g in title.genres:
        words.add(g.lower())
        words.add(GENRE_ADJECTIVES.get(g, g.lower()))
    return words


QUOTE = re.compile(r"“([^”]+)”")


def claims_are_true(explanation: str, title: Title, seed: Title | None, people: set[str], genres: set[str]) -> None:
    # Quoted text is the candidate's own synopsis verbatim (or one of its keywords); it is checked as
    # such, and the claims below are read from the explanation's own words around the quotes.
    for quoted in QUOTE.findall(explanation):
        # Runs of whitespace are not content: the explainer quotes "in the  Toy Story franchise" with one space.
        haystack = " ".join(fold(title.overview + " " + " ".join(title.keywords)).split())
        assert " ".join(fold(quoted.strip("…")).split()) in haystack, (
            f"{title.title}: quotes {quoted!r} not in its synopsis"
        )
    explanation = QUOTE.sub("“”", explanation)
    low = explanation.lower()
    # Genres it names are the candidate's own.
    for genre in genres:
        if re.search(rf"\b{re.escape(genre.lower())}\b", low):
            assert genre.lower() in genre_words(title), f"{title.title}: claims genre {genre!r}: {explanation}"
    # People it names are in the candidate's credits (and the named title's, when said to be shared).
    for person in people:
        if person in explanation:
            assert person in title.directors + title.cast, f"{title.title}: names {person}: {explanation}"
            if seed is not None and (" in both" in explanation or "also" in explanation or "as with" in explanation):
                assert person in seed.directors + seed.cast
    # Ratings are the catalog's, with their source.
    for value, source in re.findall(r"(\d+\.\d)/10 on (IMDb|TMDB)", explanation):
        actual = title.ratings.imdb_rating if source == "IMDb" else title.ratings.tmdb_vote_average
        assert actual is not None and f"{actual:.1f}" == value
    for source, value in re.findall(r"(IMDb|TMDB) rating: (\d+\.\d)", explanation):
        actual = title.ratings.imdb_rating if source == "IMDb" else title.ratings.tmdb_vote_average
        assert actual is not None and f"{actual:.1f}" == value
    # Years it states are the candidate's.
    for year in re.findall(r"\b(1[89]\d\d|20\d\d)\b", explanation):
        assert int(year) == title.year


@pytest.mark.parametrize("request_text", REQUESTS)
def test_offline_explanations_state_only_true_metadata(
    engine_index: Any, offline_settings: Settings, people: set[str], request_text: str
) -> None:
    genres = {g for t in engine_index.catalog.values() for g in t.genres}
    rec = finished(run_turn(Recommender(engine_index, offline_settings), request_text))
    assert rec.mode == "offline" and NoteCode.OFFLINE in [n.code for n in rec.notes]
    assert len(rec.picks) == 5
    seed = engine_index.catalog[rec.resolved.id] if rec.resolved else None
    for pick in rec.picks:
        title = engine_index.catalog[pick.id]
        assert pick.explanation and pick.explanation[0].isupper() and pick.explanation.endswith(".")
        claims_are_true(pick.explanation, title, seed, people, genres)


def test_offline_reasons_quote_the_data_in_context_and_name_what_connects(
    engine_index: Any, offline_settings: Settings, people: set[str]
) -> None:
    genres = {g for t in engine_index.catalog.values() for g in t.genres}
    for request_text in ("something like Toy Story", "I loved The Godfather", "something lighter about friendship"):
        rec = finished(run_turn(Recommender(engine_index, offline_settings), request_text))
        seed = engine_index.catalog[rec.resolved.id] if rec.resolved else None
        for pick in rec.picks:
            title = engine_index.catalog[pick.id]
            # A quote is a stretch of the synopsis, never one bare word.
            assert all(len(q.split()) >= 3 for q in QUOTE.findall(pick.explanation)), pick.explanation
            said = QUOTE.sub("", pick.explanation)
            if seed is not None:
                # What connects it to the named title: a genre, person or theme they really share.
                shared_genres = [g for g in title.genres if g in seed.genres]
                shared_people = [p for p in title.directors + title.cast[:10] if p in seed.directors + seed.cast[:10]]
                assert (
                    any(g.lower() in said.lower() for g in shared_genres)
                    or any(p in said for p in shared_people)
                    or QUOTE.search(pick.explanation)
                ), f"{title.title}: nothing shared named: {pick.explanation}"
            else:
                # With no named title, the reason still says what it is and what it is about or who made it.
                assert str(title.year) in said and (
                    QUOTE.search(pick.explanation) or any(p in said for p in title.directors + title.cast)
                ), pick.explanation
            claims_are_true(pick.explanation, title, seed, people, genres)
        # The opening does not quote a mood back at the person ("leaning towards 'lighter'").
        moods = set(moods_named(rec.opening))
        assert not moods & {w for q in QUOTE.findall(rec.opening) for w in q.lower().split()}, rec.opening


def moods_named(opening: str) -> list[str]:
    """Mood names (lexicon) that appear in an opening line."""
    return [name for name in MOODS if name in opening.lower()]


def test_offline_explanations_vary(engine_index: Any, offline_settings: Settings) -> None:
    rec = finished(run_turn(Recommender(engine_index, offline_settings), "something like Toy Story"))
    openings = {" ".join(p.explanation.split()[:3]) for p in rec.picks}
    assert len(openings) >= 3, [p.explanation for p in rec.picks]
    assert len({p.explanation for p in rec.picks}) == 5


def test_offline_says_so_and_does_not_pretend(engine_index: Any, offline_settings: Settings) -> None:
    events = run_turn(Recommender(engine_index, offline_settings), "something like Toy Story")
    rec = finished(events)
    assert "catalog similarity" in rec.opening
    assert rec.usage.input_tokens == 0 and rec.usage.cost_usd == 0
    # Cards still stream: a PickStarted then its explanation, in rank order.
    starts = [e.rank for e in events if isinstance(e, PickStarted)]
    assert starts == [1, 2, 3, 4, 5]
    assert [e.rank for e in events if isinstance(e, ExplanationToken)] == starts


def test_the_named_title_and_its_remakes_are_never_picked(engine_index: Any, offline_settings: Settings) -> None:
    rec = finished(run_turn(Recommender(engine_index, offline_settings), "something like Ghostbusters (1984)"))
    assert rec.resolved is not None and (rec.resolved.title, rec.resolved.year) == ("Ghostbusters", 1984)
    assert all(title_key(p.title) != "ghostbusters" for p in rec.picks)


def test_scores_are_ranked_and_bounded(engine_index: Any, offline_settings: Settings) -> None:
    rec = finished(run_turn(Recommender(engine_index, offline_settings), "a slow-burn sci-fi about grief"))
    scores = [p.score for p in rec.picks]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 1 for s in scores)


def test_contradictory_constraints_get_a_clear_note_and_no_picks(engine_index: Any, offline_settings: Settings) -> None:
    rec = finished(run_turn(Recommender(engine_index, offline_settings), "a comedy after 2010 and before 1990"))
    assert rec.picks == []
    assert [n.code for n in rec.notes if n.code == NoteCode.CONTRADICTION] == [NoteCode.CONTRADICTION]


def test_fewer_matches_than_picks_is_said_plainly(engine_index: Any, offline_settings: Settings) -> None:
    catalog = list(engine_index.catalog.values())
    for genre in ("Western", "War", "Musical", "Horror", "Documentary", "Crime"):
        for decade in range(1930, 2030, 10):
            matching = [t for t in catalog if genre in t.genres and decade <= t.year <= decade + 9]
            if 1 <= len(matching) <= 3:
                rec = finished(
                    run_turn(Recommender(engine_index, offline_settings), f"a {genre.lower()} from the {decade}s")
                )
                assert {p.id for p in rec.picks} == {t.id for t in matching}
                assert any(n.code == NoteCode.FEW_MATCHES and n.params["count"] == len(matching) for n in rec.notes), (
                    rec.notes
                )
                return
    pytest.skip("the fixture catalog has no genre and decade with 1-3 titles")


def test_nothing_matching_is_said_plainly(engine_index: Any, offline_settings: Settings) -> None:
    rec = finished(run_turn(Recommender(engine_index, offline_settings), "a western TV show on Hulu from the 1930s"))
    assert rec.picks == []
    assert NoteCode.NO_MATCH in [n.code for n in rec.notes]


def test_an_empty_request_is_answered_with_a_hint(engine_index: Any, offline_settings: Settings) -> None:
    state = ConversationState()
    rec = finished(run_turn(Recommender(engine_index, offline_settings), "   ", state))
    assert rec.picks == [] and rec.notes == [note(NoteCode.EMPTY_REQUEST)]
    assert state.turns == []  # nothing to remember


def test_k_sets_the_number_of_picks(engine_index: Any, offline_settings: Settings) -> None:
    rec = finished(run_turn(Recommender(engine_index, offline_settings), "something like Toy Story", k=3))
    assert len(rec.picks) == 3


def test_a_title_and_words_blend_into_one_query(engine_index: Any, offline_settings: Settings) -> None:
    recommender = Recommender(engine_index, offline_settings)
    plain = finished(run_turn(recommender, "something like Alien"))
    funny = finished(run_turn(recommender, "like Alien but funny"))
    assert plain.resolved is not None and funny.resolved is not None and plain.resolved.id == funny.resolved.id

    def comedies(rec) -> int:
        return sum("Comedy" in p.genres for p in rec.picks)

    assert comedies(funny) > comedies(plain)
    assert any(set(p.genres) & {"Science Fiction", "Horror"} for p in funny.picks)  # still Alien-like


@pytest.mark.parametrize(
    "message", ["a 90s comedy, not animated", "something like Toy Story", "a TV show on Netflix", "a horror film"]
)
def test_candidates_are_the_exact_nearest_titles_that_satisfy_the_plan(
    engine_index: Any, offline_settings: Settings, message: str
) -> None:
    recommender = Recommender(engine_index, offline_settings)
    state = ConversationState()
    recommender.recommend("a slow-burn sci-fi about grief", state)  # something already shown to exclude
    plan = recommender.understand(message, state)
    assert plan.exclude_ids
    retrieval = recommender.retriever.retrieve(plan, 12, well_known=False)
    # Brute force over every title: the filters checked on the record, the seed's remakes dropped.
    vector = recommender.retriever.query_vector(plan)
    seed_keys = {title_key(s.title) for s in plan.seeds}
    filters = plan.search_filters()
    allowed = [t for t in engine_index.catalog.values() if filters.accepts(t) and title_key(t.title) not in seed_keys]
    scores = {t.id: float(engine_index.vector(t.id) @ vector) for t in allowed}
    expected = sorted(scores, key=lambda tid: -scores[tid])[: len(retrieval.candidates)]
    got = [c.title.id for c in retrieval.candidates]
    assert len(got) == min(12, len(allowed))
    assert [round(scores[i], 4) for i in got] == [round(scores[i], 4) for i in expected]  # ties may swap


def test_the_pool_adds_the_nearest_well_known_titles_that_satisfy_the_plan(
    engine_index: Any, offline_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The titles whose story matches join the pool too: tests/test_story_words.py; none here.
    monkeypatch.setattr(retriever, "STORY_POOL", 0)
    monkeypatch.setattr(retriever, "STORY_WELL_KNOWN_POOL", 0)
    recommender = Recommender(engine_index, offline_settings)
    recommender.retriever = Retriever(engine_index, well_known=5)
    recommender.retriever._well_known = WellKnown(engine_index, size=300)
    plan = recommender.understand("a film about a haunted house, from after 1990", ConversationState())
    assert plan.filters.year_min == 1991
    nearest = [c.title.id for c in recommender.retriever.retrieve(plan, 12, well_known=False).candidates]
    pool = [c.title.id for c in recommender.retriever.retrieve(plan, 12).candidates]
    extras = [i for i in pool if i not in nearest]
    # Brute force over the 300 most notable titles: the 5 nearest that meet the filters, not already found.
    vector = recommender.retriever.query_vector(plan)
    famous = sorted(engine_index.catalog.values(), key=notability, reverse=True)[:300]
    allowed = [t.id for t in famous if plan.search_filters().accepts(t) and t.id not in nearest]
    expected = sorted(allowed, key=lambda i: -float(engine_index.vector(i) @ vector))[:5]
    assert len(extras) == 5 and set(extras) == set(expected)
    assert all(engine_index.catalog[i].year > 1990 for i in pool)
    similarities = [c.similarity for c in recommender.retriever.retrieve(plan, 12).candidates]
    assert similarities == sorted(similarities, reverse=True)


def test_an_unknown_title_says_so_and_offers_did_you_mean(engine_index: Any, offline_settings: Settings) -> None:
    recommender = Recommender(engine_index, offline_settings)
    rec = recommender.recommend("something like Termnatr Salvashun")
    assert rec.resolved is None
    assert NoteCode.UNKNOWN_TITLE in [n.code for n in rec.notes]
    assert all(p.id in engine_index.catalog for p in rec.picks)
    suggestions = recommender.resolver.suggest("Termnatr Salvashun")
    if suggestions:
        assert NoteCode.DID_YOU_MEAN in [n.code for n in rec.notes]
    rec = recommender.recommend("something like Zzyzx Gorblax")
    assert NoteCode.DID_YOU_MEAN not in [n.code for n in rec.notes]


def test_a_quote_from_the_synopsis_is_about_the_story_not_the_credits(engine_index: Any) -> None:
    # Encyclopedia leads open with who made it and who stars in it ("It stars Tom Hanks and Tim Allen"): a reason
    # that quotes the opening must quote the story.
    credits = re.compile(r"^(?:It|The film|The movie)\s+(?:also\s+)?(?:stars|starred|features)\b|\bdirected by\b")
    quotes = [q for t in engine_index.catalog.values() if (q := excerpt(t.overview))]
    assert len(quotes) > 100
    assert not [q for q in quotes if credits.search(q)]
