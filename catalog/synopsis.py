"""One synopsis told twice: sources copy a film's synopsis from each other, word for word or nearly, so two
listings under different names whose synopses say the same are one film (*Parasite* and IMDb's *Gisaengchung*).
Used by the catalog merge and, for what it could not join, by the retriever."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz

# Two synopses saying this much the same (rapidfuzz token-set ratio) are one film's.
SAME_SYNOPSIS_RATIO = 85


@lru_cache(maxsize=50_000)  # the same synopses come back on every turn
def _words(synopsis: str) -> frozenset[str]:
    return frozenset(synopsis.lower().split())


def same_synopsis(a: str, b: str) -> bool:
    """Whether two synopses are one text, give or take a few words."""
    if not a or not b:
        return False
    # Most pairs share few words: a set intersection rules them out before the (slower) fuzzy ratio.
    words_a, words_b = _words(a), _words(b)
    if 2 * len(words_a & words_b) < min(len(words_a), len(words_b)):
        return False
    return fuzz.token_set_ratio(a, b) >= SAME_SYNOPSIS_RATIO
