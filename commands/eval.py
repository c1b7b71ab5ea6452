"""`python cli.py eval [--json] [--limit-seeds N] [--mlt-dir DIR]`: recommendation quality on the built index.

Measures, in one run on the same catalog: MoreLikeThis pairwise accuracy and judged precision@5 for
CineChat (offline path) and for the original system's weighted per-field embeddings; the fraction
of picks that satisfy explicit constraints; title-resolution accuracy. Progress goes to stderr;
with --json the last line of stdout is one JSON object:

    {"more_like_this": {"seeds", "pairs", "pairwise_accuracy", "precision_at_5",
                        "original_pairwise_accuracy", "original_precision_at_5", ...},
     "constraints": {"requests", "satisfied", ...}, "resolution": {"requests", "accuracy", ...},
     "timings_s": {...}}

The data dir comes from settings (env CINECHAT_DATA_DIR), so the suite runs on any built index.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from evals.morelikethis import DEFAULT_DIR

    parser.add_argument("--json", action="store_true", help="Print the report as one JSON object (last line).")
    parser.add_argument(
        "--limit-seeds",
        type=int,
        default=None,
        metavar="N",
        help="Only the first N MoreLikeThis seeds found in the catalog (quick runs).",
    )
    parser.add_argument(
        "--mlt-dir",
        type=Path,
        default=DEFAULT_DIR,
        metavar="DIR",
        help="Folder with MoreLikeThis ratings.tsv and evaluation_set.tsv.",
    )
    parser.add_argument("--verbose", action="store_true", help="List every failure, not only the first few.")


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def render_text(report, verbose: bool = False) -> str:
    m = report.more_like_this
    shown = None if verbose else 5

    def row(label: str, ours: float, theirs: float, fmt: str = ">10.3f") -> str:
        return f"  {label:34}{ours:{fmt}}{theirs:{fmt}}"

    lines = [
        f"MoreLikeThis ({m.seeds_in_catalog}/{m.seeds_listed} seeds and {m.rows_matched}/{m.rows} judged pairs "
        f"found in the catalog; {m.pairs} (OK, NOT_OK) pairs over {m.seeds} seeds)",
        f"  {'':34}{'CineChat':>10}{'original':>10}",
        row("pairwise accuracy", m.pairwise_accuracy, m.original_pairwise_accuracy),
        row("judged precision@5 (pooled)", m.precision_at_5, m.original_precision_at_5),
        row("judged precision@5 (per seed)", m.precision_at_5_macro, m.original_precision_at_5_macro),
        row("judged titles in top 5", m.judged_in_top5, m.original_judged_in_top5, ">10"),
    ]
    if m.remake_pairs:
        lines.append(f"  {m.remake_pairs} judged pairs are remakes sharing the seed's title (never shown by CineChat)")
    if m.seeds_resolved_elsewhere:
        lines.append(f"  seeds the request resolved to another title: {', '.join(m.seeds_resolved_elsewhere[:shown])}")
    c = report.constraints
    if c is None:
        lines.append("Constraints: request file not found, skipped")
    else:
        lines.append(
            f"Constraints: {c.satisfied:.1%} of {c.picks} picks satisfy them ({c.requests} requests, "
            f"{c.requests_without_picks} without picks; constraints understood exactly: {c.understood:.0%})"
        )
        lines += [f"  VIOLATION {v}" for v in c.violations[:shown]]
        lines += [f"  differs: {v}" for v in c.misunderstood[:shown]]
    r = report.resolution
    if r is None:
        lines.append("Title resolution: request file not found, skipped")
    else:
        lines.append(f"Title resolution: {r.accuracy:.1%} of {r.requests} named-title requests")
        lines += [f"  {f}" for f in r.failures[:shown]]
    lines.append("Timings: " + ", ".join(f"{k} {v:.1f}s" for k, v in report.timings_s.items()))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    if args.limit_seeds is not None and args.limit_seeds < 1:
        print("error: --limit-seeds must be at least 1.", file=sys.stderr)
        return 2
    from commands.index_errors import index_not_ready
    from config import get_settings
    from vectorstore.index import IndexNotReadyError

    settings = get_settings()
    from evals.suite import run_suite

    try:
        report = run_suite(settings, mlt_dir=args.mlt_dir, limit_seeds=args.limit_seeds, say=_say)
    except IndexNotReadyError as exc:
        print(index_not_ready(exc), file=sys.stderr)
        return 1
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(render_text(report, args.verbose), flush=True)
    if args.json:
        print(json.dumps(report.model_dump(mode="json"), ensure_ascii=False), flush=True)
    return 0
