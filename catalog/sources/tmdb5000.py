"""TMDB 5000 (Kaggle): movies CSV joined with credits CSV on the TMDB id.

movies: id, title, overview, genres/keywords/production_countries (JSON lists of {name}),
runtime, release_date, popularity, vote_average, vote_count, original_language.
credits: movie_id, cast (JSON, billing order), crew (JSON; job "Director").
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from catalog.sources.base import (
    SkipLog,
    SourceRecord,
    clean_text,
    parse_float,
    parse_int,
    parse_year,
    positive,
    read_csv_rows,
    read_source_csv,
)

NAME = "tmdb5000"
FOLDER = "tmdb-5000"
MOVIES = "tmdb_5000_movies.csv"
CREDITS = "tmdb_5000_credits.csv"
MAX_CAST = 15  # billing order; the long tail of extras says nothing about a film


class _BadJson(Exception):
    pass


# TMDB keywords that describe the production, not the story: an explanation must never say two films
# share the theme "duringcreditsstinger".
PRODUCTION_TAGS = frozenset(
    {"duringcreditsstinger", "aftercreditsstinger", "woman director", "independent film", "3d", "imax"}
)


def _json_list(value: Any) -> list[dict[str, Any]]:
    text = clean_text(value)
    if not text:
        return []
    try:
        items = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise _BadJson from exc
    if not isinstance(items, list):
        raise _BadJson
    return [item for item in items if isinstance(item, dict)]


def _names(value: Any, field: str, skips: SkipLog) -> list[str]:
    try:
        return [str(i["name"]).strip() for i in _json_list(value) if clean_text(i.get("name"))]
    except _BadJson:
        skips.field_dropped(NAME, f"unparseable {field} JSON")
        return []


class Tmdb5000Adapter:
    name = NAME

    def read(self, raw_dir: Path, skips: SkipLog) -> Iterator[SourceRecord]:
        movies_path, credits_path = raw_dir / FOLDER / MOVIES, raw_dir / FOLDER / CREDITS
        movies = read_source_csv(movies_path, NAME, skips)
        if movies is None:
            return
        credits: dict[str, dict[str, Any]] = {}
        if credits_path.is_file():
            rows = read_csv_rows(credits_path, NAME, skips) or []
            credits = {row["movie_id"].strip(): row for row in rows if row.get("movie_id")}
        else:
            skips.missing_files.append(f"{NAME}: {credits_path}")
        for row in movies:
            record = self._record(row, credits, skips)
            if record is not None:
                yield record

    def _record(self, row: dict[str, Any], credits: dict[str, dict[str, Any]], skips: SkipLog) -> SourceRecord | None:
        title = clean_text(row.get("title"))
        if not title:
            skips.skip(NAME, "missing title")
            return None
        year = parse_year(row.get("release_date"))
        if year is None:
            skips.skip(NAME, "missing or invalid release_date")
            return None
        tmdb_id = parse_int(row.get("id"))
        cast: list[str] = []
        directors: list[str] = []
        credit = credits.get(clean_text(row.get("id")))
        if credit is not None:
            try:
                people = sorted(_json_list(credit.get("cast")), key=lambda p: parse_int(p.get("order")) or 0)
                cast = [str(p["name"]).strip() for p in people if clean_text(p.get("name"))][:MAX_CAST]
            except _BadJson:
                skips.field_dropped(NAME, "unparseable cast JSON")
            try:
                directors = list(
                    dict.fromkeys(
                        str(p["name"]).strip()
                        for p in _json_list(credit.get("crew"))
                        if p.get("job") == "Director" and clean_text(p.get("name"))
                    )
                )
            except _BadJson:
                skips.field_dropped(NAME, "unparseable crew JSON")
        return SourceRecord(
            source=NAME,
            title=title,
            year=year,
            type="Movie",
            overview=clean_text(row.get("overview")),
            overview_credit="TMDB",
            genres=_names(row.get("genres"), "genres", skips),
            keywords=[k for k in _names(row.get("keywords"), "keywords", skips) if k.lower() not in PRODUCTION_TAGS],
            countries=_names(row.get("production_countries"), "production_countries", skips),
            cast=cast,
            directors=directors,
            runtime_min=positive(parse_int(row.get("runtime"))),
            tmdb_id=positive(tmdb_id),
            language=clean_text(row.get("original_language")) or None,
            tmdb_popularity=parse_float(row.get("popularity")),
            tmdb_vote_average=parse_float(row.get("vote_average"))
            if positive(parse_int(row.get("vote_count")))
            else None,
            tmdb_vote_count=parse_int(row.get("vote_count")),
            credit="Data: TMDB (The Movie Database)",
        )
