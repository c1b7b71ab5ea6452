"""Retrieval and ranking variants measured on MoreLikeThis, to choose the product's settings.

    .venv/bin/python -m evals.experiments [--variant NAME ...] [--json] [--plot docs/results.png]

Every variant answers "something like <seed>" over the whole built catalog and is measured like the
product in `cli.py eval`: pairwise accuracy over judged (OK, NOT_OK) pairs and judged precision@5
(see evals/metrics.py), plus the time to answer one seed in-process. Variants differ in one thing
each: the text or fields embedded per title, dense vs dense + BM25 fused by reciprocal rank, the
metadata boosts (the engine's own `score_candidate` with other weights), the candidate pool before
re-ranking, MMR diversity. Vectors come from the built index (the product text) and from the
original method's per-field cache (evals/original.py), so no variant embeds the catalog again.

Parameters chosen by looking at the data are reported on held-out seeds (two folds by seed), so
the table does not flatter them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import zlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

import config  # noqa: F401  (offline env vars before any model library)
from catalog.models import Title
from catalog.normalize import title_key
from chains.models import Candidate, ParsedRequest, TurnPlan
from chains.offline_ranker import WITH_QUERY, Weights, score_candidate
from evals import morelikethis, original
from evals.metrics import Judgement, judged_precision_at_k, pairwise_accuracy

SHIPPED = "product+boosts-pool30"  # what chains/engine.py does today: WITH_QUERY weights over a pool of 30
SIMILARITY_ONLY = Weights(similarity=1.0, genres=0.0, director=0.0, cast=0.0, era=0.0, quality=0.0, mood=0.0)
NEVER_SHOWN = -1.0


@dataclass(frozen=True)
class Variant:
    name: str
    description: str
    representation: str = "product"  # "product" (index vectors), "fields:<w...>" or "mix:<w>"
    field_weights: dict[str, float] | None = None
    product_weight: float = 1.0  # "mix": product vector + per-field vectors
    bm25: bool = False  # fuse dense and BM25 rankings by reciprocal rank
    weights: Weights = SIMILARITY_ONLY
    pool: int = 10
    mmr_lambda: float | None = None
    exclude_remakes: bool = True  # the product never offers the seed's own title again
    # Weights tuned on each fold of seeds: a seed is ranked with the weights of the OTHER fold, so the
    # reported numbers are held-out ones.
    fold_weights: tuple[Weights, Weights] | None = None

    def weights_for(self, seed_id: str) -> Weights:
        return self.fold_weights[1 - fold_of(seed_id)] if self.fold_weights else self.weights


def variants() -> list[Variant]:
    fields_original = original.WEIGHTS
    return [
        Variant(
            "original",
            "original: 5 fields embedded separately, weighted 0.4/0.4/0.1/0.05/0.05",
            representation="fields",
            field_weights=fields_original,
            pool=5,
            exclude_remakes=False,
        ),
        Variant(
            "overview-only",
            "one vector per title: the overview alone",
            representation="fields",
            field_weights={"description": 1.0},
        ),
        Variant("product-text", "one vector per title: the product's embedding text (similarity only)"),
        Variant(
            "fields-no-title",
            "per field, without the title field (0.4 genre, 0.5 overview, 0.05/0.05)",
            representation="fields",
            field_weights={"genre": 0.4, "description": 0.5, "cast": 0.05, "director": 0.05},
        ),
        Variant(
            "product+genre-field",
            "product vector + 0.3 x genre-field vector",
            representation="mix",
            field_weights={"genre": 0.3},
        ),
        Variant("product+bm25", "dense + BM25 (bm25s) over the product text, reciprocal-rank fusion", bm25=True),
        Variant(
            "product+boosts",
            "product text + the engine's offline ranker boosts (shipped weights), pool 10",
            weights=WITH_QUERY,
        ),
        Variant(
            "product+bm25+boosts",
            "as product+boosts, first stage dense + BM25 fused by reciprocal rank",
            bm25=True,
            weights=WITH_QUERY,
        ),
        Variant(
            SHIPPED,
            "as product+boosts, 30 candidates re-ranked (the engine's RANKING_POOL)",
            weights=WITH_QUERY,
            pool=30,
        ),
        Variant("product+boosts-pool100", "as product+boosts, 100 candidates re-ranked", weights=WITH_QUERY, pool=100),
        Variant(
            "product+boosts+mmr",
            "as product+boosts, then MMR diversity (lambda 0.7)",
            weights=WITH_QUERY,
            mmr_lambda=0.7,
        ),
    ]


# --- data --------------------------------------------------------------------------------------


@dataclass
class Data:
    titles: list[Title]
    row: dict[str, int]
    product: np.ndarray  # (n, 384) unit rows, the index's stored vectors
    fields: original.FieldVectors
    judgements: list[Judgement]
    seeds: list[str]
    latest_year: int
    keys: list[str] = field(default_factory=list)
    _bm25: object | None = None
    _by_key: dict[str, list[int]] = field(default_factory=dict)

    def remakes(self, i: int) -> list[int]:
        """Rows sharing title i's key (itself included): the product never offers them for i."""
        if not self._by_key:
            for j, key in enumerate(self.keys):
                self._by_key.setdefault(key, []).append(j)
        return self._by_key[self.keys[i]]

    def representation(self, variant: Variant) -> np.ndarray:
        if variant.representation == "product":
            return self.product
        combined = original.combine(self.fields.fields, variant.field_weights or {})
        if variant.representation == "fields":
            return combined
        mixed = variant.product_weight * self.product + sum(
            w * self.fields.fields[f] for f, w in (variant.field_weights or {}).items()
        )
        return mixed / np.maximum(np.linalg.norm(mixed, axis=1, keepdims=True), 1e-12)

    def bm25_scores(self, seed: str) -> np.ndarray:
        import bm25s

        from vectorstore.text import embedding_text

        if self._bm25 is None:
            corpus = bm25s.tokenize([embedding_text(t) for t in self.titles], stopwords="en", show_progress=False)
            retriever = bm25s.BM25()
            retriever.index(corpus, show_progress=False)
            self._bm25 = retriever
        query = bm25s.tokenize(
            [embedding_text(self.titles[self.row[seed]])], stopwords="en", return_ids=False, show_progress=False
        )[0]
        return np.asarray(self._bm25.get_scores(query), dtype=np.float32)


