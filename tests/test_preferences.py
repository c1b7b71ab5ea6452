"""What a message says about taste (chains/preferences.py and its readers), on the fixture catalog."""

from __future__ import annotations

import pytest

from catalog.models import Title
from chains.audience import certificate_suits
from chains.preference_reader import PreferenceReader
from chains.preferences import Audience, Preferences, TitleRef
from chains.request_parser import RequestParser
from chains.title_resolver import TitleResolver
from chains.vocabulary import Vocabulary


@pytest.fixture(scope="module")
def titles(fixture_catalog: tuple[list[Title], object]) -> list[Title]:
    return fixture_catalog[0]


@pytest.fixture(scope="module")
def reader(titles: list[Title]) -> PreferenceReader:
    return PreferenceReader.from_titles(Vocabulary.from_titles(titles), titles)


@pytest.fixture(scope="module")
def parser(titles: list[Title]) -> RequestParser:
    return RequestParser(Vocabulary.from_titles(titles), TitleResolver(titles))


def prefs(reader: PreferenceReader, text: str, parser: RequestParser | None = None) -> Preferences:
    mentions = parser.parse(text).mentions if parser else ()
    return reader.read(text, mentions).preferences


@pytest.mark.parametrize(
    ("message", "liked", "avoided"),
    [
        ("I generally like comedy, drama and documentaries", {"Comedy", "Drama", "Documentary"}, set()),
        ("I'm into thrillers", {"Thriller"}, set()),
        (
            "I like all sorts of movies like documentaries, comedies, scary movies, thrillers, dramas.",
            {"Documentary", "Comedy", "Horror", "Thriller", "Drama"},
            set(),
        ),
        ("I do not really like musicals.", set(), {"Musical"}),
        ("not a fan of horror", set(), {"Horror"}),
        ("my daughter doesn't care for animated films", set(), {"Animation"}),
        ("I love westerns but I don't like war movies", {"Western"}, {"War"}),
        ("a 90s comedy", set(), set()),  # an ask, not a taste: the parser keeps it as a hard filter
    ],
)
def test_genre_statements_are_soft_and_never_flip(reader, message, liked, avoided) -> None:
    p = prefs(reader, message)
    assert set(p.liked_genres) == liked
    assert set(p.avoided_genres) == avoided


def test_several_loved_titles_are_all_liked(reader, parser) -> None:
    p = prefs(reader, "I loved Parasite and Knives Out", parser)
    assert {t.title for t in p.liked_titles} == {"Parasite", "Knives Out"}


def test_seen_title_is_seen_not_wanted(reader, parser) -> None:
    p = prefs(reader, "the last movie i saw in the theater was Knives Out. I generally like comedy", parser)
    assert [t.title for t in p.seen_titles] == ["Knives Out"]
    assert p.liked_genres == ("Comedy",)


def test_nothing_too_violent_is_content_to_avoid(reader) -> None:
    p = prefs(reader, "I like some action. Just not too violent")
    assert p.liked_genres == ("Action",)
    assert p.avoid_content == ("violence",)


def test_people_the_user_likes(reader, titles) -> None:
    person = next(t.directors[0] for t in titles if t.title == "Arrival" and t.directors)
    p = prefs(reader, f"I really like {person}")
    assert p.liked_people == (person,)


def test_a_persons_films_named_as_a_kind_are_a_liking(reader, titles) -> None:
    person = next(t.directors[0] for t in titles if t.title == "Arrival" and t.directors)
    assert prefs(reader, f"{person} movies are good too. What can I watch with her?").liked_people == (person,)
    disliked = prefs(reader, f"I don't like {person} films")
    assert disliked.liked_people == () and disliked.disliked_people == (person,)


@pytest.mark.parametrize(
    ("message", "kinds", "ages"),
    [
        ("something my kids (8 and 11) would enjoy too", ("kids",), (8, 11)),
        ("a feel-good movie for a family night", ("family",), ()),
        ("something for a date night", ("date",), ()),
        ("a film to watch with my parents", ("parents",), ()),
        ("for my 7 year old", ("kids",), (7,)),
        # Children named only to be ruled out: grown-ups, never "for kids".
        ("an animated movie for adults, not for kids", ("adults",), ()),
        ("something we can watch without the kids", ("adults",), ()),
    ],
)
def test_audience(reader, message, kinds, ages) -> None:
    audience = prefs(reader, message).audience
    assert audience.kinds == kinds
    assert audience.kid_ages == ages


