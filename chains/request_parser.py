"""The deterministic request parser: it always runs, with or without a language model.

It reads a message left to right in passes, each pass taking the characters it understood (one
shared `Spans`, see spans.py) so no word counts twice: references to earlier picks ("more like the
second one"), named titles ("something like Arrival (2016)"), years and decades, runtime, type,
platform, genres to include or exclude, then soft moods (their words: lexicon.py). What nobody took
becomes the free-text semantic query.
Explicit constraints become `SearchFilters`; moods never filter, they only steer the ranking.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from catalog.genres import genre_from_word
from catalog.platforms import platform_from_word
from chains.film_kinds import asked_kinds
from chains.lexicon import DECADE_WORDS, FILLER_PATTERN, MOOD_REGEXES, MOODS, NUMBER_WORDS, ORDINALS, STOPWORDS
from chains.models import ParsedRequest
from chains.notes import Note, NoteCode, note
from chains.preference_reader import PreferenceReader, ReadPreferences
from chains.preference_words import cue_regex, preference_words
from chains.preferences import Reaction
from chains.protagonist import asks_for_a_woman_lead
from chains.reactions import covers_several, read_reaction
from chains.spans import Spans
from chains.taste_statements import disliked_parts
from chains.title_resolver import PAREN_YEAR_RE, Mention, TitleResolver
from chains.vocabulary import Vocabulary
from vectorstore.filters import SearchFilters


def _ci(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# --- references to earlier picks ----------------------------------------------------------------
_ORD = (
    r"(?:#\s?(?P<n1>\d{1,2})|(?:number|no\.?|pick|option|choice|result)\s?(?P<n2>\d{1,2})"
    r"|(?:the\s+)?(?P<word>first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|last)"
    r"(?:\s+(?:one|pick|option|suggestion|movie|film|title|show|result))?"
    r"|(?:the\s+)?(?P<n3>\d)(?:st|nd|rd|th)?\s+one)"
)
_MORE_LIKE_RE = _ci(
    rf"\b(?:(?:something|anything|more|movies?|films?|shows?)\s+)?(?:more\s+)?(?:like|similar\s+to|closer\s+to"
    rf"|in\s+the\s+direction\s+of|along\s+the\s+lines\s+of|of|from)\s+{_ORD}"
)
_SEEN_RE = _ci(
    rf"\b(?:i'?ve|i\s+have|i|we'?ve|already)\s+(?:already\s+|also\s+)?(?:seen|watched|saw)"
    rf"(?:\s+(?:it|that(?:\s+one)?|this(?:\s+one)?|{_ORD})(?:\s+already)?|\s*(?=[,.!;]|$))"
)
_SEEN_ORD_RE = _ci(rf"\b(?:seen|watched|saw)\s+{_ORD}")
_REJECT_RE = _ci(
    rf"\b(?:not|no\s+to|drop|skip|remove|nix|lose|without|except|but\s+not|(?:don'?t|do\s+not)\s+(?:like|want))"
    rf"\s+(?:the\s+)?(?:(?:that|this)\s+one|{_ORD})|\bnot\s+(?:that|this)(?=\s*[,.!]|$)"
)

# --- years ----------------------------------------------------------------------------------------
_Y = r"((?:18|19|20)\d\d)"
_DECADE = (
    r"(?:(?:(1[89]|20)(\d)0|'?(\d)0)\s?'?s\b|(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))"
)
_PART = r"(?:(early|mid|late)[- ]?)?"
_DECADE_RE = _ci(
    rf"(?<!set )(?<!takes place )\b(?:(?:from|in|during|of|made\s+in|released\s+in)\s+)?(?:the\s+)?{_PART}{_DECADE}"
)
_SET_IN_RE = _ci(rf"\b(?:set|takes\s+place|taking\s+place)\s+in\s+(?:the\s+)?{_PART}{_DECADE}")
# "my parents, they're in their 70s", "a dad in his forties": an age, not a release decade.
_AGE_DECADE_RE = _ci(rf"\b(?:their|his|her|my|our|your)\s+{_PART}{_DECADE}")
_RANGE_RE = _ci(
    rf"\b(?:(?:made|released)\s+)?(?:between\s+{_Y}\s+and\s+{_Y}|(?:from\s+)?{_Y}\s*(?:-|–|to|through|until)\s*{_Y})\b"
)
_BEFORE_RE = _ci(
    rf"\b(?:(?:made|released)\s+)?(before|prior\s+to|pre-?|older\s+than|earlier\s+than|up\s+to|until|through|by)\s*"
    rf"(?:the\s+(?:year\s+)?)?(?:{_Y}|{_PART}{_DECADE})"
)
_AFTER_RE = _ci(
    rf"\b(?:(?:made|released)\s+)?(after|post-?|newer\s+than|later\s+than|since|from)\s*(?:the\s+(?:year\s+)?)?"
    rf"(?:{_Y}|{_PART}{_DECADE})(\s+(?:on|onwards?|and\s+(?:later|after|newer|up)|or\s+(?:later|newer|after)))?"
)
_OR_LATER_RE = _ci(rf"\b{_Y}\s*(?:\+|or\s+(?:later|newer|after)|and\s+(?:later|newer|up|after)|onwards?)")
_OR_EARLIER_RE = _ci(rf"\b{_Y}\s*or\s+(?:earlier|before|older)")
_EXACT_YEAR_RE = _ci(rf"\b(?:(?:made|released|came\s+out)\s+)?(?:in\s+|from\s+)?{_Y}\b(?!\s*(?:min|minutes)\b)")
_RELATIVE_RE = _ci(
    r"\b(?:(?:from|in|of)\s+)?(?:the\s+)?(?:last|past)\s+(\w+)\s+years?\b|\b(?:from\s+|in\s+)?the\s+(?:last|past)\s+decade\b"
    r"|\b(?:more\s+)?(?:recent|recently\s+released|new\s+releases?|newly\s+released|latest)\b"
    r"|\bolder\s+than\s+(\w+)\s+years\b|\b(?:at\s+least|over)\s+(\w+)\s+years\s+old\b"
)

# --- runtime ----------------------------------------------------------------------------------
_NUM = r"(\d+(?:\.\d+)?|an?|one|two|three|four|five|six|ten|fifteen|twenty|thirty|forty(?:-five)?|fifty|sixty|ninety)"
_AMOUNT = (
    rf"(?:{_NUM}\s*(?:and\s+a\s+half\s+)?(?P<unit>h\b|hrs?\b|hours?\b|m\b|mins?\b|minutes?\b)"
    rf"(?:\s+and\s+a\s+half)?(?:\s+(?:and\s+)?(\d+)\s*(?:m\b|mins?\b|minutes?\b))?|half\s+an\s+hour)"
)
_RUNTIME_MAX_RE = _ci(
    rf"\b(?P<cmp>under|less\s+than|shorter\s+than|below|within|at\s+most|no\s+(?:more|longer)\s+than|not\s+(?:more|longer)\s+than"
    rf"|max(?:imum)?(?:\s+of)?|up\s+to|<=?|fewer\s+than)\s*{_AMOUNT}(?:\s+(?:long|runtime|running\s+time))?"
)
_RUNTIME_MIN_RE = _ci(
    rf"\b(?P<cmp>over|more\s+than|longer\s+than|at\s+least|above|min(?:imum)?(?:\s+of)?|>=?)\s*{_AMOUNT}(?:\s+long)?"
)
_RUNTIME_TAIL_RE = _ci(
    rf"\b{_AMOUNT}\s+(?:or\s+)?(?P<dir>less|shorter|under|fewer|more|longer|over|max(?:imum)?|tops|at\s+most"
    rf"|at\s+the\s+most|min(?:imum)?|at\s+least)\b"
)

# --- type -----------------------------------------------------------------------------------------
_TV_RE = _ci(
    r"\b(?:tv|television)(?:\s+(?:shows?|series|programs?|programmes?))?\b|\b(?:mini-?)?series\b|\bsitcoms?\b"
    r"|\bshows?\b(?!\s+(?:me|us|him|her|them)\b)|\bbinge(?:-?(?:watch|worthy))?\b|\bk-?dramas?\b"
)
_MOVIE_RE = _ci(r"\b(?:movies?|films?|feature(?:\s+films?)?|flicks?|cinema)\b")
_EITHER_TYPE_RE = _ci(
    r"\b(?:movies?|films?)\s+(?:or|and|/)\s+(?:tv\s+)?(?:shows?|series)\b|\b(?:tv\s+)?(?:shows?|series)\s+(?:or|and|/)\s+(?:movies?|films?)\b"
)

# --- platform --------------------------------------------------------------------------------------
_PLATFORM_RE = _ci(
    r"\b(?P<neg>not\s+|except\s+|no\s+)?(?:(?:on|via|from|streaming\s+on|available\s+on|in|at|with)\s+)?"
    r"(?:(?P<named>netflix|hulu|disney\s?\+|disney\s+plus|disneyplus|amazon\s+prime(?:\s+video)?|prime\s+video)"
    r"|(?<=on\s)(?P<bare>disney|prime|amazon))(?![\w+])"
)

# --- genres ----------------------------------------------------------------------------------------
_NEGATION_RE = _ci(
    r"\b(?:no|not|non|without|nothing|none|avoid|avoiding|except|excluding|skip|hate|hates|dislike|never|nor|neither"
    r"|anything\s+but|other\s+than|rather\s+than|instead\s+of|isn'?t|aren'?t|less|no\s+more|not\s+into|tired\s+of"
    r"|sick\s+of|don'?t\s+(?:want|like|need)(?:\s+any)?|do\s+not\s+(?:want|like))\b[-\s]*"
    r"(?:(?:too|very|a|an|any|the|more|really|of|fan\s+of|into|in\s+the\s+mood\s+for|for)\s+)*[-\s]*$"
)
_CHAIN_RE = _ci(r"^\s*(?:,|or|and|nor|/|,\s*or|,\s*and|,\s*nor)\s*(?:no\s+|any\s+|an?\s+)?$")
_OR_RE = _ci(r"^\s*(?:or|/|,\s*or|either)\s*(?:an?\s+)?$")

_FILLER_RE = _ci(FILLER_PATTERN)
_ONLY_RE = _ci(r"\b(?:only|just|strictly|purely|must\s+be)\b")


@dataclass
class ParseResult:
    parsed: ParsedRequest
    mentions: list[Mention] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    reaction: Reaction | None = None  # "loved that one", "not for me": about the title in focus
    reaction_covers_all: bool = False  # "I liked both of those": about every title just offered


class RequestParser:
    def __init__(
        self,
        vocabulary: Vocabulary,
        resolver: TitleResolver | None = None,
        preference_reader: PreferenceReader | None = None,
    ):
        self.vocabulary = vocabulary
        self.resolver = resolver
        self.preference_reader = preference_reader or PreferenceReader(vocabulary)
        self._genre_re = _ci(rf"\b(?:{vocabulary.genre_regex()})\b") if vocabulary.genre_phrases else None
        genre_words = "|".join(f"(?:{p.pattern})" for p in vocabulary.genre_phrases) or "x^"
        alternatives = "|".join(
            [
                *(mood.pattern for mood in MOODS.values()),
                genre_words,
                _MOVIE_RE.pattern,
                _TV_RE.pattern,
                *sorted(STOPWORDS, key=len, reverse=True),
            ]
        )
        self._common_re = _ci(rf"^(?:\W+|\b(?:{alternatives})\b)*$")

    def is_common_phrase(self, text: str) -> bool:
        """Words that are constraints or filler, not a title ('a comedy', 'horror movies', 'suspense')."""
        text = text.strip()
        return bool(self._common_re.match(text)) or (" " not in text and genre_from_word(text) is not None)

    def parse(self, message: str) -> ParseResult:
        text = " ".join(message.split())
        understood = Spans(text)
        filters = SearchFilters()
        notes: list[Note] = []
        parsed = ParsedRequest(text=text)

        reaction = read_reaction(text)
        if reaction is not None:
            understood.take(*reaction[1])
        self._references(text, understood, parsed)
        mentions: list[Mention] = []
        if self.resolver is not None:
            mentions = self._not_in_names(
                text, understood, self.resolver.find_mentions(text, understood, self.is_common_phrase)
            )
        asks_a_mix = self._mix(text, understood)
        _unknown_titles_with_years(text, understood)
        self._years(text, understood, filters)
        self._runtime(text, understood, filters)
        type_words = self._type(text, understood, filters)
        self._platforms(text, understood, filters, notes)
        taste = self._preferences(text, understood, filters, mentions)
        described = self._described_genres(text, understood, taste)
        self._genres(text, understood, filters, type_words, described)
        parsed.mood = self._moods(text, understood)
        # Who is watching steers the tone too ("for my kids" -> family): audience moods join the search's moods.
        parsed.mood = list(dict.fromkeys([*parsed.mood, *taste.preferences.moods]))
        parsed.preferences = taste.preferences.model_copy(update={"moods": tuple(parsed.mood)})
        residual = self._residual(text, understood)
        if self.resolver is not None and not mentions and self._is_bare_title_candidate(text, understood, parsed):
            mention = self._bare_title(text, understood)
            if mention:
                mentions.append(mention)
                residual = ""
                parsed.mood = []
                parsed.preferences = parsed.preferences.model_copy(update={"moods": ()})
        parsed.title_mentions = [m.raw for m in mentions]
        # Not in a title's name (*Spy Kids*) nor in what the user dislikes ("I can't stand romantic comedies").
        not_asked = [*((m.start, m.end) for m in mentions), *disliked_parts(text)]
        parsed.kinds = asked_kinds(text, not_asked)
        parsed.woman_lead = asks_for_a_woman_lead(text, not_asked)
        parsed.mix = asks_a_mix and len(mentions) > 1
        parsed.filters = filters
        parsed.query_text = " ".join(x for x in (residual, *taste.search_words) if x)
        parsed.topic_text = " ".join(x for x in (residual, *taste.story_phrases) if x)
        if reaction is None:
            return ParseResult(parsed, mentions, notes)
        return ParseResult(parsed, mentions, notes, reaction[0], covers_several(text, reaction[1]))

    # --- passes ---------------------------------------------------------------------------------

    def _mix(self, text: str, understood: Spans) -> bool:
        """'a mix of Die Hard and Home Alone', 'something that mixes both': the words are no topic (and, as title
        cues, no title either: *Mix* is a 2019 series)."""
        cues = list(cue_regex("statements", "mix").finditer(text))
        for m in cues:
            understood.take(m.start(), m.end())
        return bool(cues)

    def _references(self, text: str, understood: Spans, parsed: ParsedRequest) -> None:
        alone = re.fullmatch(rf"\s*{_ORD}\s*[.!?]?\s*", text, re.IGNORECASE)
        if alone:  # "#3" on its own: more like that one
            parsed.pick_reference = _ordinal(alone)
            understood.take_all()
            return
        for m in _MORE_LIKE_RE.finditer(text):
            if self._ordinal_starts_a_title(text, m, understood):
                continue
            parsed.pick_reference = _ordinal(m)
            understood.take_match(m)
            break
        for m in list(_SEEN_RE.finditer(text)) + list(_SEEN_ORD_RE.finditer(text)):
            if understood.match_is_taken(m) or self._ordinal_starts_a_title(text, m, understood):
                continue
            parsed.reference_seen = True
            parsed.reject_reference = _ordinal(m) if _ordinal(m) is not None else (parsed.reject_reference or 0)
            understood.take_match(m)
        # "not The Last Samurai" stays a rejection: nothing here handles a negated title, and as a mention
        # it would become a film to look for.
        for m in _REJECT_RE.finditer(text):
            if understood.match_is_taken(m):
                continue
            n = _ordinal(m)
            parsed.reject_reference = n if n is not None else (parsed.reject_reference or 0)
            understood.take_match(m)

    def _ordinal_starts_a_title(self, text: str, m: re.Match, understood: Spans) -> bool:
        """'like First Reformed', 'I've seen The Last Samurai': the ordinal begins a title that runs past
        the reference, so it names a film, not a pick. 'the first one' stays a reference even where a film is
        called that, and so does 'the last horror film': words that are only constraints are no title."""
        if self.resolver is None or m.start("word") < 0:
            return False
        start = m.start("word")
        article = re.search(r"\bthe\s+$", text[m.start() : start], re.IGNORECASE)
        if article:
            start = m.start() + article.start()
        end = self.resolver.title_end(text, start, understood)
        return end is not None and end > m.end() and not self.is_common_phrase(text[m.end() : end])

    def _years(self, text: str, understood: Spans, f: SearchFilters) -> None:
        # "set in the 80s" is about the story, not the release date: it stays in the query. "In their 70s" is
        # someone's age.
        set_in_spans = [(m.start(), m.end()) for r in (_SET_IN_RE, _AGE_DECADE_RE) for m in r.finditer(text)]

        def free(m: re.Match) -> bool:
            inside_set = any(s <= m.start() < e for s, e in set_in_spans)
            return not inside_set and not understood.match_is_taken(m)

        # In this order: a range or a bound before the bare decade or year inside it.
        readers = (
            (_RANGE_RE, _read_range),
            (_BEFORE_RE, _read_before),
            (_AFTER_RE, _read_after),
            (_OR_LATER_RE, _read_or_later),
            (_OR_EARLIER_RE, _read_or_earlier),
            (_DECADE_RE, _read_decade),
            (_RELATIVE_RE, self._read_relative),
            (_EXACT_YEAR_RE, _read_exact_year),
        )
        _read_all(readers, text, understood, f, free)

    def _read_relative(self, m: re.Match, f: SearchFilters) -> bool:
        """'the last five years', 'recent', 'older than 20 years', relative to the catalog's newest title."""
        latest = self.vocabulary.latest_year
        phrase = m.group(0).lower()
        if "older than" in phrase or "years old" in phrase:
            n = _number(m.group(2) or m.group(3))
            if n:
                f.year_max = latest - n
            return bool(n)
        if "decade" in phrase:
            f.year_min = latest - 9
            return True
        if m.group(1):
            n = _number(m.group(1))
            if n:
                f.year_min = latest - n + 1
            return bool(n)
        if "more recent" in phrase:
            return False  # a mood ("newer"), not a bound
        # "recent" is relative to the newest title the catalog knows, not today's date.
        f.year_min = latest - 4
        return True

    def _runtime(self, text: str, understood: Spans, f: SearchFilters) -> None:
        readers = (
            (_RUNTIME_MAX_RE, _read_runtime_max),
            (_RUNTIME_MIN_RE, _read_runtime_min),
            (_RUNTIME_TAIL_RE, _read_runtime_tail),
        )
        _read_all(readers, text, understood, f, lambda m: not understood.match_is_taken(m))

    def _type(self, text: str, understood: Spans, f: SearchFilters) -> list[tuple[int, int]]:
        """Sets the type; returns the spans of type words (genre phrases may still read them)."""
        for m in _EITHER_TYPE_RE.finditer(text):
            if not understood.match_is_taken(m):
                understood.take_match(m)
                return [(m.start(), m.end())]
        tv = [m for m in _TV_RE.finditer(text) if not understood.match_is_taken(m)]
        movie = [m for m in _MOVIE_RE.finditer(text) if not understood.match_is_taken(m)]
        if tv and not movie:
            f.type = "TV Show"
        elif movie and not tv:
            f.type = "Movie"
        for m in tv + movie:
            understood.take_match(m)
        return [(m.start(), m.end()) for m in tv + movie]

    def _platforms(self, text: str, understood: Spans, f: SearchFilters, notes: list[Note]) -> None:
        for m in _PLATFORM_RE.finditer(text):
            if understood.match_is_taken(m):
                continue
            word = (m.group("named") or m.group("bare")).lower()
            name = platform_from_word(re.sub(r"\s*\+", "+", re.sub(r"\s+video$", " video", word)))
            if name is None:
                continue
            if m.group("neg"):
                notes.append(note(NoteCode.PLATFORM_NOT_EXCLUDABLE, platform=name))
            elif name not in f.platforms_any:
                f.platforms_any.append(name)
            understood.take_match(m)

    def _not_in_names(self, text: str, understood: Spans, mentions: list[Mention]) -> list[Mention]:
        """The mentions, without a title that is part of a person's name ("Adam" in "I love Adam Sandler")."""
        people = self.preference_reader.taste.people
        if people is None or not mentions:
            return mentions
        names = [span for _, span in people.find(text)]
        inside = [m for m in mentions if any(s <= m.start and m.end <= e and e - s > m.end - m.start for s, e in names)]
        for s, e in names:
            if any(s <= m.start and m.end <= e for m in inside):
                understood.take(s, e)
        return [m for m in mentions if m not in inside]

    def _preferences(self, text: str, understood: Spans, f: SearchFilters, mentions: list[Mention]) -> ReadPreferences:
        """Taste statements, audience, country and language (chains/preference_reader.py). Their words are
        understood: a genre in "I generally like comedy" is a soft taste, not a filter; "British" and "family
        night" describe, they are not words to search. Disliked genres are left out; a country or language
        named outside a taste statement ("a British mystery series") is asked for, so it filters."""
        taste = self.preference_reader.read(text, mentions)
        for start, end in taste.statement_spans + taste.descriptive_spans:
            understood.take(start, end)
        prefs = taste.preferences
        for genre in prefs.avoided_genres:
            if genre not in f.genres_exclude:
                f.genres_exclude.append(genre)
        stated_in_taste = bool(prefs.liked_genres)  # "I like British comedies": soft, like the genre
        if (prefs.countries or prefs.languages) and not stated_in_taste:
            f.countries_any = list(prefs.countries)
            f.languages_any = list(prefs.languages)
        return taste

    def _described_genres(
        self, text: str, understood: Spans, taste: ReadPreferences
    ) -> dict[tuple[int, int], tuple[str, ...]]:
        """Genre words qualified by a tone or an origin ("a cozy British mystery") whose catalog labels are
        applied unevenly: the request accepts the neighbouring labels too (Father Brown is Crime/Drama, not
        Mystery), and the word stays in the search text. Span -> the genres accepted."""
        if self._genre_re is None:
            return {}
        neighbours = preference_words()["genre_neighbours"]
        described: dict[tuple[int, int], tuple[str, ...]] = {}
        for m in self._genre_re.finditer(understood.masked()):
            genres = self.vocabulary.genres_of(m)
            if len(genres) != 1 or genres[0] not in neighbours:
                continue
            before = re.split(r"[,.;!?]|\band\b|\bor\b", text[max(0, m.start() - 40) : m.start()])[-1]
            words_start = m.start() - len(before)
            by_origin = any(words_start <= s and e <= m.start() for s, e in taste.descriptive_spans)
            by_mood = any(r.search(before) for r in MOOD_REGEXES.values())
            if (by_origin or by_mood) and not _ONLY_RE.search(before):
                known = [g for g in neighbours[genres[0]] if g in self.vocabulary.genres]
                described[(m.start(), m.end())] = tuple(known)
        return described

    def _genres(
        self,
        text: str,
        understood: Spans,
        f: SearchFilters,
        type_words: list[tuple[int, int]] = (),
        described: dict[tuple[int, int], tuple[str, ...]] | None = None,
    ) -> None:
        if self._genre_re is None:
            return
        include_groups: list[tuple[tuple[str, ...], bool]] = []  # (genres, joined to previous by "or")
        prev_end = 0
        prev_negated = False
        # Search the text with understood words blanked out, except type words: "war movies" and
        # "film noir" are genre phrases that share a word with the type.
        masked = understood.freed(type_words).masked()
        for m in self._genre_re.finditer(masked):
            if described and (m.start(), m.end()) in described:
                # Any neighbouring label will do, and the word stays in the search text: _described_genres.
                include_groups.append((described[(m.start(), m.end())], True))
                prev_end, prev_negated = m.end(), False
                continue
            genres = self.vocabulary.genres_of(m)
            if not genres:
                continue
            between = text[prev_end : m.start()]
            clause = re.split(r"[.;!?,]|\bbut\b(?!\s+not)", text[: m.start()])[-1]
            chained = prev_end > 0 and bool(_CHAIN_RE.match(between))
            negated = (prev_negated and chained) or bool(_NEGATION_RE.search(clause[-40:]))
            if negated:
                for g in genres:
                    if g not in f.genres_exclude:
                        f.genres_exclude.append(g)
                neg = _NEGATION_RE.search(clause[-40:])
                if neg:
                    start = m.start() - len(clause[-40:]) + neg.start()
                    understood.take(max(start, 0), m.start())
            else:
                include_groups.append((genres, prev_end > 0 and bool(_OR_RE.match(between))))
            understood.take_match(m)
            prev_end, prev_negated = m.end(), negated
        if not include_groups:
            return
        if any(is_or for _, is_or in include_groups):
            f.genres_any = list(dict.fromkeys(g for genres, _ in include_groups for g in genres))
        else:
            f.genres_all = list(dict.fromkeys(g for genres, _ in include_groups for g in genres))

    def _moods(self, text: str, understood: Spans) -> list[str]:
        masked = understood.masked()
        moods: list[str] = []
        taken: list[tuple[int, int]] = []
        for name, regex in MOOD_REGEXES.items():
            for m in regex.finditer(masked):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                # A mood is a tone, not a topic: "feel-good" must not search "feel", "lighter" not "light",
                # and "less violent" must not pull violent titles in. The retriever adds each mood's words.
                understood.take_match(m)
                if name not in moods:
                    moods.append(name)
        return moods

    def _residual(self, text: str, understood: Spans) -> str:
        masked = understood.masked(" , ")
        words = _FILLER_RE.sub(" ", masked)
        words = re.sub(r"\s*[,;.!?()\[\]]+\s*", " ", words)
        words = re.sub(r"(?<!\w)['’-]+|['’-]+(?!\w)", " ", words)
        residual = words.split()
        # "i have not seen it i think i will try", "do you know any?": conversation without a topic
        if all(w.lower().strip("'’") in STOPWORDS for w in residual):
            return ""
        return " ".join(residual)

    def _is_bare_title_candidate(self, text: str, understood: Spans, parsed: ParsedRequest) -> bool:
        return (
            not understood.any_taken()
            and parsed.pick_reference is None
            and parsed.reject_reference is None
            and 0 < len(text.split()) <= 8
        )

    def _bare_title(self, text: str, understood: Spans) -> Mention | None:
        """A message that is only a title: 'Arrival', 'intersteller', 'the godfather?'."""
        raw = text.strip(" .!?\"'")
        if self.is_common_phrase(raw):
            return None
        res = self.resolver.resolve(raw, fuzzy=len(raw) >= 5) if self.resolver else None
        if res is None or res.best.spelling < 90:
            return None
        understood.take_all()
        return Mention(raw, 0, len(text), res)


