"""Building the index: incremental updates, manifest, compatibility and the errors of open()."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from catalog.build import BuildReport
from catalog.models import Title
from config import Settings
from tests.fixtures_index import index_settings
from vectorstore.client import make_client
from vectorstore.filters import SearchFilters
from vectorstore.index import (
    BUILD_COMMAND,
    IndexMissingError,
    IndexOutdatedError,
    TitleIndex,
    build_index,
    read_manifest,
)
from vectorstore.text import embedding_text
from vectorstore.vector_cache import save_vectors


@pytest.fixture()
def titles(fixture_catalog: tuple[list[Title], BuildReport]) -> list[Title]:
    """A small slice of the fixture catalog (each test builds its own index)."""
    all_titles, _ = fixture_catalog
    chosen = [t for t in all_titles if t.id in {"m-arrival-2016", "m-toy-story-1995", "m-heat-1995"}]
    return chosen + [t for t in all_titles if t not in chosen][:27]


@pytest.fixture()
def settings(tmp_path: Path, fixture_raw_dir: Path) -> Settings:
    return index_settings(tmp_path / "build", fixture_raw_dir)


def test_second_build_reuses_everything(titles: list[Title], settings: Settings) -> None:
    first = build_index(titles, settings, progress=False)
    assert (first.embedded, first.reused, first.removed, first.full) == (len(titles), 0, 0, True)
    assert first.titles == len(titles)
    second = build_index(titles, settings, progress=False)
    assert (second.embedded, second.reused, second.removed, second.full) == (0, len(titles), 0, False)
    assert TitleIndex.open(settings).search("a film", k=3)


def test_changed_removed_and_added_titles_are_updated(titles: list[Title], settings: Settings) -> None:
    build_index(titles[:-1], settings, progress=False)

    arrival = next(t for t in titles if t.id == "m-arrival-2016")
    changed = arrival.model_copy(update={"overview": "A toy cowboy is jealous of a new space ranger toy."})
    edited = [changed if t.id == arrival.id else t for t in titles[:-1]]
    stats = build_index(edited, settings, progress=False)
    assert (stats.embedded, stats.removed) == (1, 0)
    index = TitleIndex.open(settings)
    assert index.catalog[arrival.id].overview == changed.overview  # the catalog file follows too
    assert "m-arrival-2016" in [h.title.id for h in index.search("jealous cowboy toy and space ranger", k=2)]

    heat = next(t for t in titles if t.id == "m-heat-1995")
    stats = build_index([t for t in edited if t.id != heat.id], settings, progress=False)
    assert (stats.embedded, stats.removed) == (0, 1)
    index = TitleIndex.open(settings)
    assert index.vector(heat.id) is None and heat.id not in index.catalog

    stats = build_index([t for t in edited if t.id != heat.id] + [titles[-1]], settings, progress=False)
    assert (stats.embedded, stats.removed, stats.titles) == (1, 0, len(titles) - 1)
    assert TitleIndex.open(settings).vector(titles[-1].id) is not None


def test_metadata_change_alone_updates_filters(titles: list[Title], settings: Settings) -> None:
    build_index(titles, settings, progress=False)
    arrival = next(t for t in titles if t.id == "m-arrival-2016")
    on_netflix = arrival.model_copy(update={"platforms": ["Netflix"]})
    stats = build_index([on_netflix if t.id == arrival.id else t for t in titles], settings, progress=False)
    assert stats.embedded == 1
    hits = TitleIndex.open(settings).search("aliens", k=5, filters=SearchFilters(platforms_any=["Netflix"]))
    assert "m-arrival-2016" in [h.title.id for h in hits]


def test_metadata_omits_unknown_values(titles: list[Title], settings: Settings) -> None:
    build_index(titles, settings, progress=False)
    index = TitleIndex.open(settings)
    got = index.collection.get(include=["metadatas"])
    by_id = dict(zip(got["ids"], got["metadatas"], strict=True))
    for title in titles:
        meta = by_id[title.id]
        assert meta["tid"] == title.id and meta["year"] == title.year and meta["type"] == title.type
        assert ("runtime_min" in meta) == (title.runtime_min is not None)
        assert ("platforms" in meta) == bool(title.platforms)
        assert ("genres" in meta) == bool(title.genres)
        assert None not in meta.values()


def test_manifest_records_model_counts_and_throughput(titles: list[Title], settings: Settings) -> None:
    build_index(titles, settings, progress=False)
    manifest = read_manifest(settings.manifest_path)
    assert manifest is not None and manifest.complete
    assert manifest.model == "sentence-transformers/all-MiniLM-L6-v2"
    assert manifest.encoder == settings.encoder and manifest.dim == 384
    assert manifest.titles == len(titles) and manifest.with_overview == sum(1 for t in titles if t.overview)
    assert manifest.build_titles_per_s and manifest.build_titles_per_s > 0
    full_rate = manifest.build_titles_per_s
    build_index(titles, settings, progress=False)  # incremental: keeps the full build's throughput
    assert read_manifest(settings.manifest_path).build_titles_per_s == full_rate


def _edit_manifest(path: Path, **changes: object) -> None:
    data = json.loads(path.read_text())
    data.update(changes)
    path.write_text(json.dumps(data))


def test_incompatible_index_is_refused_then_rebuilt(titles: list[Title], settings: Settings) -> None:
    build_index(titles, settings, progress=False)
    _edit_manifest(settings.manifest_path, schema_version=0)
    with pytest.raises(IndexOutdatedError, match=BUILD_COMMAND):
        TitleIndex.open(settings)

    # A collection of another model: build drops it and embeds everything again.
    collection = make_client(settings).get_collection(settings.collection)
    meta = {k: v for k, v in collection.metadata.items() if k != "hnsw:space"}
    meta["cinechat_model"] = "another/model"
    collection.modify(metadata=meta)
    stats = build_index(titles, settings, progress=False)
    assert (stats.embedded, stats.reused, stats.full) == (len(titles), 0, True)
    assert TitleIndex.open(settings).manifest.model == "sentence-transformers/all-MiniLM-L6-v2"


def test_interrupted_build_is_refused_until_rebuilt(titles: list[Title], settings: Settings) -> None:
    build_index(titles, settings, progress=False)
    _edit_manifest(settings.manifest_path, complete=False)
    with pytest.raises(IndexOutdatedError, match="did not finish.*" + BUILD_COMMAND):
        TitleIndex.open(settings)
    stats = build_index(titles, settings, progress=False)
    assert stats.embedded == 0  # finished work is reused
    TitleIndex.open(settings)


def test_missing_index_names_the_build_command(settings: Settings) -> None:
    with pytest.raises(IndexMissingError, match=BUILD_COMMAND):
        TitleIndex.open(settings)


def test_missing_catalog_file_names_the_build_command(titles: list[Title], settings: Settings) -> None:
    build_index(titles, settings, progress=False)
    settings.catalog_path.unlink()
    with pytest.raises(IndexMissingError, match=BUILD_COMMAND):
        TitleIndex.open(settings)


def test_empty_catalog_is_refused_and_loses_nothing(titles: list[Title], settings: Settings) -> None:
    build_index(titles, settings, progress=False)
    with pytest.raises(ValueError, match="no titles"):
        build_index([], settings, progress=False)
    assert len(TitleIndex.open(settings)) == len(titles)


def test_vector_cache_follows_every_build(titles: list[Title], settings: Settings) -> None:
    build_index(titles, settings, progress=False)
    first_id = read_manifest(settings.manifest_path).build_id
    build_index(titles, settings, progress=False)
    assert read_manifest(settings.manifest_path).build_id == first_id  # nothing changed: cache kept

    arrival = next(t for t in titles if t.id == "m-arrival-2016")
    changed = arrival.model_copy(update={"overview": "A toy cowboy is jealous of a new space ranger toy."})
    build_index([changed if t.id == arrival.id else t for t in titles], settings, progress=False)
    assert read_manifest(settings.manifest_path).build_id != first_id
    index = TitleIndex.open(settings)
    fresh = index.encoder.encode([embedding_text(changed)])[0]
    assert float(index.vector(arrival.id) @ fresh) > 0.9999
    stored = index.collection.get(ids=[arrival.id], include=["embeddings"])["embeddings"][0]
    assert np.allclose(index.vector(arrival.id), stored, atol=1e-6)


def test_stale_vector_cache_is_ignored(titles: list[Title], settings: Settings) -> None:
    build_index(titles, settings, progress=False)
    ids = [t.id for t in titles]
    save_vectors(settings.data_dir, ids, np.zeros((len(ids), 384), dtype=np.float32), build_id="another-build")
    index = TitleIndex.open(settings)
    assert float(np.linalg.norm(index.vector("m-heat-1995"))) == pytest.approx(1.0, abs=1e-4)
    filters = SearchFilters(type="Movie", year_max=2000)
    query = index.embed("a master thief and a detective")
    got = index.collection.get(include=["embeddings"])
    scores = {tid: float(np.dot(v, query)) for tid, v in zip(got["ids"], got["embeddings"], strict=True)}
    best = sorted((t for t in scores if filters.accepts(index.catalog[t])), key=lambda t: -scores[t])[:3]
    assert [h.title.id for h in index.search(query, k=3, filters=filters)] == best  # the real vectors, not zeros
