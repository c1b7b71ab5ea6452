"""The whole quality suite on one built index: MoreLikeThis (ours vs the original method),
constraint satisfaction, title resolution, ReDial conversations (Recall@k) and our judged requests
(precision@5). Each part reports how much data it could use; `sections` selects the parts."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, Field

from catalog.normalize import title_key
from config import Settings
from evals import judged, morelikethis, original, product, redial
from evals.judged import JudgedReport
from evals.metrics import Judgement, judged_precision_at_k, pairwise_accuracy
from evals.redial import RedialReport
from evals.requests import (
    CONSTRAINT_REQUESTS,
    TITLE_REQUESTS,
    ConstraintCase,
    ConstraintReport,
    ResolutionReport,
    TitleCase,
    evaluate_constraints,
    evaluate_resolution,
    read_cases,
)
from evals.section_cli import Progress

TOP_K = 5
SECTIONS = ("morelikethis", "constraints", "resolution", "redial", "judged")


class MoreLikeThisReport(BaseModel):
    seeds: int  # seeds with at least one scored (OK, NOT_OK) pair
    pairs: int  # scored (OK, NOT_OK) pairs of the same seed
    pairwise_accuracy: float
    precision_at_5: float  # pooled: judged-OK picks / judged picks in each seed's top 5
    original_pairwise_accuracy: float
    original_precision_at_5: float
    # --- how much of the dataset could be used, and what the precision rests on ---------------
    rows: int
    rows_matched: int  # both films found in the catalog
    seeds_listed: int
    seeds_in_catalog: int
    unscored_pairs: int
    original_pairs: int
    judged_in_top5: int  # judged (seed, pick) pairs among our top 5, all seeds together
    original_judged_in_top5: int
    seeds_with_judged_in_top5: int
    original_seeds_with_judged_in_top5: int
    precision_at_5_macro: float
    original_precision_at_5_macro: float
    remake_pairs: int  # judged pairs where the other film shares the seed's title (never shown by us)
    original_texts_embedded: int  # field texts the original method embedded in this run (0: all cached)
    original_embed_s: float
    seeds_resolved_elsewhere: list[str] = Field(default_factory=list)
    match: morelikethis.MatchStats


class EvalReport(BaseModel):
    sections: list[str]
    more_like_this: MoreLikeThisReport | None = None
    constraints: ConstraintReport | None = None
    resolution: ResolutionReport | None = None
    redial: RedialReport | None = None
    judged: JudgedReport | None = None
    timings_s: dict[str, float]
    index_titles: int


def _keep_seeds(data: morelikethis.MoreLikeThis, limit: int | None) -> tuple[list[str], list[Judgement]]:
    judged_seeds = {j.seed_id for j in data.judgements}
    seeds = [s for s in data.seed_ids if s in judged_seeds][: limit or None]
    keep = set(seeds)
    return seeds, [j for j in data.judgements if j.seed_id in keep]


def evaluate_more_like_this(
    rec, settings: Settings, mlt_dir: Path, limit_seeds: int | None, timings: dict[str, float], say: Progress
) -> MoreLikeThisReport:
    index = rec.index
    started = time.perf_counter()
    data = morelikethis.load(index.catalog.values(), mlt_dir)
    seeds, judgements = _keep_seeds(data, limit_seeds)
    others: dict[str, list[str]] = defaultdict(list)
    for j in judgements:
        others[j.seed_id].append(j.other_id)
    timings["morelikethis_load"] = time.perf_counter() - started

    started = time.perf_counter()
    say(f"MoreLikeThis: {len(seeds)} seeds, {len(judgements)} judgements; running 'something like <seed>'")
    runs = product.run_seeds(rec, {s: others[s] for s in seeds}, k=TOP_K)
    ours_scores = {(r.seed_id, o): s for r in runs for o, s in r.scores.items()}
    ours_pairs = pairwise_accuracy(judgements, ours_scores)
    ours_top = judged_precision_at_k(judgements, {r.seed_id: r.picks for r in runs}, TOP_K)
    timings["ours"] = time.perf_counter() - started

    started = time.perf_counter()
    vectors = original.FieldVectors.load_or_embed(
        list(index.catalog.values()),
        index.encoder.encode,
        _encoder_name(index, settings),
        settings.data_dir / "eval_cache",
        progress=say,
    )
    timings["original_vectors"] = time.perf_counter() - started  # cache load, plus embedding what it lacks
    started = time.perf_counter()
    orig_scores = {(j.seed_id, j.other_id): vectors.similarity(j.seed_id, j.other_id) for j in judgements}
    orig_pairs = pairwise_accuracy(judgements, orig_scores)
    orig_top = judged_precision_at_k(judgements, {s: vectors.top(s, TOP_K) for s in seeds}, TOP_K)
    timings["original_score"] = time.perf_counter() - started

    catalog = index.catalog
    remakes = sum(1 for j in judgements if title_key(catalog[j.seed_id].title) == title_key(catalog[j.other_id].title))
    return MoreLikeThisReport(
        seeds=ours_pairs.seeds,
        pairs=ours_pairs.pairs,
        pairwise_accuracy=round(ours_pairs.accuracy, 4),
        precision_at_5=round(ours_top.precision, 4),
        original_pairwise_accuracy=round(orig_pairs.accuracy, 4),
        original_precision_at_5=round(orig_top.precision, 4),
        rows=data.rows,
        rows_matched=data.rows_matched,
        seeds_listed=data.seeds_listed,
        seeds_in_catalog=len(data.seed_ids),
        unscored_pairs=ours_pairs.unscored_pairs,
        original_pairs=orig_pairs.pairs,
        judged_in_top5=ours_top.judged,
        original_judged_in_top5=orig_top.judged,
        seeds_with_judged_in_top5=ours_top.seeds_with_judged,
        original_seeds_with_judged_in_top5=orig_top.seeds_with_judged,
        precision_at_5_macro=round(ours_top.precision_macro, 4),
        original_precision_at_5_macro=round(orig_top.precision_macro, 4),
        remake_pairs=remakes,
        original_texts_embedded=vectors.embedded,
        original_embed_s=round(vectors.seconds_to_embed, 1),
        seeds_resolved_elsewhere=[
            f"{catalog[r.seed_id].title} ({catalog[r.seed_id].year}) -> {r.resolved_id}"
            for r in runs
            if r.resolved_id != r.seed_id
        ],
        match=data.match,
    )


def _encoder_name(index, settings: Settings) -> str:
    return str(getattr(index.encoder, "name", None) or settings.encoder)


def run_suite(
    settings: Settings,
    mlt_dir: Path = morelikethis.DEFAULT_DIR,
    limit_seeds: int | None = None,
    constraint_file: Path = CONSTRAINT_REQUESTS,
    title_file: Path = TITLE_REQUESTS,
    say: Progress = print,
    sections: Iterable[str] = SECTIONS,
    redial_dir: Path = redial.DEFAULT_DIR,
    limit_dialogs: int | None = None,
    judged_file: Path = judged.JUDGED_REQUESTS,
) -> EvalReport:
    from chains.engine import Recommender
    from vectorstore.index import TitleIndex

    wanted = [s for s in SECTIONS if s in set(sections)]
    timings: dict[str, float] = {}
    started = time.perf_counter()
    index = TitleIndex.open(settings)
    rec = Recommender(index, settings)
    timings["open"] = time.perf_counter() - started
    report = EvalReport(sections=wanted, timings_s={}, index_titles=len(index.catalog))
    try:
        if "morelikethis" in wanted:
            report.more_like_this = evaluate_more_like_this(rec, settings, mlt_dir, limit_seeds, timings, say)

        if "constraints" in wanted:
            started = time.perf_counter()
            if Path(constraint_file).exists():
                cases = read_cases(constraint_file, ConstraintCase)
                say(f"constraints: {len(cases)} requests")
                report.constraints = evaluate_constraints(rec, cases)
            else:
                say(f"constraints: {constraint_file} not found, skipped")
            timings["constraints"] = time.perf_counter() - started

        if "resolution" in wanted:
            started = time.perf_counter()
            if Path(title_file).exists():
                cases = read_cases(title_file, TitleCase)
                say(f"resolution: {len(cases)} requests")
                report.resolution = evaluate_resolution(rec, cases)
            else:
                say(f"resolution: {title_file} not found, skipped")
            timings["resolution"] = time.perf_counter() - started

        if "redial" in wanted:
            started = time.perf_counter()
            data = redial.load(redial_dir, limit_dialogs)
            say(f"redial: {len(data.turns)} turns; CineChat answers each with {redial.PICKS_PER_ANSWER} picks")
            report.redial = redial.evaluate(rec, data, say)
            timings["redial"] = time.perf_counter() - started

        if "judged" in wanted:
            started = time.perf_counter()
            judged_cases = judged.read_cases(judged_file)
            say(f"judged: {len(judged_cases)} requests")
            report.judged = judged.evaluate(rec, judged_cases, say)
            timings["judged"] = time.perf_counter() - started
    finally:
        rec.close()
    timings["total"] = sum(timings.values())
    report.timings_s = {k: round(v, 2) for k, v in timings.items()}
    return report
