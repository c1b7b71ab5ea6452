"""How strongly a title shows content a user wants to avoid ("nothing too violent", "less scary"), 0-1.

The catalog has no content ratings, so the signs are what the records do hold: genres that carry the
content (a war film shows violence), the words of the overview, keywords and encyclopedia description ("a
psychopath who kills for pleasure", "a slasher film"), and an adults-only certificate. Each sign has a
strength (lexicon_data/preferences.toml, [content_signs]); a title's share is 1 - the product of
(1 - strength) over its signs, so two weak signs add up and none reaches 1 alone. A genre the user asks for
or likes is no sign ("a scary movie but not gory" wants horror, only less gore).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from catalog.models import Title
from chains.preference_words import preference_words

WORD_STRENGTH = 0.5  # one of the content's words in the overview or keywords
SECOND_WORD_STRENGTH = 0.3  # a second, different one
CERTIFICATE_STRENGTH = 0.4  # an adults-only certificate (it may be for language or sex as much)


@dataclass(frozen=True)
class ContentSigns:
    genres: dict[str, float]
    words: re.Pattern[str] | None
    certificates: frozenset[str]


@cache
def content_signs() -> dict[str, ContentSigns]:
    signs = {}
    for content, data in preference_words()["content_signs"].items():
        words = re.compile(rf"\b(?:{data['words']})\b", re.IGNORECASE) if data["words"] else None
        signs[content] = ContentSigns(dict(data["genres"]), words, frozenset(data["certificates"]))
    return signs


@lru_cache(maxsize=200_000)  # pure; the same titles come back on every turn, and the search is most of the cost
def _words_found(content: str, overview: str, described_as: str, keywords: tuple[str, ...]) -> int:
    """How many different words of the content's signs the record's text holds."""
    words = content_signs()[content].words
    assert words is not None
    text = " ".join([overview, described_as, *keywords])
    return len({m.group(0).lower() for m in words.finditer(text)})


def content_share(title: Title, contents: Iterable[str], wanted_genres: frozenset[str] = frozenset()) -> float:
    """0 (shows none of the contents) to 1 (shows them plainly)."""
    clear = 1.0
    for content in contents:
        signs = content_signs().get(content)
        if signs is None:
            continue
        strengths = [s for g, s in signs.genres.items() if g in title.genres and g not in wanted_genres]
        if signs.words is not None:
            found = _words_found(content, title.overview, title.described_as, tuple(title.keywords))
            strengths += [WORD_STRENGTH, SECOND_WORD_STRENGTH][:found]
        if title.certificate in signs.certificates:
            strengths.append(CERTIFICATE_STRENGTH)
        for strength in strengths:
            clear *= 1 - strength
    return 1 - clear
