"""Wikipedia American films (prust/wikipedia-movie-data): one JSON array per decade.

Fields: title, year, cast[], genres[], href, extract (lead summary), thumbnail. There is no
director field, but most extracts say "directed by ..." (see catalog.directors). The extract
text is Wikipedia's, CC BY-SA 4.0, so every record carries its page URL for attribution.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from catalog.descriptions import described_as
from catalog.directors import directors_from_extract
from catalog.sources.base import SkipLog, SourceRecord, clean_text, parse_year, strip_disambiguation

NAME = "wikipedia"
FOLDER = "wikipedia-movie-data"
WIKI_BASE = "https://en.wikipedia.org/wiki/"
# Lead summaries of disambiguation pages describe no film.
_NOT_A_SUMMARY = ("may refer to", "may also refer to")


def _clean_cast(names: Any) -> list[str]:
    """The scraped cast lists hold stray tokens such as ')' or ''; keep name-like entries."""
    if not isinstance(names, list):
        return []
    cast: dict[str, None] = {}
    for name in names:
        if isinstance(name, str):
            name = name.strip()
            if len(name) >= 2 and any(c.isalpha() for c in name) and name[0] not in "()[],;":
                cast.setdefault(name, None)
    return list(cast)


def _record(row: Any, skips: SkipLog) -> SourceRecord | None:
    if not isinstance(row, dict):
        skips.skip(NAME, "row is not an object")
        return None
    title = strip_disambiguation(clean_text(row.get("title"))) if isinstance(row.get("title"), (str, int)) else ""
    if not title:
        skips.skip(NAME, "missing title")
        return None
    year = parse_year(row.get("year"))
    if year is None:
        skips.skip(NAME, "missing or invalid year")
        return None
    extract = clean_text(row.get("extract")) if isinstance(row.get("extract"), str) else ""
    if any(marker in extract[:200] for marker in _NOT_A_SUMMARY):
        extract = ""
    href = clean_text(row.get("href")) if isinstance(row.get("href"), str) else ""
    url = WIKI_BASE + href if href else None
    thumbnail = row.get("thumbnail")
    genres = row.get("genres")
    return SourceRecord(
        source=NAME,
        title=title,
        year=year,
        type="Movie",
        overview=extract,
        overview_credit=f"Wikipedia, CC BY-SA 4.0 ({url})" if url else "Wikipedia, CC BY-SA 4.0",
        described_as=described_as(extract),
        genres=[g for g in genres if isinstance(g, str)] if isinstance(genres, list) else [],
        cast=_clean_cast(row.get("cast")),
        directors=directors_from_extract(extract),
        poster_url=thumbnail if isinstance(thumbnail, str) and thumbnail.startswith("http") else None,
        wikipedia_url=url,
    )


class WikipediaAdapter:
    name = NAME

    def read(self, raw_dir: Path, skips: SkipLog) -> Iterator[SourceRecord]:
        folder = raw_dir / FOLDER
        files = sorted(folder.glob("movies-*.json")) if folder.is_dir() else []
        if not files:
            skips.missing_files.append(f"{NAME}: {folder}/movies-*.json")
        for path in files:
            try:
                rows = orjson.loads(path.read_bytes())
            except (orjson.JSONDecodeError, OSError):
                skips.skip(NAME, f"unreadable JSON file {path.name}")
                continue
            if not isinstance(rows, list):
                skips.skip(NAME, f"JSON file is not a list {path.name}")
                continue
            for row in rows:
                record = _record(row, skips)
                if record is not None:
                    yield record
