"""ReDial conversations: what people recommend to each other, and how often CineChat names the same film.

Data: `../shared/eval/redial-dev/` (666 ReDial test dialogues, 1,808 recommendation turns, as
prepared by He et al. for "Large Language Models as Zero-Shot Conversational Recommenders", CIKM'23;
see its README). For every turn CineChat (offline) answers the dialogue so far with 20 picks; the
answer is scored with Recall@1/5/10/20 (`evals.redial_metrics`), beside the catalog's most-voted
films (one list for everyone) and He et al.'s zero-shot GPT-3.5 and GPT-4 numbers.

    python -m evals.redial [--limit-dialogs N] [--json]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from catalog.models import Title
from chains.dialogue import Message, Replay, TitleSpotter
from config import REPO_ROOT
from evals.redial_metrics import KS, Item, ItemMatcher, RecallResult, recall_at_k
from evals.section_cli import Progress, run_section, with_recommender

DEFAULT_DIR = REPO_ROOT.parent / "shared" / "eval" / "redial-dev"
PICKS_PER_ANSWER = 20

# He et al. (CIKM'23), Table 2, ReDial test split, same protocol (copied from the data's README).
REFERENCES: dict[str, dict[str, float]] = {
    "He et al. GPT-3.5-turbo zero-shot (whole split)": {"R@1": 0.043, "R@5": 0.126, "R@10": 0.183, "R@20": 0.224},
    "He et al. GPT-4 zero-shot (whole split)": {"R@1": 0.050, "R@5": 0.140, "R@10": 0.201, "R@20": 0.267},
}


class RedialTurn(BaseModel):
    model_config = ConfigDict(coerce_numbers_to_str=True)  # item ids are numbers in turns.jsonl, keys in items.json

    dialog_id: str
    turn_id: int
    messages: list[Message]
    targets: list[str]
    mentioned: list[str] = Field(default_factory=list)


class RedialData(BaseModel):
    turns: list[RedialTurn]
    items: dict[str, Item]


class RedialReport(BaseModel):
    dialogs: int
    turns: int
    turns_without_user_message: int  # nothing to answer: scored as an empty answer
    cinechat: RecallResult
    most_voted: RecallResult
    references: dict[str, dict[str, float]] = Field(default_factory=lambda: dict(REFERENCES))
    picks_per_answer: float  # CineChat picks per answer, before mapping to the item list
    seconds: float


def load(data_dir: Path = DEFAULT_DIR, limit_dialogs: int | None = None) -> RedialData:
    data_dir = Path(data_dir)
    turns_file, items_file = data_dir / "turns.jsonl", data_dir / "items.json"
    for path in (turns_file, items_file):
        if not path.exists():
            raise FileNotFoundError(f"ReDial data not found: {path} (see ../shared/eval/redial-dev/README.md)")
    items = TypeAdapter(dict[str, Item]).validate_json(items_file.read_bytes())
    turns: list[RedialTurn] = []
    dialogs: list[str] = []
    for number, line in enumerate(turns_file.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            turn = RedialTurn.model_validate_json(line)
        except ValueError as err:
            raise ValueError(f"{turns_file.name} line {number}: {err}") from err
        if not dialogs or dialogs[-1] != turn.dialog_id:
            dialogs.append(turn.dialog_id)
        if limit_dialogs is not None and len(dialogs) > limit_dialogs:
            break
        turns.append(turn)
    return RedialData(turns=turns, items=items)


def seeker_as_user(messages: list[Message]) -> list[Message]:
    """The conversation with the person asking for films as the user. ReDial's roles (as prepared by He et
    al.) follow speaking order, not who seeks: the first speaker is always "user", and in about two thirds
    of the dialogues that is the recommender ("Tell me what kind of movies do you like?"). A turn's last
    message is always the seeker's (the recommender answers it), so the roles are read from that."""
    if not messages or messages[-1].role == "user":
        return messages
    swap = {"user": "assistant", "assistant": "user"}
    return [m.model_copy(update={"role": swap[m.role]}) for m in messages]


def most_voted(titles: Iterable[Title]) -> list[Title]:
    """Films by how many people rated them: TMDB vote count, then IMDb votes (the catalog's two
    vote counts; titles with neither come last, in catalog order)."""
    films = [t for t in titles if t.type == "Movie"]
    return sorted(films, key=lambda t: (t.ratings.tmdb_vote_count or 0, t.ratings.imdb_votes or 0), reverse=True)


