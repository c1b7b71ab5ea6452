"""manifest.json: what built the index, whether that build finished, and how fast it ran.

The identity (schema, model, encoder, dimension, truncation) decides compatibility: vectors from
another model, or metadata of another schema, are never mixed with ours nor searched with our
queries. The same identity is stored in the Chroma collection's metadata, so a collection on a
shared Chroma server is checked too, not only the local file.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from vectorstore.encoder import DIM, MAX_SEQ_LENGTH, MODEL_NAME

# Bump when the stored metadata keys or their meaning change (filters depend on them).
SCHEMA_VERSION = 1


class IndexIdentity(BaseModel):
    schema_version: int
    model: str
    encoder: str
    dim: int
    max_seq_length: int

    @classmethod
    def current(cls, encoder_kind: str) -> IndexIdentity:
        return cls(
            schema_version=SCHEMA_VERSION,
            model=MODEL_NAME,
            encoder=encoder_kind,
            dim=DIM,
            max_seq_length=MAX_SEQ_LENGTH,
        )

    def as_collection_metadata(self) -> dict[str, Any]:
        return {f"cinechat_{k}": v for k, v in self.model_dump().items()}

    @classmethod
    def from_collection_metadata(cls, metadata: dict[str, Any] | None) -> IndexIdentity | None:
        values = {k.removeprefix("cinechat_"): v for k, v in (metadata or {}).items() if k.startswith("cinechat_")}
        try:
            return cls(**values)
        except ValidationError:
            return None

    def is_supported(self) -> bool:
        """Whether this code can query an index of this identity (any of our encoders)."""
        from vectorstore.encoder import ENCODER_KINDS

        current = IndexIdentity.current(self.encoder)
        return self == current and self.encoder in ENCODER_KINDS


class BuildStats(BaseModel):
    titles: int = Field(description="Titles in the index after the build.")
    embedded: int
    reused: int
    removed: int
    seconds: float
    titles_per_s: float = Field(description="Embedded titles per second of the whole build (0 if none).")
    full: bool = Field(description="Started from an empty collection.")


class Manifest(IndexIdentity):
    collection: str
    chroma: str = Field(description="'embedded' or the server URL the vectors were written to.")
    complete: bool = Field(description="False while a build runs or after one was interrupted.")
    titles: int = 0
    with_overview: int = 0
    built_at: str = ""
    build_id: str | None = Field(
        default=None, description="Changes whenever the indexed content changes; the vector cache carries it."
    )
    last_build: BuildStats | None = None
    build_titles_per_s: float | None = Field(default=None, description="Throughput of the last full build.")
    full_build_seconds: float | None = None
    full_build_titles: int | None = None

    def identity(self) -> IndexIdentity:
        return IndexIdentity(**{k: getattr(self, k) for k in IndexIdentity.model_fields})


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def read_manifest(path: Path) -> Manifest | None:
    """None when there is no manifest; raises ValueError when it is unreadable."""
    path = Path(path)
    if not path.exists():
        return None
    try:
        return Manifest.model_validate_json(path.read_bytes())
    except ValidationError as exc:
        raise ValueError(f"{path} is not a CineChat index manifest: {exc.error_count()} invalid fields") from exc


def write_manifest(manifest: Manifest, path: Path) -> None:
    """Atomic: a reader sees the old manifest or the new one, never half of one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(manifest.model_dump_json(indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
