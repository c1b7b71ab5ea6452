"""Read a message's `Preferences`: taste statements, audience, country and language, tone.

One entry point (`PreferenceReader.read`) runs the readers and returns the preferences with the
character spans they explain, so the request parser neither searches for those words nor turns them
into hard filters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from catalog.models import Title
from chains.audience import audience_avoided_genres, read_audience
from chains.nationality import read_origin
from chains.preference_words import preference_words
from chains.preferences import Preferences
from chains.protagonist import woman_lead_search
from chains.spans import overlaps
from chains.taste_statements import PeopleIndex, TasteReader
from chains.title_resolver import Mention
from chains.vocabulary import Vocabulary


@dataclass
class ReadPreferences:
    preferences: Preferences
    # Words explained as taste (cues, statement genres, people): never hard filters, never searched.
    statement_spans: list[tuple[int, int]] = field(default_factory=list)
    # Words that describe (audience, country, language): never searched as title words.
    descriptive_spans: list[tuple[int, int]] = field(default_factory=list)
    # What story descriptions ("a twist ending") mean, to search instead of their words.
    search_words: list[str] = field(default_factory=list)
    # The story descriptions as written ("heist", "road trip"): the words a synopsis uses for them.
    story_phrases: list[str] = field(default_factory=list)


class PreferenceReader:
    def __init__(self, vocabulary: Vocabulary, people: PeopleIndex | None = None):
        self.taste = TasteReader(vocabulary, people)

    @classmethod
    def from_titles(cls, vocabulary: Vocabulary, titles: Iterable[Title]) -> PreferenceReader:
        return cls(vocabulary, PeopleIndex(titles))

    def read(self, text: str, mentions: Sequence[Mention] = (), moods: Sequence[str] = ()) -> ReadPreferences:
        statements = self.taste.read(text, mentions)
        audience, audience_spans = read_audience(text)
        origin = read_origin(text)
        audience_moods = preference_words()["audience_moods"]
        moods = tuple(dict.fromkeys([*moods, *(m for k in audience.kinds for m in audience_moods.get(k, ()))]))
        avoided_genres = (*statements.preferences.avoided_genres, *audience_avoided_genres(audience))
        preferences = statements.preferences.model_copy(
            update={
                "avoided_genres": tuple(dict.fromkeys(avoided_genres)),
                "audience": audience,
                "countries": origin.countries,
                "languages": origin.languages,
                "moods": moods,
            }
        )
        story_spans, search_words = read_story_descriptions(text)
        return ReadPreferences(
            preferences,
            statements.spans,
            audience_spans + list(origin.spans) + story_spans,
            search_words,
            [text[s:e] for s, e in story_spans],
        )


def read_story_descriptions(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """'a twist ending', 'a heist': their spans, and the words that say what they mean."""
    spans: list[tuple[int, int]] = []
    words: list[str] = []
    for pattern, meaning in [*preference_words()["descriptors"].items(), woman_lead_search()]:
        for m in re.finditer(rf"\b(?:{pattern})\b", text, re.IGNORECASE):
            if overlaps(spans, m.start(), m.end()):
                continue
            spans.append((m.start(), m.end()))
            if meaning not in words:
                words.append(meaning)
    return spans, words


def read_preferences(text: str, vocabulary: Vocabulary, mentions: Sequence[Mention] = ()) -> Preferences:
    """The preferences one message states (no people index: names are not recognised)."""
    return PreferenceReader(vocabulary).read(text, mentions).preferences
