"""Who a story follows: "an action movie with a strong female lead", "something female-led".

No source in the catalog records a film's lead character, and the genre labels say nothing of it. The
synopsis does: *Salt* is told through "her loyalty", "accuses her"; *Shazam!* through "he" and "his". A
request for a woman at the centre (lexicon_data/preferences.toml, [protagonist]) makes the titles whose
synopsis speaks mostly of women gain fit (fan_ranking.py); the words themselves are not searched ("lead"
would find titles that have it), what they mean is (preference_reader.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache

from catalog.models import Title
from chains.preference_words import preference_words
from chains.spans import found_outside

_WORD = re.compile(r"[a-z]+")
# The female words a synopsis needs before its story counts as hers at full strength: one "her" in a
# two-line synopsis may be a side character.
SURE_FEMALE_WORDS = 2


@cache
def _table() -> dict:
    return preference_words()["protagonist"]


@cache
def _asked() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{_table()['asked']})\b", re.IGNORECASE)


@cache
def _words(key: str) -> re.Pattern[str]:
    return re.compile(rf"(?:{'|'.join(_table()[key])})")


def asks_for_a_woman_lead(text: str, skip: Sequence[tuple[int, int]] = ()) -> bool:
    """Whether the message asks for a story led by a woman, outside the spans to skip (a title, a dislike)."""
    return found_outside(_asked(), text, skip)


def woman_lead_search() -> tuple[str, str]:
    """The request's pattern and the words searched instead of it (preference_reader.py)."""
    return _table()["asked"], _table()["searched"]


@lru_cache(maxsize=65536)  # pure; the same synopses come back on every turn
def _woman_led(overview: str) -> float:
    words = _WORD.findall(overview.lower())
    female = sum(1 for w in words if _words("female_words").fullmatch(w))
    male = sum(1 for w in words if _words("male_words").fullmatch(w))
    if not female:
        return 0.0
    return female / (female + male) * min(1.0, female / SURE_FEMALE_WORDS)


def woman_led(title: Title) -> float:
    """0-1: how much the synopsis speaks of women rather than men (0 when it names no woman at all)."""
    return _woman_led(title.overview) if title.overview else 0.0
