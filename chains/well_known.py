"""The well-known titles: a second place the retriever looks, so famous good fits reach the ranking.

The nearest few hundred titles to a request, out of 57,000, are mostly obscure: a famous film a little
further away never enters the pool, and no ranking can put it first. People recommend films others
have heard of (ReDial: a list of the most-voted films beats pure similarity), so the retriever also
searches the nearest titles among the most notable ones (chains/notability.py) under the same filters,
and the fan ranking weighs fit against standing over both.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice
from typing import Any

import numpy as np

from catalog.models import Title
from chains.notability import notability

WELL_KNOWN_TITLES = 6000  # about a tenth of the catalog; the exact search over them takes ~1 ms


class WellKnown:
    """The mask of the index's most notable titles (for `TitleIndex.search(within=...)`)."""

    def __init__(self, index: Any, size: int = WELL_KNOWN_TITLES):
        ranked = sorted(index.catalog.values(), key=notability, reverse=True)[:size]
        self.mask: np.ndarray = index.rows_mask(t.id for t in ranked)
        self._index = index
        self._ranked = ranked  # most notable first

    def most_notable(self, keep: Callable[[Title], bool], n: int) -> np.ndarray:
        """The mask of the n most notable titles that `keep` accepts."""
        ids = [t.id for t in islice((t for t in self._ranked if keep(t)), n)]
        return self._index.rows_mask(ids)
