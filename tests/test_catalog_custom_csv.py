"""The generic CSV adapter: a user's own catalog with a column mapping."""

from __future__ import annotations

import json
from pathlib import Path

from catalog.build import build_catalog
from catalog.sources import SkipLog
from catalog.sources.custom_csv import CustomCsvAdapter
from testkit.fixture_data import MARKUP_TITLE


def write(folder: Path, name: str, csv_text: str, mapping: dict | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.csv").write_text(csv_text, encoding="utf-8")
    if mapping is not None:
        (folder / f"{name}.mapping.json").write_text(json.dumps(mapping), encoding="utf-8")


def test_mapped_columns(tmp_path: Path) -> None:
    write(
        tmp_path / "custom",
        "club",
        "Film,Released,Plot,Tags,Who,Length,Where\n"
        "Arrival,2016-11-11,A linguist talks to visitors.,Sci-Fi|Drama,"
        "Denis Villeneuve,116 min,netflix|Criterion\n"
        ",2001,no title,,,,\n"
        "Old Film,PG,a year that is a rating,,,,\n",
        {
            "columns": {
                "title": "Film",
                "year": "Released",
                "overview": "Plot",
                "genres": "Tags",
                "directors": "Who",
                "duration": "Length",
                "platforms": "Where",
            },
            "list_separator": "|",
            "credit": "Data: the film club",
        },
    )
    skips = SkipLog()
    (arrival,) = list(CustomCsvAdapter().read(tmp_path, skips))
    assert (arrival.source, arrival.title, arrival.year, arrival.type) == (
        "custom:club",
        "Arrival",
        2016,
        "Movie",
    )
    assert arrival.genres == ["Sci-Fi", "Drama"] and arrival.directors == ["Denis Villeneuve"]
    assert arrival.runtime_min == 116
    assert arrival.platforms == ["Netflix", "Criterion"]
    assert skips.rows == {"custom:club: missing title": 1, "custom:club: missing or invalid year": 1}


def test_columns_named_like_our_fields_need_no_mapping(tmp_path: Path) -> None:
    write(
        tmp_path / "custom",
        "plain",
        'title,year,type,overview,seasons,cast\nSlow Horses,2022,TV Show,Failed spies.,2,"Gary Oldman, Jack Lowden"\n',
    )
    titles, report = build_catalog(tmp_path)
    (show,) = titles
    assert show.id == "tv-slow-horses-2022" and show.type == "TV Show" and show.seasons == 2
    assert show.cast == ["Gary Oldman", "Jack Lowden"] and show.genres == []
    assert show.sources == ["custom:plain"] and show.attribution == [
        "Overview: custom:plain",
        "Data: custom:plain",
    ]
    assert report.per_source_rows == {"custom:plain": 1}
    assert len(report.missing_files) == 6  # no built-in source in this folder: reported, not fatal


def test_bad_mapping_is_counted_and_other_files_still_read(tmp_path: Path) -> None:
    folder = tmp_path / "custom"
    write(folder, "broken", "Film\nX\n", {"columns": {"titel": "Film"}})
    write(folder, "good", "title,year,overview\nHeat,1995,Cops and robbers.\n")
    (folder / "worse.csv").write_text("title,year\nA,2000\n", encoding="utf-8")
    (folder / "worse.mapping.json").write_text("{not json", encoding="utf-8")
    skips = SkipLog()
    records = list(CustomCsvAdapter().read(tmp_path, skips))
    assert [r.title for r in records] == ["Heat"]
    reasons = sorted(skips.rows)
    assert len(reasons) == 2
    assert reasons[0].startswith("custom:broken: bad mapping file: unknown field(s) ['titel']")
    assert reasons[1].startswith("custom:worse: bad mapping file:")


def test_custom_rows_merge_with_real_sources(fixture_raw_dir: Path, fixture_catalog) -> None:
    titles, report = fixture_catalog
    markup = [t for t in titles if t.title == MARKUP_TITLE]
    assert len(markup) == 1 and markup[0].sources == ["custom:hardening"]
    assert markup[0].genres == ["Drama", "Thriller"] and markup[0].year == 2021
    assert markup[0].overview.startswith("<script>")  # stored verbatim; escaping is the UI's job
    assert report.skipped_by_reason["custom:hardening: missing title"] == 1


def test_malformed_lines_and_unreadable_files_are_counted(tmp_path: Path) -> None:
    folder = tmp_path / "custom"
    write(
        folder,
        "ragged",
        "title,year,overview\nHeat,1995,Cops.\nAlien,1979,In space,extra,fields\nUp,2009,Balloons.\n",
    )
    (folder / "binary.csv").write_bytes(b"title,year\n\xff\xfe\x00bad,2000\n")
    skips = SkipLog()
    records = list(CustomCsvAdapter().read(tmp_path, skips))
    assert [r.title for r in records] == ["Heat", "Up"]
    assert skips.rows == {
        "custom:ragged: malformed CSV line": 1,
        "custom:binary: unreadable CSV file binary.csv": 1,
    }
