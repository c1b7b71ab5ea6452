"""Short replies about the title just talked about: "loved that one", "not for me", "I haven't heard of it".

They name no title: the planner applies them to the previous answer's title in focus (the one
referred to, else the first pick). "I've seen it" is read by the request parser's references pass.
"""

from __future__ import annotations

import re

from chains.preference_words import cue_regex
from chains.preferences import Reaction

_ORDER: tuple[Reaction, ...] = ("unknown", "disliked", "liked")  # "haven't seen it" before "seen it"


_SENTENCE_START = re.compile(r"(?:^|[.!?]\s*)$")


def _inside_a_title(text: str, m: re.Match[str]) -> bool:
    """'something like It (2017)', 'Some Like It Hot', 'It's a Wonderful Life': the pronoun is written
    with a capital where a sentence does not start, so it is part of a film's name, not a reaction."""
    last_word = m.group().split()[-1]
    if not last_word[:1].isupper():
        return False
    verb_capitalised = m.group()[:1].isupper()
    return not verb_capitalised or not _SENTENCE_START.search(text[: m.start()])


def read_reaction(text: str) -> tuple[Reaction, tuple[int, int]] | None:
    """The reaction a message states about 'it' / 'that one', with its span, or None."""
    for reaction in _ORDER:
        for m in cue_regex("reactions", reaction).finditer(text):
            if not _inside_a_title(text, m):
                return reaction, (m.start(), m.end())
    return None


_PLURAL = re.compile(r"\b(?:both|them|those|these|all)\b", re.IGNORECASE)


def covers_several(text: str, span: tuple[int, int]) -> bool:
    """'I liked both of those', 'loved them all': the reaction is about every title just offered."""
    return bool(_PLURAL.search(text, span[0], span[1]))


def is_only_a_reaction(text: str, span: tuple[int, int]) -> bool:
    """Nothing but the reaction and punctuation or thanks: "Not for me, thanks."."""
    rest = (text[: span[0]] + " " + text[span[1] :]).lower()
    return not re.sub(r"[\W_]+|\b(?:thanks?|thank\s+you|ok(?:ay)?|hmm+|oh|ah|well|so|yeah|yes|no|nope)\b", "", rest)
