"""Find the titles a user names and match them to catalog records, typos and years included.

Built once per index (a dict of normalised titles plus a list for fuzzy search) so a turn pays
dictionary lookups, not a scan of the catalog. The words a title may follow ("something like",
"I loved") are the lexicon's title cues; the spans it names are taken from the message's shared
`Spans` so the parser's later passes do not read them again. Matching favours, in order: the spelling (exact,
then article-less, then rapidfuzz ratio), the year the user gave, and how well known the title is
(votes and number of sources), so "Arrival" is the 2016 film and "The Arrival" (1996) is named as
an alternative.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from catalog.models import Title
from catalog.normalize import title_key
from chains.lexicon import NOT_A_TITLE_START, TITLE_CUES
from chains.models import ResolvedTitle
from chains.spans import Spans
from chains.text import normalise_title

EXACT, BARE, VARIANT, ARTICLE_MISMATCH = 100.0, 98.0, 95.0, 90.0
# A "did you mean" may be looser than resolution: it is only shown, never searched with.
SUGGEST_CUTOFF = 75.0
FUZZY_CUTOFF = 88.0  # ratio: 'intersteller' vs 'interstellar' is 91.7; 'alien' vs 'aliens' 90.9
POPULARITY_WEIGHT = 8.0
# Words a named title may span. The catalog's well-known long titles run to 14 words ("Don't Be a Menace
# to South Central While Drinking Your Juice in the Hood"); a cap below that made "The Lord of the Rings:
# The Return of the King" (10) resolve to its 5-word prefix. Only 7 of ~59,000 titles are longer.
MAX_TITLE_WORDS = 16

# Words after which a title usually follows ("something like Arrival", "I loved The Godfather").
_CUE_RE = re.compile(rf"\b(?:{TITLE_CUES})\s+", re.IGNORECASE)
_WORD_RE = re.compile(r"[\w'’&.:+!?-]+")
PAREN_YEAR_RE = re.compile(r"\(\s*((?:18|19|20)\d\d)\s*\)")
_NAMING_VERB_BEFORE = re.compile(r"\b(?:saw|seen|watched|was|called)$")
_PAREN_YEAR_AFTER_RE = re.compile(rf"\s*{PAREN_YEAR_RE.pattern}")
_YEAR_AFTER_RE = re.compile(r"^\s*(?:,\s*)?(?:from |in |of )?(?:the )?((?:18|19|20)\d\d)\b(?!s)", re.IGNORECASE)
# Where a title splits into parts a user may name alone: "Star Wars: Episode IV - A New Hope", the
# alternative-title forms "Dr. Strangelove or: How I Learned..." and "...; or, Held for Ransom", and a
# parenthesised tail: "Birds of Prey (and the Fantabulous Emancipation of One Harley Quinn)".
_TITLE_PARTS_RE = re.compile(r"\s*[:–]\s+|\s+-\s+|[;,]?\s+or[:,]\s+|\s+or\s+(?=\()|\s+\(")
# "Birdman or (The Unexpected Virtue of Ignorance)" when the catalog holds "Birdman": the bracketed
# alternative title belongs to the name, not to the query or to a second mention.
_ALTERNATIVE_TITLE = r"\s*or\s+\([^()]*\)"
_ALTERNATIVE_TITLE_RE = re.compile(_ALTERNATIVE_TITLE, re.IGNORECASE)
_ALTERNATIVE_TITLE_AT_END_RE = re.compile(rf"{_ALTERNATIVE_TITLE}\s*$", re.IGNORECASE)
_CONNECTORS_AFTER_TITLE = re.compile(r"^\s*(?:but|meets|with|and|x|\+|-|–|,|\.|!|\?|$)", re.IGNORECASE)


def popularity(title: Title) -> float:
    """0..1: how well known a title is, from votes (log scale) and how many sources list it."""
    r = title.ratings
    votes = 0.0
    if r.imdb_votes:
        votes = math.log10(1 + r.imdb_votes) / 6.4
    elif r.tmdb_vote_count:
        votes = math.log10(1 + r.tmdb_vote_count) / 4.6
    sources = min(len(title.sources), 5) / 5
    return min(1.0, 0.75 * min(votes, 1.0) + 0.25 * sources)


@dataclass
class Match:
    title: Title
    spelling: float  # 0-100: how well the words match the title
    score: float  # spelling + year + popularity


@dataclass
class Resolution:
    query: str
    best: Match
    alternatives: list[Match] = field(default_factory=list)

    def to_model(self) -> ResolvedTitle:
        return ResolvedTitle(
            id=self.best.title.id,
            title=self.best.title.title,
            year=self.best.title.year,
            alternatives=[f"{m.title.title} ({m.title.year})" for m in self.alternatives],
        )


@dataclass
class Mention:
    """A title named in a message: the words used, where, and what they resolved to."""

    raw: str
    start: int
    end: int
    resolution: Resolution
    year: int | None = None


class TitleResolver:
    def __init__(self, titles: Iterable[Title]):
        self._by_key: dict[str, list[Title]] = defaultdict(list)
        self._by_bare: dict[str, list[Title]] = defaultdict(list)
        self._by_variant: dict[str, list[Title]] = defaultdict(list)
        self._popularity: dict[str, float] = {}
        for title in titles:
            self._popularity[title.id] = popularity(title)
            for other in title.other_titles:  # "Gisaengchung" finds Parasite
                if key := normalise_title(other):
                    self._by_key[key].append(title)
                    self._by_bare[title_key(other)].append(title)
            key = normalise_title(title.title)
            if not key:
                continue
            self._by_key[key].append(title)
            self._by_bare[title_key(title.title)].append(title)
            # "Star Wars: Episode IV - A New Hope" is also found as its parts.
            for part in _TITLE_PARTS_RE.split(title.title):
                part_key = title_key(part)
                if part_key and part_key != title_key(title.title) and len(part_key) >= 4:
                    self._by_variant[part_key].append(title)
        # Sorted by length: fuzz.ratio >= FUZZY_CUTOFF is impossible between strings whose lengths
        # differ by more than the cutoff allows, so a typo search scans only a band of lengths.
        self._fuzzy_keys = sorted(self._by_bare.keys(), key=len)
        self._fuzzy_lengths = [len(k) for k in self._fuzzy_keys]

    # --- resolution -------------------------------------------------------------------------

    def resolve(self, text: str, year: int | None = None, *, fuzzy: bool = True) -> Resolution | None:
        key = normalise_title(text)
        if not key:
            return None
        bare = title_key(text)
        spelled: dict[str, tuple[Title, float]] = {}

        def offer(title: Title, spelling: float) -> None:
            if title.id not in spelled or spelled[title.id][1] < spelling:
                spelled[title.id] = (title, spelling)

        for t in self._by_key.get(key, []):
            offer(t, EXACT)
        said_article = key.split(" ", 1)[0] if key.split(" ", 1)[0] in ("the", "a", "an") and " " in key else None
        for t in self._by_bare.get(bare, []):
            # "Godfather" may drop the article; "The Arrival" names one the 2016 "Arrival" lacks.
            dropped = said_article is not None and not normalise_title(t.title).startswith(said_article + " ")
            offer(t, ARTICLE_MISMATCH if dropped else BARE)
        for t in self._by_variant.get(bare, []):
            offer(t, VARIANT)
        if fuzzy and len(bare) >= 4:
            for found_key, ratio, _ in process.extract(
                bare, self._length_band(len(bare)), scorer=fuzz.ratio, limit=6, score_cutoff=FUZZY_CUTOFF
            ):
                for t in self._by_bare[found_key]:
                    offer(t, min(float(ratio), BARE - 1))
        if not spelled:
            return None
        matches = [Match(t, s, self._score(t, s, year)) for t, s in spelled.values()]
        matches.sort(key=lambda m: (-m.score, -m.spelling, m.title.year))
        best = matches[0]
        if year is not None and abs(best.title.year - year) > 1 and best.spelling < EXACT:
            return None  # "Foo (1990)" must not resolve to a different film that merely looks alike
        alternatives = [
            m
            for m in matches[1:]
            if m.spelling >= best.spelling - 3
            and m.score >= best.score - 12
            and (m.title.title, m.title.year) != (best.title.title, best.title.year)
        ][:3]
        return Resolution(text, best, alternatives)

    def suggest(self, text: str, limit: int = 3) -> list[Title]:
        """Loose look-alikes for a name that resolved to nothing, for a "did you mean" line. Only offered as
        suggestions, never searched with: the cutoff is far below what resolution trusts."""
        bare = title_key(text)
        if len(bare) < 3:
            return []
        found = process.extract(
            bare, self._fuzzy_keys, scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=SUGGEST_CUTOFF
        )
        suggestions: list[Title] = []
        for key, _, _ in found:
            best_known = max(self._by_bare[key], key=lambda t: self._popularity.get(t.id, 0.0))
            if best_known not in suggestions:
                suggestions.append(best_known)
        return suggestions[:limit]

    def _length_band(self, n: int) -> list[str]:
        # ratio = 2 * matches / (n + m) * 100 and matches <= min(n, m) bound the other length m.
        share = FUZZY_CUTOFF / 100
        lo = bisect.bisect_left(self._fuzzy_lengths, math.ceil(n * share / (2 - share)))
        hi = bisect.bisect_right(self._fuzzy_lengths, math.floor(n * (2 - share) / share))
        return self._fuzzy_keys[lo:hi]

    def _score(self, title: Title, spelling: float, year: int | None) -> float:
        score = spelling + POPULARITY_WEIGHT * self._popularity.get(title.id, 0.0)
        if year is not None:
            gap = abs(title.year - year)
            score += 12 if gap == 0 else 6 if gap == 1 else -25
        return score

    def is_title(self, text: str) -> bool:
        return normalise_title(text) in self._by_key or title_key(text) in self._by_bare

    def title_end(self, text: str, start: int, understood: Spans) -> int | None:
        """Where the longest title spelled out from `start` ends, or None. Exact spellings only (dictionary
        lookups): it lets the parser see that "like First Reformed" names a film, not the first pick."""
        words = self._words(text, start, understood)
        for n in range(len(words), 0, -1):
            if self.is_title(text[words[0][0] : words[n - 1][1]].rstrip(".:!?")):
                return words[n - 1][1]
        return None

    # --- finding mentions in a message --------------------------------------------------------

    def find_mentions(
        self, text: str, understood: Spans, is_common_phrase: Callable[[str], bool] = lambda _: False
    ) -> list[Mention]:
        """Titles named in the text outside what was understood already; takes their spans."""
        mentions: list[Mention] = self._whole_message(text, understood)
        mentions += self._parenthesised(text, understood)
        mentions += self._after_cues(text, understood, is_common_phrase)
        mentions += self._title_cased(text, understood, is_common_phrase)
        mentions.sort(key=lambda m: m.start)
        return mentions

    def _whole_message(self, text: str, understood: Spans) -> list[Mention]:
        """A message that is one title written as one, before cue words inside it split it: "Dr. Strangelove
        or: How I Learned to Stop Worrying and Love the Bomb" holds the cue "Love"."""
        raw = text.strip(" .!?\"'")
        words = raw.split()
        if len(words) < 2 or understood.any_taken() or not _title_cased(words) or not self.is_title(raw):
            return []
        res = self.resolve(raw, fuzzy=False)
        if res is None:
            return []
        start = text.index(raw)
        return [self._take(text, understood, start, start + len(raw), res, None)]

    def _words(self, text: str, start: int, understood: Spans) -> list[tuple[int, int]]:
        """Word spans from `start` up to the next character understood already or sentence break. A comma is no
        break: "The Good, the Bad and the Ugly" is one title, and the longest-prefix search below stops
        "Alien, but funny" at "Alien" anyway."""
        found: list[tuple[int, int]] = []
        for m in _WORD_RE.finditer(text, start):
            if understood.match_is_taken(m) or (found and re.search(r"[;!?]|\.\s", text[found[-1][1] : m.start()])):
                break
            if found and understood.is_taken(found[-1][1], m.start()):
                break
            found.append((m.start(), m.end()))
            if len(found) >= MAX_TITLE_WORDS:
                break
        return found

    def _parenthesised(self, text: str, understood: Spans) -> list[Mention]:
        found: list[Mention] = []
        for m in PAREN_YEAR_RE.finditer(text):
            if understood.match_is_taken(m):
                continue
            year = int(m.group(1))
            # Words ending at the year, and, after "Birdman or (The Unexpected ...)", ending before the
            # alternative title too: the catalog may hold either form.
            alternative = _ALTERNATIVE_TITLE_AT_END_RE.search(text, 0, m.start())
            ends = [m.start()] + ([alternative.start()] if alternative else [])
            spans = [
                (w.start(), list_end)
                for list_end in ends
                for w in list(_WORD_RE.finditer(text, 0, list_end))[-MAX_TITLE_WORDS:]
            ]
            best: tuple[tuple[float, int], int, Resolution] | None = None
            for fuzzy in (False, True):  # spelled right first; a typo scan only if nothing matched
                for s, list_end in spans:
                    if understood.is_taken(s, m.start()):
                        continue
                    raw = text[s:list_end].strip(" ,.:")
                    res = self.resolve(raw, year, fuzzy=fuzzy)
                    if res is None or res.best.spelling < FUZZY_CUTOFF:
                        continue
                    if abs(res.best.title.year - year) > 1:
                        # "Train Ride (2005)" is not *Ride* (2014): the year the user wrote names the film.
                        continue
                    # Spelling first (any dictionary match beats a typo), then the longest words: "The Lord
                    # of the Rings: The Return of the King (2003)" must not become "King (2002)" because the
                    # one-word suffix is an exact title.
                    rank = (EXACT if res.best.spelling >= ARTICLE_MISMATCH else res.best.spelling, len(raw))
                    if best is None or rank > best[0]:
                        best = (rank, s, res)
                if best is not None:
                    break
            if best:
                _, s, res = best
                found.append(self._take(text, understood, s, m.end(), res, year))
        return found

    def _after_cues(self, text: str, understood: Spans, is_common_phrase: Callable[[str], bool]) -> list[Mention]:
        found: list[Mention] = []
        for cue in _CUE_RE.finditer(text):
            if understood.match_is_taken(cue):
                continue
            words = self._words(text, cue.end(), understood)
            best: tuple[int, Resolution, int] | None = None
            # Longest prefix that names a title: spelled right first (dictionary lookups, cheap),
            # then with a typo (a fuzzy scan of every title, so only when the first pass finds none).
            for fuzzy in (False, True):
                for n in range(len(words), 0, -1):
                    raw = text[words[0][0] : words[n - 1][1]].rstrip(".:!?")
                    if n == 1 and raw.lower() in NOT_A_TITLE_START:
                        continue
                    if is_common_phrase(raw) and not raw[:1].isupper():
                        continue
                    res = self.resolve(raw, fuzzy=fuzzy and len(raw) >= 5)
                    if res is None or res.best.spelling < FUZZY_CUTOFF:
                        continue
                    if res.best.spelling < BARE and not self._plausible_fuzzy(raw, res):
                        continue
                    best = (n, res, words[n - 1][1])
                    break
                if best is not None:
                    break
            if best is None:
                continue
            n, res, end = best
            end = self._alternative_title_end(text, end)
            if self._other_year_written(text, end, res):
                continue
            year, end = self._trailing_year(text, end, res)
            if year is not None:
                res = self.resolve(text[words[0][0] : words[n - 1][1]], year) or res
            mention = self._take(text, understood, words[0][0], end, res, year)
            understood.take(cue.start(), cue.end())  # "I loved" is not part of the query either
            found.append(mention)
        return found

    def _plausible_fuzzy(self, raw: str, res: Resolution) -> bool:
        # A typo keeps the length and the first letter; "like a comedy" is not "Like a Comedy!".
        target = title_key(res.best.title.title)
        said = title_key(raw)
        return bool(said) and said[0] == target[0] and abs(len(said) - len(target)) <= 3

    def _alternative_title_end(self, text: str, end: int) -> int:
        alternative = _ALTERNATIVE_TITLE_RE.match(text, end)
        return alternative.end() if alternative else end

    def _other_year_written(self, text: str, end: int, res: Resolution) -> bool:
        """'Solaris (1972)' where the catalog has only the 2002 film: the year names another film."""
        m = _PAREN_YEAR_AFTER_RE.match(text, end)
        return bool(m) and not self._has_version(res, int(m.group(1)))

    def _has_version(self, res: Resolution, year: int) -> bool:
        """Whether the catalog holds the resolved title from that year (±1, as sources disagree)."""
        versions = self.resolve(res.best.title.title, year, fuzzy=False)
        return bool(versions) and abs(versions.best.title.year - year) <= 1

    def _trailing_year(self, text: str, end: int, res: Resolution) -> tuple[int | None, int]:
        m = _YEAR_AFTER_RE.match(text[end:])
        if m:
            year = int(m.group(1))
            if self._has_version(res, year):
                return year, end + m.end()
        return None, end

    def _title_cased(self, text: str, understood: Spans, is_common_phrase: Callable[[str], bool]) -> list[Mention]:
        """Titles without a cue: 'Alien but funny', 'Heat meets Up', 'The Godfather'."""
        found: list[Mention] = []
        starts = [m for m in _WORD_RE.finditer(text) if not understood.match_is_taken(m)]
        i = 0
        while i < len(starts):
            words = self._words(text, starts[i].start(), understood)
            taken = False
            for n in range(len(words), 0, -1):
                s, e = words[0][0], words[n - 1][1]
                raw = text[s:e].rstrip(".:!?,")
                if not self._looks_named(text, s, e, raw, is_common_phrase):
                    continue
                res = self.resolve(raw, fuzzy=False)
                after = self._alternative_title_end(text, e)
                if res is None or self._other_year_written(text, after, res):
                    continue
                year, end = self._trailing_year(text, after, res)
                if year is not None:
                    res = self.resolve(raw, year) or res
                found.append(self._take(text, understood, s, end, res, year))
                while i < len(starts) and starts[i].start() < end:
                    i += 1
                taken = True
                break
            if not taken:
                i += 1
        return found

    def _looks_named(self, text: str, s: int, e: int, raw: str, is_common_phrase: Callable[[str], bool]) -> bool:
        words = raw.split()
        if not words or raw.lower() in NOT_A_TITLE_START:
            return False
        title_case = _title_cased(words)
        whole = text.strip(" .!?").strip() == raw
        before = text[:s].rstrip().lower()
        joined = bool(re.search(r"(?:\bmeets|\bvs\.?|\bx|\+|\bcrossed\s+with|\bmixed\s+with)$", before))
        if is_common_phrase(raw):
            # "Up", "Her", "Heat": ordinary words, a title only when written as one and standing alone.
            return title_case and (whole or joined)
        if whole:
            return True
        if not title_case:
            return False
        if joined:
            return True  # "Heat meets Up"
        at_sentence_start = not before or before[-1:] in ".!?"
        if not at_sentence_start:
            # One capitalised word is a title only after a verb that names a film ("the last one I saw
            # was Hustlers"); elsewhere it is more often a name or a place.
            return len(words) >= 2 or bool(_NAMING_VERB_BEFORE.search(before))
        # A capital at the start of a sentence proves nothing unless the title is followed by a
        # connector ("Alien but funny"), its alternative title ("Birdman or (The Unexpected Virtue of
        # Ignorance)") or is several words long ("The Godfather Part II ...").
        return (
            len(words) >= 2
            or bool(_CONNECTORS_AFTER_TITLE.match(text[e:]))
            or bool(_ALTERNATIVE_TITLE_RE.match(text, e))
        )

    def _take(self, text: str, understood: Spans, start: int, end: int, res: Resolution, year: int | None) -> Mention:
        understood.take(start, end)
        return Mention(text[start:end].strip(" ,.!?"), start, end, res, year)


def _title_cased(words: list[str]) -> bool:
    """Every word longer than three letters (and the first) capitalised or a number: "Love the Bomb"."""
    significant = [w for w in words if len(w) > 3 or w[:1].isdigit() or w == words[0]]
    return all(w[:1].isupper() or w[:1].isdigit() for w in significant)