def most_voted_items(titles: Iterable[Title], matcher: ItemMatcher, limit: int) -> list[str]:
    """The one ranked list of item ids the baseline gives everyone (long enough to survive removing
    a dialogue's mentioned films)."""
    ranked: list[str] = []
    for title in most_voted(titles):
        mapped = matcher.map_picks([(title.names, title.year)], mentioned=ranked)
        item_id = mapped[0] if mapped else None
        if item_id is not None:
            ranked.append(item_id)
            if len(ranked) == limit:
                break
    return ranked


def evaluate(rec, data: RedialData, say: Progress = lambda _m: None) -> RedialReport:
    started = time.perf_counter()
    catalog = rec.index.catalog
    matcher = ItemMatcher(data.items)
    spotter = TitleSpotter(catalog.values())
    longest_mentioned = max((len(t.mentioned) for t in data.turns), default=0)
    popular = most_voted_items(catalog.values(), matcher, max(KS) + longest_mentioned)

    ours: list[tuple[list[str], list[str], list[str]]] = []
    baseline: list[tuple[list[str], list[str], list[str]]] = []
    replay = Replay(rec, spotter, k=PICKS_PER_ANSWER)
    picks = unanswerable = 0
    dialogs = len({t.dialog_id for t in data.turns})
    for number, turn in enumerate(data.turns, start=1):
        messages = seeker_as_user(turn.messages)
        answer = replay.answer(messages)
        if answer is None or not any(m.role == "user" for m in messages):
            unanswerable += 1
            predictions: list[str] = []
        else:
            picks += len(answer.picks)
            names = (catalog[p.id].names if p.id in catalog else (p.title,) for p in answer.picks)
            predictions = matcher.map_picks(zip(names, (p.year for p in answer.picks), strict=True), turn.mentioned)
        ours.append((predictions, turn.targets, turn.mentioned))
        baseline.append((popular, turn.targets, turn.mentioned))
        if number % 100 == 0 or number == len(data.turns):
            say(f"redial: {number}/{len(data.turns)} turns ({time.perf_counter() - started:.0f} s)")
    return RedialReport(
        dialogs=dialogs,
        turns=len(data.turns),
        turns_without_user_message=unanswerable,
        cinechat=recall_at_k(ours),
        most_voted=recall_at_k(baseline),
        picks_per_answer=round(picks / len(data.turns), 2) if data.turns else 0.0,
        seconds=round(time.perf_counter() - started, 1),
    )


def render_text(report: RedialReport) -> str:
    header = f"  {'system':52}" + "".join(f"{'R@' + str(k):>8}" for k in KS)

    def row(label: str, recall: dict[str, float]) -> str:
        return f"  {label:52}" + "".join(f"{recall[f'R@{k}']:>8.3f}" for k in KS)

    c = report.cinechat
    lines = [
        f"ReDial ({report.dialogs} dialogues, {report.turns} recommendation turns, {c.pairs} (turn, target) "
        f"pairs; {report.turns_without_user_message} turns without a user message)",
        header,
        row("CineChat offline, dialogue replayed", c.recall),
        row("the catalog's most-voted films, one list for all", report.most_voted.recall),
    ]
    lines += [row(label, recall) for label, recall in report.references.items()]
    lines.append(
        f"  CineChat: {report.picks_per_answer:.1f} picks per answer, {c.mapped_per_answer:.1f} of them "
        f"in ReDial's item list and not already mentioned; {report.seconds:.0f} s"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.redial", description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit-dialogs", type=int, default=None, metavar="N", help="Only the first N dialogues.")
    parser.add_argument("--data", type=Path, default=DEFAULT_DIR, metavar="DIR", help="The redial-dev folder.")
    parser.add_argument("--json", action="store_true", help="Also print the report as one JSON object (last line).")
    args = parser.parse_args(argv)
    if args.limit_dialogs is not None and args.limit_dialogs < 1:
        print("error: --limit-dialogs must be at least 1.", file=sys.stderr)
        return 2
    from config import get_settings

    def compute(say: Progress) -> RedialReport:
        data = load(args.data, args.limit_dialogs)
        say(f"redial: {len(data.turns)} turns; CineChat answers each with {PICKS_PER_ANSWER} picks (offline)")
        return with_recommender(get_settings(), lambda rec: evaluate(rec, data, say))

    return run_section(compute, lambda report: [render_text(report)], args.json)


if __name__ == "__main__":
    sys.exit(main())
