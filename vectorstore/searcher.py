"""TitleIndex: the built index opened for searching (catalog + encoder + Chroma collection).

How a filtered search runs (measured on the full catalog, see benchmarks/bench_index.py):
- The filter is evaluated on in-memory columns of the catalog (columns.py, < 1 ms), which says how
  many titles match.
- Many match (unfiltered, exclusions, "movies", "from 2010"): Chroma's HNSW top-n WITHOUT a `where`
  clause, n over-fetched in proportion to how rare a match is, then filtered on the columns
  (~3 ms). A Chroma `where` clause would cost 30-250 ms here: the embedded store evaluates it in
  SQLite over every matching record on every query.
- Few match (< EXACT_MAX, e.g. "90s sci-fi on Hulu"): an exact dot product over just those rows of
  the vector cache (vector_cache.py, ~1 ms); HNSW cannot serve these well (restricted to few ids it
  wanders the whole graph: 10-40 ms) and over-fetching would need thousands of results.
- Without a valid vector cache the rare case falls back to Chroma's own `where` filter: slower,
  same results.
Every hit is checked against `filters.accepts` before it is returned.

Chroma is asked only for ids and distances: the full Title records are already in memory (the
catalog), so fetching documents and metadata back would only add time.

Thread safety: the catalog is read-only after open, a traced torch module and Chroma clients
accept concurrent calls (the sentence-transformers encoder serialises its own), so search() and vector()
may be called from several threads, e.g. via asyncio.to_thread in the chat server.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from math import ceil

import httpx
import numpy as np
from chromadb.api.models.Collection import Collection
from chromadb.errors import NotFoundError
from pydantic import BaseModel, ConfigDict

from catalog.models import Title
from catalog.store import load_catalog
from config import Settings, get_settings
from vectorstore.client import chroma_target, make_client
from vectorstore.columns import FilterColumns
from vectorstore.encoder import Encoder, load_encoder
from vectorstore.errors import BUILD_COMMAND, IndexMissingError, IndexOutdatedError, IndexUnavailableError
from vectorstore.filters import SearchFilters
from vectorstore.manifest import IndexIdentity, Manifest, read_manifest
from vectorstore.vector_cache import load_vectors

log = logging.getLogger(__name__)

# Up to this many matching titles, an exact search over their cached vectors beats HNSW.
EXACT_MAX = 8000
# HNSW over-fetch: ask for (k / share of titles matching) * this, so that after filtering k remain.
OVERFETCH = 1.5


class Hit(BaseModel):
    model_config = ConfigDict(frozen=True)

    title: Title
    similarity: float  # cosine similarity, -1..1 (1 = same direction)


class TitleIndex:
    def __init__(
        self,
        catalog: dict[str, Title],
        encoder: Encoder,
        collection: Collection,
        manifest: Manifest,
        settings: Settings,
        vectors: tuple[list[str], np.ndarray] | None = None,
    ) -> None:
        self.catalog = catalog
        self.encoder = encoder
        self.collection = collection
        self.manifest = manifest
        self.settings = settings
        self.load_seconds: float | None = None
        if vectors is not None and (len(vectors[0]) != len(catalog) or not all(t in catalog for t in vectors[0])):
            log.warning("vector cache does not cover the catalog: searching with Chroma only")
            vectors = None
        ids = vectors[0] if vectors is not None else list(catalog)
        self._vectors = vectors[1] if vectors is not None else None
        self._columns = FilterColumns(ids, catalog)

    # --- opening ------------------------------------------------------------------------------
    @classmethod
    def open(cls, settings: Settings | None = None) -> TitleIndex:
        """Open the built index; raises IndexMissingError / IndexOutdatedError naming the fix."""
        started = time.perf_counter()
        settings = settings or get_settings()
        manifest = _checked_manifest(settings)
        if not settings.catalog_path.exists():
            raise IndexMissingError(
                f"The catalog file {settings.catalog_path} is missing. Run `{BUILD_COMMAND}` to build it."
            )
        # The catalog parse is the slowest step (pure Python/pydantic); the model and the
        # Chroma collection load meanwhile, mostly in native code.
        with ThreadPoolExecutor(max_workers=1) as pool:
            catalog_future = pool.submit(load_catalog, settings.catalog_path)
            encoder = load_encoder(manifest.encoder)
            collection = _open_collection(settings, manifest)
            vectors = load_vectors(settings.data_dir, manifest.build_id, manifest.dim)
            catalog = catalog_future.result()
        if len(catalog) != manifest.titles:
            raise IndexOutdatedError(
                f"The catalog holds {len(catalog)} titles but the index {manifest.titles}. "
                f"Run `{BUILD_COMMAND}` to bring them back in line."
            )
        index = cls(catalog, encoder, collection, manifest, settings, vectors)
        index._warm_up()
        index.load_seconds = time.perf_counter() - started
        return index

    def _warm_up(self) -> None:
        # The first query loads the HNSW graph and initialises the model's kernels: pay that here,
        # not on the user's first request.
        self.search("a film", k=1)

    # --- searching ----------------------------------------------------------------------------
    def embed(self, text: str) -> np.ndarray:
        """The query vector for a text (the index's own encoder)."""
        return self.encoder.encode([text])[0]

    def search(
        self,
        query: str | np.ndarray,
        *,
        k: int = 10,
        filters: SearchFilters | None = None,
        within: np.ndarray | None = None,
    ) -> list[Hit]:
        """The k titles most similar to the query that satisfy every filter, best first; `within` (a mask
        from `rows_mask`) limits the search to those titles."""
        if k <= 0:
            return []
        if filters is not None and filters.contradiction():
            return []
        vector = self._query_vector(query)
        unfiltered = filters is None or (filters.is_empty() and not filters.exclude_ids)
        mask = None if unfiltered else self._columns.mask(filters)
        if within is not None:
            mask = within if mask is None else mask & within
        matching = len(self._columns) if mask is None else int(mask.sum())
        if matching == 0:
            return []
        # Chroma's `where` cannot say `within`: without the vector cache, over-fetch from HNSW instead.
        if mask is None or matching > EXACT_MAX or (self._vectors is None and within is not None):
            ranked = self._hnsw(vector, k, mask, matching, filters)
        elif self._vectors is not None:
            ranked = self._exact(vector, mask, k)
        else:
            ranked = self._chroma_where(vector, k, filters)

        hits: list[Hit] = []
        for tid, similarity in ranked:
            title = self.catalog.get(tid)
            if title is None:
                log.warning("index returned %s, which is not in the catalog: rebuild the index", tid)
                continue
            if filters is not None and not filters.accepts(title):
                # Metadata and catalog disagree (index older than the catalog): never show it.
                log.warning("index metadata of %s disagrees with the catalog: rebuild the index", tid)
                continue
            hits.append(Hit(title=title, similarity=similarity))
        return hits[:k]

    def _exact(self, vector: np.ndarray, mask: np.ndarray, k: int) -> list[tuple[str, float]]:
        """Exact cosine top-k over the rows the mask keeps (vectors are unit length)."""
        assert self._vectors is not None
        rows = np.flatnonzero(mask)
        query = vector / max(float(np.linalg.norm(vector)), 1e-12)
        # einsum, not `@`: for a few thousand rows the multithreaded BLAS call waits on its threads when
        # the CPU is busy (p50 8 ms vs 1 ms measured on 6,000 rows); einsum stays on this thread.
        scores = np.einsum("ij,j->i", self._vectors[rows], query)
        top = np.argpartition(-scores, k - 1)[:k] if len(rows) > k else np.arange(len(rows))
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self._columns.ids[rows[i]], float(scores[i])) for i in top]

    def _hnsw(
        self, vector: np.ndarray, k: int, mask: np.ndarray | None, matching: int, filters: SearchFilters | None
    ) -> list[tuple[str, float]]:
        """Chroma HNSW without a `where` clause, over-fetching, then filtered on the columns."""
        total = len(self._columns)
        excluded = len(filters.exclude_ids) if filters is not None else 0
        n = k if mask is None else min(total, ceil(k * total / matching * OVERFETCH) + excluded + 10)
        while True:
            with self._reaching_chroma():
                result = self.collection.query(query_embeddings=[vector], n_results=n, include=["distances"])
            ranked = [
                (tid, 1.0 - float(d))
                for tid, d in zip(result["ids"][0], (result["distances"] or [[]])[0], strict=True)
                if mask is None or self._in_mask(tid, mask)
            ]
            if len(ranked) >= k or n >= total:
                return ranked[:k]
            if n >= 4 * EXACT_MAX:  # unlucky: the matches are all far from the query
                if self._vectors is not None and mask is not None:
                    return self._exact(vector, mask, k)
                ranked = self._chroma_where(vector, max(k, n), filters)
                return [(tid, sim) for tid, sim in ranked if mask is None or self._in_mask(tid, mask)][:k]
            n = min(total, n * 4)

    def _in_mask(self, title_id: str, mask: np.ndarray) -> bool:
        row = self._columns.row.get(title_id)
        return row is not None and bool(mask[row])

    def _chroma_where(self, vector: np.ndarray, k: int, filters: SearchFilters | None) -> list[tuple[str, float]]:
        """Chroma's own filtered search: correct everywhere, slow on a large embedded catalog."""
        where = filters.to_where() if filters is not None else None
        with self._reaching_chroma():
            result = self.collection.query(query_embeddings=[vector], n_results=k, where=where, include=["distances"])
        distances = (result["distances"] or [[]])[0]
        return [(tid, 1.0 - float(d)) for tid, d in zip(result["ids"][0], distances, strict=True)]

    def rows_mask(self, title_ids: Iterable[str]) -> np.ndarray:
        """A mask over the index's titles keeping the given ones (for `search(within=...)`)."""
        mask = np.zeros(len(self._columns), dtype=bool)
        rows = [row for tid in title_ids if (row := self._columns.row.get(tid)) is not None]
        mask[rows] = True
        return mask

    def row_ids(self) -> list[str]:
        """The titles' ids in row order (the order of `rows_mask` and of the vector cache)."""
        return list(self._columns.ids)

    def vector(self, title_id: str) -> np.ndarray | None:
        """The stored embedding of a title, or None if it is not indexed."""
        if self._vectors is not None:
            row = self._columns.row.get(title_id)
            return None if row is None else self._vectors[row].copy()
        with self._reaching_chroma():
            result = self.collection.get(ids=[title_id], include=["embeddings"])
        embeddings = result.get("embeddings")
        if embeddings is None or len(embeddings) == 0:
            return None
        return np.asarray(embeddings[0], dtype=np.float32)

    def __len__(self) -> int:
        return len(self.catalog)

    @contextmanager
    def _reaching_chroma(self) -> Iterator[None]:
        """A Chroma server that went away mid-run: one clear error naming it, not an HTTP traceback."""
        try:
            yield
        except (httpx.TransportError, ConnectionError) as exc:
            target = chroma_target(self.settings)
            raise IndexUnavailableError(
                f"Lost the Chroma server at {target} ({type(exc).__name__}). Check that it is running "
                f"(`chroma run --path DIR --port {self.settings.chroma_port}`); the next request tries again."
            ) from exc

    def _query_vector(self, query: str | np.ndarray) -> np.ndarray:
        if isinstance(query, str):
            if not query.strip():
                raise ValueError("empty query: say what you would like to watch")
            return self.embed(query)
        vector = np.asarray(query, dtype=np.float32).reshape(-1)
        if vector.shape[0] != self.encoder.dim or not np.all(np.isfinite(vector)):
            raise ValueError(f"a query vector must hold {self.encoder.dim} finite numbers")
        return vector


