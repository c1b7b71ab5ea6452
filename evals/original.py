"""The original system's similarity, rebuilt to be measured next to ours on the same data.

It embedded five fields of every title separately with MiniLM, L2-normalised each, summed them
with fixed weights (0.4 genre, 0.4 description, 0.1 title, 0.05 cast, 0.05 director) and ranked by
cosine similarity of the sums: no filters, no free text. A field a title lacks contributes nothing
(a zero vector), which is the kindest reading of a method that assumed every field present.

Embedding every field of the whole catalog takes minutes, so the matrices are cached under
`<data_dir>/eval_cache/` keyed by a hash of exactly the texts embedded and the encoder used.
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


def embed_fields(titles: Sequence[Title], encode: Encode, fields: Sequence[str] = FIELDS) -> dict[str, np.ndarray]:
    """field -> (n, dim) float32 unit rows (zero rows for empty fields). Each distinct text is
    embedded once: thousands of titles share a genre list, and many share a director."""
    out: dict[str, np.ndarray] = {}
    for field in fields:
        texts = [field_text(t, field) for t in titles]
        distinct = sorted({x for x in texts if x.strip()})
        vectors = np.asarray(encode(distinct), dtype=np.float32) if distinct else np.zeros((0, 384), np.float32)
        position = {text: i for i, text in enumerate(distinct)}
        matrix = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
        rows = [i for i, x in enumerate(texts) if x in position]
        matrix[rows] = vectors[[position[texts[i]] for i in rows]]
        out[field] = matrix
    return out


def combine(fields: Mapping[str, np.ndarray], weights: Mapping[str, float] = WEIGHTS) -> np.ndarray:
    """Weighted sum of the per-field unit vectors, re-normalised so a dot product is the cosine."""
    total = sum(weights[f] * _unit(fields[f].astype(np.float32)) for f in weights)
    return _unit(total)


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


def content_hash(titles: Sequence[Title], encoder_name: str, fields: Sequence[str] = FIELDS) -> str:
    digest = hashlib.sha256(encoder_name.encode())
    for t in titles:
        digest.update(t.id.encode())
        for f in fields:
            digest.update(b"\x1f" + field_text(t, f).encode())
        digest.update(b"\x1e")
    return digest.hexdigest()[:16]


class FieldVectors:
    """The catalog's per-field embeddings (rows in `ids` order) and the original's combined vectors."""

    def __init__(self, ids: list[str], fields: dict[str, np.ndarray], seconds_to_embed: float, cached: bool):
        self.ids = ids
        self.row = {tid: i for i, tid in enumerate(ids)}
        self.fields = fields
        self.combined = combine(fields)
        self.seconds_to_embed = seconds_to_embed
        self.cached = cached

    @classmethod
    def load_or_embed(
        cls, titles: Sequence[Title], encode: Encode, encoder_name: str, cache_dir: Path | None,
        progress: Callable[[str], None] = lambda _msg: None,
    ) -> FieldVectors:
        titles = sorted(titles, key=lambda t: t.id)
        ids = [t.id for t in titles]
        path = Path(cache_dir) / f"original-fields-{content_hash(titles, encoder_name)}.npz" if cache_dir else None
        if path is not None and path.exists():
            with np.load(path) as data:
                seconds = float(data["seconds_to_embed"])
                fields = {f: data[f].astype(np.float32) for f in FIELDS}
            return cls(ids, fields, seconds, cached=True)
        progress(f"embedding 5 fields of {len(titles):,} titles for the original method (cached afterwards)")
        started = time.perf_counter()
        fields = embed_fields(titles, encode)
        seconds = time.perf_counter() - started
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp.npz")
            # float16 halves the cache; cosine rankings are unchanged at this precision.
            np.savez(tmp, seconds_to_embed=seconds, **{f: m.astype(np.float16) for f, m in fields.items()})
            tmp.replace(path)
        return cls(ids, fields, seconds, cached=False)

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