def load_data(settings, mlt_dir: Path = morelikethis.DEFAULT_DIR, say=print) -> Data:
    from vectorstore.index import TitleIndex

    index = TitleIndex.open(settings)
    titles = sorted(index.catalog.values(), key=lambda t: t.id)
    row = {t.id: i for i, t in enumerate(titles)}
    product = np.zeros((len(titles), index.encoder.dim), dtype=np.float32)
    total = index.collection.count()
    for offset in range(0, total, 5000):
        page = index.collection.get(include=["embeddings"], limit=5000, offset=offset)
        for tid, vector in zip(page["ids"], page["embeddings"], strict=True):
            if tid in row:
                product[row[tid]] = vector
    fields = original.FieldVectors.load_or_embed(
        titles, index.encoder.encode, index.encoder.name, settings.data_dir / "eval_cache", progress=say
    )
    data = morelikethis.load(titles, mlt_dir)
    judged = {j.seed_id for j in data.judgements}
    from chains.vocabulary import Vocabulary

    return Data(
        titles,
        row,
        product,
        fields,
        data.judgements,
        [s for s in data.seed_ids if s in judged],
        Vocabulary.from_titles(titles).latest_year,
        keys=[title_key(t.title) for t in titles],
    )


# --- one variant -------------------------------------------------------------------------------


def _ranker_scores(data: Data, seed: Title, candidates: list[int], sims: np.ndarray, weights: Weights) -> np.ndarray:
    if weights == SIMILARITY_ONLY:
        return sims[candidates]
    plan = TurnPlan(message="", parsed=ParsedRequest(text=""), seeds=[seed])
    return np.array(
        [
            score_candidate(
                Candidate(title=data.titles[i], similarity=float(max(0.0, min(1.0, sims[i])))),
                plan,
                weights,
                data.latest_year,
            )
            for i in candidates
        ],
        dtype=np.float64,
    )


def _rrf(*scores: np.ndarray, k: int = 60) -> np.ndarray:
    fused = np.zeros(scores[0].shape[0], dtype=np.float64)
    for s in scores:
        ranks = np.empty(len(s), dtype=np.int64)
        ranks[np.argsort(-s, kind="stable")] = np.arange(1, len(s) + 1)
        fused += 1.0 / (k + ranks)
    # Rescaled so the best possible fused score is 1, comparable with a cosine for the boosts.
    return fused / (len(scores) / (k + 1))


