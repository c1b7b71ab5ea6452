"""Many conversations at once against a chat server, each checked for errors and cross-talk.

Used by benchmarks/load_test.py (20 sessions, timed) and tests/test_hardening_load.py (a few, untimed).
Each session holds its own conversation: "something like <its seed>", "only <its decade>", "something
lighter", "more like the second one". Its answers must fit its own requests: the title it searches near
is named in the Understanding step (and no other session's seed is), picks fall in its own decade from
turn 2 on, every card carries this session's turn number, and no title is shown twice.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass, field

from testkit.chat_socket import ChatClient
from ui.text import md_escape

# (seed title, its year, a decade phrase the session narrows to, that decade's years)
SESSIONS = [
    ("Toy Story", 1995, "from the 90s", (1990, 1999)),
    ("Alien", 1979, "from the 80s", (1980, 1989)),
    ("The Godfather", 1972, "from the 70s", (1970, 1979)),
    ("Arrival", 2016, "from the 2010s", (2010, 2019)),
    ("Heat", 1995, "from the 2000s", (2000, 2009)),
    ("Jurassic Park", 1993, "from the 90s", (1990, 1999)),
    ("Finding Nemo", 2003, "from the 2010s", (2010, 2019)),
    ("The Matrix", 1999, "from the 2000s", (2000, 2009)),
    ("Interstellar", 2014, "from the 80s", (1980, 1989)),
    ("Casablanca", 1942, "from the 50s", (1950, 1959)),
    ("Psycho", 1960, "from the 70s", (1970, 1979)),
    ("Jaws", 1975, "from the 90s", (1990, 1999)),
    ("Pulp Fiction", 1994, "from the 2000s", (2000, 2009)),
    ("Frozen", 2013, "from the 90s", (1990, 1999)),
    ("Get Out", 2017, "from the 2010s", (2010, 2019)),
    ("Blade Runner", 1982, "from the 2000s", (2000, 2009)),
    ("Back to the Future", 1985, "from the 80s", (1980, 1989)),
    ("La La Land", 2016, "from the 50s", (1950, 1959)),
    ("The Shining", 1980, "from the 70s", (1970, 1979)),
    ("Inception", 2010, "from the 2010s", (2010, 2019)),
]


def turn_requests(seed: str, decade_phrase: str) -> list[str]:
    return [f"something like {seed}", f"only {decade_phrase}", "something lighter", "more like the second one"]


@dataclass
class TurnResult:
    session: int
    turn: int
    seconds: float
    first_card_s: float | None
    picks: int
    error: str | None = None
    crosstalk: list[str] = field(default_factory=list)


async def run_session(url: str, index: int, turns: int, turn_timeout_s: float, seeds: set[str]) -> list[TurnResult]:
    seed, _, decade_phrase, (low, high) = SESSIONS[index % len(SESSIONS)]
    others = seeds - {seed}
    results: list[TurnResult] = []
    shown: set[str] = set()
    expected = seed  # the title this turn searches near: the seed, then "the second one" of turn 3
    try:
        async with ChatClient(url, turn_timeout_s=turn_timeout_s) as chat:
            for n, request in enumerate(turn_requests(seed, decade_phrase)[:turns], start=1):
                sent = time.perf_counter()
                try:
                    turn = await chat.ask(request)
                except TimeoutError:
                    results.append(TurnResult(index, n, time.perf_counter() - sent, None, 0, "timeout"))
                    break
                result = TurnResult(index, n, turn.seconds, turn.first_card_s, len(turn.picks))
                if turn.errors or turn.failed_steps:
                    result.error = "; ".join(turn.errors + turn.failed_steps)[:200]
                understanding = " ".join(turn.step_texts)
                if md_escape(expected) not in understanding:
                    result.crosstalk.append(f"turn {n}: {expected!r} is not what was understood")
                result.crosstalk += [
                    f"turn {n}: another session's seed {o!r} understood"
                    for o in others
                    if f"**{md_escape(o)}**" in understanding and o != expected
                ]
                for pick in turn.picks:
                    if n >= 2 and not low <= int(pick["year"]) <= high:
                        result.crosstalk.append(f"turn {n}: {pick['title']} ({pick['year']}) outside {low}-{high}")
                    if pick.get("turn") != n:
                        result.crosstalk.append(f"turn {n}: a card of turn {pick.get('turn')}")
                    if pick["id"] in shown:
                        result.crosstalk.append(f"turn {n}: {pick['title']} shown twice")
                    shown.add(pick["id"])
                if n == 3 and len(turn.picks) >= 2:
                    expected = turn.picks[1]["title"]
                results.append(result)
    except Exception as exc:  # noqa: BLE001  (a session that cannot even connect is a result too)
        results.append(TurnResult(index, len(results) + 1, 0.0, None, 0, f"{type(exc).__name__}: {exc}"[:200]))
    return results


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


async def run_load(url: str | list[str], sessions: int, turns: int, turn_timeout_s: float, deadline_s: float) -> dict:
    """`sessions` conversations at once; with several server URLs, session i talks to server i mod n
    for its whole conversation (what a load balancer with sticky sessions does)."""
    urls = [url] if isinstance(url, str) else url
    seeds = {SESSIONS[i % len(SESSIONS)][0] for i in range(sessions)}
    started = time.perf_counter()
    tasks = [
        asyncio.create_task(run_session(urls[i % len(urls)], i, turns, turn_timeout_s, seeds)) for i in range(sessions)
    ]
    done, pending = await asyncio.wait(tasks, timeout=deadline_s)
    for task in pending:
        task.cancel()
    wall = time.perf_counter() - started
    results = [r for task in done for r in task.result()]
    ok = [r for r in results if r.error is None]
    latencies = [r.seconds for r in ok]
    first_cards = [r.first_card_s for r in ok if r.first_card_s is not None]
    return {
        "sessions": sessions,
        "turns_planned": sessions * turns,
        "turns_done": len(ok),
        "errors": [f"session {r.session} turn {r.turn}: {r.error}" for r in results if r.error]
        + [f"{len(pending)} sessions still running at the deadline"] * bool(pending),
        "crosstalk": [f"session {r.session} {c}" for r in results for c in r.crosstalk],
        "turn_p50_s": round(percentile(latencies, 50), 3),
        "turn_p95_s": round(percentile(latencies, 95), 3),
        "turn_max_s": round(max(latencies, default=float("nan")), 3),
        "first_card_p50_s": round(percentile(first_cards, 50), 3),
        "first_card_p95_s": round(percentile(first_cards, 95), 3),
        "wall_s": round(wall, 2),
        "turns_per_s": round(len(ok) / wall, 2) if wall else None,
    }
