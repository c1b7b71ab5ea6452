"""The build report and the on-disk catalog."""

from __future__ import annotations

import shutil
from pathlib import Path

from catalog.build import build_catalog
from catalog.store import load_catalog, save_catalog


def test_report_counts_every_skipped_row(fixture_catalog) -> None:
    titles, report = fixture_catalog
    assert report.skipped_by_reason == {
        "custom:hardening: missing title": 1,
        "imdb_top1000: missing or invalid year": 1,  # the real "PG" row
        "imdb_top1000: missing title": 1,
        "streaming: missing or invalid release_year": 1,
        "streaming: missing title": 1,
        "tmdb5000: missing or invalid release_date": 1,  # the real row with no date
        "tmdb_top10k: missing or invalid year": 1,  # the real "Choose A Movie" placeholder (id 0, no date)
        "wikidata: missing title": 1,
        "wikipedia: missing or invalid year": 1,
        "wikipedia: missing title": 1,
        "wikipedia: unreadable JSON file movies-1890s.json": 1,
    }
    assert report.skipped_rows == 11
    assert report.fields_dropped == {"tmdb5000: unparseable genres JSON": 1}
    assert report.missing_files == []
    assert set(report.per_source_rows) == {
        "wikipedia",
        "streaming",
        "tmdb5000",
        "imdb_top1000",
        "tmdb_top10k",
        "wikidata",
        "custom:hardening",
    }
    assert report.titles == len(titles) == report.movies + report.tv_shows
    assert report.with_overview == report.titles
    movies = [t for t in titles if t.type == "Movie"]
    assert report.coverage.director == round(sum(1 for t in movies if t.directors) / len(movies), 4)
    assert report.coverage.runtime == round(sum(1 for t in movies if t.runtime_min) / len(movies), 4)
    assert 0 < report.coverage.poster < 1 and 0 < report.coverage.cast < 1
    assert "skipped 11 bad rows" in report.summary()


def test_missing_source_folder_degrades(fixture_raw_dir: Path, tmp_path: Path, fixture_catalog) -> None:
    partial = tmp_path / "raw"
    shutil.copytree(fixture_raw_dir, partial)
    shutil.rmtree(partial / "wikidata-films")
    titles, report = build_catalog(partial)
    assert report.missing_files == [f"wikidata: {partial / 'wikidata-films' / 'movies.db'}"]
    full = {t.id: t for t in fixture_catalog[0]}
    godfather = next(t for t in titles if t.id == "m-the-godfather-1972")
    assert godfather.imdb_id is None and full[godfather.id].imdb_id == "tt0068646"
    assert godfather.runtime_min == 175  # still known from TMDB


def test_save_and_load_round_trip(fixture_catalog, tmp_path: Path) -> None:
    titles, _ = fixture_catalog
    path = tmp_path / "build" / "catalog.jsonl"
    assert save_catalog(titles, path) == len(titles)
    assert len(path.read_text(encoding="utf-8").splitlines()) == len(titles)
    loaded = load_catalog(path)
    assert list(loaded) == [t.id for t in titles]
    assert list(loaded.values()) == titles
    assert not path.with_name("catalog.jsonl.tmp").exists()


def test_load_empty_catalog(tmp_path: Path) -> None:
    path = tmp_path / "catalog.jsonl"
    save_catalog([], path)
    assert load_catalog(path) == {}
