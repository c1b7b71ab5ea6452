"""The in-memory filter columns mean exactly what SearchFilters.accepts means, on real titles."""

from __future__ import annotations

import random

import numpy as np

from catalog.build import BuildReport
from catalog.models import Title
from vectorstore.columns import FilterColumns
from vectorstore.filters import SearchFilters


def _random_filters(rng: random.Random, titles: list[Title]) -> SearchFilters:
    genres = sorted({g for t in titles for g in t.genres}) + ["Not A Genre"]
    platforms = sorted({p for t in titles for p in t.platforms}) + ["Not A Service"]
    values: dict = {}
    if rng.random() < 0.4:
        values["year_min"] = rng.randint(1900, 2022)
    if rng.random() < 0.4:
        values["year_max"] = rng.randint(1950, 2025)
    if rng.random() < 0.3:
        values["type"] = rng.choice(["Movie", "TV Show"])
    if rng.random() < 0.4:
        values["genres_any"] = rng.sample(genres, rng.randint(1, 3))
    if rng.random() < 0.2:
        values["genres_all"] = rng.sample(genres, rng.randint(1, 2))
    if rng.random() < 0.3:
        values["genres_exclude"] = rng.sample(genres, rng.randint(1, 2))
    if rng.random() < 0.3:
        values["runtime_min"] = rng.randint(40, 120)
    if rng.random() < 0.3:
        values["runtime_max"] = rng.randint(80, 200)
    if rng.random() < 0.3:
        values["platforms_any"] = rng.sample(platforms, rng.randint(1, 2))
    if rng.random() < 0.3:
        values["exclude_ids"] = [t.id for t in rng.sample(titles, 5)] + ["m-not-indexed-1900"]
    return SearchFilters(**values)


def test_mask_equals_accepts(fixture_catalog: tuple[list[Title], BuildReport]) -> None:
    titles, _ = fixture_catalog
    catalog = {t.id: t for t in titles}
    columns = FilterColumns(list(catalog), catalog)
    rng = random.Random(5)
    nonempty = 0
    for _ in range(400):
        filters = _random_filters(rng, titles)
        expected = np.array([filters.accepts(catalog[tid]) for tid in columns.ids])
        assert np.array_equal(columns.mask(filters), expected), filters
        nonempty += bool(expected.any())
    assert nonempty > 100  # the random filters do select titles, not only empty sets


def test_column_order_follows_the_given_ids(fixture_catalog: tuple[list[Title], BuildReport]) -> None:
    titles, _ = fixture_catalog
    catalog = {t.id: t for t in titles}
    ids = sorted(catalog, reverse=True)
    columns = FilterColumns(ids, catalog)
    mask = columns.mask(SearchFilters(type="TV Show"))
    assert [ids[i] for i in np.flatnonzero(mask)] == [t for t in ids if catalog[t].type == "TV Show"]