_TITLE_WORD_RE = re.compile(r"[\w'’.:&!?-]+")
_TITLE_LINKS = frozenset({"of", "the", "a", "an", "and", "in", "on", "to", "for", "with", "at", "de", "la", "le", "vs"})


def _unknown_titles_with_years(text: str, understood: Spans) -> None:
    """'The Jailhouse (2010)' that the catalog does not hold: a year in brackets after a name is that
    film's year, never a release-year filter, and the capitalised words before it are its name, not
    words to search for (they would find titles that share them). Titles the catalog holds were taken
    before, as mentions."""
    for m in PAREN_YEAR_RE.finditer(text):
        if understood.match_is_taken(m):
            continue
        understood.take_match(m)
        words = list(_TITLE_WORD_RE.finditer(text, 0, m.start()))
        start = None
        for w in reversed(words):
            between = text[w.end() : start if start is not None else m.start()]
            if any(c in between for c in ",;!?") or understood.is_taken(w.start(), w.end()):
                break
            word = w.group()
            if word[:1].isupper() or word[:1].isdigit():
                if word == "I" and start is not None:
                    break
                start = w.start()
            elif word.lower() not in _TITLE_LINKS or start is None:
                break
        if start is not None:
            understood.take(start, m.start())


# --- readers: each sets the filters from one match and says whether it understood it -------------

