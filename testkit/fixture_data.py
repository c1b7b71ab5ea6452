"""A small raw folder cut from the real shared catalogs at test time (never committed).

`make_fixture_raw_dir(dest)` writes the same layout and file formats as the shared raw folder
(see SOURCES.md), holding a few hundred real rows:
- well-known titles the tests of every part rely on (FIXTURE_TITLES, FIXTURE_SHOWS),
- the first rows of every source and of every Wikipedia decade (1900s-2020s), for variety,
- at least one malformed row per source: the real IMDb "PG" year and TMDB placeholder rows,
  plus written ones (a missing title, a broken JSON file, broken genres JSON, a NULL title),
- optionally a custom CSV (generic adapter) with a title made of HTML markup, for hardening tests.

Rows are chosen by normalised title (+ year when given, +-1 since sources disagree by a year).
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from collections.abc import Iterable
from pathlib import Path

import config
from catalog.normalize import title_key

# (title, year or None for any year). Years pin the intended film among same-named ones.
FIXTURE_TITLES: list[tuple[str, int | None]] = [
    ("Toy Story", 1995),
    ("Toy Story 2", 1999),
    ("Toy Story 3", 2010),
    ("Finding Nemo", 2003),
    ("Up", 2009),
    ("Monsters, Inc.", 2001),
    ("Arrival", 2016),
    ("The Arrival", 1996),
    ("The Godfather", 1972),
    ("The Godfather Part II", 1974),
    ("Alien", 1979),
    ("Aliens", 1986),
    ("Interstellar", 2014),
    ("Gravity", 2013),
    ("The Martian", 2015),
    ("The Matrix", 1999),
    ("Jurassic Park", 1993),
    ("Heat", 1995),
    ("Inception", 2010),
    ("Titanic", 1997),
    ("Spider-Man", 2002),
    ("Ghostbusters", 1984),
    ("Ghostbusters", 2016),
    ("Blade Runner", 1982),
    ("Contact", 1997),
    ("Solaris", 2002),
    ("Annihilation", 2018),
    ("Ex Machina", 2015),
    ("Her", 2013),
    ("Moon", 2009),
    ("The Shining", 1980),
    ("Halloween", 1978),
    ("Get Out", 2017),
    ("Casablanca", 1942),
    ("Vertigo", 1958),
    ("Psycho", 1960),
    ("Singin' in the Rain", 1952),
    ("Some Like It Hot", 1959),
    ("Lawrence of Arabia", 1962),
    ("2001: A Space Odyssey", 1968),
    ("Jaws", 1975),
    ("Star Wars", 1977),
    ("Back to the Future", 1985),
    ("Pulp Fiction", 1994),
    ("Fargo", 1996),
    ("The Lion King", 1994),
    ("Frozen", 2013),
    ("Coco", 2017),
    ("Inside Out", 2015),
    ("Mad Max: Fury Road", 2015),
    ("La La Land", 2016),
    ("Parasite", 2019),
    ("Knives Out", 2019),
    ("Soul", 2020),
    ("Dune", 2021),
    # Ranking (tests/test_ranking_*.py): franchises with their sequels and their "(4K UHD)" editions,
    # title-word look-alikes, and films that are about what those titles only say.
    ("Jaws 2", 1978),
    ("Jaws 3", 1983),
    ("Jaws: The Revenge", 1987),
    ("Die Hard", 1988),
    ("Die Hard 2", 1990),
    ("Die Hard 2 (4K UHD)", None),
    ("Die Hard: With a Vengeance", 1995),
    ("Die Hard: With a Vengeance (4K UHD)", None),
    ("Knives Out (4K UHD)", None),
    ("Super Troopers", 2001),
    ("Super Troopers 2", 2018),
    ("French Twist", 1995),
    ("The Sixth Sense", 1999),
    ("The Usual Suspects", 1995),
    ("Shutter Island", 2010),
    ("Memento", 2000),
]
FIXTURE_SHOWS: list[str] = [
    "Stranger Things",
    "Dark",
    "The Crown",
    "Breaking Bad",
    "Better Call Saul",
    "Black Mirror",
    "The Mandalorian",
    "The Simpsons",
    "Narcos",
    "The Witcher",
    "Father Brown",  # a British crime series that is a mystery without the label (tests/test_engine_preferences.py)
]
MARKUP_TITLE = "<img src=x onerror=alert(1)>"

_SAMPLE_PER_FILE = 12  # first rows of each source file, for variety
_SAMPLE_PER_DECADE = 6


class _Wanted:
    def __init__(self, titles: Iterable[tuple[str, int | None]], shows: Iterable[str]) -> None:
        self.years: dict[str, set[int] | None] = {}
        for title, year in titles:
            key = title_key(title)
            if year is None:
                self.years[key] = None
            elif key not in self.years or self.years[key] is not None:
                self.years.setdefault(key, set()).update({year - 1, year, year + 1})  # type: ignore[union-attr]
        self.shows = {title_key(s) for s in shows}

    def __call__(self, title: object, year: object, kind: str = "Movie") -> bool:
        if not isinstance(title, str) or not title.strip():
            return False
        key = title_key(title)
        if kind == "TV Show":
            return key in self.shows
        if key not in self.years:
            return False
        years = self.years[key]
        try:
            return years is None or int(str(year)[:4]) in years
        except ValueError:
            return False


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    csv.field_size_limit(sys.maxsize)  # TMDB credits cells are hundreds of KB
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)


def _wikipedia(src: Path, dest: Path, wanted: _Wanted) -> None:
    folder = dest / "wikipedia-movie-data"
    folder.mkdir(parents=True)
    for path in sorted((src / "wikipedia-movie-data").glob("movies-*.json")):
        rows = json.loads(path.read_text(encoding="utf-8"))
        keep = [r for r in rows if wanted(r.get("title"), r.get("year"))]
        keep += [r for r in rows[:_SAMPLE_PER_DECADE] if r not in keep]
        if path.name == "movies-1990s.json":
            keep.append({"title": "", "year": 1995, "cast": [], "genres": ["Drama"], "extract": "No title."})
            keep.append({"title": "A Film With No Year", "year": "PG", "extract": "Its year is a rating."})
        path_out = folder / path.name
        path_out.write_text(json.dumps(keep, ensure_ascii=False, indent=1), encoding="utf-8")
    # A truncated download: the build must count it and go on.
    (folder / "movies-1890s.json").write_text('[{"title": "Broken", "year": 189', encoding="utf-8")


def _streaming(src: Path, dest: Path, wanted: _Wanted) -> None:
    for path in sorted((src / "streaming-titles").glob("*_titles.csv")):
        header, rows = _read_csv(path)
        keep = [r for r in rows if wanted(r["title"], r["release_year"], r["type"])]
        keep += [r for r in rows[:_SAMPLE_PER_FILE] if r not in keep]
        if path.name == "netflix_titles.csv":
            blank = dict.fromkeys(header, "")
            keep.append({**blank, "show_id": "s99999", "type": "Movie", "title": "", "release_year": "2020"})
            keep.append({**blank, "show_id": "s99998", "type": "Movie", "title": "No Year", "release_year": "n/a"})
        _write_csv(dest / "streaming-titles" / path.name, header, keep)


def _tmdb5000(src: Path, dest: Path, wanted: _Wanted) -> None:
    header, rows = _read_csv(src / "tmdb-5000" / "tmdb_5000_movies.csv")
    keep = [r for r in rows if wanted(r["title"], r["release_date"])]
    keep += [r for r in rows[:_SAMPLE_PER_FILE] if r not in keep]
    keep += [r for r in rows if not r["release_date"].strip()][:1]  # the real row with no date
    broken = dict(rows[_SAMPLE_PER_FILE])  # a real film whose genres JSON got cut off
    broken["genres"] = '[{"id": 28, "name": "Act'
    keep = [r for r in keep if r["id"] != broken["id"]] + [broken]
    _write_csv(dest / "tmdb-5000" / "tmdb_5000_movies.csv", header, keep)
    ids = {r["id"] for r in keep}
    c_header, credits = _read_csv(src / "tmdb-5000" / "tmdb_5000_credits.csv")
    _write_csv(dest / "tmdb-5000" / "tmdb_5000_credits.csv", c_header, [c for c in credits if c["movie_id"] in ids])


def _imdb(src: Path, dest: Path, wanted: _Wanted) -> None:
    header, rows = _read_csv(src / "imdb-top-1000" / "imdb_top_1000.csv")
    keep = [r for r in rows if wanted(r["Series_Title"], r["Released_Year"])]
    keep += [r for r in rows[:_SAMPLE_PER_FILE] if r not in keep]
    keep += [r for r in rows if not r["Released_Year"].strip().isdigit()]  # the real "PG" row
    keep.append({**rows[0], "Series_Title": "", "Released_Year": "1999"})
    _write_csv(dest / "imdb-top-1000" / "imdb_top_1000.csv", header, keep)


def _tmdb10k(src: Path, dest: Path, wanted: _Wanted) -> None:
    header, rows = _read_csv(src / "tmdb-top-10k" / "top10K-TMDB-movies.csv")
    keep = [r for r in rows if wanted(r["title"], r["release_date"])]
    keep = [r for r in rows[: _SAMPLE_PER_FILE + 1] if r not in keep] + keep  # row 0 is the placeholder
    _write_csv(dest / "tmdb-top-10k" / "top10K-TMDB-movies.csv", header, keep)


def _wikidata(src: Path, dest: Path, wanted: _Wanted) -> None:
    out_path = dest / "wikidata-films" / "movies.db"
    out_path.parent.mkdir(parents=True)
    source = sqlite3.connect(f"file:{src / 'wikidata-films' / 'movies.db'}?mode=ro", uri=True)
    out = sqlite3.connect(out_path)
    for (sql,) in source.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL"):
        out.execute(sql)
    rows = source.execute("SELECT * FROM omdb ORDER BY ID").fetchall()
    columns = [d[0] for d in source.execute("SELECT * FROM omdb LIMIT 1").description]
    title_at, year_at = columns.index("Title"), columns.index("Year")
    keep = [r for r in rows if wanted(r[title_at], r[year_at])]
    keep += [r for r in rows[:_SAMPLE_PER_FILE] if r not in keep]
    bad = list(keep[0])
    bad[columns.index("ID")], bad[title_at] = -1, None  # a row with no title
    keep.append(tuple(bad))
    marks = ",".join("?" * len(columns))
    out.executemany(f"INSERT INTO omdb VALUES ({marks})", keep)
    ids = [r[columns.index("ID")] for r in keep]
    tomatoes = source.execute(f"SELECT * FROM tomatoes WHERE ID IN ({','.join('?' * len(ids))})", ids).fetchall()
    if tomatoes:
        out.executemany(f"INSERT INTO tomatoes VALUES ({','.join('?' * len(tomatoes[0]))})", tomatoes)
    out.commit()
    out.close()
    source.close()


def _custom(dest: Path) -> None:
    """A user's own catalog through the generic CSV adapter, holding hostile markup."""
    folder = dest / "custom"
    folder.mkdir(parents=True)
    rows = [
        {
            "Name": MARKUP_TITLE,
            "Released": "2021-05-01",
            "Kind": "film",
            "Plot": "<script>alert('plot')</script> A test film whose title and plot are HTML markup.",
            "Tags": "Drama|Thriller",
        },
        {"Name": "", "Released": "2020", "Kind": "film", "Plot": "A row with no title.", "Tags": ""},
    ]
    _write_csv(folder / "hardening.csv", ["Name", "Released", "Kind", "Plot", "Tags"], rows)
    mapping = {
        "columns": {
            "title": "Name",
            "year": "Released",
            "type": "Kind",
            "overview": "Plot",
            "genres": "Tags",
        },
        "list_separator": "|",
        "credit": "Data: hardening fixture",
    }
    (folder / "hardening.mapping.json").write_text(json.dumps(mapping, indent=1), encoding="utf-8")


def make_fixture_raw_dir(
    dest: Path,
    extra_titles: Iterable[str | tuple[str, int | None]] = (),
    markup_title: bool = False,
    src: Path | None = None,
) -> Path:
    """Write a small raw folder into `dest` (created; must not exist or be empty) and return it.

    extra_titles: more titles to cut from every source, as "Title" (any year) or (title, year).
    markup_title: also write `custom/hardening.csv` with a film titled MARKUP_TITLE.
    src: the real raw folder; default `config.Settings().raw_dir`.
    """
    src = Path(src) if src is not None else config.Settings().raw_dir
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    extras = [(t, None) if isinstance(t, str) else (t[0], t[1]) for t in extra_titles]
    wanted = _Wanted(FIXTURE_TITLES + extras, FIXTURE_SHOWS + [t for t, _ in extras])
    _wikipedia(src, dest, wanted)
    _streaming(src, dest, wanted)
    _tmdb5000(src, dest, wanted)
    _imdb(src, dest, wanted)
    _tmdb10k(src, dest, wanted)
    _wikidata(src, dest, wanted)
    if markup_title:
        _custom(dest)
    return dest
