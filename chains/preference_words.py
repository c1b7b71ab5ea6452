"""The preference readers' word lists, loaded once from `chains/lexicon_data/preferences.toml`.

Kept as data so adding a cue phrase or a nationality is one edit there, not a code change.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache

from chains.lexicon import DATA_DIR

_PREFERENCES_FILE = DATA_DIR / "preferences.toml"


@cache
def preference_words() -> dict:
    with _PREFERENCES_FILE.open("rb") as f:
        return tomllib.load(f)


def alternation(patterns: list[str]) -> str:
    """One regex alternative of several patterns, in the data file's order: specific phrases are listed
    before general ones ("not a fan of" before a bare "not"), and the first that matches wins."""
    return "|".join(f"(?:{p})" for p in patterns)


@cache
def cue_regex(section: str, key: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{alternation(preference_words()[section][key])})\b", re.IGNORECASE)
