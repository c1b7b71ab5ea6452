"""Card props: catalog facts chosen and formatted for the MovieCard element."""

from catalog.models import Title
from chains.models import Pick
from ui.cards import as_of_label, card_props, initials, poster_hue, runtime_label, safe_url, shorten


def make_title(**overrides) -> Title:
    fields = dict(
        id="m-toy-story-1995",
        title="Toy Story",
        year=1995,
        type="Movie",
        genres=["Animation", "Comedy", "Family", "Adventure", "Fantasy"],
        overview="A cowboy doll is profoundly threatened when a new spaceman figure supplants him. " * 6,
        cast=["Tom Hanks", "Tim Allen", "Don Rickles", "Jim Varney", "Wallace Shawn"],
        directors=["John Lasseter"],
        runtime_min=81,
        poster_url="https://upload.wikimedia.org/toy_story.jpg",
        imdb_id="tt0114709",
        tmdb_id=862,
        wikipedia_url="https://en.wikipedia.org/wiki/Toy_Story",
        platforms=["Disney+", "Netflix"],
        platforms_as_of="2021-09-25",
        attribution=[
            "Overview: Wikipedia, CC BY-SA 4.0 (https://en.wikipedia.org/wiki/Toy_Story)",
            "Data: Wikipedia via prust/wikipedia-movie-data (CC BY-SA 4.0)",
        ],
    )
    fields.update(overrides)
    return Title(**fields)


def make_pick(title: Title, score: float = 0.876, explanation: str = "") -> Pick:
    return Pick(
        id=title.id,
        title=title.title,
        year=title.year,
        type=title.type,
        genres=title.genres,
        runtime_min=title.runtime_min,
        seasons=title.seasons,
        directors=title.directors,
        score=score,
        explanation=explanation,
    )


def test_card_props_carry_the_facts_a_card_shows():
    title = make_title()
    props = card_props(2, make_pick(title), title)
    assert props["rank"] == 2
    assert props["title"] == "Toy Story" and props["year"] == 1995 and props["type"] == "Movie"
    assert props["runtime"] == "1h 21m"
    assert props["genres"] == ["Animation", "Comedy", "Family", "Adventure"]  # top four
    assert props["directors"] == "John Lasseter"
    assert props["cast"] == ["Tom Hanks", "Tim Allen", "Don Rickles", "Jim Varney"]
    assert props["streaming"] == "On Disney+ and Netflix (as of 2021-09)"
    assert props["score"] == 88
    assert props["explanation"] == "" and props["streaming_now"] is True
    assert props["credit"] == "Overview: Wikipedia, CC BY-SA 4.0"
    assert [link["label"] for link in props["links"]] == ["Wikipedia", "IMDb", "TMDB"]
    assert props["links"][1]["url"] == "https://www.imdb.com/title/tt0114709/"
    assert props["more_like"] == "More like Toy Story (1995)"
    assert len(props["overview"]) <= 321


def test_tv_show_shows_seasons_and_links_tmdb_tv():
    title = make_title(id="s-dark-2017", title="Dark", year=2017, type="TV Show", runtime_min=None, seasons=3)
    props = card_props(1, make_pick(title), title)
    assert props["type"] == "TV series"
    assert props["runtime"] == "3 seasons"
    assert props["links"][-1]["url"] == "https://www.themoviedb.org/tv/862"
    assert runtime_label(make_title(type="TV Show", runtime_min=None, seasons=1)) == "1 season"


def test_unknown_facts_stay_empty_rather_than_guessed():
    title = make_title(
        runtime_min=None,
        directors=[],
        cast=[],
        platforms=[],
        platforms_as_of=None,
        overview="",
        poster_url=None,
        imdb_id=None,
        tmdb_id=None,
        wikipedia_url=None,
        attribution=[],
    )
    props = card_props(1, make_pick(title), title)
    assert props["runtime"] is None and props["directors"] is None and props["cast"] == []
    assert props["streaming"] is None and props["overview"] is None and props["poster"] is None
    assert props["links"] == [] and props["credit"] is None


def test_only_plain_web_urls_reach_the_card():
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("data:image/svg+xml;base64,AAAA") is None
    assert safe_url("//evil.example/x.png") is None
    assert safe_url(" https://upload.wikimedia.org/a.jpg ") == "https://upload.wikimedia.org/a.jpg"
    title = make_title(poster_url="javascript:alert(1)", wikipedia_url="javascript:alert(2)", imdb_id="tt1<x>")
    props = card_props(1, make_pick(title), title)
    assert props["poster"] is None
    assert all(link["url"].startswith("https://") for link in props["links"])
    assert [link["label"] for link in props["links"]] == ["TMDB"]


def test_markup_in_a_title_is_kept_verbatim_for_the_card_to_show_as_text():
    nasty = "<img src=x onerror=alert(1)>"
    title = make_title(title=nasty)
    props = card_props(1, make_pick(title), title)
    assert props["title"] == nasty  # escaping is React's job: the card renders it as a text child
    assert props["initials"] == "IS"


def test_placeholder_initials_and_colour_are_stable():
    assert initials("The Dark Knight") == "DK"
    assert initials("Up") == "U"
    assert initials("2001: A Space Odyssey") == "2S"
    assert initials("Amélie") == "A"
    assert initials("!!!") == "?"
    assert poster_hue("Arrival") == poster_hue("Arrival")
    assert 0 <= poster_hue("Arrival") < 360
    assert len({poster_hue(t) for t in ["Arrival", "Alien", "Aliens", "Heat", "Up", "Toy Story"]}) > 3


def test_credit_line_drops_its_url_even_with_parentheses():
    title = make_title(attribution=["Overview: Wikipedia, CC BY-SA 4.0 (https://en.wikipedia.org/wiki/Up_(2009_film))"])
    assert card_props(1, make_pick(title), title)["credit"] == "Overview: Wikipedia, CC BY-SA 4.0"


def test_small_formatters():
    assert runtime_label(make_title(runtime_min=45)) == "45 min"
    assert runtime_label(make_title(runtime_min=120)) == "2h"
    assert as_of_label("2021-09-25") == "2021-09"
    assert as_of_label(None) is None
    assert shorten("Short.") == "Short."
    cut = shorten("word " * 200, limit=50)
    assert cut.endswith("…") and len(cut) <= 51
