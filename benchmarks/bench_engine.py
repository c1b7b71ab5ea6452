"""Speed, size and honesty of the recommendation engine, measured on the real (full) index in one run.

    .venv/bin/python -m benchmarks.bench_engine [--data-dir data/build] [--turns 200] [--json]

(a) offline turn, server side: p50/p95 of one whole turn (parse, title resolution, planning,
    query embedding, filtered Chroma search, ranking, explanations) over varied fresh requests and
    over follow-ups in a conversation; plus the time of each stage and of building the engine;
(b) LLM turn size for a 10 -> 5 re-rank: input tokens of the real prompt built from real candidates
    (counted as chains/usage.py documents), output tokens of a representative answer (opening line +
    five "<id> | <why>" lines with two-sentence explanations), the cost per turn at Settings prices,
    next to the original system's turn (10 candidates x 200-character descriptions, up to 1,000 output
    tokens, claimed ~$0.01 per search);
(c) constraints: every pick of every request in evals/constraint_requests.jsonl obeys the request's
    explicit constraints (the rate must be 100%), and the parser reads them all;
(d) titles: how many requests of evals/title_requests.jsonl resolve to the expected catalog title.

Target (issue 3): offline turn p50 <= 100 ms. The machine is shared and noisy: compare within a run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import config  # noqa: F401  (offline env vars first)
from config import REPO_ROOT, Settings, get_settings

FREE_TEXT = [
    "a slow-burn sci-fi about grief",
    "something like Arrival",
    "like Alien but funny",
    "a feel-good comedy for a rainy Sunday",
    "I loved The Godfather",
    "a gritty crime drama about a heist gone wrong",
    "an animated movie for small kids about friendship",
    "a TV show like Stranger Things",
    "Intersteller",
    "a mind-bending thriller with an unreliable narrator",
    "a 90s comedy, not animated",
    "something on Netflix under 2 hours",
]
FOLLOW_UPS = [
    "only from the 90s",
    "funnier",
    "more like the second one",
    "not that one, I've seen it",
    "something lighter",
    "less violent",
]
# What an assistant side says between the user's messages in a replayed history (titles it suggested).
ASSISTANT_LINES = [
    "How about Arrival (2016)?",
    "You could try Galaxy Quest (1999).",
    "Have you seen Contact (1997)?",
    "Maybe The Martian (2015)?",
    "There is also Moon (2009).",
]
ORIGINAL = {"candidates": 10, "description_chars": 200, "max_output_tokens": 1000, "claimed_usd": 0.01}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def load_jsonl(name: str) -> list[dict[str, Any]]:
    path = REPO_ROOT / "evals" / name
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def time_offline_turns(recommender: Any, requests: list[str], turns: int) -> dict[str, Any]:
    from chains.models import ConversationState

    for message in requests[:5]:  # warm caches, first-call costs
        recommender.recommend(message, ConversationState(), offline=True)
    fresh: list[float] = []
    for i in range(turns):
        message = requests[i % len(requests)]
        started = time.perf_counter()
        recommender.recommend(message, ConversationState(), offline=True)
        fresh.append((time.perf_counter() - started) * 1000)
    follow: list[float] = []
    for i in range(max(1, turns // len(FOLLOW_UPS))):
        state = ConversationState()
        recommender.recommend(FREE_TEXT[i % len(FREE_TEXT)], state, offline=True)
        for message in FOLLOW_UPS:
            started = time.perf_counter()
            recommender.recommend(message, state, offline=True)
            follow.append((time.perf_counter() - started) * 1000)
    return {
        "fresh_turns": len(fresh),
        "fresh_p50_ms": round(percentile(fresh, 50), 1),
        "fresh_p95_ms": round(percentile(fresh, 95), 1),
        "followup_turns": len(follow),
        "followup_p50_ms": round(percentile(follow, 50), 1),
        "followup_p95_ms": round(percentile(follow, 95), 1),
    }


def conversation(i: int) -> list[dict[str, str]]:
    """A 10-message history: a request and four follow-ups, each answered by the assistant side."""
    users = [FREE_TEXT[i % len(FREE_TEXT)]] + FOLLOW_UPS[:4]
    messages: list[dict[str, str]] = []
    for user, assistant in zip(users, ASSISTANT_LINES, strict=True):
        messages += [{"role": "user", "content": user}, {"role": "assistant", "content": assistant}]
    return messages


def time_conversations(recommender: Any, count: int) -> dict[str, Any]:
    """The answer to a whole 10-message history (`recommend --conversation`, the evals): every user
    message replayed (chains/dialogue.py), a new history each time."""
    from chains.dialogue import Message

    recommender.recommend_messages([Message(role="user", content=FREE_TEXT[0])], offline=True)  # warm
    times: list[float] = []
    for i in range(count):
        # the answer to the history up to its last user message (the tenth message is the assistant's)
        history = [Message.model_validate(m) for m in conversation(i)][:-1]
        started = time.perf_counter()
        recommender.recommend_messages(history, offline=True)
        times.append((time.perf_counter() - started) * 1000)
    return {
        "conversations": count,
        "p50_ms": round(percentile(times, 50), 1),
        "p95_ms": round(percentile(times, 95), 1),
    }


def time_stages(recommender: Any, requests: list[str]) -> dict[str, float]:
    from chains.models import ConversationState
    from chains.offline_explainer import explain
    from chains.offline_ranker import rank_offline

    stages: dict[str, list[float]] = {"understand_ms": [], "retrieve_ms": [], "rank_and_explain_ms": []}
    for message in requests:
        t0 = time.perf_counter()
        plan = recommender.understand(message, ConversationState())
        t1 = time.perf_counter()
        retrieval = recommender.retriever.retrieve(plan)
        t2 = time.perf_counter()
        ranked = rank_offline(retrieval.candidates, plan, recommender.vocabulary.latest_year)
        for rank, cand in enumerate(ranked[:5]):
            explain(cand.title, plan, rank)
        t3 = time.perf_counter()
        stages["understand_ms"].append((t1 - t0) * 1000)
        stages["retrieve_ms"].append((t2 - t1) * 1000)
        stages["rank_and_explain_ms"].append((t3 - t2) * 1000)
    return {f"{k}_p50": round(percentile(v, 50), 2) for k, v in stages.items()}


def llm_turn_size(recommender: Any, settings: Settings, requests: list[str]) -> dict[str, Any]:
    from chains.models import ConversationState
    from chains.offline_explainer import explain
    from chains.reranker import build_rerank_prompt, prompt_inputs
    from chains.usage import cost_usd, count_message_tokens, count_tokens, counting_method

    prompt = build_rerank_prompt()
    inputs_tokens: list[int] = []
    outputs_tokens: list[int] = []
    for message in requests:
        plan = recommender.understand(message, ConversationState())
        candidates = recommender.retriever.retrieve(plan, settings.candidates).candidates
        if len(candidates) < settings.candidates:
            continue
        messages = prompt.format_messages(**prompt_inputs(plan, candidates, 5))
        inputs_tokens.append(count_message_tokens(messages))
        # A representative answer: an opening sentence and five two-sentence explanations.
        answer = ["Here are five picks that share that slow, thoughtful mood, each a little different."]
        for rank, cand in enumerate(candidates[:5]):
            answer.append(f"{cand.title.id} | {explain(cand.title, plan, rank)}")
        outputs_tokens.append(count_tokens("\n".join(answer)))
    mean_in = statistics.mean(inputs_tokens)
    mean_out = statistics.mean(outputs_tokens)
    ours = cost_usd(round(mean_in), round(mean_out), settings.llm_price_input_per_m, settings.llm_price_output_per_m)
    ours_max = cost_usd(
        max(inputs_tokens),
        settings.llm_max_output_tokens,
        settings.llm_price_input_per_m,
        settings.llm_price_output_per_m,
    )
    # The original: the same instructions, 10 candidates as "Title (year): <200-character description>".
    original_lines = []
    for cand in recommender.retriever.retrieve(recommender.understand(requests[0], ConversationState())).candidates:
        t = cand.title
        original_lines.append(f"{t.title} ({t.year}): {(t.overview * 3)[: ORIGINAL['description_chars']]}")
    original_in = count_tokens(prompt.messages[0].prompt.template) + count_tokens("\n".join(original_lines)) + 30
    original_cost = cost_usd(
        original_in, ORIGINAL["max_output_tokens"], settings.llm_price_input_per_m, settings.llm_price_output_per_m
    )
    return {
        "counting": counting_method(),
        "turns_measured": len(inputs_tokens),
        "input_tokens_mean": round(mean_in),
        "input_tokens_max": max(inputs_tokens),
        "output_tokens_mean": round(mean_out),
        "output_tokens_max": max(outputs_tokens),
        "output_tokens_cap": settings.llm_max_output_tokens,
        "cost_usd_mean": round(ours, 6),
        "cost_usd_worst_case": round(ours_max, 6),
        "original_input_tokens": original_in,
        "original_output_tokens_max": ORIGINAL["max_output_tokens"],
        "original_cost_usd_worst_case_at_these_prices": round(original_cost, 6),
        "original_claimed_usd": ORIGINAL["claimed_usd"],
        "prices_per_m": [settings.llm_price_input_per_m, settings.llm_price_output_per_m],
    }


def constraint_check(recommender: Any, index: Any) -> dict[str, Any]:
    from chains.models import ConversationState
    from vectorstore.filters import SearchFilters

    cases = load_jsonl("constraint_requests.jsonl")
    parsed_ok = picks = obeying = 0
    short: list[str] = []
    for case in cases:
        expected = SearchFilters(**case["expected"])
        rec = recommender.recommend(case["request"], ConversationState(), offline=True)
        got = rec.filters.model_dump(exclude={"exclude_ids"}, exclude_defaults=True)
        parsed_ok += got == case["expected"]
        for pick in rec.picks:
            picks += 1
            obeying += expected.accepts(index.catalog[pick.id])
        if len(rec.picks) < 5:
            short.append(f"{case['request']} ({len(rec.picks)})")
    return {
        "requests": len(cases),
        "parsed_exactly": parsed_ok,
        "picks": picks,
        "picks_obeying": obeying,
        "obeying_rate": round(obeying / picks, 4) if picks else None,
        "fewer_than_5": short,
    }


def title_check(recommender: Any) -> dict[str, Any]:
    cases = load_jsonl("title_requests.jsonl")
    hits = 0
    misses: list[str] = []
    for case in cases:
        result = recommender.parser.parse(case["request"])
        found = result.mentions[0].resolution.best.title if result.mentions else None
        if found is not None and (found.title, found.year) == (case["expected"]["title"], case["expected"]["year"]):
            hits += 1
        else:
            misses.append(f"{case['request']} -> {found.title + ' (' + str(found.year) + ')' if found else None}")
    return {"requests": len(cases), "resolved_as_expected": hits, "misses": misses}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=None, help="A built index (default: settings, data/build).")
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    settings = get_settings()
    if args.data_dir is not None:
        settings = settings.model_copy(update={"data_dir": args.data_dir})
    from chains.engine import Recommender
    from vectorstore.index import IndexNotReadyError, TitleIndex

    try:
        started = time.perf_counter()
        index = TitleIndex.open(settings)
        open_s = time.perf_counter() - started
    except IndexNotReadyError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    recommender = Recommender(index, settings)
    engine_s = time.perf_counter() - started
    requests = FREE_TEXT + [c["request"] for c in load_jsonl("constraint_requests.jsonl")]
    requests += [c["request"] for c in load_jsonl("title_requests.jsonl")]
    report: dict[str, Any] = {
        "titles": len(index.catalog),
        "index_open_s": round(open_s, 2),
        "engine_build_s": round(engine_s, 2),
        "offline_turn": time_offline_turns(recommender, requests, args.turns),
        "stages": time_stages(recommender, requests),
        "llm_turn": llm_turn_size(recommender, settings, FREE_TEXT),
        "constraints": constraint_check(recommender, index),
        "titles_resolved": title_check(recommender),
    }
    recommender.close()
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    o, s, llm, c, t = (report[k] for k in ("offline_turn", "stages", "llm_turn", "constraints", "titles_resolved"))
    print(
        f"Full index: {report['titles']} titles; index open {report['index_open_s']} s, "
        f"engine build (vocabulary + title lookup) {report['engine_build_s']} s"
    )
    print(
        f"Offline turn, fresh request: p50 {o['fresh_p50_ms']} ms, p95 {o['fresh_p95_ms']} ms "
        f"over {o['fresh_turns']} turns (target p50 <= 100 ms)"
    )
    print(
        f"Offline turn, follow-up:     p50 {o['followup_p50_ms']} ms, p95 {o['followup_p95_ms']} ms "
        f"over {o['followup_turns']} turns"
    )
    print(
        f"Stages p50: understand {s['understand_ms_p50']} ms, retrieve {s['retrieve_ms_p50']} ms, "
        f"rank+explain {s['rank_and_explain_ms_p50']} ms"
    )
    print(
        f"LLM turn 10 -> 5 ({llm['counting']}): input {llm['input_tokens_mean']} tokens "
        f"(max {llm['input_tokens_max']}), output ~{llm['output_tokens_mean']} (max {llm['output_tokens_max']}, "
        f"cap {llm['output_tokens_cap']}); ${llm['cost_usd_mean']:.6f} per turn, worst case "
        f"${llm['cost_usd_worst_case']:.6f}"
    )
    print(
        f"Original turn: ~{llm['original_input_tokens']} input + up to {llm['original_output_tokens_max']} output "
        f"tokens = ${llm['original_cost_usd_worst_case_at_these_prices']:.6f} at the same prices "
        f"(claimed ~${llm['original_claimed_usd']} per search)"
    )
    print(
        f"Constraints: {c['picks_obeying']}/{c['picks']} picks obey ({c['obeying_rate']:.2%}); "
        f"parser exact on {c['parsed_exactly']}/{c['requests']} requests"
    )
    if c["fewer_than_5"]:
        print(f"  fewer than 5 picks: {', '.join(c['fewer_than_5'])}")
    print(f"Titles: {t['resolved_as_expected']}/{t['requests']} resolved as expected")
    for miss in t["misses"]:
        print(f"  miss: {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
