"""The catalog's filterable fields as numpy columns, to evaluate a SearchFilters on every title at once.

Why: Chroma's embedded store evaluates a `where` clause in SQLite on every query, which costs
30-250 ms on the full catalog (more the more titles match: measured, see benchmarks/bench_index.py),
against ~3 ms for an unfiltered HNSW query. Evaluating the same filter on these columns takes well
under a millisecond, and tells the searcher how many titles match, so it can pick the fast path.

`mask(filters)` must mean exactly what `SearchFilters.accepts` means (tests/test_index_columns.py
checks them against each other on real titles).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from catalog.models import Title
from vectorstore.filters import SearchFilters


class FilterColumns:
    def __init__(self, ids: Sequence[str], catalog: dict[str, Title]) -> None:
        self.ids = list(ids)
        self.row = {tid: i for i, tid in enumerate(self.ids)}
        titles = [catalog[tid] for tid in self.ids]
        n = len(titles)
        self.year = np.fromiter((t.year for t in titles), dtype=np.int32, count=n)
        self.is_show = np.fromiter((t.type == "TV Show" for t in titles), dtype=bool, count=n)
        # NaN for unknown: every comparison with NaN is False, so unknown runtimes never pass a bound.
        self.runtime = np.fromiter(
            (np.nan if t.runtime_min is None else t.runtime_min for t in titles), dtype=np.float32, count=n
        )
        self.genre_names, self.genres = _membership([t.genres for t in titles])
        self.platform_names, self.platforms = _membership([t.platforms for t in titles])
        self.country_names, self.countries = _membership([t.countries for t in titles])
        self.language_names, self.languages = _membership([[t.language] if t.language else [] for t in titles])

    def __len__(self) -> int:
        return len(self.ids)

    def mask(self, f: SearchFilters) -> np.ndarray:
        keep = np.ones(len(self.ids), dtype=bool)
        if f.year_min is not None:
            keep &= self.year >= f.year_min
        if f.year_max is not None:
            keep &= self.year <= f.year_max
        if f.type is not None:
            keep &= self.is_show if f.type == "TV Show" else ~self.is_show
        if f.genres_any:
            keep &= self._any(self.genres, self.genre_names, f.genres_any)
        for genre in f.genres_all:
            keep &= self._any(self.genres, self.genre_names, [genre])
        if f.genres_exclude:
            keep &= ~self._any(self.genres, self.genre_names, f.genres_exclude)
        if f.runtime_min is not None:
            keep &= self.runtime >= f.runtime_min
        if f.runtime_max is not None:
            keep &= self.runtime <= f.runtime_max
        if f.platforms_any:
            keep &= self._any(self.platforms, self.platform_names, f.platforms_any)
        if f.countries_any or f.languages_any:
            keep &= self._any(self.countries, self.country_names, f.countries_any) | self._any(
                self.languages, self.language_names, f.languages_any
            )
        for tid in f.exclude_ids:
            row = self.row.get(tid)
            if row is not None:
                keep[row] = False
        return keep

    @staticmethod
    def _any(matrix: np.ndarray, names: dict[str, int], wanted: Sequence[str]) -> np.ndarray:
        columns = [names[w] for w in wanted if w in names]
        if not columns:
            return np.zeros(matrix.shape[0], dtype=bool)
        return matrix[:, columns].any(axis=1)


def _membership(values: list[list[str]]) -> tuple[dict[str, int], np.ndarray]:
    """Label -> column, and a (titles x labels) boolean matrix."""
    names: dict[str, int] = {}
    for labels in values:
        for label in labels:
            names.setdefault(label, len(names))
    matrix = np.zeros((len(values), max(1, len(names))), dtype=bool)
    for i, labels in enumerate(values):
        for label in labels:
            matrix[i, names[label]] = True
    return names, matrix
