"""Small text helpers shared by the parser, the title resolver and the offline explainer: a title's
matching key, the topic words of a text, a crude stemmer and "A, B and C" lists."""

from __future__ import annotations

import re

from chains.lexicon import STOPWORDS, fold

_NON_WORD = re.compile(r"[^a-z0-9]+")
_WORD = re.compile(r"[a-z][a-z'-]+")


def normalise_title(title: str) -> str:
    """The matching key of a title: folded, '&' as 'and', punctuation removed, spaces collapsed."""
    folded = fold(title).replace("&", " and ").replace("'", "").replace("\u2019", "")
    return _NON_WORD.sub(" ", folded).strip()


def content_words(text: str) -> list[str]:
    """Topic words of a text, in order, without stopwords or very short words."""
    return [w.strip("'-") for w in _WORD.findall(fold(text)) if w not in STOPWORDS and len(w) > 2]


def stem(word: str) -> str:
    """A crude suffix stripper: enough to match 'aliens'/'alien' or 'haunting'/'haunted' in overviews."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def join_names(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
