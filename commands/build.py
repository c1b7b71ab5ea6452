"""`python cli.py build [--raw-dir DIR] [--limit N] [--json]`: build or update catalog and index.

Reads the source catalogs (default: settings.raw_dir), merges them into the catalog, and brings
the vector index in settings.data_dir (env CINECHAT_DATA_DIR, default data/build) up to date:
only new or changed titles are embedded. The progress bar and notes go to stderr; with --json
the last stdout line is one JSON object:
{"titles", "with_overview", "embedded", "reused", "removed", "skipped_rows", "seconds",
 "coverage": {"director", "runtime", "poster", "cast"}}.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from config import get_settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--raw-dir", type=Path, default=None, help="Folder of source catalogs (default: settings).")
    parser.add_argument(
        "--limit", type=int, default=None, help="Keep only the N best-known titles (a quick, smaller index)."
    )
    parser.add_argument("--json", action="store_true", help="Print the summary as one JSON object (last line).")


def _note(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    settings = get_settings()
    if args.raw_dir is not None:
        settings = settings.model_copy(update={"raw_dir": args.raw_dir})
    raw_dir = Path(settings.raw_dir)
    if not raw_dir.is_dir():
        _note(
            f"error: the raw data folder {raw_dir} does not exist. Pass --raw-dir DIR or set "
            "CINECHAT_RAW_DIR to the folder holding the source catalogs (see README, Data)."
        )
        return 2
    if args.limit is not None and args.limit <= 0:
        _note("error: --limit must be a positive number of titles")
        return 2

    # Imported here so `cli.py --help` and the other commands stay fast.
    from catalog.build import build_catalog
    from vectorstore.index import IndexNotReadyError, build_index

    _note(f"reading catalogs from {raw_dir} ...")
    titles, report = build_catalog(raw_dir, limit=args.limit)
    # Human lines: on stdout for a person, on stderr when stdout is for a program (--json).
    print(report.summary(), file=sys.stderr if args.json else sys.stdout, flush=True)
    if not titles:
        _note(f"error: no titles could be read from {raw_dir}; the existing index was left untouched.")
        return 1

    _note(f"indexing {len(titles):,} titles into {settings.data_dir} ({settings.encoder} encoder) ...")
    try:
        stats = build_index(titles, settings, progress=True)
    except IndexNotReadyError as exc:  # e.g. the configured Chroma server is down
        _note(f"error: {exc}")
        return 1

    seconds = round(time.perf_counter() - started, 2)
    coverage = report.coverage
    summary = {
        "titles": report.titles,
        "with_overview": report.with_overview,
        "embedded": stats.embedded,
        "reused": stats.reused,
        "removed": stats.removed,
        "skipped_rows": report.skipped_rows,
        "seconds": seconds,
        "coverage": {
            "director": coverage.director,
            "runtime": coverage.runtime,
            "poster": coverage.poster,
            "cast": coverage.cast,
        },
    }
    if args.json:
        print(json.dumps(summary), flush=True)
    else:
        rate = f" ({stats.titles_per_s:.0f} titles/s)" if stats.embedded else ""
        print(
            f"index: {stats.titles:,} titles; embedded {stats.embedded:,}{rate}, reused {stats.reused:,}, "
            f"removed {stats.removed:,} in {stats.seconds:.1f}s\n"
            f"done in {seconds:.1f}s; data in {settings.data_dir}"
        )
    return 0
