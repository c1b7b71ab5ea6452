"""What the index stores per title besides its vector: filterable metadata and a content hash.

Chroma rejects `None` values and empty lists, so a key is present only when the catalog knows the
value. (A missing key never matches a `$gte`/`$contains` clause and always matches
`$not_contains`, which is exactly what SearchFilters means: "under 120 min" excludes titles of
unknown runtime, "no horror" keeps titles without genres.)
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from catalog.models import Title
from vectorstore.text import embedding_text

HASH_KEY = "content_hash"


def popularity_votes(title: Title) -> int | None:
    """The largest vote count any source reports: a popularity signal comparable across titles."""
    r = title.ratings
    votes = [v for v in (r.imdb_votes, r.tmdb_vote_count) if v is not None]
    return max(votes) if votes else None


def quality_rating(title: Title) -> float | None:
    """0-10; IMDb's when known (more votes behind it), else TMDB's."""
    r = title.ratings
    if r.imdb_rating is not None:
        return float(r.imdb_rating)
    return float(r.tmdb_vote_average) if r.tmdb_vote_average is not None else None


def title_metadata(title: Title) -> dict[str, Any]:
    meta: dict[str, Any] = {"tid": title.id, "title": title.title, "year": title.year, "type": title.type}
    optional: dict[str, Any] = {
        "genres": list(title.genres),
        "runtime_min": title.runtime_min,
        "seasons": title.seasons,
        "platforms": list(title.platforms),
        "votes": popularity_votes(title),
        "rating": quality_rating(title),
    }
    meta.update({k: v for k, v in optional.items() if v is not None and v != []})
    return meta


def content_hash(text: str, metadata: dict[str, Any]) -> str:
    """Changes exactly when what the index holds for a title would change."""
    payload = json.dumps({"text": text, "meta": metadata}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]


def index_record(title: Title) -> tuple[str, dict[str, Any]]:
    """(embedding text, metadata including its content hash) for one title."""
    text = embedding_text(title)
    meta = title_metadata(title)
    meta[HASH_KEY] = content_hash(text, meta)
    return text, meta