def test_not_for_kids_leaves_family_films_out_and_never_asks_for_them(parser) -> None:
    p = parsed(parser, "an animated movie for adults, not for kids")
    assert {"Family", "Kids"} <= set(p.filters.genres_exclude)
    assert "family" not in p.mood and "Animation" in p.filters.genres_all
    assert "grown-up" in p.mood  # the audience's tone, searched as what it means


def test_certificates_for_children_of_eight() -> None:
    kids = Audience(kinds=("kids",), kid_ages=(8, 11))
    assert certificate_suits("PG", kids) is True
    assert certificate_suits("R", kids) is False
    assert certificate_suits("TV-Y", kids) is False  # toddler programmes are not what an 8-year-old wants
    assert certificate_suits(None, kids) is None


@pytest.mark.parametrize(
    ("message", "countries", "languages"),
    [
        ("a cozy British mystery series", {"United Kingdom"}, set()),
        ("a Korean thriller", {"South Korea"}, {"Korean"}),  # a Korean film known only by its language counts
        ("something in Spanish", set(), {"Spanish"}),
        ("a Spanish-language drama", set(), {"Spanish"}),
        ("a French comedy", {"France"}, {"French"}),
    ],
)
def test_nationality_and_language(reader, message, countries, languages) -> None:
    p = prefs(reader, message)
    assert countries <= set(p.countries)
    assert set(p.languages) == languages


def test_conversation_taste_accumulates_and_later_word_wins() -> None:
    arrival = TitleRef(id="m-arrival-2016", title="Arrival", year=2016)
    first = Preferences(liked_genres=("Musical", "Comedy"), liked_titles=(arrival,), liked_people=("Kristen Wiig",))
    second = Preferences(avoided_genres=("Musical",), disliked_titles=(arrival,))
    merged = first.merged(second)
    assert merged.liked_genres == ("Comedy",)
    assert merged.avoided_genres == ("Musical",)
    assert merged.liked_titles == ()
    assert merged.disliked_titles == (arrival,)
    assert merged.liked_people == ("Kristen Wiig",)
    assert arrival.id in merged.excluded_title_ids


# --- what the parser makes of them: soft stays soft, asks stay hard, descriptions are not searched ------


def parsed(parser: RequestParser, text: str):
    return parser.parse(text).parsed


def test_taste_genres_are_not_filters(parser) -> None:
    p = parsed(
        parser, "the last movie i saw in the theater was Knives Out. I generally like comedy, drama and documentaries"
    )
    assert p.filters.genres_all == [] and p.filters.genres_any == []
    assert set(p.preferences.liked_genres) == {"Comedy", "Drama", "Documentary"}
    assert "comedy" not in p.query_text


def test_an_ask_stays_a_hard_filter(parser) -> None:
    p = parsed(parser, "a 90s comedy")
    assert p.filters.genres_all == ["Comedy"] and (p.filters.year_min, p.filters.year_max) == (1990, 1999)
    assert parsed(parser, "only documentaries").filters.genres_all == ["Documentary"]


@pytest.mark.parametrize(
    ("message", "excluded"),
    [
        ("I do not really like musicals.", "Musical"),
        ("not a fan of horror", "Horror"),
        ("my daughter doesn't care for animated films", "Animation"),
    ],
)
def test_dislikes_exclude_and_never_flip(parser, message, excluded) -> None:
    f = parsed(parser, message).filters
    assert excluded in f.genres_exclude
    assert excluded not in f.genres_all + f.genres_any


@pytest.mark.parametrize(
    ("message", "query", "moods"),
    [
        ("A feel-good 90s comedy", "", ["lighter"]),
        ("a feel-good heist movie", "a crew plans an elaborate robbery", ["lighter"]),
        ("A slow-burn sci-fi about grief", "grief", ["slower"]),
        ("something mind-bending", "", ["smarter"]),
        ("a feel-good movie for a family night", "", ["lighter", "family"]),
        # No synopsis says "twist": the kind of film it means (mysteries, thrillers), not the word.
        ("something with a twist ending", "", ["twisty"]),
        ("something to watch with my parents, they're in their 70s", "", ["gentle"]),
        # A date night is a romance of the last decades.
        ("something for a date night", "", ["romantic", "contemporary"]),
        # A feeling, not a topic: "heartwarming" is in no synopsis of the films it means.
        ("a heartwarming sports movie", "", ["uplifting"]),
        # What a musician's story is about, not the one word (*The Pianist* says "pianist", *Ray* "singer").
        ("a biopic about a musician", "a musician, singer or band and their music career", []),
        ("I like all sorts of movies like documentaries, comedies, scary movies, thrillers, dramas.", "", []),
    ],
)
def test_moods_and_audiences_are_not_searched_as_words(parser, message, query, moods) -> None:
    p = parsed(parser, message)
    assert p.query_text == query
    assert set(moods) <= set(p.mood) | set(p.preferences.moods)


