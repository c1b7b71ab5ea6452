"""TMDB top 10,000 (Aishanya-1112/Movies_Curator): id, title, genre ("Drama,Crime"),
original_language, overview, popularity, release_date, vote_average, vote_count.

Its first row is a UI placeholder (id 0, "Choose A Movie"), not a film: skipped and counted.
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
)

NAME = "tmdb_top10k"
PATH = Path("tmdb-top-10k") / "top10K-TMDB-movies.csv"


class TmdbTop10kAdapter:
    name = NAME

    def read(self, raw_dir: Path, skips: SkipLog) -> Iterator[SourceRecord]:
        rows = read_source_csv(raw_dir / PATH, NAME, skips)
        if rows is None:
            return
        for row in rows:
            tmdb_id = parse_int(row.get("id"))
            if not tmdb_id:
                skips.skip(NAME, "placeholder or missing id")
                continue
            title = clean_text(row.get("title"))
            if not title:
                skips.skip(NAME, "missing title")
                continue
            year = parse_year(row.get("release_date"))
            if year is None:
                skips.skip(NAME, "missing or invalid release_date")
                continue
            votes = positive(parse_int(row.get("vote_count")))
            yield SourceRecord(
                source=NAME,
                title=title,
                year=year,
                type="Movie",
                overview=clean_text(row.get("overview")),
                overview_credit="TMDB",
                genres=split_list(row.get("genre")),
                tmdb_id=tmdb_id,
                language=clean_text(row.get("original_language")) or None,
                tmdb_popularity=parse_float(row.get("popularity")),
                tmdb_vote_average=parse_float(row.get("vote_average")) if votes else None,
                tmdb_vote_count=votes,
                credit="Data: TMDB (The Movie Database)",
            )
