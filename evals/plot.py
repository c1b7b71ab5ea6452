"""docs/results.png: quality and speed of each variant on one figure (matplotlib, Agg: no display)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any


def plot_results(results: Sequence[Any], path: Path, shipped: str | None = None) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    names = [r.name for r in results]
    y = np.arange(len(names))
    fig, (quality, speed) = plt.subplots(
        1, 2, figsize=(12, 0.45 * len(names) + 1.8), sharey=True, gridspec_kw={"width_ratios": [3, 2]}
    )
    height = 0.38
    quality.barh(
        y - height / 2, [r.pairwise_accuracy for r in results], height, label="pairwise accuracy", color="#3b6ea5"
    )
    quality.barh(
        y + height / 2, [r.precision_at_5 for r in results], height, label="judged precision@5", color="#e0a030"
    )
    for i, r in enumerate(results):
        quality.text(r.pairwise_accuracy + 0.005, i - height / 2, f"{r.pairwise_accuracy:.3f}", va="center", fontsize=7)
        quality.text(
            r.precision_at_5 + 0.005,
            i + height / 2,
            f"{r.precision_at_5:.3f} ({r.judged_in_top5})",
            va="center",
            fontsize=7,
        )
    low = min(min(r.pairwise_accuracy for r in results), min(r.precision_at_5 for r in results))
    quality.set_xlim(max(0.0, low - 0.1), 1.08)
    quality.set_yticks(y, [f"{n}  ◀ shipped" if n == shipped else n for n in names], fontsize=8)
    quality.invert_yaxis()
    quality.set_xlabel("MoreLikeThis (higher is better; judged picks in brackets)")
    quality.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2, fontsize=8, frameon=False)
    quality.grid(axis="x", alpha=0.3)

    speed.barh(y, [r.ms_per_seed for r in results], 0.6, color="#6a9f58")
    for i, r in enumerate(results):
        label = f" {r.ms_per_seed:.2g}" if r.ms_per_seed < 1 else f" {r.ms_per_seed:.1f}"
        speed.text(r.ms_per_seed, i, label, va="center", fontsize=7)
    speed.set_xlabel("ms per seed, in-process median (lower is better)")
    speed.grid(axis="x", alpha=0.3)
    fig.suptitle("CineChat retrieval and ranking variants vs the original method, full catalog", fontsize=10)
    fig.tight_layout()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=130)
    plt.close(fig)
    return path
