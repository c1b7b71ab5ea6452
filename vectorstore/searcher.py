"""TitleIndex: the built index opened for searching (catalog + encoder + Chroma collection).

Searches go straight to the Chroma collection asking only for ids and distances: the full Title
records are already in memory (the catalog), so fetching documents and metadata back, as
langchain-chroma's search methods do, would only add time. `index.store` is the same collection
as a langchain-chroma vector store, for LangChain code that wants a retriever.

Thread safety: the catalog is read-only after open, onnxruntime sessions and Chroma clients
accept concurrent calls (the torch encoder serialises its own calls), so search() and vector()
may be called from several threads, e.g. via asyncio.to_thread in the chat server.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import httpx
import numpy as np
from chromadb.api.models.Collection import Collection
from chromadb.errors import NotFoundError
from langchain_chroma import Chroma
from pydantic import BaseModel, ConfigDict

from catalog.models import Title
from catalog.store import load_catalog
from config import Settings, get_settings
from vectorstore.builder import collection_metadata
from vectorstore.client import chroma_target, make_client
from vectorstore.embeddings import EncoderEmbeddings
from vectorstore.encoder import Encoder, load_encoder
from vectorstore.errors import BUILD_COMMAND, IndexMissingError, IndexOutdatedError, IndexUnavailableError
from vectorstore.filters import SearchFilters
from vectorstore.manifest import IndexIdentity, Manifest, read_manifest

log = logging.getLogger(__name__)


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
        store: Chroma,
        manifest: Manifest,
        settings: Settings,
    ) -> None:
        self.catalog = catalog
        self.encoder = encoder
        self.collection = collection
        self.store = store
        self.manifest = manifest
        self.settings = settings
        self.load_seconds: float | None = None

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
            collection, store = _open_collection(settings, manifest, encoder)
            catalog = catalog_future.result()
        if len(catalog) != manifest.titles:
            raise IndexOutdatedError(
                f"The catalog holds {len(catalog)} titles but the index {manifest.titles}. "
                f"Run `{BUILD_COMMAND}` to bring them back in line."
            )
        index = cls(catalog, encoder, collection, store, manifest, settings)
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
        self, query: str | np.ndarray, *, k: int = 10, filters: SearchFilters | None = None
    ) -> list[Hit]:
        """The k titles most similar to the query that satisfy every filter, best first."""
        if k <= 0:
            return []
        if filters is not None and filters.contradiction():
            return []
        vector = self._query_vector(query)
        where = filters.to_where() if filters is not None else None
        with self._reaching_chroma():
            result = self.collection.query(
                query_embeddings=[vector], n_results=k, where=where, include=["distances"]
            )
        hits: list[Hit] = []
        for tid, distance in zip(result["ids"][0], (result["distances"] or [[]])[0], strict=True):
            title = self.catalog.get(tid)
            if title is None:
                log.warning("index returned %s, which is not in the catalog: rebuild the index", tid)
                continue
            if filters is not None and not filters.accepts(title):
                # Metadata and catalog disagree (index older than the catalog): never show it.
                log.warning("index metadata of %s disagrees with the catalog: rebuild the index", tid)
                continue
            hits.append(Hit(title=title, similarity=1.0 - float(distance)))
        return hits

    def vector(self, title_id: str) -> np.ndarray | None:
        """The stored embedding of a title, or None if it is not indexed."""
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


def _open_collection(settings: Settings, manifest: Manifest, encoder: Encoder) -> tuple[Collection, Chroma]:
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
    store = Chroma(
        client=client,
        collection_name=settings.collection,
        embedding_function=EncoderEmbeddings(encoder),
        collection_metadata=collection_metadata(manifest.identity()),
        create_collection_if_not_exists=False,
    )
    return collection, store

