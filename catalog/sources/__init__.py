"""Source adapters: one module per kind of file in the raw folder (see SOURCES.md)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from catalog.sources.base import Adapter, SkipLog, SourceRecord
from catalog.sources.csv_sources import IMDB_TOP_1000, TMDB_TOP_10K
from catalog.sources.custom_csv import CustomCsvAdapter
from catalog.sources.streaming import StreamingAdapter
from catalog.sources.tmdb5000 import Tmdb5000Adapter
from catalog.sources.wikidata import WikidataAdapter
from catalog.sources.wikipedia import WikipediaAdapter

ADAPTERS: list[Adapter] = [
    WikipediaAdapter(),
    StreamingAdapter(),
    Tmdb5000Adapter(),
    IMDB_TOP_1000,
    TMDB_TOP_10K,
    WikidataAdapter(),
    CustomCsvAdapter(),
]


def read_all(raw_dir: Path, skips: SkipLog, adapters: list[Adapter] | None = None) -> Iterator[SourceRecord]:
    for adapter in adapters if adapters is not None else ADAPTERS:
        yield from adapter.read(raw_dir, skips)


__all__ = ["ADAPTERS", "Adapter", "SkipLog", "SourceRecord", "read_all"]