_Reader = Callable[[re.Match, SearchFilters], bool]


def _read_all(
    readers: Iterable[tuple[re.Pattern[str], _Reader]],
    text: str,
    understood: Spans,
    f: SearchFilters,
    free: Callable[[re.Match], bool],
) -> None:
    """Every reader in turn over every match it may read; a match it understood is taken."""
    for regex, read in readers:
        for m in regex.finditer(text):
            if free(m) and read(m, f):
                understood.take_match(m)


def _inclusive(m: re.Match) -> bool:
    """'at most 90 minutes' includes 90, 'under 90 minutes' does not."""
    cmp = re.sub(r"\s+", " ", m.group("cmp").lower())
    return cmp.startswith(("at most", "at least", "no ", "not ", "max", "min", "up to", "within", "<=", ">="))


def _read_runtime_max(m: re.Match, f: SearchFilters) -> bool:
    minutes = _minutes(m)
    if minutes is not None:
        f.runtime_max = minutes if _inclusive(m) else minutes - 1
    return minutes is not None


def _read_runtime_min(m: re.Match, f: SearchFilters) -> bool:
    minutes = _minutes(m)
    if minutes is not None:
        f.runtime_min = minutes if _inclusive(m) else minutes + 1
    return minutes is not None


def _read_runtime_tail(m: re.Match, f: SearchFilters) -> bool:
    """'90 minutes or less', '2 hours max'."""
    minutes = _minutes(m)
    if minutes is None:
        return False
    if m.group("dir").lower().startswith(("less", "short", "under", "fewer", "max", "tops", "at most", "at the")):
        f.runtime_max = minutes
    else:
        f.runtime_min = minutes
    return True


