"""The deterministic request parser: every constraint form, on the fixture catalog's vocabulary."""

from __future__ import annotations

import pytest

from catalog.build import build_catalog
from catalog.models import Title
from chains.notes import NoteCode, note
from chains.request_parser import RequestParser
from chains.title_resolver import TitleResolver
from chains.vocabulary import Vocabulary
from testkit.fixture_data import make_fixture_raw_dir


@pytest.fixture(scope="module")
def parser(fixture_catalog: tuple[list[Title], object]) -> RequestParser:
    titles = fixture_catalog[0]
    return RequestParser(Vocabulary.from_titles(titles), TitleResolver(titles))


@pytest.fixture(scope="module")
def ordinal_parser(tmp_path_factory: pytest.TempPathFactory) -> RequestParser:
    """The fixture catalog plus real films whose titles begin with an ordinal word or hold words of a
    reply ("like it")."""
    raw = make_fixture_raw_dir(
        tmp_path_factory.mktemp("ordinal-raw"),
        extra_titles=[
            ("First Reformed", 2018),
            ("The Last Samurai", 2003),
            ("It", 2017),
            ("Some Like It Hot", 1959),
            ("It's a Wonderful Life", 1946),
            ("Life", 2017),
            ("Suspense", 1946),
        ],
    )
    titles, _ = build_catalog(raw)
    return RequestParser(Vocabulary.from_titles(titles), TitleResolver(titles))


def filters_of(parser: RequestParser, message: str) -> dict:
    return parser.parse(message).parsed.filters.model_dump(exclude_defaults=True)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("something from the 90s", {"year_min": 1990, "year_max": 1999}),
        ("a film from the 1990s", {"year_min": 1990, "year_max": 1999, "type": "Movie"}),
        ("the '80s please", {"year_min": 1980, "year_max": 1989}),
        ("anything from the eighties", {"year_min": 1980, "year_max": 1989}),
        ("early 2000s", {"year_min": 2000, "year_max": 2003}),
        ("late 70s", {"year_min": 1976, "year_max": 1979}),
        ("2010s", {"year_min": 2010, "year_max": 2019}),
        ("released before 1970", {"year_max": 1969}),
        ("pre-1960", {"year_max": 1959}),
        ("older than 1980", {"year_max": 1979}),
        ("after 2010", {"year_min": 2011}),
        ("since 2000", {"year_min": 2000}),
        ("from 2005 onwards", {"year_min": 2005}),
        ("2015 or later", {"year_min": 2015}),
        ("from 1985", {"year_min": 1985, "year_max": 1985}),
        ("in 1999", {"year_min": 1999, "year_max": 1999}),
        ("between 1990 and 2000", {"year_min": 1990, "year_max": 2000}),
        ("1970-1979", {"year_min": 1970, "year_max": 1979}),
        ("before the 80s", {"year_max": 1979}),
    ],
)
def test_years_and_decades(parser: RequestParser, message: str, expected: dict) -> None:
    assert filters_of(parser, message) == expected


def test_recent_is_relative_to_the_newest_catalog_year(parser: RequestParser) -> None:
    latest = parser.vocabulary.latest_year
    assert filters_of(parser, "recent thrillers") == {"year_min": latest - 4, "genres_all": ["Thriller"]}


def test_set_in_a_decade_is_the_story_not_the_release(parser: RequestParser) -> None:
    parsed = parser.parse("a heist movie set in the 80s").parsed
    assert parsed.filters.year_min is None and parsed.filters.year_max is None
    assert "80s" in parsed.query_text


@pytest.mark.parametrize(
    "message",
    ["something to watch with my parents, they're in their 70s", "a film for my dad, he is in his early sixties"],
)
def test_someones_age_is_no_release_decade(parser: RequestParser, message: str) -> None:
    filters = parser.parse(message).parsed.filters
    assert filters.year_min is None and filters.year_max is None


