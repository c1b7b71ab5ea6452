"""Bring your own catalog: any CSV plus a small JSON file naming its columns.

Convention: put `<name>.csv` in `<raw_dir>/custom/`, next to an optional `<name>.mapping.json`:

    {
      "columns": {"title": "Film", "year": "Released", "overview": "Plot", "genres": "Tags"},
      "list_separator": "|",
      "defaults": {"type": "Movie", "platforms": "Criterion Channel"},
      "credit": "Data: my film club's list"
    }

`columns` maps our field names (see FIELDS) to the CSV's column names; without a mapping file
(or for fields it leaves out) a column named exactly like our field is used. A list field may name
several columns (`"cast": ["Star1", "Star2"]`): their values are read in that order. `title` and
`year` are required (a year may be a date: "1994-09-23" -> 1994); `type` is "Movie" unless a column
or the defaults say "TV Show"/"tv"/"series". List fields are split on `list_separator` (default
","). Only a web address (http/https) is kept as a poster; a vote average over zero votes is no
rating. Rows the file cannot support are skipped and counted like any other source's.

The same declarations read the plain-CSV sources of the shared raw folder (`MappedCsvSource`, see
csv_sources.py), so a source of this kind is a mapping, not a module.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from pydantic import BaseModel, Field, ValidationError

from catalog.platforms import canonical_platform
from catalog.sources.base import (
    SkipLog,
    SourceRecord,
    clean_text,
    parse_duration,
    parse_float,
    parse_int,
    parse_year,
    positive,
    read_csv_rows,
    read_source_csv,
    split_list,
    split_names,
)

FOLDER = "custom"
SOURCE_PREFIX = "custom"

TEXT_FIELDS = ("title", "overview", "poster_url", "imdb_id", "wikipedia_url", "language", "certificate")
LIST_FIELDS = ("genres", "cast", "directors", "countries", "keywords", "platforms")
INT_FIELDS = ("runtime_min", "seasons", "tmdb_id", "imdb_votes", "tmdb_vote_count", "metascore", "rt_meter")
FLOAT_FIELDS = ("imdb_rating", "tmdb_vote_average", "tmdb_popularity")
FIELDS = ("year", "type", "duration", *TEXT_FIELDS, *LIST_FIELDS, *INT_FIELDS, *FLOAT_FIELDS)

_TV_WORDS = {"tv show", "tv", "show", "series", "tv series", "tv_show"}
_MOVIE_WORDS = {"movie", "film", "feature", ""}


class CsvMapping(BaseModel):
    """The contents of `<name>.mapping.json`."""

    columns: dict[str, str | list[str]] = Field(
        default_factory=dict, description="our field -> CSV column (a list field: one or several columns)"
    )
    list_separator: str = ","
    defaults: dict[str, str] = Field(default_factory=dict, description="our field -> value for every row")
    credit: str | None = None
    overview_credit: str | None = Field(default=None, description="Who wrote the synopses; default: credit")

    def check_fields(self) -> CsvMapping:
        """Itself, or a ValueError naming the columns entries that cannot be read."""
        unknown = set(self.columns) - set(FIELDS)
        if unknown:
            raise ValueError(f"unknown field(s) {sorted(unknown)}; known: {', '.join(FIELDS)}")
        several = sorted(f for f, c in self.columns.items() if isinstance(c, list) and f not in LIST_FIELDS)
        if several:
            raise ValueError(f"only list fields ({', '.join(LIST_FIELDS)}) may name several columns: {several}")
        return self

    def column_names(self, field: str) -> list[str]:
        named = self.columns.get(field, field)
        return [named] if isinstance(named, str) else named


def load_mapping(path: Path) -> CsvMapping:
    """The mapping for `<name>.csv`; an absent file means 'columns already use our names'."""
    if not path.is_file():
        return CsvMapping()
    return CsvMapping.model_validate(orjson.loads(path.read_bytes())).check_fields()


def _cells(row: dict[str, Any], field: str, mapping: CsvMapping) -> list[str]:
    """The field's non-empty cells in this row, or its default when it has none."""
    cells = [c for c in (clean_text(row.get(column)) for column in mapping.column_names(field)) if c]
    default = mapping.defaults.get(field, "")
    return cells or ([default] if default else [])