def _read_range(m: re.Match, f: SearchFilters) -> bool:
    a, b = [int(g) for g in m.groups() if g]
    f.year_min, f.year_max = min(a, b), max(a, b)
    return True


def _bound_and_years(m: re.Match) -> tuple[str, tuple[int, int]] | None:
    """The bound word ('before', 'olderthan', 'since') and the years it names (one year or a decade)."""
    years = _year_or_decade(m, 2)
    return None if years is None else (m.group(1).lower().replace(" ", ""), years)


def _read_before(m: re.Match, f: SearchFilters) -> bool:
    found = _bound_and_years(m)
    if found is None:
        return False
    word, (first, last) = found
    exclusive = word.startswith(("before", "priorto", "pre", "olderthan", "earlierthan"))
    bound = (first - 1) if exclusive else last
    f.year_max = bound if f.year_max is None else min(f.year_max, bound)
    return True


def _read_after(m: re.Match, f: SearchFilters) -> bool:
    found = _bound_and_years(m)
    if found is None:
        return False
    word, (first, last) = found
    if word == "from" and not m.group(m.re.groups):
        return False  # "from 1985" is that year, "from the 80s" that decade: read later
    bound = last + 1 if word in ("after", "post", "post-", "newerthan", "laterthan") else first
    f.year_min = bound if f.year_min is None else max(f.year_min, bound)
    return True