def test_a_decade_after_an_audience_is_still_a_release_decade(parser: RequestParser) -> None:
    assert filters_of(parser, "something from the 70s to watch with my parents") == {"year_min": 1970, "year_max": 1979}


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("a TV show", {"type": "TV Show"}),
        ("a good series to binge", {"type": "TV Show"}),
        ("some tv", {"type": "TV Show"}),
        ("a film", {"type": "Movie"}),
        ("movies", {"type": "Movie"}),
        ("a movie or a show", {}),
        ("show me something fun", {}),  # "show me" is a verb, not a TV show
    ],
)
def test_type(parser: RequestParser, message: str, expected: dict) -> None:
    assert filters_of(parser, message) == expected


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("under 2 hours", {"runtime_max": 119}),
        ("shorter than 100 minutes", {"runtime_max": 99}),
        ("less than 90 min", {"runtime_max": 89}),
        ("at most 95 minutes", {"runtime_max": 95}),
        ("90 minutes or less", {"runtime_max": 90}),
        ("an hour and a half max", {"runtime_max": 90}),
        ("under two hours", {"runtime_max": 119}),
        ("over 3 hours", {"runtime_min": 181}),
        ("at least 2 hours long", {"runtime_min": 120}),
        ("longer than 150 minutes", {"runtime_min": 151}),
    ],
)
def test_runtime(parser: RequestParser, message: str, expected: dict) -> None:
    assert filters_of(parser, message) == expected


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("a comedy", {"genres_all": ["Comedy"]}),
        ("sci-fi", {"genres_all": ["Science Fiction"]}),
        ("science fiction", {"genres_all": ["Science Fiction"]}),
        ("a rom-com", {"genres_all": ["Romance", "Comedy"]}),
        ("horror or thriller", {"genres_any": ["Horror", "Thriller"]}),
        ("a documentary", {"genres_all": ["Documentary"]}),
        ("not animated", {"genres_exclude": ["Animation"]}),
        ("non-animated", {"genres_exclude": ["Animation"]}),
        ("no horror", {"genres_exclude": ["Horror"]}),
        ("without romance", {"genres_exclude": ["Romance"]}),
        ("no horror or romance", {"genres_exclude": ["Horror", "Romance"]}),
        ("I don't want horror", {"genres_exclude": ["Horror"]}),
        ("a comedy, not animated", {"genres_all": ["Comedy"], "genres_exclude": ["Animation"]}),
        ("a drama but not a war movie", {"genres_all": ["Drama"], "genres_exclude": ["War"], "type": "Movie"}),
    ],
)
def test_genres_in_and_out(parser: RequestParser, message: str, expected: dict) -> None:
    assert filters_of(parser, message) == expected


@pytest.mark.parametrize(
    ("message", "platforms"),
    [
        ("on Netflix", ["Netflix"]),
        ("something on Disney+", ["Disney+"]),
        ("disney plus", ["Disney+"]),
        ("Prime Video", ["Amazon Prime Video"]),
        ("on prime", ["Amazon Prime Video"]),
        ("Hulu", ["Hulu"]),
        ("on Netflix or Hulu", ["Netflix", "Hulu"]),
        ("a Disney movie", []),  # the studio, not the service
    ],
)
def test_platforms(parser: RequestParser, message: str, platforms: list[str]) -> None:
    assert parser.parse(message).parsed.filters.platforms_any == platforms


def test_platform_exclusion_is_noted_not_dropped_silently(parser: RequestParser) -> None:
    result = parser.parse("a comedy not on Netflix")
    assert result.parsed.filters.platforms_any == []
    assert note(NoteCode.PLATFORM_NOT_EXCLUDABLE, platform="Netflix") in result.notes


@pytest.mark.parametrize(
    ("message", "moods"),
    [
        ("something lighter", ["lighter"]),
        ("funnier", ["funnier"]),
        ("darker please", ["darker"]),
        ("less violent", ["less violent"]),
        ("not too dark", ["lighter"]),
        ("nothing too dark", ["lighter"]),
        ("a feel-good film", ["lighter"]),
        ("nothing scary", ["less scary"]),
        ("nothing too scary", ["less scary"]),
        ("nothing too violent please", ["less violent"]),
        ("something smarter", ["smarter"]),
    ],
)
def test_moods_are_soft(parser: RequestParser, message: str, moods: list[str]) -> None:
    parsed = parser.parse(message).parsed
    assert parsed.mood == moods
    # A mood never becomes a hard filter.
    assert parsed.filters.genres_all == [] and parsed.filters.genres_exclude == []


def test_negated_mood_words_stay_out_of_the_query(parser: RequestParser) -> None:
    assert "violent" not in parser.parse("less violent").parsed.query_text
    assert "violent" not in parser.parse("a war film, nothing too violent").parsed.query_text


@pytest.mark.parametrize(
    ("message", "pick", "reject", "seen"),
    [
        ("more like the second one", 2, None, False),
        ("more like #3", 3, None, False),
        ("#4", 4, None, False),
        ("something like the last one", -1, None, False),
        ("not that one, I've seen it", None, 0, True),
        ("I've seen the second one", None, 2, True),
        ("not the third one", None, 3, False),
        ("drop #1", None, 1, False),
    ],
)
def test_references_to_earlier_picks(parser: RequestParser, message: str, pick, reject, seen: bool) -> None:
    parsed = parser.parse(message).parsed
    assert (parsed.pick_reference, parsed.reject_reference, parsed.reference_seen) == (pick, reject, seen)
    assert parsed.title_mentions == []


