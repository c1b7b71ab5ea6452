"""IMDb Top 1000 (datadrivendynamo/imdb): one CSV of the best-rated films.

Columns: Poster_Link, Series_Title, Released_Year (one row holds "PG"), Certificate, Runtime
("142 min"), Genre, IMDB_Rating, Overview, Meta_score, Director, Star1-4, No_of_Votes, Gross.
"""

from __future__ import annotations

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
    read_source_csv,
    split_list,
    split_names,
)

NAME = "imdb_top1000"
PATH = Path("imdb-top-1000") / "imdb_top_1000.csv"


class ImdbTopAdapter:
    name = NAME

    def read(self, raw_dir: Path, skips: SkipLog) -> Iterator[SourceRecord]:
        rows = read_source_csv(raw_dir / PATH, NAME, skips)
        if rows is None:
            return
        for row in rows:
            title = clean_text(row.get("Series_Title"))
            if not title:
                skips.skip(NAME, "missing title")
                continue
            year = parse_year(row.get("Released_Year"))
            if year is None:
                skips.skip(NAME, "Released_Year is not a year")
                continue
            poster = clean_text(row.get("Poster_Link"))
            metascore = parse_float(row.get("Meta_score"))
            yield SourceRecord(
                source=NAME,
                title=title,
                year=year,
                type="Movie",
                overview=clean_text(row.get("Overview")),
                overview_credit="IMDb Top 1000 dataset",
                genres=split_list(row.get("Genre")),
                cast=[n for n in (clean_text(row.get(f"Star{i}")) for i in range(1, 5)) if n],
                directors=split_names(row.get("Director")),
                runtime_min=positive(parse_int(row.get("Runtime"))),
                poster_url=poster if poster.startswith("http") else None,
                certificate=clean_text(row.get("Certificate")) or None,
                imdb_rating=parse_float(row.get("IMDB_Rating")),
                imdb_votes=positive(parse_int(row.get("No_of_Votes"))),
                metascore=int(metascore) if metascore is not None else None,
                credit="Data: IMDb Top 1000 dataset",
            )