def similarities(data: Data, variant: Variant, matrix: np.ndarray, seed_id: str) -> np.ndarray:
    """The variant's first-stage score of every catalog title for this seed; -inf = never offered."""
    i = data.row[seed_id]
    sims = matrix @ matrix[i]
    if variant.bm25:
        sims = _rrf(sims, data.bm25_scores(seed_id))
    sims[i] = -np.inf
    if variant.exclude_remakes:
        sims[data.remakes(i)] = -np.inf
    return sims


def top_k(data: Data, variant: Variant, matrix: np.ndarray, seed_id: str, k: int = 5) -> list[str]:
    """What the variant would show: first stage over the whole catalog, re-rank the pool, pick k."""
    seed = data.titles[data.row[seed_id]]
    sims = similarities(data, variant, matrix, seed_id)
    pool = np.argpartition(-sims, variant.pool)[: variant.pool]
    pool = [int(j) for j in pool[np.argsort(-sims[pool])] if np.isfinite(sims[j])]
    scored = _ranker_scores(data, seed, pool, sims, variant.weights_for(seed_id))
    order = [pool[j] for j in np.argsort(-scored, kind="stable")]
    if variant.mmr_lambda is not None:
        order = _mmr(order, dict(zip(pool, scored, strict=True)), matrix, variant.mmr_lambda, k)
    return [data.titles[j].id for j in order[:k]]


def pair_scores(data: Data, variant: Variant, matrix: np.ndarray, seed_id: str, others: list[str]) -> dict[str, float]:
    """The same scoring for judged titles wherever they rank; titles never offered rank last."""
    seed = data.titles[data.row[seed_id]]
    sims = similarities(data, variant, matrix, seed_id)
    judged = [data.row[o] for o in others if o in data.row]
    open_ = [j for j in judged if np.isfinite(sims[j])]
    ranked = _ranker_scores(data, seed, open_, sims, variant.weights_for(seed_id))
    scores = {data.titles[j].id: float(s) for j, s in zip(open_, ranked, strict=True)}
    for j in judged:
        scores.setdefault(data.titles[j].id, NEVER_SHOWN)
    return scores


def _mmr(order: list[int], score: dict[int, float], matrix: np.ndarray, lam: float, k: int) -> list[int]:
    chosen: list[int] = []
    rest = list(order)
    while rest and len(chosen) < k:

        def gain(j: int) -> float:
            redundancy = max((float(matrix[j] @ matrix[c]) for c in chosen), default=0.0)
            return lam * score[j] - (1 - lam) * redundancy

        best = max(rest, key=gain)
        chosen.append(best)
        rest.remove(best)
    return chosen + rest


@dataclass
class Result:
    name: str
    description: str
    pairwise_accuracy: float
    precision_at_5: float
    judged_in_top5: int
    pairs: int
    ms_per_seed: float
    ok_in_top5: int = 0  # judged-OK titles recovered in the top 5, all seeds together
    folds: list[tuple[float, float]] = field(default_factory=list)
    per_seed: dict[str, tuple[float, int]] = field(default_factory=dict, repr=False)  # seed -> (correct, pairs)


def fold_of(seed: str) -> int:
    return zlib.crc32(seed.encode()) % 2


def evaluate(data: Data, variant: Variant, seeds: list[str] | None = None) -> Result:
    seeds = seeds or data.seeds
    keep = set(seeds)
    judgements = [j for j in data.judgements if j.seed_id in keep]
    others: dict[str, list[str]] = defaultdict(list)
    for j in judgements:
        others[j.seed_id].append(j.other_id)
    matrix = data.representation(variant)
    if variant.bm25:
        data.bm25_scores(seeds[0])  # build the BM25 index outside the timed loop
    top = {seed: top_k(data, variant, matrix, seed) for seed in seeds}
    scores: dict[tuple[str, str], float] = {}
    for seed in seeds:
        scores.update({(seed, o): s for o, s in pair_scores(data, variant, matrix, seed, others[seed]).items()})
    # Timed apart, three passes after the warm-up above, median of the pass medians: the machine is shared.
    passes = []
    for _ in range(3):
        times = []
        for seed in seeds:
            started = time.perf_counter()
            top_k(data, variant, matrix, seed)
            times.append((time.perf_counter() - started) * 1000)
        passes.append(statistics.median(times))
    pairs = pairwise_accuracy(judgements, scores)
    precision = judged_precision_at_k(judgements, top, 5)
    folds = []
    for f in (0, 1):
        fold_seeds = {s for s in seeds if fold_of(s) == f}
        fold_j = [j for j in judgements if j.seed_id in fold_seeds]
        folds.append(
            (
                pairwise_accuracy(fold_j, scores).accuracy,
                judged_precision_at_k(fold_j, {s: top[s] for s in fold_seeds}, 5).precision,
            )
        )
    per_seed = {}
    for seed in seeds:
        one = pairwise_accuracy([j for j in judgements if j.seed_id == seed], scores)
        per_seed[seed] = (one.correct, one.pairs)
    return Result(
        variant.name,
        variant.description,
        round(pairs.accuracy, 4),
        round(precision.precision, 4),
        precision.judged,
        pairs.pairs,
        round(statistics.median(passes), 2),
        precision.ok,
        folds,
        per_seed,
    )


