"""Time the catalog steps on a raw folder and print the numbers (no assertions: machines differ).

python -m catalog.bench [raw_dir] [--limit 500]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import config
from catalog.build import build_catalog
from catalog.store import load_catalog, save_catalog


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw_dir", nargs="?", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=500)
    args = parser.parse_args(argv)
    raw_dir = args.raw_dir or config.Settings().raw_dir

    started = time.perf_counter()
    titles, report = build_catalog(raw_dir)
    full_s = time.perf_counter() - started
    print(report.summary())
    print(f"full build: {full_s:.2f}s for {len(titles):,} titles")

    started = time.perf_counter()
    sample, _ = build_catalog(raw_dir, limit=args.limit)
    print(f"--limit {args.limit}: {time.perf_counter() - started:.2f}s for {len(sample):,} titles")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "catalog.jsonl"
        started = time.perf_counter()
        save_catalog(titles, path)
        save_s = time.perf_counter() - started
        started = time.perf_counter()
        loaded = load_catalog(path)
        load_s = time.perf_counter() - started
        size_mb = path.stat().st_size / 1e6
    print(f"save: {save_s:.2f}s ({size_mb:.1f} MB); load: {load_s:.2f}s for {len(loaded):,} titles")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