def test_nationality_filters_by_country_or_language_and_is_not_searched(parser) -> None:
    p = parsed(parser, "a cozy British mystery series")
    assert "United Kingdom" in p.filters.countries_any
    assert "british" not in p.query_text.lower()
    assert p.filters.type == "TV Show"


def test_kids_with_ages_are_an_audience_not_a_topic(parser) -> None:
    p = parsed(parser, "something my kids (8 and 11) would enjoy too")
    assert p.preferences.audience.kid_ages == (8, 11)
    assert "kids" not in p.query_text and "8" not in p.query_text


def test_story_descriptions_search_what_they_mean(parser) -> None:
    """'twist ending' found French Twist: a description is searched by its meaning, not its words ("twist
    ending" is a mood, see test_moods_and_audiences_are_not_searched_as_words)."""
    query = parsed(parser, "a feel-good heist movie").query_text
    assert query and "heist" not in query.lower()


@pytest.mark.parametrize(
    ("message", "topic"),
    [
        ("a road trip movie", "road trip"),
        ("a feel-good heist movie", "heist"),
        ("A slow-burn sci-fi about grief", "grief"),
    ],
)
def test_the_topic_keeps_the_words_as_written_for_the_story_search(parser, message, topic) -> None:
    """Synopses say "a road trip" and "a heist": the story-word search (story_words.py) matches the words as
    written, the vector search what they mean; moods and constraints are in neither."""
    p = parsed(parser, message)
    assert p.topic_text == topic


def test_a_whodunit_stays_a_mystery(parser) -> None:
    assert parsed(parser, "a whodunit").filters.genres_all == ["Mystery"]


def test_the_model_rewriter_cannot_harden_a_stated_taste(parser, titles) -> None:
    from langchain_openai import ChatOpenAI

    from chains.conversation import ConversationPlanner
    from chains.models import ConversationState
    from chains.query_rewriter import QueryRewriter, RewrittenRequest
    from config import Settings

    result = parser.parse("I generally like comedy and drama")
    plan = ConversationPlanner({t.id: t for t in titles}).plan(result, ConversationState())
    llm = ChatOpenAI(api_key="unused", base_url="http://127.0.0.1:9/v1")  # merge() makes no call
    rewriter = QueryRewriter(Settings(), llm, parser.vocabulary, TitleResolver(titles))
    merged = rewriter.merge(plan, RewrittenRequest(genres_include=["Comedy", "Drama"], type="Movie"))
    assert merged.filters.type == "Movie"  # the model's other additions still apply
    assert merged.filters.genres_all == [] and merged.filters.genres_any == []


def test_a_certificate_a_little_above_a_childs_age_can_be_allowed() -> None:
    eleven, eight = Audience(kinds=("kids",), kid_ages=(11,)), Audience(kinds=("kids",), kid_ages=(8,))
    assert certificate_suits("PG-13", eleven) is False and certificate_suits("PG-13", eleven, leeway=2) is True
    assert certificate_suits("PG-13", eight, leeway=2) is False and certificate_suits("R", eleven, leeway=2) is False


def test_a_persons_name_is_read_in_any_case_and_wins_over_a_title_inside_it(titles: list[Title]) -> None:
    """ "i love amy adams": a person (Amy Adams is in the fixture's casts), not the film *Amy* plus the word
    "adams"; people type names in lower case."""
    amy = titles[0].model_copy(update={"id": "m-amy-2015", "title": "Amy", "year": 2015, "cast": [], "directors": []})
    with_amy = [*titles, amy]
    vocabulary = Vocabulary.from_titles(with_amy)
    parser = RequestParser(
        vocabulary, TitleResolver(with_amy), preference_reader=PreferenceReader.from_titles(vocabulary, with_amy)
    )
    for message in ("I love Amy Adams", "yes, i love amy adams"):
        result = parser.parse(message)
        assert result.parsed.preferences.liked_people == ("Amy Adams",), message
        assert not result.mentions and "adams" not in result.parsed.query_text.lower(), message
    assert [m.raw for m in parser.parse("I loved Amy").mentions] == ["Amy"]  # the film alone is still the film
