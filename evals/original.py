"""The original system's similarity, rebuilt to be measured next to ours on the same data.

It embedded five fields of every title separately with MiniLM, L2-normalised each, summed them
with fixed weights (0.4 genre, 0.4 description, 0.1 title, 0.05 cast, 0.05 director) and ranked by
cosine similarity of the sums: no filters, no free text. A field a title lacks contributes nothing
(a zero vector), which is the kindest reading of a method that assumed every field present.

Embedding every field of the whole catalog takes many minutes, so each distinct field text's vector
is cached under `<data_dir>/eval_cache/` keyed by a hash of the text and the encoder: the first run
pays, later runs (and rebuilds that change a few titles) reuse. Each distinct text is embedded
once: thousands of titles share a genre list, and many share a director.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np

from catalog.models import Title

FIELDS = ("genre", "description", "title", "cast", "director")
WEIGHTS: dict[str, float] = {"genre": 0.4, "description": 0.4, "title": 0.1, "cast": 0.05, "director": 0.05}
SAVE_EVERY = 8000  # texts embedded between cache saves

Encode = Callable[[list[str]], np.ndarray]


def field_text(title: Title, field: str) -> str:
    if field == "genre":
        return ", ".join(title.genres)
    if field == "description":
        return title.overview
    if field == "title":
        return title.title
    if field == "cast":
        return ", ".join(title.cast)
    if field == "director":
        return ", ".join(title.directors)
    raise ValueError(f"unknown field {field!r}")


def combine(fields: Mapping[str, np.ndarray], weights: Mapping[str, float] = WEIGHTS) -> np.ndarray:
    """Weighted sum of the per-field unit vectors, re-normalised so a dot product is the cosine."""
    total = sum(weights[f] * _unit(fields[f].astype(np.float32)) for f in weights)
    return _unit(total)


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


class TextVectorCache:
    """text -> embedding, on disk, keyed by a hash of the text and the encoder.

    Keyed per text rather than per catalog: a catalog rebuild that changes a few cast lists
    re-embeds those few texts, not the whole catalog.
    """

    def __init__(self, path: Path | None, encoder_name: str):
        self.path = path
        self._salt = encoder_name.encode()
        self._rows: dict[bytes, np.ndarray] = {}
        if path is not None and path.exists():
            with np.load(path) as data:
                if str(data["encoder"]) == encoder_name:
                    keys = [row.tobytes() for row in data["keys"]]  # (n, 12) bytes: "S12" would drop trailing NULs
                    self._rows = dict(zip(keys, data["vectors"], strict=True))
        self.embedded = 0
        self.seconds = 0.0
        self._dirty = False

    def _key(self, text: str) -> bytes:
        return hashlib.blake2b(text.encode(), digest_size=12, key=self._salt[:64]).digest()

    def vectors(self, texts: Sequence[str], encode: Encode) -> np.ndarray:
        keys = [self._key(t) for t in texts]
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in self._rows}
        if missing:
            started = time.perf_counter()
            fresh = np.asarray(encode(list(missing.values())), dtype=np.float32)
            self.seconds += time.perf_counter() - started
            self.embedded += len(missing)
            self._dirty = True
            # float16 halves the cache; cosine rankings are unchanged at this precision.
            self._rows.update(zip(missing.keys(), fresh.astype(np.float16), strict=True))
        if not keys:
            return np.zeros((0, 384), np.float32)
        return np.stack([self._rows[k] for k in keys]).astype(np.float32)

    def save(self) -> None:
        if self.path is None or not self._dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.stem + ".tmp.npz")
        keys = np.frombuffer(b"".join(self._rows.keys()), dtype=np.uint8).reshape(len(self._rows), -1)
        np.savez(tmp, encoder=np.array(self._salt.decode()), keys=keys, vectors=np.stack(list(self._rows.values())))
        tmp.replace(self.path)
        self._dirty = False


class FieldVectors:
    """The catalog's per-field embeddings (rows in `ids` order) and the original's combined vectors."""

    def __init__(self, ids: list[str], fields: dict[str, np.ndarray], embedded: int, seconds_to_embed: float):
        self.ids = ids
        self.row = {tid: i for i, tid in enumerate(ids)}
        self.fields = fields
        self.combined = combine(fields)
        self.embedded = embedded  # texts embedded in this run (the rest came from the cache)
        self.seconds_to_embed = seconds_to_embed

    @classmethod
    def load_or_embed(
        cls,
        titles: Sequence[Title],
        encode: Encode,
        encoder_name: str,
        cache_dir: Path | None,
        progress: Callable[[str], None] = lambda _msg: None,
    ) -> FieldVectors:
        titles = sorted(titles, key=lambda t: t.id)
        cache = TextVectorCache(Path(cache_dir) / "field-texts.npz" if cache_dir else None, encoder_name)
        texts = {f: [field_text(t, f) for t in titles] for f in FIELDS}
        distinct = {f: sorted({x for x in texts[f] if x.strip()}) for f in FIELDS}
        todo = sum(1 for f in FIELDS for x in distinct[f] if cache._key(x) not in cache._rows)
        if todo:
            progress(f"original method: embedding {todo:,} field texts not yet in the cache (once per catalog change)")
        fields: dict[str, np.ndarray] = {}
        for f in FIELDS:
            # In slices, saved as they finish: an interrupted first run keeps what it embedded.
            parts = []
            for start in range(0, len(distinct[f]), SAVE_EVERY):
                parts.append(cache.vectors(distinct[f][start : start + SAVE_EVERY], encode))
                cache.save()
            vectors = np.vstack(parts) if parts else np.zeros((0, 384), np.float32)
            position = {text: i for i, text in enumerate(distinct[f])}
            matrix = np.zeros((len(titles), 384), dtype=np.float32)
            rows = [i for i, x in enumerate(texts[f]) if x in position]
            matrix[rows] = vectors[[position[texts[f][i]] for i in rows]]
            fields[f] = matrix
        return cls([t.id for t in titles], fields, cache.embedded, cache.seconds)

    def similarity(self, a: str, b: str) -> float | None:
        if a not in self.row or b not in self.row:
            return None
        return float(self.combined[self.row[a]] @ self.combined[self.row[b]])

    def top(self, seed: str, k: int = 5, matrix: np.ndarray | None = None) -> list[str]:
        """The k most similar other titles to `seed` over the whole catalog."""
        m = self.combined if matrix is None else matrix
        sims = m @ m[self.row[seed]]
        sims[self.row[seed]] = -np.inf
        best = np.argpartition(-sims, k)[:k]
        return [self.ids[i] for i in best[np.argsort(-sims[best])]]
