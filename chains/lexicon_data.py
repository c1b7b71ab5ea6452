"""The preference readers' word lists, loaded once from `chains/lexicon/preferences.toml`.

Kept as data so adding a cue phrase or a nationality is one edit there, not a code change.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

_PREFERENCES_FILE = Path(__file__).parent / "lexicon" / "preferences.toml"


@cache
def preference_words() -> dict:
    with _PREFERENCES_FILE.open("rb") as f:
        return tomllib.load(f)


def alternation(patterns: list[str]) -> str:
    """One regex alternative of several patterns, longest first so the fullest phrase wins."""
    return "|".join(f"(?:{p})" for p in sorted(patterns, key=len, reverse=True))


@cache
def cue_regex(section: str, key: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{alternation(preference_words()[section][key])})\b", re.IGNORECASE)
