"""`python cli.py recommend "REQUEST" [--json] [--k 5] [--offline]` and `--batch FILE`.

With --json, stdout holds exactly one JSON object per request, one per line (logs go to stderr):
{"request", "mode", "resolved", "filters", "picks": [{"id", "title", "year", "type", "genres",
"runtime_min", "directors", "score", "explanation", "countries", "language", "certificate", "platforms"}],
"notes", "note_codes"}: `notes` as the user
reads them, `note_codes` the same notes as stable codes (chains/notes.py) for code to decide on.
Every batch line is a fresh conversation.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

from chains.models import ConversationState, Recommendation

PICK_FIELDS = (
    "id",
    "title",
    "year",
    "type",
    "genres",
    "runtime_min",
    "directors",
    "score",
    "explanation",
    # From the catalog record; [] or null when the catalog does not know them.
    "countries",
    "language",
    "certificate",
    "platforms",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("request", nargs="?", help='What you feel like watching, e.g. "something like Arrival".')
    parser.add_argument("--batch", type=Path, metavar="FILE", help="One request per line; each a fresh conversation.")
    parser.add_argument("--json", action="store_true", help="One JSON object per request on stdout.")
    parser.add_argument("--k", type=int, default=None, help="Number of picks (default: settings, 5).")
    parser.add_argument("--offline", action="store_true", help="No language model: rank and explain from the catalog.")


def to_json(rec: Recommendation) -> dict:
    return {
        "request": rec.request,
        "mode": rec.mode,
        "resolved": None
        if rec.resolved is None
        else {"id": rec.resolved.id, "title": rec.resolved.title, "year": rec.resolved.year},
        "filters": rec.filters.model_dump(exclude={"exclude_ids"}, exclude_defaults=True),
        "picks": [{f: getattr(p, f) for f in PICK_FIELDS} for p in rec.picks],
        "notes": [n.text for n in rec.notes],
        "note_codes": [n.code.value for n in rec.notes],
    }


def render_text(rec: Recommendation) -> str:
    lines = [f"> {rec.request}"]
    if rec.opening:
        lines.append(rec.opening)
    lines.append("")
    for rank, p in enumerate(rec.picks, start=1):
        facts = [str(p.year), "TV show" if p.type == "TV Show" else "movie"]
        if p.runtime_min:
            facts.append(f"{p.runtime_min} min")
        if p.seasons:
            facts.append(f"{p.seasons} season{'s' if p.seasons > 1 else ''}")
        if p.genres:
            facts.append(", ".join(p.genres))
        lines.append(f"{rank}. {p.title} ({' · '.join(facts)})")
        if p.directors:
            lines.append(f"   Directed by {', '.join(p.directors)}")
        lines += textwrap.wrap(p.explanation, width=96, initial_indent="   ", subsequent_indent="   ")
    for note in rec.notes:
        lines.append(f"Note: {note.text}")
    if rec.usage.input_tokens:
        lines.append(
            f"Model tokens: {rec.usage.input_tokens} in, {rec.usage.output_tokens} out (~${rec.usage.cost_usd:.5f})"
        )
    return "\n".join(lines)


def _requests(args: argparse.Namespace) -> list[str] | None:
    if args.batch is not None:
        try:
            lines = args.batch.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            print(f"error: cannot read batch file {args.batch}: {exc.strerror or exc}", file=sys.stderr)
            return None
        requests = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
        if not requests:
            print(f"error: batch file {args.batch} holds no requests (one per line).", file=sys.stderr)
            return None
        return requests
    if args.request is None or not args.request.strip():
        print(
            "error: empty request. Say what you feel like watching, e.g. "
            'python cli.py recommend "something like Arrival, but lighter"',
            file=sys.stderr,
        )
        return None
    return [args.request.strip()]


def run(args: argparse.Namespace) -> int:
    requests = _requests(args)
    if requests is None:
        return 2
    if args.k is not None and not 1 <= args.k <= 20:
        print("error: --k must be between 1 and 20.", file=sys.stderr)
        return 2
    from config import get_settings

    settings = get_settings()
    try:
        from vectorstore.index import IndexNotReadyError, TitleIndex
    except ImportError as exc:  # a broken install says so plainly instead of a traceback
        print(f"error: the vector index module cannot be loaded ({exc}).", file=sys.stderr)
        return 1
    try:
        index = TitleIndex.open(settings)
    except IndexNotReadyError as exc:  # its message names the fix: python cli.py build
        print(f"error: {exc}", file=sys.stderr)
        return 1
    from chains.engine import Recommender

    recommender = Recommender(index, settings)
    offline = True if args.offline else None
    try:
        for request in requests:
            rec = recommender.recommend(request, ConversationState(), k=args.k, offline=offline)
            if args.json:
                print(json.dumps(to_json(rec), ensure_ascii=False), flush=True)
            else:
                print(render_text(rec) + "\n", flush=True)
    except IndexNotReadyError as exc:  # e.g. the Chroma server went away mid-batch: say so, no traceback
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        recommender.close()
    return 0