@pytest.mark.parametrize(
    ("message", "title_id"),
    [
        ("something like Arrival", "m-arrival-2016"),
        ("Arrival (2016)", "m-arrival-2016"),
        ("I loved The Godfather", "m-the-godfather-1972"),
        ("like Alien but funny", "m-alien-1979"),
        ("Intersteller", "m-interstellar-2014"),
        ("movies similar to the matrix", "m-the-matrix-1999"),
        ("Jurassic Park", "m-jurassic-park-1993"),
    ],
)
def test_title_mentions(parser: RequestParser, message: str, title_id: str) -> None:
    result = parser.parse(message)
    assert [m.resolution.best.title.id for m in result.mentions] == [title_id]


@pytest.mark.parametrize(
    ("message", "title_id"),
    [
        # "like First" used to be read as "more like the first pick" and the title was lost.
        ("something like First Reformed (2018)", "m-first-reformed-2018"),
        ("something like First Reformed", "m-first-reformed-2018"),
        ("like First Reformed 2018", "m-first-reformed-2018"),
        ("more like The Last Samurai", "m-the-last-samurai-2003"),
        ("something like the last samurai but funnier", "m-the-last-samurai-2003"),
        ("I've seen The Last Samurai", "m-the-last-samurai-2003"),
    ],
)
def test_a_title_starting_with_an_ordinal_is_no_reference_to_a_pick(
    ordinal_parser: RequestParser, message: str, title_id: str
) -> None:
    result = ordinal_parser.parse(message)
    assert [m.resolution.best.title.id for m in result.mentions] == [title_id]
    parsed = result.parsed
    assert (parsed.pick_reference, parsed.reject_reference, parsed.reference_seen) == (None, None, False)
    assert parsed.filters.year_min is None and parsed.filters.year_max is None


@pytest.mark.parametrize(
    ("message", "pick"),
    [
        ("more like the first one", 1),
        ("something like the last one but funnier", -1),
        ("like the first horror film", 1),
    ],
)
def test_ordinal_references_stay_references_where_such_titles_exist(
    ordinal_parser: RequestParser, message: str, pick: int
) -> None:
    parsed = ordinal_parser.parse(message).parsed
    assert parsed.pick_reference == pick and parsed.title_mentions == []


@pytest.mark.parametrize(
    ("message", "title_id"),
    [
        ("something like It (2017)", "m-it-2017"),
        ("something like Some Like It Hot (1959)", "m-some-like-it-hot-1959"),
        ("something like It's a Wonderful Life (1946)", "m-its-a-wonderful-life-1946"),
    ],
)
def test_a_title_holding_a_reply_is_a_title_not_a_reaction(
    ordinal_parser: RequestParser, message: str, title_id: str
) -> None:
    result = ordinal_parser.parse(message)
    assert [m.resolution.best.title.id for m in result.mentions] == [title_id]
    assert result.reaction is None and result.parsed.query_text == ""
    assert result.parsed.filters.year_min is None


@pytest.mark.parametrize("message", ["I loved it", "Loved It!", "I Loved It", "ok. Liked That One", "like it"])
def test_replies_in_any_case_stay_reactions(ordinal_parser: RequestParser, message: str) -> None:
    result = ordinal_parser.parse(message)
    assert result.reaction == "liked" and result.mentions == []


@pytest.mark.parametrize(
    ("message", "query"),
    [
        ("I think The Jailhouse (2010) would be good, it's criminal", "criminal"),
        ("I can watch Train Ride (2005)", ""),
    ],
)
def test_a_year_in_brackets_belongs_to_a_title_the_catalog_lacks(
    parser: RequestParser, message: str, query: str
) -> None:
    # Never a release-year filter, and the title's own words are not searched (they find look-alike titles).
    result = parser.parse(message)
    assert result.mentions == [] and result.parsed.filters.year_min is None
    assert result.parsed.query_text.split()[-len(query.split()) :] == query.split()
    assert "Jailhouse" not in result.parsed.query_text and "Train" not in result.parsed.query_text


