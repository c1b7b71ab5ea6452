"""Who is watching: "for my kids (8 and 11)", "a family night", "for a date night", "with my parents".

The audience is a soft preference (it steers ranking towards what suits those viewers, from the
catalog's certificates and genres); it never names a topic, so its words are kept out of the search
text ("family night" must not find films with "night" in the title).
"""

from __future__ import annotations

import re

from chains.preference_words import preference_words
from chains.preferences import Audience, AudienceKind
from chains.spans import overlaps

# Grown-ups first: "not for kids" names children only to rule them out, so its words are no "for kids".
_KINDS: tuple[AudienceKind, ...] = ("adults", "kids", "teens", "family", "date", "parents", "friends")
_NUMBER_RE = re.compile(r"\d{1,2}")
# Certificates (US film and TV, UK) a child of at least this age may watch, from the ratings' own ages.
_CERTIFICATE_MIN_AGE = {
    "G": 0,
    "TV-Y": 0,
    "TV-G": 0,
    "U": 0,
    "TV-Y7": 7,
    "TV-Y7-FV": 7,
    "PG": 8,
    "TV-PG": 8,
    "UA": 12,
    "12": 12,
    "12A": 12,
    "PG-13": 13,
    "TV-14": 14,
    "15": 15,
    "R": 17,
    "TV-MA": 17,
    "NC-17": 18,
    "18": 18,
    "A": 18,
}
# Certificates made for the very youngest: fine for a 4-year-old, not what an 8-year-old wants.
_TODDLER_CERTIFICATES = {"TV-Y"}


def read_audience(text: str) -> tuple[Audience, list[tuple[int, int]]]:
    """The audience a message names and the character spans that named it."""
    kinds: list[AudienceKind] = []
    spans: list[tuple[int, int]] = []
    words = preference_words()["audience"]
    for kind in _KINDS:
        for pattern in words[kind]:  # each phrase on its own, so "date night" is taken whole, not "a date"
            for m in re.finditer(rf"\b(?:{pattern})\b", text, re.IGNORECASE):
                if overlaps(spans, m.start(), m.end()):
                    continue
                spans.append((m.start(), m.end()))
                if kind not in kinds:
                    kinds.append(kind)
    for pattern in words["adult_ages"]:  # "my parents, they're in their 70s": no topic, and no child
        spans += [(m.start(), m.end()) for m in re.finditer(rf"\b(?:{pattern})\b", text, re.IGNORECASE)]
    ages: list[int] = []
    age_re = re.compile("|".join(f"(?:{p})" for p in preference_words()["audience"]["ages"]), re.IGNORECASE)
    for m in age_re.finditer(text):
        numbers = [int(n) for n in _NUMBER_RE.findall(m.group(0))]
        plausible = [n for n in numbers if 0 < n < 18]
        if plausible:
            ages += plausible
            spans.append((m.start(), m.end()))
    if ages and not {"kids", "teens"} & set(kinds):
        kinds.append("kids" if min(ages) < 13 else "teens")
    return Audience(kinds=tuple(kinds), kid_ages=tuple(dict.fromkeys(ages))), spans


def audience_avoided_genres(audience: Audience) -> list[str]:
    """The genres left out for these viewers (preferences.toml [audience_avoided_genres]): family films for
    "an animated movie for adults"."""
    table = preference_words()["audience_avoided_genres"]
    return list(dict.fromkeys(g for kind in audience.kinds for g in table.get(kind, [])))


def audience_avoids(audience: Audience) -> list[str]:
    """The content kept away for these viewers (preferences.toml [audience_avoids]): violence for children."""
    table = preference_words()["audience_avoids"]
    return list(dict.fromkeys(c for kind in audience.kinds for c in table.get(kind, [])))


def certificate_suits(certificate: str | None, audience: Audience, leeway: int = 0) -> bool | None:
    """True when the certificate is fine for the youngest viewer (or at most `leeway` years above their age),
    False when not, None when unknown."""
    youngest = audience.youngest
    if youngest is None or not certificate:
        return None
    minimum = _CERTIFICATE_MIN_AGE.get(certificate.strip().upper())
    if minimum is None:
        return None
    if certificate.strip().upper() in _TODDLER_CERTIFICATES and youngest >= 7:
        return False  # toddler programmes for an 8-year-old: suitable, but not what anyone asked for
    return minimum <= youngest + leeway