def bootstrap_difference(a: Result, b: Result, rounds: int = 2000, seed: int = 7) -> tuple[float, float, float]:
    """Pairwise accuracy of a minus b, and its 95% interval from resampling seeds (pairs of one seed
    are not independent, so seeds are the unit)."""
    rng = np.random.default_rng(seed)
    seeds = sorted(set(a.per_seed) & set(b.per_seed))
    ca, na = (np.array([a.per_seed[s][i] for s in seeds]) for i in (0, 1))
    cb, nb = (np.array([b.per_seed[s][i] for s in seeds]) for i in (0, 1))
    picks = rng.integers(0, len(seeds), size=(rounds, len(seeds)))
    diffs = ca[picks].sum(1) / np.maximum(na[picks].sum(1), 1) - cb[picks].sum(1) / np.maximum(nb[picks].sum(1), 1)
    point = ca.sum() / max(na.sum(), 1) - cb.sum() / max(nb.sum(), 1)
    low, high = np.percentile(diffs, [2.5, 97.5])
    return round(float(point), 4), round(float(low), 4), round(float(high), 4)


# --- boost weights chosen on held-out folds -----------------------------------------------------

FEATURES = ("similarity", "genres", "director", "cast", "era", "quality")
GRID = {  # relative to similarity = 1; wide enough that the optimum is inside, not on an edge
    "genres": (0.0, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0),
    "director": (0.0, 0.05, 0.1, 0.2),
    "cast": (0.0, 0.05, 0.1, 0.2),
    "era": (0.0, 0.05, 0.1, 0.2, 0.3, 0.5),
    "quality": (0.0, 0.05, 0.12, 0.25, 0.4, 0.6),
}


def feature_rows(data: Data, variant: Variant, seeds: list[str]) -> tuple[np.ndarray, list[tuple[int, int, str]]]:
    """Each judged title's ranker features for its seed (the engine's score_candidate, one signal at a
    time) and the (OK row, NOT_OK row, seed) pairs over them. Score = features @ weights is linear."""
    matrix = data.representation(variant)
    rows: list[list[float]] = []
    index: dict[tuple[str, str], int] = {}
    by_seed: dict[str, dict[str, bool]] = defaultdict(dict)
    for j in data.judgements:
        by_seed[j.seed_id][j.other_id] = j.ok
    one_hot = [Weights(**{f: float(f == g) for f in (*FEATURES, "mood")}) for g in FEATURES]
    for seed_id in seeds:
        seed = data.titles[data.row[seed_id]]
        sims = similarities(data, variant, matrix, seed_id)
        plan = TurnPlan(message="", parsed=ParsedRequest(text=""), seeds=[seed])
        for other in by_seed[seed_id]:
            j = data.row.get(other)
            if j is None:
                continue
            index[(seed_id, other)] = len(rows)
            if not np.isfinite(sims[j]):
                rows.append([np.nan] * len(FEATURES))  # never offered: ranks last whatever the weights
                continue
            c = Candidate(title=data.titles[j], similarity=float(max(0.0, min(1.0, sims[j]))))
            rows.append([score_candidate(c, plan, w, data.latest_year) for w in one_hot])
    pairs = []
    for seed_id in seeds:
        oks = [o for o, ok in by_seed[seed_id].items() if ok and (seed_id, o) in index]
        bads = [o for o, ok in by_seed[seed_id].items() if not ok and (seed_id, o) in index]
        pairs += [(index[(seed_id, g)], index[(seed_id, b)], seed_id) for g in oks for b in bads]
    return np.array(rows, dtype=np.float64), pairs