def _record(source: str, row: dict[str, Any], mapping: CsvMapping, skips: SkipLog) -> SourceRecord | None:
    def get(field: str) -> str:
        cells = _cells(row, field, mapping)
        return cells[0] if cells else ""

    # Several columns are read in turn, not merged: the IMDb Top 1000 names a star twice when they fill
    # two of its four star columns, and the catalog keeps a cast as its source lists it.
    def get_list(field: str) -> list[str]:
        return [part for cell in _cells(row, field, mapping) for part in split_list(cell, mapping.list_separator)]

    def get_names(field: str) -> list[str]:
        return [name for cell in _cells(row, field, mapping) for name in split_names(cell, mapping.list_separator)]

    title = clean_text(get("title"))
    if not title:
        skips.skip(source, "missing title")
        return None
    year = parse_year(get("year"))
    if year is None:
        skips.skip(source, "missing or invalid year")
        return None
    kind_word = clean_text(get("type")).lower()
    if kind_word in _TV_WORDS:
        kind = "TV Show"
    elif kind_word in _MOVIE_WORDS:
        kind = "Movie"
    else:
        skips.skip(source, "type is neither Movie nor TV Show")
        return None
    runtime, seasons = parse_duration(get("duration"))
    runtime = positive(parse_int(get("runtime_min"))) or runtime
    seasons = positive(parse_int(get("seasons"))) or seasons
    platforms = [p for p in map(canonical_platform, get_list("platforms")) if p]
    ints = {f: parse_int(get(f)) for f in INT_FIELDS if f not in ("runtime_min", "seasons")}
    poster = clean_text(get("poster_url"))
    return SourceRecord(
        source=source,
        title=title,
        year=year,
        type=kind,  # type: ignore[arg-type]
        overview=clean_text(get("overview")),
        overview_credit=mapping.overview_credit or mapping.credit or source,
        genres=get_list("genres"),
        cast=get_names("cast"),
        directors=get_names("directors"),
        countries=get_list("countries"),
        keywords=get_list("keywords"),
        runtime_min=runtime if kind == "Movie" else None,
        seasons=seasons if kind == "TV Show" else None,
        poster_url=poster if poster.startswith(("http://", "https://")) else None,
        imdb_id=clean_text(get("imdb_id")) or None,
        wikipedia_url=clean_text(get("wikipedia_url")) or None,
        language=clean_text(get("language")) or None,
        certificate=clean_text(get("certificate")) or None,
        platforms=platforms,
        tmdb_id=positive(ints["tmdb_id"]),
        imdb_votes=positive(ints["imdb_votes"]),
        tmdb_vote_count=positive(ints["tmdb_vote_count"]),
        metascore=ints["metascore"],
        rt_meter=ints["rt_meter"],
        imdb_rating=parse_float(get("imdb_rating")),
        tmdb_vote_average=parse_float(get("tmdb_vote_average")) if ints["tmdb_vote_count"] != 0 else None,
        tmdb_popularity=parse_float(get("tmdb_popularity")),
        credit=mapping.credit or f"Data: {source}",
    )


def _records(source: str, rows: list[dict[str, Any]], mapping: CsvMapping, skips: SkipLog) -> Iterator[SourceRecord]:
    title_column = mapping.column_names("title")[0]
    if rows and title_column not in rows[0]:
        skips.skip(source, f"no column {title_column!r} for title", len(rows))
        return
    for row in rows:
        record = _record(source, row, mapping, skips)
        if record is not None:
            yield record


class MappedCsvSource:
    """One CSV file of the raw folder, read through its declared mapping (see csv_sources.py)."""

    def __init__(self, name: str, path: Path, mapping: CsvMapping) -> None:
        self.name = name
        self.path = path  # relative to the raw folder
        self.mapping = mapping.check_fields()

    def read(self, raw_dir: Path, skips: SkipLog) -> Iterator[SourceRecord]:
        rows = read_source_csv(raw_dir / self.path, self.name, skips)
        if rows is not None:
            yield from _records(self.name, rows, self.mapping, skips)


class CustomCsvAdapter:
    """Every `<raw_dir>/custom/*.csv`; each file is its own source named 'custom:<name>'."""

    name = SOURCE_PREFIX

    def read(self, raw_dir: Path, skips: SkipLog) -> Iterator[SourceRecord]:
        folder = raw_dir / FOLDER
        if not folder.is_dir():
            return  # optional: most catalogs have no custom source
        for path in sorted(folder.glob("*.csv")):
            source = f"{SOURCE_PREFIX}:{path.stem}"
            try:
                mapping = load_mapping(path.with_name(f"{path.stem}.mapping.json"))
            except (orjson.JSONDecodeError, ValidationError, ValueError) as exc:
                skips.skip(source, f"bad mapping file: {exc}".splitlines()[0][:200])
                continue
            rows = read_csv_rows(path, source, skips)
            if rows is not None:
                yield from _records(source, rows, mapping, skips)
