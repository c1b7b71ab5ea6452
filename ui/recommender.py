"""One Recommender per server process, opened lazily off the event loop.

Opening the index loads the catalog, the encoder and the Chroma collection (seconds), so it runs
in a worker thread once, behind a lock; a missing index is not cached, so building it while the
server runs makes the next message work without a restart.
"""

from __future__ import annotations

import asyncio

from chains.engine import Recommender
from config import Settings
from vectorstore.index import TitleIndex


class RecommenderHolder:
    def __init__(self, settings: Settings):
        self.settings = settings
        self._recommender: Recommender | None = None
        self._lock = asyncio.Lock()

    async def get(self) -> Recommender:
        """The shared Recommender; raises IndexMissingError / IndexOutdatedError if it can't open."""
        if self._recommender is not None:
            return self._recommender
        async with self._lock:
            if self._recommender is None:
                index = await asyncio.to_thread(TitleIndex.open, self.settings)
                self._recommender = Recommender(index, self.settings)
        return self._recommender