def _checked_manifest(settings: Settings) -> Manifest:
    try:
        manifest = read_manifest(settings.manifest_path)
    except ValueError as exc:
        raise IndexOutdatedError(f"{exc}. Run `{BUILD_COMMAND}` to rebuild the index.") from exc
    if manifest is None:
        raise IndexMissingError(
            f"No index in {settings.data_dir} (no {settings.manifest_path.name}). "
            f"Run `{BUILD_COMMAND}` to build it (a few minutes for the full catalog)."
        )
    if not manifest.identity().is_supported():
        raise IndexOutdatedError(
            f"The index in {settings.data_dir} was built by another version "
            f"(schema {manifest.schema_version}, {manifest.model} via {manifest.encoder}). "
            f"Run `{BUILD_COMMAND}` to rebuild it."
        )
    if not manifest.complete:
        raise IndexOutdatedError(
            f"The last build of the index in {settings.data_dir} did not finish. "
            f"Run `{BUILD_COMMAND}` to complete it (finished work is reused)."
        )
    if manifest.chroma != chroma_target(settings):
        raise IndexMissingError(
            f"The index in {settings.data_dir} was built into {manifest.chroma}, but the settings point to "
            f"{chroma_target(settings)}. Run `{BUILD_COMMAND}` with the current settings."
        )
    return manifest


def _open_collection(settings: Settings, manifest: Manifest) -> Collection:
    if not settings.chroma_host and not settings.chroma_path.exists():
        raise IndexMissingError(f"No Chroma store at {settings.chroma_path}. Run `{BUILD_COMMAND}` to build it.")
    client = make_client(settings)
    try:
        collection = client.get_collection(settings.collection)
    except (NotFoundError, ValueError) as exc:
        raise IndexMissingError(
            f"No collection {settings.collection!r} in {chroma_target(settings)}. Run `{BUILD_COMMAND}` to build it."
        ) from exc
    identity = IndexIdentity.from_collection_metadata(collection.metadata)
    if identity != manifest.identity():
        raise IndexOutdatedError(
            f"The collection {settings.collection!r} does not match {settings.manifest_path.name} "
            f"(built by another version or another build). Run `{BUILD_COMMAND}` to rebuild it."
        )
    count = collection.count()
    if count != manifest.titles:
        raise IndexOutdatedError(
            f"The collection holds {count} titles but the manifest says {manifest.titles}. "
            f"Run `{BUILD_COMMAND}` to bring them back in line."
        )
    return collection
