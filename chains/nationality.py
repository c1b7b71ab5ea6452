"""Nationality and language words: "British", "Korean", "French", "in Spanish", "Spanish-language".

They name where a film is from or what it is spoken in, as the catalog records it (`Title.countries`,
`Title.language`), never words of a title. A nationality ("a Korean thriller") reads as the country;
"in Spanish" or "Spanish-language" as the language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from pydantic import BaseModel, ConfigDict

from catalog.models import Title
from chains.preference_words import preference_words
from chains.preferences import Preferences


class Origin(BaseModel):
    model_config = ConfigDict(frozen=True)

    countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()


@cache
def _nationalities() -> dict[str, dict]:
    return {word.lower(): entry for word, entry in preference_words()["nationality"].items()}


def is_nationality_word(word: str) -> bool:
    """Whether a word names a nationality ("American", "british"), in any case."""
    return word.lower() in _nationalities()


@cache
def _language_names() -> dict[str, str]:
    names = {e["language"].lower(): e["language"] for e in _nationalities().values() if "language" in e}
    for extra in ("Hindi", "Tamil", "Telugu", "Malayalam", "Mandarin", "Cantonese", "Arabic", "Persian", "Hebrew"):
        names.setdefault(extra.lower(), extra)
    return names


@cache
def _language_re() -> re.Pattern[str]:
    words = "|".join(sorted(map(re.escape, _language_names()), key=len, reverse=True))
    return re.compile(
        rf"\b(?:(?:in|spoken\s+in|dubbed\s+in)\s+(?P<lang1>{words})\b(?![- ]speaking)"
        rf"|(?P<lang2>{words})[- ](?:language|speaking|spoken))\b",
        re.IGNORECASE,
    )


@cache
def _nationality_re() -> re.Pattern[str]:
    words = "|".join(sorted(map(re.escape, _nationalities()), key=len, reverse=True))
    # "Spanish" alone after "in" is a language; handled first. A capital letter is not required:
    # people type "korean thriller".
    return re.compile(rf"\b(?P<word>{words})\b(?![- ](?:language|speaking|spoken))", re.IGNORECASE)


def read_origin(text: str) -> Origin:
    """Countries and languages named by a message, with the spans that named them."""
    countries: list[str] = []
    languages: list[str] = []
    spans: list[tuple[int, int]] = []
    for m in _language_re().finditer(text):
        word = (m.group("lang1") or m.group("lang2")).lower()
        languages.append(_language_names()[word])
        spans.append((m.start(), m.end()))
    for m in _nationality_re().finditer(text):
        if any(s <= m.start() < e for s, e in spans):
            continue
        word = m.group("word").lower()
        if word == "english" and not re.search(r"\benglish\s+(?:film|movie|drama|comedy|series|show)", text, re.I):
            continue  # "English" mostly means the language of the answer, not a country
        entry = preference_words()["nationality"][_original_key(word)]
        countries += entry["countries"]
        if entry.get("language", "English") != "English":
            languages.append(entry["language"])  # a Korean film may be known by its language alone
        spans.append((m.start(), m.end()))
    return Origin(
        countries=tuple(dict.fromkeys(countries)), languages=tuple(dict.fromkeys(languages)), spans=tuple(spans)
    )


def _original_key(word: str) -> str:
    return next(k for k in preference_words()["nationality"] if k.lower() == word)


# Where films are mostly made in English: a title with no recorded language reads as English-speaking when one
# of its countries is among these.
ENGLISH_SPEAKING_COUNTRIES = frozenset(
    {
        "United States",
        "United States of America",
        "USA",
        "US",
        "United Kingdom",
        "UK",
        "England",
        "Scotland",
        "Wales",
        "Ireland",
        "Canada",
        "Australia",
        "New Zealand",
    }
)


def in_english(title: Title) -> bool | None:
    """Whether a title is in English: its recorded language, else its countries; None when the record has
    neither (two titles in three)."""
    if title.language:
        return title.language == "English"
    if title.countries:
        return bool(ENGLISH_SPEAKING_COUNTRIES & set(title.countries))
    return None


_LEAD_WORD = re.compile(r"[^\W\d_]+(?:-language)?")


def lead_countries(title: Title) -> frozenset[str]:
    """The countries the encyclopedia lead gives as the title's nationality: "a 2015 Australian post-apocalyptic
    action film" -> Australia; "British-American" -> both. A language ("French-language") names none."""
    countries: set[str] = set()
    for word in _LEAD_WORD.findall(title.described_as):
        entry = _nationalities().get(word.lower())
        if entry is not None:
            countries.update(entry["countries"])
    return frozenset(countries)


def chiefly_from(title: Title, countries: Iterable[str], languages: Iterable[str] = ()) -> bool | None:
    """Whether a title is chiefly from the asked countries, not one of several co-producers: True when its lead
    names one of them as its nationality or they are its only countries; False when its lead names only others
    (*Mystic River* is "American", though Australia co-produced it) or it is spoken in another language than
    the one asked (*Hot Fuzz*, in English, for "a French comedy"); None when the record cannot tell."""
    asked = set(countries)
    named = lead_countries(title)
    if named:
        return bool(named & asked)
    asked_languages = set(languages)
    if asked_languages and title.language and title.language not in asked_languages:
        return False
    if title.countries and set(title.countries) <= asked:
        return True
    return None


def origin_fits(title: Title, preferences: Preferences) -> bool | None:
    """Whether a title comes from the countries or speaks the language asked for; None if none was asked."""
    if not preferences.countries and not preferences.languages:
        return None
    if title.language and title.language in preferences.languages:
        return True
    return bool(set(preferences.countries) & set(title.countries))
