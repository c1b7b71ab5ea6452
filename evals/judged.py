"""Our own judged set: natural requests and short conversations, each with titles a film fan would accept.

`evals/judged_requests.jsonl` (one case per line, `#` lines are comments):
    {"id": "twist-ending", "kinds": ["free text"], "messages": [{"role": "user", "content": "..."}, ...],
     "acceptable": ["The Sixth Sense (1999)", ...]}
The acceptable titles were written by hand before the engine ran on these requests, and checked to
exist in the merged catalog (title and year as the catalog spells them). A pick counts when its
normalised title and year equal an acceptable one. Precision@5 = acceptable picks among the top 5,
divided by 5 (a missing pick counts as a miss): the lists hold a fan's obvious answers, not every
defensible one, so the number is a floor, meant for comparing versions of the engine.

    python -m evals.judged [--show] [--json]      # --show prints every request's top 5 to read
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError, field_validator

from catalog.normalize import title_key
from chains.dialogue import Message, Replay, TitleSpotter
from evals.section_cli import Progress, run_section, with_recommender

JUDGED_REQUESTS = Path(__file__).resolve().parent / "judged_requests.jsonl"
TOP_K = 5
_TITLE_YEAR = re.compile(r"^(?P<title>.+) \((?P<year>\d{4})\)$")


class JudgedCase(BaseModel):
    id: str
    kinds: list[str] = Field(default_factory=list)
    messages: list[Message] = Field(min_length=1)
    acceptable: list[str] = Field(min_length=1)

    @field_validator("acceptable")
    @classmethod
    def _titles_with_years(cls, titles: list[str]) -> list[str]:
        for title in titles:
            if not _TITLE_YEAR.match(title):
                raise ValueError(f"{title!r} is not written 'Title (year)'")
        return titles

    def acceptable_keys(self) -> set[tuple[str, int]]:
        keys = set()
        for title in self.acceptable:
            match = _TITLE_YEAR.match(title)
            assert match is not None  # checked on load
            keys.add((title_key(match["title"]), int(match["year"])))
        return keys


class ShownPick(BaseModel):
    title: str
    year: int
    acceptable: bool


class CaseResult(BaseModel):
    id: str
    request: str  # the conversation's last user message
    picks: list[ShownPick]
    precision_at_5: float


class JudgedReport(BaseModel):
    requests: int
    precision_at_5: float  # mean over requests
    hit_at_5: float  # share of requests with at least one acceptable title in the top 5
    requests_without_picks: int
    by_kind: dict[str, float]  # mean precision@5 of the requests of each kind
    seconds: float
    cases: list[CaseResult]


def read_cases(path: Path = JUDGED_REQUESTS) -> list[JudgedCase]:
    cases: list[JudgedCase] = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            cases.append(JudgedCase.model_validate_json(line))
        except ValidationError as err:
            raise ValueError(f"{Path(path).name} line {number}: {err}") from err
    return cases


def precision_at_k(picks: list[tuple[str, int]], acceptable: set[tuple[str, int]], k: int = TOP_K) -> float:
    """Acceptable picks among the first k, over k (fewer than k picks count the gap as misses)."""
    return sum((title_key(title), year) in acceptable for title, year in picks[:k]) / k


def evaluate(rec, cases: list[JudgedCase], say: Progress = lambda _m: None) -> JudgedReport:
    started = time.perf_counter()
    spotter = TitleSpotter(rec.index.catalog.values())
    results: list[CaseResult] = []
    for case in cases:
        answer = Replay(rec, spotter, k=TOP_K).answer(case.messages)
        picks = [(p.title, p.year) for p in answer.picks] if answer else []
        keys = case.acceptable_keys()
        results.append(
            CaseResult(
                id=case.id,
                request=next(m.content for m in reversed(case.messages) if m.role == "user"),
                picks=[ShownPick(title=t, year=y, acceptable=(title_key(t), y) in keys) for t, y in picks[:TOP_K]],
                precision_at_5=precision_at_k(picks, keys),
            )
        )
    say(f"judged: {len(cases)} requests ({time.perf_counter() - started:.0f} s)")
    by_kind: dict[str, list[float]] = {}
    for case, result in zip(cases, results, strict=True):
        for kind in case.kinds:
            by_kind.setdefault(kind, []).append(result.precision_at_5)
    count = len(results) or 1
    return JudgedReport(
        requests=len(results),
        precision_at_5=round(sum(r.precision_at_5 for r in results) / count, 4),
        hit_at_5=round(sum(any(p.acceptable for p in r.picks) for r in results) / count, 4),
        requests_without_picks=sum(1 for r in results if not r.picks),
        by_kind={kind: round(sum(v) / len(v), 4) for kind, v in sorted(by_kind.items())},
        seconds=round(time.perf_counter() - started, 1),
        cases=results,
    )


def render_text(report: JudgedReport) -> str:
    kinds = ", ".join(f"{kind} {p:.2f}" for kind, p in report.by_kind.items())
    return (
        f"Judged requests ({report.requests}, ours): precision@5 {report.precision_at_5:.3f}, "
        f"at least one acceptable title in the top 5 for {report.hit_at_5:.0%}; "
        f"{report.requests_without_picks} without picks; {report.seconds:.0f} s\n  by kind: {kinds}"
    )


def render_picks(report: JudgedReport, cases: list[JudgedCase]) -> str:
    """Every request with the engine's top 5, acceptable ones marked, for a person to read."""
    lines: list[str] = []
    for case, result in zip(cases, report.cases, strict=True):
        lines.append(f"[{case.id}] P@5 {result.precision_at_5:.1f}")
        for message in case.messages:
            lines.append(f"  {message.role:>9}: {message.content}")
        if not result.picks:
            lines.append("      (no picks)")
        for rank, pick in enumerate(result.picks, start=1):
            lines.append(f"    {'+' if pick.acceptable else ' '} {rank}. {pick.title} ({pick.year})")
        lines.append("")
    lines.append("+ = one of the titles judged acceptable before the engine ran")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.judged", description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", action="store_true", help="Print every request with the engine's top 5.")
    parser.add_argument("--file", type=Path, default=JUDGED_REQUESTS, help="The judged requests (JSON Lines).")
    parser.add_argument("--json", action="store_true", help="Also print the report as one JSON object (last line).")
    args = parser.parse_args(argv)
    from config import get_settings

    cases: list[JudgedCase] = []

    def compute(say: Progress) -> JudgedReport:
        cases.extend(read_cases(args.file))
        return with_recommender(get_settings(), lambda rec: evaluate(rec, cases, say))

    def texts(report: JudgedReport) -> list[str]:
        return ([render_picks(report, cases)] if args.show else []) + [render_text(report)]

    return run_section(compute, texts, args.json)


if __name__ == "__main__":
    sys.exit(main())