def test_a_title_written_with_another_year_is_another_film(parser: RequestParser) -> None:
    # The fixture holds Solaris (2002) only: Tarkovsky's "Solaris (1972)" must not become Soderbergh's.
    assert parser.parse("I loved Solaris (1972)").mentions == []
    assert [m.resolution.best.title.year for m in parser.parse("I loved Solaris (2002)").mentions] == [2002]


@pytest.mark.parametrize("message", ["Yes, I liked both of those!", "I loved them all", "liked them both"])
def test_a_reaction_to_several_titles(parser: RequestParser, message: str) -> None:
    result = parser.parse(message)
    assert result.reaction == "liked" and result.reaction_covers_all


@pytest.mark.parametrize(
    ("message", "title", "kind"),
    [
        ("a show like Breaking Bad", "Breaking Bad", "TV Show"),
        ("movies like Inception", "Inception", "Movie"),
        ("the last movie I saw in the theater was Inception. I like comedy", "Inception", "Movie"),
    ],
)
def test_a_type_word_before_a_title_sets_the_type(parser: RequestParser, message: str, title: str, kind: str) -> None:
    result = parser.parse(message)
    assert [m.resolution.best.title.title for m in result.mentions] == [title]
    assert result.parsed.filters.type == kind and result.parsed.query_text == ""


def test_a_genre_word_after_a_liking_cue_is_no_title(ordinal_parser: RequestParser) -> None:
    # A film is called "Suspense" (1946); "I like suspense" is a taste, not that film.
    assert [m.raw for m in ordinal_parser.parse("I liked Suspense (1946)").mentions] == ["Suspense (1946)"]
    result = ordinal_parser.parse("not a fan of horror, but I like suspense")
    assert result.mentions == [] and result.parsed.filters.genres_exclude == ["Horror"]


def test_seen_them_all_and_more_like_them_is_about_the_titles_offered(parser: RequestParser) -> None:
    result = parser.parse("I've seen all of those. More like them?")
    assert result.parsed.query_text == "" and result.reaction == "liked" and result.reaction_covers_all


def test_title_words_are_not_read_as_constraints(parser: RequestParser) -> None:
    # "2001" is part of the title, not a year filter.
    result = parser.parse("something like 2001: A Space Odyssey")
    assert [m.resolution.best.title.year for m in result.mentions] == [1968]
    assert result.parsed.filters.year_min is None


def test_everything_at_once(parser: RequestParser) -> None:
    result = parser.parse("like Alien but funny, a movie from the 80s under 2 hours, no horror, on Netflix")
    f = result.parsed.filters
    assert [m.resolution.best.title.id for m in result.mentions] == ["m-alien-1979"]
    assert (f.year_min, f.year_max, f.type, f.runtime_max) == (1980, 1989, "Movie", 119)
    assert f.genres_exclude == ["Horror"] and f.platforms_any == ["Netflix"]
    assert result.parsed.mood == ["funnier"]
    assert result.parsed.query_text == ""  # a mood is a tone: the retriever adds its words, not "funny"


def test_free_text_becomes_the_query(parser: RequestParser) -> None:
    parsed = parser.parse("a slow-burn sci-fi about grief").parsed
    assert parsed.filters.genres_all == ["Science Fiction"]
    assert parsed.query_text == "grief"  # "slow-burn" is a pace, never searched as the word "burn"
    assert parsed.mood == ["slower"]


def test_filler_only_gives_an_empty_query(parser: RequestParser) -> None:
    parsed = parser.parse("can you recommend me something to watch tonight please").parsed
    assert parsed.query_text == "" and parsed.filters.is_empty()


@pytest.mark.parametrize(
    "message",
    [
        "i have not seen it i think i will try",
        "i did not but i want to",
        "Do you know of any?",
        "hi",
        "ok cool, thanks",
        "I'm in the mood for something",  # was the search text "mood"
    ],
)
def test_conversation_without_a_topic_searches_no_words(parser: RequestParser, message: str) -> None:
    assert parser.parse(message).parsed.query_text == ""


def test_a_topic_keeps_its_conversational_neighbours(parser: RequestParser) -> None:
    # Only a request made of nothing but conversation words loses them: with a topic, nothing is dropped.
    words = parser.parse("I think I want a film about love and loss").parsed.query_text.split()
    assert {"think", "love", "loss"} <= set(words)


def test_a_grown_ups_age_is_no_topic(parser: RequestParser) -> None:
    parsed = parser.parse("something to watch with my parents, they're in their 70s").parsed
    assert parsed.query_text.strip() == "", parsed.query_text
    assert parsed.preferences.audience.kinds == ("parents",) and parsed.preferences.audience.kid_ages == ()
