"""What every source adapter yields, and the shared helpers that parse messy cells.

Each adapter reads one kind of file and yields `SourceRecord`s: one per usable row, with fields
the source actually has (everything else stays empty). A row that cannot become a record (no
title, a year like "PG", a placeholder, broken JSON) is counted in `SkipLog` by source and
reason and the build goes on: one bad row or file never stops it.
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from catalog.directors import COMPANY_WORDS
from catalog.models import TitleType
from chains.lexicon import EARLIEST_YEAR, LATEST_YEAR


class SkipLog:
    """Counts rows (and fields) that were dropped, keyed "source: reason"."""

    def __init__(self) -> None:
        self.rows: Counter[str] = Counter()
        self.fields: Counter[str] = Counter()
        self.missing_files: list[str] = []

    def skip(self, source: str, reason: str, n: int = 1) -> None:
        self.rows[f"{source}: {reason}"] += n

    def field_dropped(self, source: str, reason: str, n: int = 1) -> None:
        """A row kept without one unreadable field (e.g. broken keywords JSON)."""
        self.fields[f"{source}: {reason}"] += n

    @property
    def total(self) -> int:
        return sum(self.rows.values())


@dataclass(slots=True)
class SourceRecord:
    """One row of one source, already typed; empty/None where the source says nothing."""

    source: str
    title: str
    year: int
    type: TitleType
    overview: str = ""
    overview_credit: str | None = None  # e.g. "Wikipedia, CC BY-SA 4.0 (url)"
    described_as: str = ""  # an encyclopedia's kind phrase: "American romantic comedy film" (catalog.descriptions)
    genres: list[str] = field(default_factory=list)  # raw labels; catalog.genres canonicalises
    cast: list[str] = field(default_factory=list)
    cast_ordered: bool = True  # False when the source lists cast alphabetically (Wikidata)
    directors: list[str] = field(default_factory=list)
    runtime_min: int | None = None
    seasons: int | None = None
    poster_url: str | None = None
    tmdb_id: int | None = None
    imdb_id: str | None = None
    wikipedia_url: str | None = None
    platforms: list[str] = field(default_factory=list)
    platform_as_of: str | None = None  # ISO date of the listing snapshot
    countries: list[str] = field(default_factory=list)
    language: str | None = None
    keywords: list[str] = field(default_factory=list)
    certificate: str | None = None
    imdb_rating: float | None = None
    imdb_votes: int | None = None
    tmdb_vote_average: float | None = None
    tmdb_vote_count: int | None = None
    tmdb_popularity: float | None = None
    metascore: int | None = None
    rt_meter: int | None = None
    credit: str | None = None  # data credit for the whole record, e.g. "Data: TMDB"


class Adapter(Protocol):
    name: str

    def read(self, raw_dir: Path, skips: SkipLog) -> Iterator[SourceRecord]: ...


# --- cell parsers: each returns None/empty for anything it cannot read with confidence ---------

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20[0-3]\d)(?!\d)")
_INT = re.compile(r"-?\d[\d,]*")


def is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() in ("", "nan", "NaN", "None", "null")


def clean_text(value: Any) -> str:
    """A stripped string; '' for missing values. Zero-width characters are removed."""
    if is_missing(value):
        return ""
    return str(value).replace("\u200b", "").replace("\ufeff", "").strip()


_DISAMBIGUATION = re.compile(r"\s+\((?:\d{4} )?film\)$")


def strip_disambiguation(title: str) -> str:
    """'Upside Down (2012 film)' -> 'Upside Down': a Wikipedia page qualifier, not part of the title."""
    stripped = _DISAMBIGUATION.sub("", title)
    return stripped or title


def parse_year(value: Any) -> int | None:
    """A plausible year from 1994, 1994.0, "1994", "1994-09-23" or "September 1994"; else None."""
    if is_missing(value) or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        year = int(value) if float(value).is_integer() else None
    else:
        match = _YEAR.search(str(value))
        year = int(match.group(1)) if match else None
    if year is None or not EARLIEST_YEAR <= year <= LATEST_YEAR:  # outside: a parsing error
        return None
    return year


def parse_int(value: Any) -> int | None:
    """An int from 123, 123.0, "2,343,110" or "142 min"; None if there is no number."""
    if is_missing(value) or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value)
    match = _INT.search(str(value))
    if not match:
        return None
    try:
        return int(match.group(0).replace(",", ""))
    except ValueError:
        return None


def parse_float(value: Any) -> float | None:
    if is_missing(value) or isinstance(value, bool):
        return None
    try:
        number = float(str(value).replace(",", "").strip())
    except ValueError:
        return None
    return None if math.isnan(number) else number


def positive(value: int | None) -> int | None:
    """Sources write 0 for 'unknown' runtime or votes."""
    return value if value is not None and value > 0 else None


def split_list(value: Any, sep: str = ",") -> list[str]:
    """'A, B,  C' -> ['A', 'B', 'C'] with empties and duplicates removed, order kept."""
    text = clean_text(value)
    if not text:
        return []
    seen: dict[str, None] = {}
    for part in text.split(sep):
        part = part.strip()
        if part:
            seen.setdefault(part, None)
    return list(seen)


def parse_duration(value: Any) -> tuple[int | None, int | None]:
    """Streaming 'duration': '90 min' -> (90, None); '2 Seasons' -> (None, 2)."""
    text = clean_text(value).lower()
    number = parse_int(text)
    if number is None or number <= 0:
        return None, None
    if "season" in text:
        return None, number
    if "min" in text:
        return number, None
    return None, None


def require_file(path: Path, source: str, skips: SkipLog) -> bool:
    """False (and counted) when a source file is absent: the build goes on without it."""
    if path.is_file():
        return True
    skips.missing_files.append(f"{source}: {path}")
    return False


def read_csv_rows(path: Path, source: str, skips: SkipLog) -> list[dict[str, str]] | None:
    """All rows of a CSV as dicts of strings ('' for empty cells), or None if the file is unreadable.

    A line with too many fields is skipped and counted ("malformed CSV line"); the python parser
    is used because only it reports such lines (it costs ~0.1 s on these files)."""
    bad_lines = 0

    def count_bad(_line: list[str]) -> None:
        nonlocal bad_lines
        bad_lines += 1
        return None

    try:
        frame = pd.read_csv(
            path, dtype=str, keep_default_na=False, engine="python", on_bad_lines=count_bad, encoding="utf-8"
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, OSError, csv.Error):
        skips.skip(source, f"unreadable CSV file {path.name}")
        return None
    if bad_lines:
        skips.skip(source, "malformed CSV line", bad_lines)
    return frame.to_dict("records")


_NAME_SUFFIXES = {"jr.", "jr", "sr.", "sr", "ii", "iii", "iv"}
_CORPORATE = {"inc.", "inc", "llc", "ltd.", "ltd", "corp.", "co."}


def split_names(value: Any, sep: str = ",") -> list[str]:
    """A comma list of people: 'Clifton Collins, Jr., Gabriel Luna' -> ['Clifton Collins Jr.',
    'Gabriel Luna']. Entries with no letter ('1') and companies ('MarVista Entertainment, Inc.')
    are dropped: they are not people."""
    names: list[str] = []
    corporate: set[int] = set()
    for part in split_list(value, sep):
        lowered = part.casefold()
        if names and lowered in _NAME_SUFFIXES:
            names[-1] = f"{names[-1]} {part}"
        elif names and lowered in _CORPORATE:
            corporate.add(len(names) - 1)
        elif any(c.isalpha() for c in part):
            names.append(part)
    return list(dict.fromkeys(n for i, n in enumerate(names) if i not in corporate))


def split_directors(value: Any, sep: str = ",") -> list[str]:
    """split_names for a director column, which also holds studios ('Moonbug Entertainment', 'Mora TV')
    and labels ('magnolia', 'customflix'): a name with a company word, or one lone lower-case word, is
    dropped. Not for cast lists, where lower-case stage names ('a-chan', '9m88') and 'Max Records' are
    real people."""
    return [n for n in split_names(value, sep) if not _company_or_label(n)]


def _company_or_label(name: str) -> bool:
    words = name.split()
    return any(w in COMPANY_WORDS for w in words) or (len(words) == 1 and name.islower())


def read_source_csv(path: Path, source: str, skips: SkipLog) -> list[dict[str, str]] | None:
    """A source file's rows, or None when it is absent or unreadable (either is counted, never fatal)."""
    return read_csv_rows(path, source, skips) if require_file(path, source, skips) else None
