"""`python cli.py bench [--json] [--runs 3]`: speed and memory on the built index.

Every figure is the median over --runs repetitions, measured with the benchmark functions in
benchmarks/bench_index.py (index open in a fresh process, retrieval vs brute force) and
benchmarks/bench_engine.py (whole offline turns). With --json the last line of stdout is:

    {"load_s", "retrieval_ms": {"p50", "p95"}, "bruteforce_ms": {"p50"}, "offline_turn_ms": {"p50", "p95"},
     "peak_rss_mb", "build_titles_per_s", ...}

- load_s: TitleIndex.open in a fresh process (catalog + encoder + Chroma + warm-up query).
- retrieval_ms: query embedding + TitleIndex.search top-10 with one filter (the product's search);
  bruteforce_ms: the same query embedding + an exact numpy top-10 over all stored vectors with the
  same filter (precomputed mask).
- offline_turn_ms: one whole fresh offline turn (parse, resolve, plan, retrieve, rank, explain).
- peak_rss_mb: peak resident memory of a fresh process serving offline turns (index + engine).
- build_titles_per_s: the throughput the last full build recorded in manifest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from typing import Any

PROBE = "from commands.bench import serving_probe; serving_probe()"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="Print the figures as one JSON object (last line).")
    parser.add_argument("--runs", type=int, default=3, help="Repetitions; each figure is their median (default 3).")
    parser.add_argument("--queries", type=int, default=240, help="Retrieval queries per run (default 240).")
    parser.add_argument("--turns", type=int, default=120, help="Offline turns per run (default 120).")


def serving_probe() -> None:
    """Run in a fresh process: open the index, build the engine, serve a few turns, report memory."""
    import resource

    from chains.engine import Recommender
    from chains.models import ConversationState
    from config import get_settings
    from vectorstore.index import TitleIndex

    settings = get_settings()
    recommender = Recommender(TitleIndex.open(settings), settings)
    for message in ("something like Arrival", "a 90s comedy, not animated", "a slow-burn sci-fi about grief"):
        recommender.recommend(message, ConversationState(), offline=True)
    recommender.close()
    print(json.dumps({"peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))


def _serving_peak_rss(settings, runs: int) -> float:
    from config import REPO_ROOT

    env = dict(os.environ, CINECHAT_DATA_DIR=str(settings.data_dir))
    peaks = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", PROBE], cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=True
        )
        peaks.append(json.loads(out.stdout.strip().splitlines()[-1])["peak_rss_mb"])
    return round(statistics.median(peaks), 1)


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return round(statistics.median(r[key] for r in runs), 2)


def measure(settings, runs: int, queries: int, turns: int, say=print) -> dict[str, Any]:
    from benchmarks import bench_engine, bench_index
    from chains.engine import Recommender
    from vectorstore.index import BUILD_COMMAND, IndexMissingError, TitleIndex, read_manifest

    manifest = read_manifest(settings.manifest_path)
    if manifest is None or not manifest.complete:
        raise IndexMissingError(f"No complete index in {settings.data_dir}. Run `{BUILD_COMMAND}` to build it.")
    # Fresh processes first, while this one is small: Linux carries a parent's peak RSS into its
    # children (fork keeps it, exec does not reset it), so a child forked after the index is loaded
    # here would report this process's peak, not its own.
    say(f"load and memory: {2 * runs} fresh processes")
    load = bench_index.bench_load(settings, runs=runs)
    serving_rss = _serving_peak_rss(settings, runs)

    index = TitleIndex.open(settings)
    retrieval = []
    for i in range(runs):
        say(f"retrieval: run {i + 1}/{runs}, {queries} queries")
        retrieval.append(bench_index.bench_retrieval(index, queries))

    recommender = Recommender(index, settings)
    requests = bench_engine.FREE_TEXT + [c["request"] for c in bench_engine.load_jsonl("constraint_requests.jsonl")]
    requests += [c["request"] for c in bench_engine.load_jsonl("title_requests.jsonl")]
    turns_runs = []
    conversation_runs = []
    try:
        for i in range(runs):
            say(f"offline turns: run {i + 1}/{runs}, {turns} turns")
            turns_runs.append(bench_engine.time_offline_turns(recommender, requests, turns))
            say(f"conversations: run {i + 1}/{runs}, {max(1, turns // 10)} histories of 10 messages")
            conversation_runs.append(bench_engine.time_conversations(recommender, max(1, turns // 10)))
    finally:
        recommender.close()

    return {
        "load_s": round(load["open_s"], 2),
        "retrieval_ms": {"p50": _median(retrieval, "p50_ms"), "p95": _median(retrieval, "p95_ms")},
        "bruteforce_ms": {
            "p50": _median(retrieval, "brute_force_p50_ms"),
            "p95": _median(retrieval, "brute_force_p95_ms"),
        },
        "offline_turn_ms": {"p50": _median(turns_runs, "fresh_p50_ms"), "p95": _median(turns_runs, "fresh_p95_ms")},
        "peak_rss_mb": serving_rss,
        "build_titles_per_s": round(manifest.build_titles_per_s, 1) if manifest.build_titles_per_s else None,
        # --- context for the figures above -------------------------------------------------------
        "titles": len(index.catalog),
        "encoder": manifest.encoder,
        "runs": runs,
        "queries_per_run": retrieval[0]["queries"],
        "turns_per_run": turns_runs[0]["fresh_turns"],
        "encode_ms": {"p50": _median(retrieval, "encode_p50_ms")},
        "index_search_ms": {"p50": _median(retrieval, "chroma_search_p50_ms")},  # TitleIndex.search after embedding
        "chroma_where_ms": {"p50": _median(retrieval, "chroma_where_p50_ms")},  # Chroma's own filtered query
        "hnsw_recall_at_10": _median(retrieval, "hnsw_recall_at_10"),
        "followup_turn_ms": {
            "p50": _median(turns_runs, "followup_p50_ms"),
            "p95": _median(turns_runs, "followup_p95_ms"),
        },
        "conversation_ms": {"p50": _median(conversation_runs, "p50_ms"), "p95": _median(conversation_runs, "p95_ms")},
        "index_only_peak_rss_mb": load["peak_rss_mb"],
        "cold_process_s": load["cold_process_s"],
        "full_build_seconds": manifest.full_build_seconds,
        "full_build_titles": manifest.full_build_titles,
    }


def render_text(r: dict[str, Any]) -> str:
    build = (
        f"{r['build_titles_per_s']} titles/s ({r['full_build_titles']} titles in {r['full_build_seconds']:.0f} s)"
        if r["build_titles_per_s"]
        else "not recorded (no full build yet)"
    )
    return "\n".join(
        [
            f"Index: {r['titles']:,} titles ({r['encoder']}); medians of {r['runs']} runs",
            f"  open the index (fresh process)   {r['load_s']:.2f} s   "
            f"(whole process start {r['cold_process_s']:.2f} s)",
            f"  retrieval (embed + search top-10) p50 {r['retrieval_ms']['p50']:.1f} ms, "
            f"p95 {r['retrieval_ms']['p95']:.1f} ms   "
            f"(embedding alone p50 {r['encode_ms']['p50']:.1f} ms; recall@10 vs exact {r['hnsw_recall_at_10']:.3f})",
            f"  brute force (embed + numpy top-10) p50 {r['bruteforce_ms']['p50']:.1f} ms   "
            f"(a Chroma `where` query alone p50 {r['chroma_where_ms']['p50']:.1f} ms)",
            f"  offline turn                     p50 {r['offline_turn_ms']['p50']:.1f} ms, "
            f"p95 {r['offline_turn_ms']['p95']:.1f} ms   (follow-up p50 {r['followup_turn_ms']['p50']:.1f} ms)",
            f"  10-message history answered     p50 {r['conversation_ms']['p50']:.1f} ms, "
            f"p95 {r['conversation_ms']['p95']:.1f} ms   (its five user messages replayed)",
            f"  peak memory serving turns        {r['peak_rss_mb']:.0f} MB   "
            f"(index only {r['index_only_peak_rss_mb']:.0f} MB)",
            f"  last full build                  {build}",
        ]
    )


def run(args: argparse.Namespace) -> int:
    if args.runs < 1 or args.queries < 10 or args.turns < 10:
        print("error: --runs must be >= 1, --queries and --turns >= 10.", file=sys.stderr)
        return 2
    from commands.index_errors import index_not_ready
    from config import get_settings
    from vectorstore.index import BUILD_COMMAND, IndexNotReadyError

    settings = get_settings()
    try:
        result = measure(
            settings, args.runs, args.queries, args.turns, say=lambda m: print(m, file=sys.stderr, flush=True)
        )
    except IndexNotReadyError as exc:
        print(index_not_ready(exc), file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as exc:
        print(f"error: a measuring process failed:\n{exc.stderr}", file=sys.stderr)
        return 1
    except ValueError as exc:  # an unreadable manifest
        print(f"error: {exc}\nRebuild the index: {BUILD_COMMAND}", file=sys.stderr)
        return 1
    print(render_text(result), flush=True)
    if args.json:
        print(json.dumps(result), flush=True)
    return 0
