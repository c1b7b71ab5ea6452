"""Short replies about the title just talked about: "loved that one", "not for me", "I haven't heard of it".

They name no title: the planner applies them to the previous answer's title in focus (the one
referred to, else the first pick). "I've seen it" is read by the request parser's references pass.
"""

from __future__ import annotations

import re

from chains.preference_words import cue_regex
from chains.preferences import Reaction

_ORDER: tuple[Reaction, ...] = ("unknown", "disliked", "liked")  # "haven't seen it" before "seen it"


def read_reaction(text: str) -> tuple[Reaction, tuple[int, int]] | None:
    """The reaction a message states about 'it' / 'that one', with its span, or None."""
    for reaction in _ORDER:
        m = cue_regex("reactions", reaction).search(text)
        if m:
            return reaction, (m.start(), m.end())
    return None


def is_only_a_reaction(text: str, span: tuple[int, int]) -> bool:
    """Nothing but the reaction and punctuation or thanks: "Not for me, thanks."."""
    rest = (text[: span[0]] + " " + text[span[1] :]).lower()
    return not re.sub(r"[\W_]+|\b(?:thanks?|thank\s+you|ok(?:ay)?|hmm+|oh|ah|well|so|yeah|yes|no|nope)\b", "", rest)
