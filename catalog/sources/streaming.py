"""Netflix, Amazon Prime, Hulu and Disney+ catalogs (`raw/streaming-titles/*_titles.csv`).

Columns: show_id, type, title, director, cast, country, date_added, release_year, rating,
duration ("90 min" / "2 Seasons"), listed_in, description, OTT (platform). The listing is a
snapshot, so each record carries `platform_as_of`: the latest `date_added` in its file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from catalog.platforms import canonical_platform
from catalog.sources.base import (
    SkipLog,
    SourceRecord,
    clean_text,
    parse_duration,
    parse_year,
    read_csv_rows,
    split_directors,
    split_list,
    split_names,
)

NAME = "streaming"
FOLDER = "streaming-titles"
_TYPES = {"movie": "Movie", "tv show": "TV Show"}
_DATE_FORMATS = ("%d-%b-%y", "%B %d, %Y", "%Y-%m-%d")
_SHIFTED_DURATION = re.compile(r"\d+ (?:min|Seasons?)")


def parse_date_added(value: str) -> date | None:
    """'25-Sep-21' (this copy's format) or 'September 25, 2021' (the Kaggle original)."""
    text = clean_text(value)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _read_file(path: Path, skips: SkipLog) -> Iterator[SourceRecord]:
    rows = read_csv_rows(path, NAME, skips)
    if rows is None:
        return
    if rows and "title" not in rows[0]:
        skips.skip(NAME, f"no title column in {path.name}", len(rows))
        return
    dates = [d for d in (parse_date_added(r.get("date_added", "")) for r in rows) if d is not None]
    as_of = max(dates).isoformat() if dates else None
    for row in rows:
        title = clean_text(row.get("title"))
        if not title:
            skips.skip(NAME, "missing title")
            continue
        year = parse_year(row.get("release_year"))
        if year is None:
            skips.skip(NAME, "missing or invalid release_year")
            continue
        kind = _TYPES.get(clean_text(row.get("type")).lower())
        if kind is None:
            skips.skip(NAME, "type is neither Movie nor TV Show")
            continue
        platform = canonical_platform(clean_text(row.get("OTT")) or path.stem.removesuffix("_titles"))
        runtime, seasons = parse_duration(row.get("duration"))
        certificate = clean_text(row.get("rating")) or None
        if not clean_text(row.get("duration")) and _SHIFTED_DURATION.fullmatch(certificate or ""):
            # ~300 rows (Hulu; three Netflix Louis C.K. specials) leave duration empty and hold it in
            # the rating column: "99 min" is the runtime, not a certificate. Every such Hulu row is
            # typed "Movie", so one whose cell says "2 Seasons" is a series (Yashahime, Das Boot).
            runtime, seasons = parse_duration(certificate)
            certificate = None
            if seasons:
                kind = "TV Show"
        yield SourceRecord(
            source=NAME,
            title=title,
            year=year,
            type=kind,
            overview=clean_text(row.get("description")),
            overview_credit=f"{platform} listing" if platform else "streaming listing",
            genres=split_list(row.get("listed_in")),
            cast=split_names(row.get("cast")),
            directors=split_directors(row.get("director")),
            runtime_min=runtime if kind == "Movie" else None,
            seasons=seasons if kind == "TV Show" else None,
            platforms=[platform] if platform else [],
            platform_as_of=as_of,
            countries=split_list(row.get("country")),
            certificate=certificate,
        )


class StreamingAdapter:
    name = NAME

    def read(self, raw_dir: Path, skips: SkipLog) -> Iterator[SourceRecord]:
        folder = raw_dir / FOLDER
        files = sorted(folder.glob("*_titles.csv")) if folder.is_dir() else []
        if not files:
            skips.missing_files.append(f"{NAME}: {folder}/*_titles.csv")
        for path in files:
            yield from _read_file(path, skips)