def _accuracy(features: np.ndarray, pairs: list[tuple[int, int, str]], w: np.ndarray) -> float:
    scores = np.nan_to_num(features @ w, nan=NEVER_SHOWN)
    good = scores[[p[0] for p in pairs]]
    bad = scores[[p[1] for p in pairs]]
    return float(np.mean((good > bad) + 0.5 * (good == bad))) if pairs else 0.0


def tune_weights(features: np.ndarray, pairs: list[tuple[int, int, str]]) -> Weights:
    """The grid point with the best pairwise accuracy (similarity weight 1 before normalising)."""
    import itertools

    best, best_w = -1.0, None
    for combo in itertools.product(*GRID.values()):
        w = np.array([1.0, *combo])
        acc = _accuracy(features, pairs, w)
        if acc > best + 1e-9:
            best, best_w = acc, w
    w = best_w / best_w.sum()  # the engine's weights sum to 1, so a score reads as a percentage
    return Weights(**dict(zip(FEATURES, (round(float(x), 3) for x in w), strict=True)), mood=0.0)


def cross_validated_weights(data: Data, variant: Variant) -> tuple[list[Weights], Weights]:
    """Weights tuned on each fold (to score the other), and tuned on all seeds (to ship)."""
    features, pairs = feature_rows(data, variant, data.seeds)
    per_fold = [tune_weights(features, [p for p in pairs if fold_of(p[2]) == f]) for f in (0, 1)]
    return per_fold, tune_weights(features, pairs)


# --- command line ------------------------------------------------------------------------------


def tuned_variants(data: Data, say: Callable[[str], None]) -> list[Variant]:
    out = []
    for base in (
        Variant("product", "", pool=30),
        Variant(
            "fields-no-title",
            "",
            representation="fields",
            field_weights={"genre": 0.4, "description": 0.5, "cast": 0.05, "director": 0.05},
            pool=30,
        ),
    ):
        per_fold, shipped = cross_validated_weights(data, base)
        say(f"tuned on {base.name}: folds {per_fold}; all seeds {shipped}")
        out.append(
            Variant(
                f"tuned-{base.name}",
                f"{base.name} + boosts tuned on the other fold, 30 candidates (all-seed weights: {shipped})",
                representation=base.representation,
                field_weights=base.field_weights,
                pool=30,
                fold_weights=(per_fold[0], per_fold[1]),
                weights=shipped,
            )
        )
    return out


def render(results: list[Result]) -> str:
    lines = [f"{'variant':26}{'pairwise':>9}{'P@5':>7}{'judged':>8}{'OK':>5}{'ms/seed':>9}  folds (pairwise, P@5)"]
    for r in results:
        folds = "  ".join(f"({a:.3f}, {p:.3f})" for a, p in r.folds)
        lines.append(
            f"{r.name:26}{r.pairwise_accuracy:>9.3f}{r.precision_at_5:>7.3f}{r.judged_in_top5:>8}"
            f"{r.ok_in_top5:>5}{r.ms_per_seed:>9.1f}  {folds}"
        )
    by_name = {r.name: r for r in results}
    for a, b in (
        (SHIPPED, "original"),
        ("tuned-product", SHIPPED),
        (SHIPPED, "product-text"),
        ("product+bm25+boosts", "product+boosts"),
    ):
        if a in by_name and b in by_name:
            point, low, high = bootstrap_difference(by_name[a], by_name[b])
            lines.append(f"pairwise {a} - {b}: {point:+.3f} (95% CI over seeds {low:+.3f} .. {high:+.3f})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variant", action="append", help="Only these variants (default: all).")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--plot", type=Path, help="Write the quality/latency plot here (e.g. docs/results.png).")
    args = parser.parse_args(argv)
    from config import get_settings

    say: Callable[[str], None] = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    data = load_data(get_settings(), say=say)
    chosen = [v for v in variants() if not args.variant or v.name in args.variant]
    if not args.variant or any(name.startswith("tuned") for name in args.variant):
        chosen += tuned_variants(data, say)
    results = []
    for v in chosen:
        say(f"{v.name}: {v.description}")
        results.append(evaluate(data, v))
    print(render(results))
    if args.plot:
        from evals.plot import plot_results

        plot_results(results, args.plot, shipped=SHIPPED)
    if args.json:
        print(json.dumps([{k: v for k, v in r.__dict__.items() if k != "per_seed"} for r in results]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
