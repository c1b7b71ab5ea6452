"""Wikidata films (bokeh_sampledata `movies.db`, CC0): SQLite tables `omdb` and `tomatoes`
joined on ID. No overview or poster; it fills director, runtime, IMDb id, Metacritic and the
Rotten Tomatoes meter. Its cast is alphabetical, not billing order.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from catalog.sources.base import (
    SkipLog,
    SourceRecord,
    clean_text,
    parse_float,
    parse_int,
    parse_year,
    positive,
    require_file,
    split_directors,
    split_list,
    split_names,
    strip_disambiguation,
)

NAME = "wikidata"
PATH = Path("wikidata-films") / "movies.db"

# "Cast" must be quoted: it is an SQL keyword.
QUERY = """
SELECT o.Title, o.Year, o.Runtime, o.Genre, o.Director, o."Cast", o.imdbID, o.imdbRating,
       o.imdbVotes, o.Metacritic, o.Rating, o.Language, o.Country, t.Meter
FROM omdb AS o LEFT JOIN tomatoes AS t ON t.ID = o.ID
ORDER BY o.ID
"""


class WikidataAdapter:
    name = NAME

    def read(self, raw_dir: Path, skips: SkipLog) -> Iterator[SourceRecord]:
        path = raw_dir / PATH
        if not require_file(path, NAME, skips):
            return
        try:
            # Read-only URI: the build must never write into the shared raw data.
            connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            rows = connection.execute(QUERY).fetchall()
            connection.close()
        except sqlite3.DatabaseError:
            skips.skip(NAME, f"unreadable SQLite file {path.name}")
            return
        for (
            title,
            year,
            runtime,
            genre,
            director,
            cast,
            imdb_id,
            rating,
            votes,
            meta,
            cert,
            lang,
            country,
            meter,
        ) in rows:
            title = strip_disambiguation(clean_text(title))
            if not title:
                skips.skip(NAME, "missing title")
                continue
            year = parse_year(year)
            if year is None:
                skips.skip(NAME, "missing or invalid year")
                continue
            imdb_id = clean_text(imdb_id)
            languages = split_list(lang)
            metascore = parse_int(meta)
            meter = parse_int(meter)
            yield SourceRecord(
                source=NAME,
                title=title,
                year=year,
                type="Movie",
                genres=split_list(genre),
                cast=split_names(cast),  # alphabetical: the merge uses it only as a last resort
                cast_ordered=False,
                directors=split_directors(director),
                runtime_min=positive(parse_int(runtime)),
                imdb_id=imdb_id if imdb_id.startswith("tt") else None,
                imdb_rating=parse_float(rating),
                imdb_votes=positive(parse_int(votes)),
                metascore=metascore if metascore is not None and 0 <= metascore <= 100 else None,
                rt_meter=meter if meter is not None and 0 <= meter <= 100 else None,
                certificate=clean_text(cert) or None,
                language=languages[0] if languages else None,
                countries=split_list(country),
                credit="Data: Wikidata (CC0)",
            )