def _read_or_later(m: re.Match, f: SearchFilters) -> bool:
    f.year_min = int(m.group(1))
    return True


def _read_or_earlier(m: re.Match, f: SearchFilters) -> bool:
    f.year_max = int(m.group(1))
    return True


def _read_decade(m: re.Match, f: SearchFilters) -> bool:
    f.year_min, f.year_max = _decade_range(m.group(2), m.group(3), m.group(4), m.group(5), m.group(1))
    return True


def _read_exact_year(m: re.Match, f: SearchFilters) -> bool:
    f.year_min = f.year_max = int(m.group(1))
    return True


# --- helpers --------------------------------------------------------------------------------------


def _ordinal(m: re.Match) -> int | None:
    groups = m.groupdict()
    for key in ("n1", "n2", "n3"):
        if groups.get(key):
            return int(groups[key])
    word = groups.get("word")
    return ORDINALS[word.lower()] if word else None


def _number(word: str | None) -> float | None:
    if word is None:
        return None
    word = word.lower()
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    try:
        return float(word)
    except ValueError:
        return None


def _minutes(m: re.Match) -> int | None:
    phrase = m.group(0).lower()
    if "half an hour" in phrase and not re.search(r"\d|\bhours?\b.*half", phrase.replace("half an hour", "")):
        return 30
    amount_match = re.search(rf"\b{_NUM}\b", phrase[len(m.group("cmp")) :] if "cmp" in m.groupdict() else phrase)
    if amount_match is None:
        return None
    amount = _number(amount_match.group(1))
    if amount is None:
        return None
    unit = (m.group("unit") or "").lower()
    minutes = amount * 60 if unit.startswith("h") else amount
    if "and a half" in phrase and unit.startswith("h"):
        minutes += 30
    extra = re.search(r"(?:hours?|hrs?|h)\s+(?:and\s+)?(\d+)\s*(?:m\b|mins?|minutes?)", phrase)
    if extra:
        minutes += int(extra.group(1))
    return int(round(minutes))


def _decade_range(
    century: str | None, decade_digit: str | None, short_digit: str | None, word: str | None, part: str | None = None
) -> tuple[int, int]:
    if word:
        start = 1900 + DECADE_WORDS[word.lower()]
    elif century:
        start = int(century) * 100 + int(decade_digit) * 10
    else:
        d = int(short_digit)
        # "the 00s"/"10s" are this century; "20s" to "90s" the last one ("the 20s" = the 1920s).
        start = 2000 + d * 10 if d in (0, 1) else 1900 + d * 10
    if part:
        part = part.lower()
        return {"early": (start, start + 3), "mid": (start + 3, start + 6), "late": (start + 6, start + 9)}[part]
    return start, start + 9


def _year_or_decade(m: re.Match, first_group: int) -> tuple[int, int] | None:
    """(first year, last year) from a match whose groups are `_Y` then `_PART` `_DECADE`."""
    g = m.groups()[first_group - 1 :]
    year, part, century, digit, short, word = g[0], g[1], g[2], g[3], g[4], g[5]
    if year:
        return int(year), int(year)
    if century or short or word:
        return _decade_range(century, digit, short, word, part)
    return None
