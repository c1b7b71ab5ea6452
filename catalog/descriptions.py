"""What an encyclopedia lead says a film is, in its own words.

A Wikipedia lead names the kind of film in its first sentence: "Titanic is a 1997 American epic romance
and disaster film", "Notting Hill is a 1999 romantic comedy film", "Mad Max: Fury Road is a 2015
Australian post-apocalyptic action film". Genre labels are coarser than that (*Forrest Gump* and
*Notting Hill* are both Comedy, Drama, Romance), and the lead is the one place the data tells a romantic
comedy from a comedy-drama with a love story, or an Australian film from an American one shot there.
"""

from __future__ import annotations

import re

# "is a 1997 American epic romance and disaster film": the words between the article (and the year) and the
# noun that ends the phrase. Greedy within eight words, so "American drama film" is kept whole, not cut at
# "drama"; the first sentence only, so a later "film" of another clause is never reached.
_KIND = re.compile(
    r"\b(?:is|was)\s+an?\s+(?:(?:18|19|20)\d\d\s+)?"
    r"(?P<kind>(?:[\w'’-]+\s+){0,8}(?:film|movie|series|miniseries|serial|sitcom|documentary|drama|comedy|short))\b",
    re.IGNORECASE,
)
# A sentence ends at a full stop before a capital; not after an initial ("J. R. R."), a title ("Dr.") or in an
# ellipsis (*When Harry Met Sally...*).
_FIRST_SENTENCE = re.compile(r"(?<![A-Z.])(?<!\b(?:Mr|Dr|St|Jr|Sr|vs))\.\s+(?=[A-Z])")
# Words that start a clause, not a kind: "is a film directed by", "was a 1990 film starring".
_NOT_KIND_WORDS = frozenset({"directed", "written", "produced", "starring", "based", "by", "from", "about", "that"})


def described_as(lead: str) -> str:
    """The kind phrase of a lead ("American epic romance and disaster film"), or "" when it names none."""
    if not lead:
        return ""
    end = _FIRST_SENTENCE.search(lead)
    sentence = lead[: end.start()] if end else lead[:300]
    m = _KIND.search(sentence)
    if not m:
        return ""
    words = m.group("kind").split()
    if any(w.lower() in _NOT_KIND_WORDS for w in words):
        return ""
    return " ".join(words)
