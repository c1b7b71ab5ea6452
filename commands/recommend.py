"""`python cli.py recommend "REQUEST" [--json] [--k 5] [--offline]`, `--batch FILE` and `--conversation FILE`.

With --json, stdout holds exactly one JSON object per request, one per line (logs go to stderr):
{"request", "mode", "resolved", "filters", "picks": [{"id", "title", "year", "type", "genres",
"runtime_min", "directors", "score", "explanation", "countries", "language", "certificate", "platforms"}],
"notes", "note_codes"}: `notes` as the user
reads them, `note_codes` the same notes as stable codes (chains/notes.py) for code to decide on.
Every batch line is a fresh conversation. A `--conversation` file holds one conversation per line,
{"messages": [{"role": "user"|"assistant", "content": "..."}, ...]}, answered in input order with the
recommendation that follows its last message; a malformed line gets {"error": "line N: ..."} in its
place, the other lines are still answered, and the exit status is 1 at the end.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

from pydantic import ValidationError

from chains.dialogue import Conversation
from chains.lexicon import MAX_PICKS, MIN_PICKS
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
    parser.add_argument(
        "--conversation",
        type=Path,
        metavar="FILE",
        help='JSON Lines, one conversation per line: {"messages": [{"role": "user", "content": "..."}]}.',
    )
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


def read_conversations(path: Path) -> list[tuple[int, Conversation | str]] | None:
    """(line number, conversation or what is wrong with the line), blank lines skipped; None if unreadable."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read conversation file {path}: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
        return None
    read: list[tuple[int, Conversation | str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            conversation = Conversation.model_validate_json(line)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            read.append((number, f"line {number}: {where + ': ' if where else ''}{first['msg']}"))
            continue
        if not any(m.role == "user" and m.content.strip() for m in conversation.messages):
            read.append((number, f"line {number}: no user message to answer"))
        else:
            read.append((number, conversation))
    if not read:
        print(f"error: conversation file {path} holds no conversations (one JSON object per line).", file=sys.stderr)
        return None
    return read


def _answer_conversations(recommender, conversations, args: argparse.Namespace, offline: bool | None) -> int:
    failed = 0
    for _number, conversation in conversations:
        rec = (
            None
            if isinstance(conversation, str)
            else recommender.recommend_messages(conversation.messages, k=args.k, offline=offline)
        )
        if rec is None:
            failed += 1
            error = conversation if isinstance(conversation, str) else "no answer"
            print(json.dumps({"error": error}) if args.json else f"error: {error}\n", flush=True)
        else:
            print(json.dumps(to_json(rec), ensure_ascii=False) if args.json else render_text(rec) + "\n", flush=True)
    return 1 if failed else 0


def run(args: argparse.Namespace) -> int:
    conversations = None
    if args.conversation is not None:
        conversations = read_conversations(args.conversation)
        if conversations is None:
            return 2
        requests = []
    else:
        requests = _requests(args)
    if requests is None:
        return 2
    if args.k is not None and not MIN_PICKS <= args.k <= MAX_PICKS:
        print(f"error: --k must be between {MIN_PICKS} and {MAX_PICKS}.", file=sys.stderr)
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
        if conversations is not None:
            return _answer_conversations(recommender, conversations, args, offline)
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
