"""Merging sources into one record per title, on the fixture cut from the real data."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import config
from catalog.build import BuildReport, build_catalog
from catalog.merge import Group, MergeStats, assign_ids, merge_records
from catalog.models import Title
from catalog.normalize import EDITION, FORMAT, LANGUAGE, OWN_YEAR, base_title_id, film_title, slugify, title_key
from catalog.sources import SourceRecord


def by_id(fixture_catalog: tuple[list[Title], BuildReport]) -> dict[str, Title]:
    return {t.id: t for t in fixture_catalog[0]}


def test_godfather_is_one_rich_record(fixture_catalog) -> None:
    catalog = by_id(fixture_catalog)
    godfathers = [t for t in catalog.values() if title_key(t.title) == "godfather"]
    assert [t.id for t in godfathers] == ["m-the-godfather-1972"]
    godfather = godfathers[0]
    assert set(godfather.sources) == {"imdb_top1000", "tmdb5000", "tmdb_top10k", "wikidata", "wikipedia"}
    assert godfather.directors == ["Francis Ford Coppola"]
    assert godfather.runtime_min == 175
    assert godfather.poster_url and godfather.poster_url.startswith("https://upload.wikimedia.org/")
    assert godfather.cast[:2] == ["Marlon Brando", "Al Pacino"]  # billing order, not Wikidata's A-Z
    assert "Corleone" in godfather.overview
    assert godfather.imdb_id == "tt0068646" and godfather.tmdb_id == 238
    assert godfather.ratings.imdb_rating == 9.2 and godfather.ratings.metascore == 100
    assert godfather.ratings.tmdb_vote_count and godfather.ratings.rt_meter is not None
    assert {"Crime", "Drama"} <= set(godfather.genres)
    assert godfather.keywords
    assert godfather.attribution[0].startswith("Overview: Wikipedia, CC BY-SA 4.0 (https://en.wikipedia.org/wiki/")
    assert "Data: TMDB (The Movie Database)" in godfather.attribution


def test_same_title_different_years_stay_apart(fixture_catalog) -> None:
    catalog = by_id(fixture_catalog)
    assert {"m-arrival-2016", "m-the-arrival-1996"} <= set(catalog)
    assert {"m-ghostbusters-1984", "m-ghostbusters-2016"} <= set(catalog)
    assert catalog["m-arrival-2016"].directors == ["Denis Villeneuve"]
    assert catalog["m-the-arrival-1996"].directors == ["David Twohy"]


def test_tv_show_across_platforms(fixture_catalog) -> None:
    catalog = by_id(fixture_catalog)
    simpsons = catalog["tv-the-simpsons-1989"]
    assert simpsons.type == "TV Show" and simpsons.runtime_min is None and simpsons.seasons
    assert simpsons.platforms == ["Disney+", "Hulu"]
    assert simpsons.platforms_as_of is not None
    assert any(line.startswith("Streaming listing: Disney+ as of 2021-") for line in simpsons.attribution)
    stranger = next(t for t in catalog.values() if t.title == "Stranger Things")
    assert stranger.id.startswith("tv-stranger-things-") and stranger.platforms == ["Netflix"]


def test_every_title_is_complete_enough(fixture_catalog) -> None:
    titles, report = fixture_catalog
    assert titles and report.titles == len(titles)
    for title in titles:
        assert title.year and title.type in ("Movie", "TV Show")
        assert title.overview, title.id  # titles with no overview are left out, and counted
        assert title.sources and title.attribution
        assert title.id.startswith("m-" if title.type == "Movie" else "tv-")
    assert report.dropped_without_overview > 0  # the Wikidata-only rows have no overview
    assert len({t.id for t in titles}) == len(titles)


def record(source: str, title: str, year: int, **fields) -> SourceRecord:
    return SourceRecord(source=source, title=title, year=year, type=fields.pop("type", "Movie"), **fields)


def test_off_by_one_year_join_when_unambiguous() -> None:
    stats = MergeStats()
    titles = merge_records(
        [
            record(
                "wikipedia",
                "Arrival",
                2016,
                overview="A linguist is recruited.",
                directors=["Denis Villeneuve"],
            ),
            record("streaming", "Arrival", 2017, overview="Short.", runtime_min=116, platforms=["Netflix"]),
        ],
        stats,
    )
    assert [t.id for t in titles] == ["m-arrival-2016"]  # Wikipedia's year outranks a listing's
    assert titles[0].runtime_min == 116 and titles[0].platforms == ["Netflix"]
    assert stats.off_by_one_joins == 1


@pytest.mark.parametrize(
    "records",
    [
        # one source lists both years: two different films
        [record("wikipedia", "Heat", 1995, overview="a"), record("wikipedia", "Heat", 1996, overview="b")],
        # the directors disagree: two different films
        [
            record("wikipedia", "Heat", 1995, overview="a", directors=["Michael Mann"]),
            record("streaming", "Heat", 1996, overview="b", directors=["Someone Else"]),
        ],
        # three years in a row: which two belong together is a guess
        [
            record("wikipedia", "Heat", 1995, overview="a"),
            record("streaming", "Heat", 1996, overview="b"),
            record("tmdb5000", "Heat", 1997, overview="c"),
        ],
    ],
)
def test_off_by_one_refused_when_ambiguous(records: list[SourceRecord]) -> None:
    stats = MergeStats()
    titles = merge_records(records, stats)
    assert len(titles) == len(records) and stats.off_by_one_joins == 0


def test_two_year_gap_joined_when_the_director_agrees() -> None:
    # Wikidata dates "Salt of this Sea" by its 2008 premiere, Wikipedia lists it with 2010 films.
    stats = MergeStats()
    titles = merge_records(
        [
            record("wikidata", "Salt of this Sea", 2008, runtime_min=105, directors=["Annemarie Jacir"]),
            record(
                "wikipedia",
                "Salt of this Sea",
                2010,
                overview="Salt of this Sea is a 2008 Palestinian film.",
                directors=["Annemarie Jacir"],
            ),
        ],
        stats,
    )
    assert [(t.id, t.runtime_min) for t in titles] == [("m-salt-of-this-sea-2010", 105)]
    assert stats.director_year_joins == 1 and stats.off_by_one_joins == 0


def test_director_settles_a_year_pair_the_off_by_one_rule_refuses() -> None:
    # Three years in a row: only the two that share a director are one film.
    stats = MergeStats()
    titles = merge_records(
        [
            record("tmdb5000", "A True Story", 2013, overview="a", directors=["Malcolm Goodwin"], runtime_min=90),
            record("wikidata", "True Story", 2014, runtime_min=99, directors=["Rupert Goold"]),
            record("wikipedia", "True Story", 2015, overview="b", directors=["Rupert Goold"]),
        ],
        stats,
    )
    by_year = {t.year: t for t in titles}
    assert sorted(by_year) == [2013, 2015]
    assert by_year[2015].runtime_min == 99 and by_year[2013].runtime_min == 90
    assert stats.director_year_joins == 1


@pytest.mark.parametrize(
    "records",
    [
        # two years apart with no director on one side: a title alone is not enough
        [
            record("wikidata", "Kisses", 2008, runtime_min=72, directors=["Lance Daly"]),
            record("wikipedia", "Kisses", 2010, overview="b"),
        ],
        # the directors differ: a remake or another film of that name
        [
            record("wikidata", "The Circle", 2014, runtime_min=117, directors=["Stefan Haupt"]),
            record("wikipedia", "The Circle", 2016, overview="b", directors=["James Ponsoldt"]),
        ],
        # one source lists both years: two films, even by one director
        [
            record("wikipedia", "House of Cards", 1968, overview="a", directors=["John Guillermin"]),
            record("wikipedia", "House of Cards", 1970, overview="b", directors=["John Guillermin"]),
        ],
        # three years apart is too far even with a director in common
        [
            record("wikidata", "Last Ride", 2009, runtime_min=90, directors=["Glendyn Ivin"]),
            record("wikipedia", "Last Ride", 2012, overview="b", directors=["Glendyn Ivin"]),
        ],
    ],
)
def test_two_year_gap_refused_without_director_agreement(records: list[SourceRecord]) -> None:
    stats = MergeStats()
    titles = merge_records(records, stats)
    assert len(titles) == len(records) and stats.director_year_joins == 0


def test_movie_and_show_of_one_name_stay_apart() -> None:
    titles = merge_records(
        [
            record("wikipedia", "Fargo", 1996, overview="film"),
            record("streaming", "Fargo", 1996, type="TV Show", overview="show"),
        ]
    )
    assert sorted(t.id for t in titles) == ["m-fargo-1996", "tv-fargo-1996"]


def test_longest_overview_wins_and_is_credited() -> None:
    (title,) = merge_records(
        [
            record("streaming", "Up", 2009, overview="An old man flies his house.", platforms=["Disney+"]),
            record(
                "wikipedia",
                "Up",
                2009,
                overview="Up is a 2009 American animated film. " * 3,
                overview_credit="Wikipedia, CC BY-SA 4.0 (https://en.wikipedia.org/wiki/Up_(2009_film))",
            ),
        ]
    )
    assert title.overview.startswith("Up is a 2009")
    assert title.attribution[0] == "Overview: Wikipedia, CC BY-SA 4.0 (https://en.wikipedia.org/wiki/Up_(2009_film))"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The Godfather", "Godfather, The"),
        ("The Godfather Part II", "The Godfather: Part 2"),
        ("Monsters, Inc.", "Monsters Inc"),
        ("Amélie", "Amelie"),
        ("Fast & Furious", "Fast and Furious"),
        ("Schindler's List", "Schindlers List"),
        ("Spider-Man", "Spider Man"),
    ],
)
def test_title_keys_match_spelling_variants(a: str, b: str) -> None:
    assert title_key(a) == title_key(b)


@pytest.mark.parametrize(("a", "b"), [("Alien", "Aliens"), ("Toy Story", "Toy Story 2"), ("Up", "Upgrade")])
def test_title_keys_keep_different_titles_apart(a: str, b: str) -> None:
    assert title_key(a) != title_key(b)


def test_ids() -> None:
    assert base_title_id("Arrival", 2016, "Movie") == "m-arrival-2016"
    assert base_title_id("Dark", 2017, "TV Show") == "tv-dark-2017"
    assert slugify("Monsters, Inc.") == "monsters-inc"
    assert slugify("東京物語") == slugify("東京物語") != slugify("七人の侍")  # stable hash, no empty slug


def test_colliding_ids_get_stable_suffixes() -> None:
    # Keys are finer than slugs only in odd cases; build two such groups by hand.
    def groups() -> list[Group]:
        return [
            Group("ma 1", "Movie", 2019, [record("wikipedia", "Ma", 2019, overview="one")]),
            Group("ma 2", "Movie", 2019, [record("streaming", "MA", 2019, overview="two")]),
        ]

    first = [(g.key, tid) for g, tid in assign_ids(groups(), MergeStats())]
    stats = MergeStats()
    second = [(g.key, tid) for g, tid in assign_ids(list(reversed(groups())), stats)]
    assert sorted(first) == sorted(second) == [("ma 1", "m-ma-2019"), ("ma 2", "m-ma-2019-2")]
    assert stats.id_collisions == 1


def test_ids_are_stable_across_builds_and_limits(fixture_raw_dir: Path, fixture_catalog) -> None:
    titles, _ = fixture_catalog
    again, _ = build_catalog(fixture_raw_dir)
    assert [t.model_dump() for t in again] == [t.model_dump() for t in titles]
    sample, report = build_catalog(fixture_raw_dir, limit=25)
    full = {t.id: t for t in titles}
    assert len(sample) == 25 and report.limit == 25
    assert all(full[t.id] == t for t in sample)  # a sample title is the full build's title
    assert "m-the-godfather-1972" in {t.id for t in sample}  # well-known titles come first
    assert any(t.type == "TV Show" for t in sample)


def test_genres_from_the_best_source_plus_agreed_ones(fixture_catalog) -> None:
    catalog = by_id(fixture_catalog)
    # Wikidata alone calls The Matrix "Crime" and "Thriller"; TMDB, IMDb and Wikipedia do not.
    assert catalog["m-the-matrix-1999"].genres == ["Action", "Science Fiction"]
    # Hulu alone lists Arrival under "Horror".
    assert "Horror" not in catalog["m-arrival-2016"].genres
    assert {"Drama", "Science Fiction"} <= set(catalog["m-arrival-2016"].genres)


def test_genre_votes() -> None:
    (title,) = merge_records(
        [
            record("tmdb5000", "X", 2000, overview="x", genres=["Drama"]),
            record("wikipedia", "X", 2000, genres=["Comedy", "Western"]),
            record("wikidata", "X", 2000, genres=["Comedy", "Horror"]),
        ]
    )
    assert title.genres == ["Comedy", "Drama"]  # primary + the one two sources agree on


def test_same_tmdb_id_under_two_titles_is_one_work() -> None:
    stats = MergeStats()
    titles = merge_records(
        [
            record("tmdb5000", "Birdman", 2014, overview="An actor.", tmdb_id=194662, runtime_min=119),
            record(
                "wikipedia",
                "Birdman or (The Unexpected Virtue of Ignorance)",
                2014,
                overview="A longer summary.",
            ),
            record("tmdb_top10k", "Birdman or (The Unexpected Virtue of Ignorance)", 2014, tmdb_id=194662),
        ],
        stats,
    )
    assert [(t.id, t.title, t.runtime_min) for t in titles] == [("m-birdman-2014", "Birdman", 119)]
    assert stats.shared_id_joins == 1


def test_different_films_of_one_title_and_year_stay_apart() -> None:
    # Real rows: "Soldier" (1998) is Paul W. S. Anderson's film in three sources and Abbas Mustan's
    # Hindi film on Netflix. Merged, the card showed Anderson's film with Mustan's 155 minutes.
    rows = [
        record("tmdb5000", "Soldier", 1998, overview="A soldier is left for dead.", directors=["Paul W.S. Anderson"]),
        record("wikidata", "Soldier", 1998, runtime_min=99, directors=["Paul W. S. Anderson"]),
        record(
            "streaming",
            "Soldier",
            1998,
            overview="A young man sets out to avenge his father.",
            directors=["Abbas Mustan"],
            runtime_min=155,
            platforms=["Netflix"],
        ),
        record("tmdb_top10k", "Soldier", 1998, overview="Sergeant Todd is a veteran soldier."),  # no director
    ]
    stats = MergeStats()
    titles = merge_records(rows, stats)
    by_id = {t.id: t for t in titles}
    # The better-known film keeps the plain id; the other is told apart by its director's surname.
    assert sorted(by_id) == ["m-soldier-1998", "m-soldier-1998-mustan"]
    assert by_id["m-soldier-1998"].directors == ["Paul W.S. Anderson"] and by_id["m-soldier-1998"].runtime_min == 99
    assert set(by_id["m-soldier-1998"].sources) == {"tmdb5000", "wikidata", "tmdb_top10k"}
    assert by_id["m-soldier-1998-mustan"].directors == ["Abbas Mustan"]
    assert by_id["m-soldier-1998-mustan"].runtime_min == 155 and by_id["m-soldier-1998-mustan"].platforms == ["Netflix"]
    assert stats.distinct_work_splits == 1
    # Ids depend only on the data, not on read order.
    assert [t.id for t in merge_records(list(reversed(rows)))] == sorted(by_id)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Denis Villeneuve", "Villeneuve, Denis"),  # library order
        ("Andre DeToth", "André de Toth"),  # accents and a particle written apart
        ("Yi'nan Diao", "Diao Yinan"),  # family name first
        ("James Komack", "James Komach"),  # a typo in one listing
    ],
)
def test_one_film_whose_sources_spell_the_director_differently_stays_one(a: str, b: str) -> None:
    stats = MergeStats()
    titles = merge_records(
        [
            record("wikidata", "Crime Wave", 1954, runtime_min=73, directors=[a]),
            record("streaming", "Crime Wave", 1954, overview="A parolee is caught.", runtime_min=80, directors=[b]),
        ],
        stats,
    )
    assert [t.id for t in titles] == ["m-crime-wave-1954"] and stats.distinct_work_splits == 0


def test_shared_cast_keeps_a_film_with_a_misread_director_whole() -> None:
    # Real rows: Wikipedia's lead of "Beauty and the Beast" (1991) names Jean Cocteau (the 1946
    # film); its cast matches TMDB's, whose directors match Wikidata's: one film, not split.
    titles = merge_records(
        [
            record("wikidata", "Beauty and the Beast", 1991, runtime_min=84, directors=["Gary Trousdale", "Kirk Wise"]),
            record(
                "wikipedia",
                "Beauty and the Beast",
                1991,
                overview="A prince is cursed.",
                directors=["Jean Cocteau"],
                cast=["Robby Benson", "Paige O'Hara"],
            ),
            record(
                "tmdb5000",
                "Beauty and the Beast",
                1991,
                overview="Belle.",
                directors=["Gary Trousdale", "Kirk Wise"],
                cast=["Paige O'Hara", "Robby Benson"],
            ),
        ]
    )
    assert [t.id for t in titles] == ["m-beauty-and-the-beast-1991"]


# --- one record per film: listing names with an edition, a language version or their own year ------
# Every title below is a real row of the shared data (mostly the streaming listings).


@pytest.mark.parametrize(
    ("listing", "year", "film", "film_year", "kinds"),
    [
        ("The Italian Job (1969)", 1969, "The Italian Job", 1969, [OWN_YEAR]),
        ("The Wicker Man (1973)", 1975, "The Wicker Man", 1973, [OWN_YEAR]),  # the bracket names the film's year
        ("Knives Out (4K UHD)", 2019, "Knives Out", 2019, [FORMAT]),
        ("Fernando 4K UHD", 2021, "Fernando", 2021, [FORMAT]),
        ("Master (Tamil) [4K UHD]", 2021, "Master", 2021, [FORMAT, LANGUAGE]),
        (
            "Pinocchio (2020) (4K UHD) [English Subtitled]",
            2020,
            "Pinocchio",
            2020,
            [LANGUAGE, FORMAT, OWN_YEAR],
        ),
        ("Chiara Ferragni: Unposted (4K UHD) - [English Dubbed]", 2019, "Chiara Ferragni: Unposted", 2019, None),
        ("Daredevil DIRECTOR'S CUT", 2003, "Daredevil", 2003, [EDITION]),
        ("Date Night Extended Version", 2010, "Date Night", 2010, [EDITION]),
        ("The Hateful Eight: Extended Version", 2015, "The Hateful Eight", 2015, [EDITION]),
        ("Blade Runner: The Final Cut", 1982, "Blade Runner", 1982, [EDITION]),
        ("It's A Wonderful Life (Black & White Version)", 1946, "It's A Wonderful Life", 1946, [EDITION]),
        ("Donnie Darko (Director's Cut) (re-release)", 2004, "Donnie Darko", 2004, [EDITION, EDITION]),
        ("Incredibles 2 (Spanish Version)", 2018, "Incredibles 2", 2018, [LANGUAGE]),
    ],
)
def test_listing_names_come_back_to_the_film(
    listing: str, year: int, film: str, film_year: int, kinds: list[str] | None
) -> None:
    got = film_title(listing, year)
    assert got[:2] == (film, film_year)
    if kinds is not None:
        assert got[2] == kinds


@pytest.mark.parametrize(
    ("listing", "year"),
    [
        ("The Office (US)", 2005),  # a country in brackets names a different show, not an edition
        ("Frontier(s)", 2007),
        ("Birdman or (The Unexpected Virtue of Ignorance)", 2014),
        ("(Untitled)", 2009),
        ("Urban Legends: Final Cut", 2000),  # a sequel's real title, not a cut of "Urban Legends"
        ("The Final Cut", 2004),
        ("Blue Dragon Uncut", 2007),
        ("Extreme Makeover: Home Edition", 2020),
        ("Street Dancer 3D", 2020),
        ("Star Wars: Episode IV - A New Hope", 1977),
        ("Breathless (2016)", 2011),  # a bracketed year after the listing's is not the film's own
    ],
)
def test_real_titles_with_brackets_or_edition_words_stay_whole(listing: str, year: int) -> None:
    assert film_title(listing, year) == (listing, year, [])


def test_italian_job_with_its_year_in_brackets_is_one_record() -> None:
    stats = MergeStats()
    titles = merge_records(
        [
            record("tmdb_top10k", "The Italian Job", 1969, overview="Charlie Croker plans a gold heist in Turin."),
            record("wikidata", "The Italian Job", 1969, runtime_min=99, directors=["Peter Collinson"]),
            record(
                "streaming",
                "The Italian Job (1969)",
                1969,
                overview="A heist in Turin.",
                platforms=["Amazon Prime Video"],
            ),
            record("wikipedia", "The Italian Job", 2003, overview="A remake.", directors=["F. Gary Gray"]),
        ],
        stats,
    )
    assert [(t.id, t.title) for t in titles] == [
        ("m-the-italian-job-1969", "The Italian Job"),
        ("m-the-italian-job-2003", "The Italian Job"),  # the remake stays its own film
    ]
    assert titles[0].platforms == ["Amazon Prime Video"] and titles[0].runtime_min == 99
    assert stats.suffixes_removed == {OWN_YEAR: 1} and stats.suffix_joins == {OWN_YEAR: 1}


def test_an_edition_on_the_same_platform_joins_the_film() -> None:
    # Amazon lists "Die Hard 2" and "Die Hard 2 (4K UHD)": one film, one card.
    stats = MergeStats()
    titles = merge_records(
        [
            record(
                "tmdb5000", "Die Hard 2", 1990, overview="John McClane at Dulles airport.", directors=["Renny Harlin"]
            ),
            record(
                "streaming", "Die Hard 2 (4K UHD)", 1990, overview="McClane again.", platforms=["Amazon Prime Video"]
            ),
            record(
                "streaming", "Master (Tamil) [4K UHD]", 2021, overview="A professor.", platforms=["Amazon Prime Video"]
            ),
            record(
                "streaming", "Master (Telugu) [4K UHD]", 2021, overview="A professor.", platforms=["Amazon Prime Video"]
            ),
        ],
        stats,
    )
    assert [(t.id, t.title) for t in titles] == [("m-die-hard-2-1990", "Die Hard 2"), ("m-master-2021", "Master")]
    assert titles[0].platforms == ["Amazon Prime Video"]
    assert stats.suffix_joins == {FORMAT: 3, LANGUAGE: 2}


def test_a_re_release_joins_the_earlier_film_only_when_the_director_agrees() -> None:
    stats = MergeStats()
    titles = merge_records(
        [
            record("tmdb5000", "Donnie Darko", 2001, overview="A troubled teenager.", directors=["Richard Kelly"]),
            record(
                "wikipedia",
                "Donnie Darko (Director's Cut) (re-release)",
                2004,
                overview="The director's cut.",
                directors=["Richard Kelly"],
            ),
            # "Master" (2016) is a Korean film; the 2021 Tamil "Master" names no director: not joined.
            record("tmdb_top10k", "Master", 2016, overview="A con man.", directors=["Cho Ui-seok"]),
            record("streaming", "Master (Tamil)", 2021, overview="A professor.", platforms=["Amazon Prime Video"]),
        ],
        stats,
    )
    assert [t.id for t in titles] == ["m-donnie-darko-2001", "m-master-2016", "m-master-2021"]
    assert stats.edition_year_joins == 1


def _real_streaming_rows(dest: Path, titles: set[str]) -> Path:
    """The shared Amazon Prime listing cut to the named rows, in its own format."""

    src = config.Settings().raw_dir / "streaming-titles" / "amazon_prime_titles.csv"
    with src.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header, rows = list(reader.fieldnames or []), [r for r in reader if r["title"] in titles]
    out = dest / "streaming-titles" / "amazon_prime_titles.csv"
    out.parent.mkdir(parents=True)
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return dest


def test_build_report_counts_each_rule(tmp_path: Path) -> None:
    names = {"Knives Out", "Knives Out (4K UHD)", "Patriot Games", "Patriot Games (4K UHD)", "The Italian Job (1969)"}
    titles, report = build_catalog(_real_streaming_rows(tmp_path, names))
    assert sorted((t.title, t.year) for t in titles) == [
        ("Knives Out", 2019),
        ("Patriot Games", 1992),
        ("The Italian Job", 1969),
    ]
    assert report.title_suffixes_removed == {FORMAT: 2, OWN_YEAR: 1}
    assert report.title_suffix_joins == {FORMAT: 2}  # the Italian Job is alone here: renamed, not joined
    assert "one record per film: own year 0 joined (of 1 cut), video format 2 joined (of 2 cut)" in report.summary()
