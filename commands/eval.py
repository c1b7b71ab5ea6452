"""`python cli.py eval [--only SECTIONS] [--json] [--limit-seeds N] [--limit-dialogs N]`: quality on the built index.

Measures, in one run on the same catalog: MoreLikeThis pairwise accuracy and judged precision@5 for
CineChat (offline path) and for the original system's weighted per-field embeddings; the fraction
of picks that satisfy explicit constraints; title-resolution accuracy; Recall@1/5/10/20 on ReDial
conversations beside the most-voted baseline and He et al.'s GPT references; precision@5 on our
judged requests. `--only redial,judged` runs some sections (they are slow). Progress goes to
stderr; with --json the last line of stdout is one JSON object:

    {"sections": [...],
     "more_like_this": {"seeds", "pairs", "pairwise_accuracy", "precision_at_5",
                        "original_pairwise_accuracy", "original_precision_at_5", ...},
     "constraints": {"requests", "satisfied", ...}, "resolution": {"requests", "accuracy", ...},
     "redial": {"cinechat": {"recall": {"R@1", ...}}, "most_voted": {...}, "references": {...}, ...},
     "judged": {"requests", "precision_at_5", "hit_at_5", "cases": [...], ...},
     "timings_s": {...}}
    (a section not run is null)

The data dir comes from settings (env CINECHAT_DATA_DIR), so the suite runs on any built index.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from evals import redial
    from evals.morelikethis import DEFAULT_DIR
    from evals.suite import SECTIONS

    parser.add_argument("--json", action="store_true", help="Print the report as one JSON object (last line).")
    parser.add_argument(
        "--only",
        default=",".join(SECTIONS),
        metavar="SECTIONS",
        help=f"Comma-separated sections to run, of: {', '.join(SECTIONS)} (default: all).",
    )
    parser.add_argument(
        "--limit-dialogs",
        type=int,
        default=None,
        metavar="N",
        help="ReDial: only the first N dialogues (quick runs).",
    )
    parser.add_argument(
        "--redial-dir",
        type=Path,
        default=redial.DEFAULT_DIR,
        metavar="DIR",
        help="Folder with ReDial turns.jsonl and items.json.",
    )
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
    from evals import judged, redial

    shown = None if verbose else 5
    lines: list[str] = []
    if report.more_like_this is not None:
        lines += _more_like_this_lines(report.more_like_this, shown)
    if "constraints" in report.sections:
        lines += _constraint_lines(report.constraints, shown)
    if "resolution" in report.sections:
        lines += _resolution_lines(report.resolution, shown)
    if report.redial is not None:
        lines.append(redial.render_text(report.redial))
    if report.judged is not None:
        lines.append(judged.render_text(report.judged))
    lines.append("Timings: " + ", ".join(f"{k} {v:.1f}s" for k, v in report.timings_s.items()))
    return "\n".join(lines)


def _more_like_this_lines(m, shown: int | None) -> list[str]:
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
    return lines


def _constraint_lines(c, shown: int | None) -> list[str]:
    if c is None:
        return ["Constraints: request file not found, skipped"]
    return [
        f"Constraints: {c.satisfied:.1%} of {c.picks} picks satisfy them ({c.requests} requests, "
        f"{c.requests_without_picks} without picks; constraints understood exactly: {c.understood:.0%})",
        *(f"  VIOLATION {v}" for v in c.violations[:shown]),
        *(f"  differs: {v}" for v in c.misunderstood[:shown]),
    ]


def _resolution_lines(r, shown: int | None) -> list[str]:
    if r is None:
        return ["Title resolution: request file not found, skipped"]
    return [f"Title resolution: {r.accuracy:.1%} of {r.requests} named-title requests"] + [
        f"  {f}" for f in r.failures[:shown]
    ]


def _sections(only: str) -> list[str] | str:
    """The sections asked for, or an error message naming the unknown ones."""
    from evals.suite import SECTIONS

    asked = [s.strip().lower() for s in only.split(",") if s.strip()]
    unknown = [s for s in asked if s not in SECTIONS]
    if unknown or not asked:
        return f"--only takes a comma-separated list of: {', '.join(SECTIONS)} (got {only!r})."
    return asked


def run(args: argparse.Namespace) -> int:
    for flag, value in (("--limit-seeds", args.limit_seeds), ("--limit-dialogs", args.limit_dialogs)):
        if value is not None and value < 1:
            print(f"error: {flag} must be at least 1.", file=sys.stderr)
            return 2
    sections = _sections(args.only)
    if isinstance(sections, str):
        print(f"error: {sections}", file=sys.stderr)
        return 2
    from commands.index_errors import index_not_ready
    from config import get_settings
    from vectorstore.index import IndexNotReadyError

    settings = get_settings()
    from evals.suite import run_suite

    try:
        report = run_suite(
            settings,
            mlt_dir=args.mlt_dir,
            limit_seeds=args.limit_seeds,
            say=_say,
            sections=sections,
            redial_dir=args.redial_dir,
            limit_dialogs=args.limit_dialogs,
        )
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
