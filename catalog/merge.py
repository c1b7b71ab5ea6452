"""Merging per-source records into one `Title` per film or show.

0. Each record is read under its film's own name (`normalize.film_title`): a listing's edition,
   format or language suffix ("Knives Out (4K UHD)", "Master (Tamil)") and a bracketed own year
   ("The Italian Job (1969)") come off, so one film is one record. A group made only of editions
   (a re-release listed years later) joins the earlier film when their directors agree.
1. Records are grouped on (title key, type, year).
2. Groups of one title key and type whose years differ by one are joined when that is
   unambiguous: no third year next to them, no source listing both years (that would be two
   different films), and no clash between their known directors. Sources often disagree by a
   year (festival vs. release date, first vs. latest season). Groups one or two years apart are
   also joined when both name a director and a surname agrees (and no source lists both): a
   festival premiere and a US release two years later ("Mesrine" 2008/2010, "Paranormal
   Activity" 2007/2009). A title alone is never enough for a two-year gap.
3. Each field is filled from the source that knows it best (FIELD_PRIORITY); lists that are
   additive (genres, platforms) are unions. Nothing is invented: a field no source has stays empty.
3b. A group that still holds different films of one title and year ("Soldier" 1998: Anderson's film
   and Abbas Mustan's) is split: both name directors, none agree (spelling-tolerant), and no shared
   cast or equal runtime says "same film". A record with no director stays with the main film.
4. Ids are `m-<slug>-<year>` / `tv-<slug>-<year>`; the rare groups that slug alike get `-2`, `-3`
   in key order, so ids depend only on the data, never on --limit or read order. A film split
   off under 3b gets `-<director surname>` (`m-soldier-1998-mustan`); the better-known keeps the plain id.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TypeVar

from networkx.utils import UnionFind

from catalog.directors import directors_agree, name_words
from catalog.genres import canonical_genres
from catalog.models import Ratings, Title
from catalog.normalize import base_title_id, film_title, slugify, title_key
from catalog.sources.base import SourceRecord
from catalog.synopsis import same_synopsis

T = TypeVar("T")

MIN_OVERVIEW_CHARS = 20  # shorter "descriptions" ("Join Mickey!") say nothing to match on
MAX_CAST = 15

# Which source wins for each field, best first. Custom CSVs (a user's own catalog) rank first:
# someone who brings their own data means it to be authoritative for their rows.
_CUSTOM = "custom"
FIELD_PRIORITY: dict[str, tuple[str, ...]] = {
    # IMDb's top list names foreign films by their original title ("Gisaengchung"): last, so a film listed
    # under both names shows the one most people know.
    "title": (_CUSTOM, "tmdb5000", "tmdb_top10k", "wikipedia", "wikidata", "streaming", "imdb_top1000"),
    # Whose year a joined group keeps (a release date beats a listing year), and the credits' order.
    "year": (_CUSTOM, "tmdb5000", "imdb_top1000", "tmdb_top10k", "wikipedia", "wikidata", "streaming"),
    "directors": (_CUSTOM, "tmdb5000", "imdb_top1000", "wikidata", "streaming", "wikipedia"),
    "runtime_min": (_CUSTOM, "tmdb5000", "imdb_top1000", "wikidata", "streaming"),
    "poster_url": (_CUSTOM, "wikipedia", "imdb_top1000"),
    "cast": (_CUSTOM, "tmdb5000", "wikipedia", "streaming", "imdb_top1000"),  # billing order only
    "countries": (_CUSTOM, "wikidata", "tmdb5000", "streaming"),
    "described_as": ("wikipedia",),
    "language": (_CUSTOM, "wikidata", "tmdb5000", "tmdb_top10k"),
    "certificate": (_CUSTOM, "wikidata", "streaming", "imdb_top1000"),
    "keywords": (_CUSTOM, "tmdb5000"),
    "tmdb_id": (_CUSTOM, "tmdb5000", "tmdb_top10k"),
    "imdb_id": (_CUSTOM, "wikidata"),
    "wikipedia_url": (_CUSTOM, "wikipedia"),
    "ratings": (_CUSTOM, "imdb_top1000", "tmdb5000", "tmdb_top10k", "wikidata"),
    # Wikidata's genre lists are the loosest (Alien: "Sci-Fi, Horror, Thriller, Mystery, Fantasy,
    # Action, Adventure"), streaming listings come next (Arrival on Hulu: "Horror").
    "genres": (_CUSTOM, "tmdb5000", "imdb_top1000", "tmdb_top10k", "wikipedia", "streaming", "wikidata"),
}

# ISO 639-1 codes used by TMDB -> names as Wikidata writes them, for one consistent field.
LANGUAGE_NAMES = {
    "en": "English",
    "fr": "French",
    "es": "Spanish",
    "de": "German",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "zh": "Chinese",
    "cn": "Cantonese",
    "hi": "Hindi",
    "ru": "Russian",
    "pt": "Portuguese",
    "sv": "Swedish",
    "da": "Danish",
    "no": "Norwegian",
    "nl": "Dutch",
    "fi": "Finnish",
    "pl": "Polish",
    "tr": "Turkish",
    "th": "Thai",
    "te": "Telugu",
    "ta": "Tamil",
    "ml": "Malayalam",
    "fa": "Persian",
    "he": "Hebrew",
    "ar": "Arabic",
    "id": "Indonesian",
    "el": "Greek",
    "hu": "Hungarian",
    "cs": "Czech",
    "ro": "Romanian",
    "is": "Icelandic",
    "tl": "Tagalog",
    "uk": "Ukrainian",
    "bn": "Bengali",
}

CREDIT_LINES = {
    "wikipedia": "Data: Wikipedia via prust/wikipedia-movie-data (CC BY-SA 4.0)",
    "streaming": None,  # one "Streaming listing: <platform> as of <date>" line per platform instead
}


def _surname(name: str) -> str:
    words = name_words(name)  # "Villeneuve, Denis" and "Denis Villeneuve" -> "villeneuve"
    return words[-1] if words else ""


@dataclass
class Group:
    key: str
    type: str
    year: int
    records: list[SourceRecord] = field(default_factory=list)
    id_suffix: str = ""  # set on a different work split off a same-named group: "-<director surname>"

    def identities(self) -> set[str]:
        """A source listing, e.g. 'wikipedia' or 'streaming/Netflix': one film appears once in each."""
        return {(r.source + "/" + r.platforms[0]) if r.platforms else r.source for r in self.records}

    def director_surnames(self) -> set[str]:
        """Surnames only: sources spell first names differently ("Ben"/"Benny", "Josh"/"Joshua")."""
        return {_surname(d) for r in self.records for d in r.directors if d.strip()}


@dataclass
class MergeStats:
    groups: int = 0
    off_by_one_joins: int = 0
    off_by_one_refused: int = 0
    director_year_joins: int = 0
    shared_id_joins: int = 0
    other_name_joins: int = 0
    distinct_work_splits: int = 0
    id_collisions: int = 0
    # Listing names cut back to the film's own title, per suffix kind ("video format": "(4K UHD)"),
    # and how many of those records ended up in one work with another record.
    suffixes_removed: Counter[str] = field(default_factory=Counter)
    suffix_joins: Counter[str] = field(default_factory=Counter)
    edition_year_joins: int = 0


@lru_cache(maxsize=4096)
def _source_rank(source: str, order: tuple[str, ...]) -> int:
    name = _CUSTOM if source.startswith(_CUSTOM) else source
    return order.index(name) if name in order else len(order)


def _by_priority(records: list[SourceRecord], fld: str) -> list[SourceRecord]:
    order = FIELD_PRIORITY[fld]
    if len(records) == 1:  # most titles come from one source: skip the sort
        return records if _source_rank(records[0].source, order) < len(order) else []
    ranked = [(_source_rank(r.source, order), i, r) for i, r in enumerate(records)]
    return [r for rank, _, r in sorted(ranked) if rank < len(order)]


def _first(records: list[SourceRecord], fld: str, get: Callable[[SourceRecord], T | None]) -> T | None:
    for record in _by_priority(records, fld):
        value = get(record)
        if value:
            return value
    return None


def _film_records(records: Iterable[SourceRecord], removed: dict[int, list[str]]) -> Iterator[SourceRecord]:
    """Each record under its film's own title and year ("Knives Out (4K UHD)" -> "Knives Out");
    `removed` maps id(record) to the suffix kinds cut off."""
    for record in records:
        title, year, kinds = film_title(record.title, record.year)
        if kinds:
            record = replace(record, title=title, year=year)
            removed[id(record)] = kinds
        yield record


def _count_suffix_joins(groups: list[Group], removed: dict[int, list[str]], stats: MergeStats) -> None:
    for group in groups:
        for record in group.records:
            kinds = set(removed.get(id(record), ()))
            stats.suffixes_removed.update(kinds)
            if len(group.records) > 1:
                stats.suffix_joins.update(kinds)


def group_records(records: Iterable[SourceRecord], stats: MergeStats) -> list[Group]:
    removed: dict[int, list[str]] = {}
    exact: dict[tuple[str, str, int], Group] = {}
    for record in _film_records(records, removed):
        key = title_key(record.title)
        slot = (key, record.type, record.year)
        group = exact.get(slot)
        if group is None:
            group = exact[slot] = Group(key, record.type, record.year)
        group.records.append(record)
    by_title: dict[tuple[str, str], list[Group]] = defaultdict(list)
    for group in exact.values():
        by_title[(group.key, group.type)].append(group)
    merged: list[Group] = []
    for groups in by_title.values():
        groups = _join_editions_to_film(sorted(groups, key=lambda g: g.year), removed, stats)
        joined = _join_off_by_one(groups, stats)
        merged.extend(_join_same_director(joined, stats))
    merged = _join_shared_ids(merged, stats)
    merged = _join_other_names(merged, stats)
    merged = [part for group in merged for part in split_distinct_works(group, stats)]
    _count_suffix_joins(merged, removed, stats)
    stats.groups = len(merged)
    return merged


def _join_editions_to_film(groups: list[Group], removed: dict[int, list[str]], stats: MergeStats) -> list[Group]:
    """A group made only of editions ("Donnie Darko (Director's Cut) (re-release)", 2004) joins the
    film it re-releases: the latest earlier group of the title whose directors agree. Without a
    director on both sides nothing is joined: "Master (Tamil)" of 2021 is not the 2016 "Master"."""
    if len(groups) == 1:
        return groups
    out = list(groups)
    for edition in groups:
        if not all(id(r) in removed for r in edition.records):
            continue
        earlier = [g for g in out if g is not edition and g.year < edition.year and _same_director(g, edition)]
        if earlier:
            film = max(earlier, key=lambda g: g.year)
            film.records = film.records + edition.records
            out.remove(edition)
            stats.edition_year_joins += 1
    return out


def _lead_rank(group: Group) -> tuple[int, int, str]:
    return (
        min(_source_rank(r.source, FIELD_PRIORITY["year"]) for r in group.records),
        group.year,
        group.key,
    )


def _linked(n: int, links: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Indices 0..n-1 grouped by the links between them (transitively); each group and the list in index order."""
    sets = UnionFind(range(n))
    for i, j in links:
        sets.union(i, j)
    return sorted((sorted(members) for members in sets.to_sets()), key=lambda members: members[0])


def _join_shared_ids(groups: list[Group], stats: MergeStats) -> list[Group]:
    """Join groups that carry the same TMDB or IMDb id: one work under two titles
    ("Birdman" / "Birdman or (The Unexpected Virtue of Ignorance)", "Mad Max 2" / "...: The Road Warrior")."""
    owner: dict[tuple[str, str], int] = {}
    links: list[tuple[int, int]] = []
    for i, group in enumerate(groups):
        for record in group.records:
            for ident in (f"tmdb:{record.tmdb_id}" if record.tmdb_id else "", record.imdb_id or ""):
                if ident:
                    links.append((i, owner.setdefault((ident, group.type), i)))
    out: list[Group] = []
    for members in _linked(len(groups), links):
        together = [groups[i] for i in members]
        if len(together) > 1:
            together.sort(key=_lead_rank)
            lead = together[0]
            lead.records = [r for g in together for r in g.records]
            stats.shared_id_joins += len(together) - 1
        out.append(together[0])
    return out


OTHER_NAME_SHARED_CAST = 2  # billed names two listings of one year and runtime share when they are one film


def _runtimes(group: Group) -> set[int]:
    return {r.runtime_min for r in group.records if r.runtime_min}


def _name_key(name: str) -> str:
    """A person's name in any order: sources write East Asian names family name first or last ("Park Chan-wook"
    and "Chan-wook Park", "Choi Min-sik" and "Min-sik Choi")."""
    return " ".join(sorted(name_words(name)))


def _full_names(names: Iterable[str]) -> set[str]:
    return {_name_key(n) for n in names if n.strip()} - {""}


def _same_people(a: Group, b: Group) -> bool:
    """The same people, strictly (two titles are far weaker evidence than one title): a director's full name
    in common and no cast that disagrees, else, when a side names no director, two cast names in common.
    Surnames alone are not enough here: *Frozen* (Chris Buck, Jennifer Lee) is not *Angel of the Skies*
    (Christopher-Lee dos Santos)."""
    dirs_a = _full_names(d for r in a.records for d in r.directors)
    dirs_b = _full_names(d for r in b.records for d in r.directors)
    cast_a = {n for r in a.records for n in _cast_names(r)}
    cast_b = {n for r in b.records for n in _cast_names(r)}
    shared_cast = len(cast_a & cast_b)
    if dirs_a and dirs_b:
        return bool(dirs_a & dirs_b) and (shared_cast > 0 or not cast_a or not cast_b)
    return shared_cast >= OTHER_NAME_SHARED_CAST


# Sources time one cut differently (a PAL transfer runs 4% short, a listing rounds): within this many minutes, or
# with no runtime on a side, a listing that keeps the other's whole title or is one of IMDb's original titles is
# the same film when its director and cast agree.
LOOSE_RUNTIME_MIN = 6
# Listed only by IMDb's top list, which names foreign films by their original titles and carries no ids.
_ORIGINAL_TITLE_SOURCES = frozenset({"imdb_top1000"})
_NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "seventh": "7th",
}


def _title_words(group: Group) -> set[str]:
    return {_NUMBER_WORDS.get(w, w) for w in group.key.split()}


def _keeps_whole_title(a: Group, b: Group) -> bool:
    """*Return of the Jedi* inside *Star Wars: Episode VI – Return of the Jedi*, *Ant-Man* inside *Marvel Studios'
    Ant-Man*, *Ocean's 11* and *Ocean's Eleven*: one listing's words are all in the other's."""
    words_a, words_b = _title_words(a), _title_words(b)
    return bool(words_a and words_b) and (words_a <= words_b or words_b <= words_a)


def _runtime_gap(a: Group, b: Group) -> int:
    """The smallest difference of the two groups' runtimes (0 when a side has none: nothing disagrees)."""
    runtimes_a, runtimes_b = _runtimes(a), _runtimes(b)
    return min((abs(x - y) for x in runtimes_a for y in runtimes_b), default=0)


def _renamed_listings(groups: list[Group]) -> set[tuple[int, int]]:
    """Pairs of groups that are one film under two listing names though their runtimes differ a little or one is
    unknown: same type and year, a director's full name and a cast name in common, no source listing both, and one
    name keeping the other whole or being IMDb's original title. *Dorian Gray* and *St Trinian's 2* (one director,
    one year, shared cast) share neither and stay apart. An original title goes to its one best match only (most
    cast in common, then nearest runtime; none when two tie): Bergman's *Det sjunde inseglet* is *The Seventh
    Seal*, not *Wild Strawberries* of the same year, which shares one actor with it. It may match a listing that
    names no cast at all (*Hotaru no haka* and the encyclopedia's *Grave of the Fireflies*, both Isao Takahata's
    of 1988): the director is then the only evidence, so only a sole candidate is taken. Names are compared in any
    word order (*Oldeuboi* credits "Chan-wook Park", *Oldboy* "Park Chan-wook")."""
    by_director: dict[tuple[str, int, str], list[int]] = defaultdict(list)
    for i, group in enumerate(groups):
        for name in _full_names(d for r in group.records for d in r.directors):
            by_director[(group.type, group.year, name)].append(i)
    links: set[tuple[int, int]] = set()
    candidates_of_original: dict[tuple[int, str], list[tuple[tuple[int, int], tuple[int, int]]]] = defaultdict(list)
    for members in by_director.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                a, b = groups[i], groups[j]
                if a.key == b.key or a.identities() & b.identities():
                    continue
                gap = _runtime_gap(a, b)
                cast_a = {n for r in a.records for n in _cast_names(r)}
                cast_b = {n for r in b.records for n in _cast_names(r)}
                shared_cast = len(cast_a & cast_b)
                # A director and two actors in common outweigh a listing's runtime (IMDb's top list has *Oldboy*
                # at 101 minutes, the others at 120).
                if gap > LOOSE_RUNTIME_MIN and shared_cast < OTHER_NAME_SHARED_CAST:
                    continue
                pair = (min(i, j), max(i, j))
                if shared_cast and gap <= LOOSE_RUNTIME_MIN and _keeps_whole_title(a, b):
                    links.add(pair)
                    continue
                if not shared_cast and cast_a and cast_b:
                    continue  # both name their cast, and no one is in both
                for original in (
                    k for k, g in ((i, a), (j, b)) if {r.source for r in g.records} <= _ORIGINAL_TITLE_SOURCES
                ):
                    candidates_of_original[(original, "people")].append(((shared_cast, -gap), pair))
    for i, j in _told_twice(groups):
        candidates_of_original[(i, "synopsis")].append(
            ((1, -_runtime_gap(groups[i], groups[j])), (min(i, j), max(i, j)))
        )
    # Each kind of evidence names its best match (the same synopsis and the same people may point to two
    # listings of the film: IMDb's original title joins both, the encyclopedia's and TMDB's).
    for found in candidates_of_original.values():
        found.sort(reverse=True)
        best = found[0]
        if len(found) == 1 or (best[0][0] > 0 and best[0] > found[1][0]):
            links.add(best[1])
    return links


def _told_twice(groups: list[Group]) -> Iterator[tuple[int, int]]:
    """(original, other): an IMDb original-title listing and a listing of the same type and year whose synopsis
    is the same text (*Gisaengchung* and *Parasite*, which Hulu and TMDB list with no credits at all)."""
    by_year: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, group in enumerate(groups):
        by_year[(group.type, group.year)].append(i)
    for i, group in enumerate(groups):
        if not {r.source for r in group.records} <= _ORIGINAL_TITLE_SOURCES:
            continue
        for j in by_year[(group.type, group.year)]:
            other = groups[j]
            if j == i or group.identities() & other.identities() or _runtime_gap(group, other) > LOOSE_RUNTIME_MIN:
                continue
            if any(same_synopsis(r.overview, s.overview) for r in group.records for s in other.records):
                yield i, j


def _join_other_names(groups: list[Group], stats: MergeStats) -> list[Group]:
    """Join one film listed under two names: an English title and the original one (*Spirited Away* and
    *Sen to Chihiro no kamikakushi*, *Parasite* and *Gisaengchung*: IMDb's top list uses original titles
    and carries no ids). Same type and year, a runtime equal to the minute, the same people (a director,
    or two cast names when a side names no director), and no source listing both (one listing, two titles:
    two films). The English listing's title wins (FIELD_PRIORITY)."""
    by_runtime: dict[tuple[str, int, int], list[int]] = defaultdict(list)
    for i, group in enumerate(groups):
        for runtime in _runtimes(group):
            by_runtime[(group.type, group.year, runtime)].append(i)
    links = _renamed_listings(groups)
    for (kind, year, runtime), members in by_runtime.items():
        minutes = range(runtime - SAME_RUNTIME_MIN, runtime + SAME_RUNTIME_MIN + 1)
        near = {j for m in minutes for j in by_runtime.get((kind, year, m), [])}
        for i in members:
            for j in near:
                a, b = groups[i], groups[j]
                if i < j and a.key != b.key and not (a.identities() & b.identities()) and _same_people(a, b):
                    links.add((i, j))
    if not links:
        return groups
    out: list[Group] = []
    for members in _linked(len(groups), sorted(links)):
        together = [groups[i] for i in members]
        if len(together) > 1:
            together.sort(key=_lead_rank)
            together[0].records = [r for g in together for r in g.records]
            stats.other_name_joins += len(together) - 1
        out.append(together[0])
    return out


def _join_off_by_one(groups: list[Group], stats: MergeStats) -> list[Group]:
    """Join year-adjacent groups of one title when nothing suggests they are different works."""
    if len(groups) == 1:
        return groups
    years = {g.year for g in groups}
    out: list[Group] = []
    i = 0
    while i < len(groups):
        group = groups[i]
        nxt = groups[i + 1] if i + 1 < len(groups) else None
        if nxt is not None and nxt.year == group.year + 1:
            isolated = group.year - 1 not in years and nxt.year + 1 not in years
            disjoint = not (group.identities() & nxt.identities())
            dirs_a, dirs_b = group.director_surnames(), nxt.director_surnames()
            same_people = not dirs_a or not dirs_b or bool(dirs_a & dirs_b)
            if isolated and disjoint and same_people:
                # The year of the better-ranked source wins (a release date beats a listing year).
                lead = min(group, nxt, key=_lead_rank)
                lead.records = group.records + nxt.records
                out.append(lead)
                stats.off_by_one_joins += 1
                i += 2
                continue
            stats.off_by_one_refused += 1
        out.append(group)
        i += 1
    return out


MAX_DIRECTOR_CONFIRMED_GAP = 2  # years; wider gaps are remakes and re-releases more often than not


def _same_director(a: Group, b: Group) -> bool:
    """Both groups name a director and a surname agrees: unknown directors confirm nothing."""
    return bool(a.director_surnames() & b.director_surnames())


def _join_same_director(groups: list[Group], stats: MergeStats) -> list[Group]:
    """Join groups of one title up to two years apart whose directors agree, nearest years first.

    The off-by-one rule refuses a pair when a third year sits next to it or a director is
    unknown; a shared director settles which groups are one film. No source may list both
    years (one listing, two years: two films)."""
    live = list(groups)
    while len(live) > 1:
        pairs = [
            (abs(a.year - b.year), a.year, b.year, i, j)
            for i, a in enumerate(live)
            for j, b in enumerate(live)
            if a.year < b.year <= a.year + MAX_DIRECTOR_CONFIRMED_GAP
            and _same_director(a, b)
            and not (a.identities() & b.identities())
        ]
        if not pairs:
            break
        *_, i, j = min(pairs)
        a, b = live[i], live[j]
        lead = min(a, b, key=_lead_rank)  # the year of the better-ranked source wins
        lead.records = a.records + b.records
        live = [g for g in live if g is not a and g is not b] + [lead]
        stats.director_year_joins += 1
    return live


MAX_CAST_COMPARED = 10  # billed names; an unordered (alphabetical) list is compared whole
SAME_RUNTIME_MIN = 1  # minutes; listings of one cut agree to the minute or so


def _cast_names(record: SourceRecord) -> set[str]:
    cast = record.cast[:MAX_CAST_COMPARED] if record.cast_ordered else record.cast
    return {_name_key(name) for name in cast if name.strip()} - {""}


def _distinct_works(a: SourceRecord, b: SourceRecord) -> bool:
    """Two records of one title, year and type that are different films: both name directors and
    none plausibly agree, and nothing else says "same film" (a shared cast name, the same runtime).

    Cast and runtime only veto a split, never cause one: casts differ between sources in order and
    length, and a bad director cell ("Hong Kong" read from a Wikipedia lead) must not split one film."""
    if not a.directors or not b.directors or directors_agree(a.directors, b.directors):
        return False
    cast_a, cast_b = _cast_names(a), _cast_names(b)
    if cast_a & cast_b:
        return False
    same_runtime = a.runtime_min and b.runtime_min and abs(a.runtime_min - b.runtime_min) <= SAME_RUNTIME_MIN
    return not same_runtime


def split_distinct_works(group: Group, stats: MergeStats) -> list[Group]:
    """Split a group that joined different films of one title and year ("Blame!" 2017: an anime and a
    drama), so no record mixes their facts.

    Records naming a director form clusters of mutually compatible records; a record with no
    director goes with the one cluster it shares a cast name with, else with the main cluster (no
    evidence of a conflict: as before the split). The main cluster (most listings, then votes) keeps
    the plain id; the others are suffixed with their director's surname."""
    named = [r for r in group.records if r.directors]
    if len(named) < 2:
        return [group]
    compatible = [
        (i, j) for i, a in enumerate(named) for j in range(i + 1, len(named)) if not _distinct_works(a, named[j])
    ]
    clusters = _linked(len(named), compatible)
    if len(clusters) == 1:
        return [group]
    parts = [Group(group.key, group.type, group.year, [named[i] for i in members]) for members in clusters]
    parts.sort(key=lambda g: (*(-x for x in fame(g)), _lead_rank(g), sorted(r.source for r in g.records)))
    main = parts[0]
    for record in group.records:
        if record.directors:
            continue
        cast = _cast_names(record)
        matches = [p for p in parts if cast and any(cast & _cast_names(r) for r in p.records)]
        (matches[0] if len(matches) == 1 else main).records.append(record)
    for part in parts:
        if part is not main:
            # The year of the part's own best-ranked source (a joined group can span two years).
            part.year = min(part.records, key=lambda r: (_source_rank(r.source, FIELD_PRIORITY["year"]), r.year)).year
            director = _first(part.records, "directors", lambda r: r.directors) or part.records[0].directors
            part.id_suffix = "-" + slugify(_surname(director[0]) or part.records[0].source)
    stats.distinct_work_splits += len(parts) - 1
    return parts


def _best_overview(records: list[SourceRecord]) -> tuple[str, str | None]:
    """The longest description: a plot summary beats a one-line tagline for matching and cards."""
    best: tuple[str, str | None] = ("", None)
    for record in records:
        text = record.overview
        if len(text) >= MIN_OVERVIEW_CHARS and len(text) > len(best[0]):
            best = (text, record.overview_credit)
    if not best[0]:  # only very short descriptions: still better than nothing
        for record in records:
            if len(record.overview) > len(best[0]):
                best = (record.overview, record.overview_credit)
    return best


def _genres(records: list[SourceRecord]) -> list[str]:
    """Genres of the best genre source, plus any that two independent listings agree on.

    A plain union lets one loose label through (The Matrix as "Crime", Arrival as "Horror"), and a
    genre filter built on it would return the wrong films."""
    votes: dict[str, set[str]] = defaultdict(set)
    primary: list[str] | None = None
    for record in _by_priority(records, "genres") + [r for r in records if not _by_priority([r], "genres")]:
        genres = canonical_genres(record.genres)
        if not genres:
            continue
        if primary is None:
            primary = genres
        listing = (record.source + "/" + record.platforms[0]) if record.platforms else record.source
        for genre in genres:
            votes[genre].add(listing)
    if primary is None:
        return []
    return sorted(set(primary) | {g for g, who in votes.items() if len(who) >= 2})


def _cast(records: list[SourceRecord]) -> list[str]:
    ordered = _first(records, "cast", lambda r: r.cast if r.cast_ordered else None)
    if ordered:
        return ordered[:MAX_CAST]
    # Only an alphabetical list is known (Wikidata): keep all of it, order carries no billing.
    return next((r.cast for r in records if r.cast), [])


def _ratings(records: list[SourceRecord]) -> Ratings:
    fields = (
        "imdb_rating",
        "imdb_votes",
        "tmdb_vote_average",
        "tmdb_vote_count",
        "tmdb_popularity",
        "metascore",
        "rt_meter",
    )
    values = {}
    for name in fields:
        value = _first(records, "ratings", lambda r, n=name: getattr(r, n))
        if value is not None:
            values[name] = value
    return Ratings(**values)


def _attribution(
    records: list[SourceRecord], overview_credit: str | None, platforms: dict[str, str | None]
) -> list[str]:
    lines: list[str] = []
    if overview_credit:
        lines.append(f"Overview: {overview_credit}")
    for record in sorted(records, key=lambda r: _source_rank(r.source, FIELD_PRIORITY["year"])):
        line = CREDIT_LINES.get(record.source, record.credit)
        if line and line not in lines:
            lines.append(line)
    for platform, as_of in sorted(platforms.items()):
        lines.append(f"Streaming listing: {platform}" + (f" as of {as_of}" if as_of else ""))
    return lines


def _other_titles(records: list[SourceRecord], display: str) -> list[str]:
    """The names other listings use, one per spelling that normalises differently from the shown one."""
    seen = {title_key(display)}
    others: list[str] = []
    for record in _by_priority(records, "title"):
        key = title_key(record.title)
        if key and key not in seen:
            seen.add(key)
            others.append(record.title.strip())
    return others


def build_title(group: Group, title_id: str) -> Title:
    records = group.records
    display = _first(records, "title", lambda r: r.title) or records[0].title
    overview, overview_credit = _best_overview(records)
    platforms: dict[str, str | None] = {}
    for record in records:
        for platform in record.platforms:
            dates = [d for d in (platforms.get(platform), record.platform_as_of) if d]
            platforms[platform] = max(dates) if dates else None
    is_movie = group.type == "Movie"
    language = _first(records, "language", lambda r: r.language)
    seasons = [r.seasons for r in records if r.seasons]
    return Title(
        id=title_id,
        title=display,
        other_titles=_other_titles(records, display),
        year=group.year,
        type=group.type,  # type: ignore[arg-type]
        genres=_genres(records),
        overview=overview,
        described_as=_first(records, "described_as", lambda r: r.described_as) or "",
        cast=_cast(records),
        directors=_first(records, "directors", lambda r: r.directors) or [],
        runtime_min=_first(records, "runtime_min", lambda r: r.runtime_min) if is_movie else None,
        seasons=max(seasons) if seasons and not is_movie else None,
        poster_url=_first(records, "poster_url", lambda r: r.poster_url),
        tmdb_id=_first(records, "tmdb_id", lambda r: r.tmdb_id),
        imdb_id=_first(records, "imdb_id", lambda r: r.imdb_id),
        wikipedia_url=_first(records, "wikipedia_url", lambda r: r.wikipedia_url),
        platforms=sorted(platforms),
        platforms_as_of=max((d for d in platforms.values() if d), default=None),
        countries=_first(records, "countries", lambda r: r.countries) or [],
        language=LANGUAGE_NAMES.get(language, language) if language else None,
        keywords=_first(records, "keywords", lambda r: r.keywords) or [],
        certificate=_first(records, "certificate", lambda r: r.certificate),
        ratings=_ratings(records),
        sources=sorted({r.source for r in records}),
        attribution=_attribution(records, overview_credit, platforms),
    )


def assign_ids(groups: list[Group], stats: MergeStats) -> list[tuple[Group, str]]:
    """Stable ids; groups whose base ids collide are suffixed in (key, sources) order."""
    by_base: dict[str, list[Group]] = defaultdict(list)
    for group in groups:
        display = _first(group.records, "title", lambda r: r.title) or group.records[0].title
        by_base[base_title_id(display, group.year, group.type) + group.id_suffix].append(group)
    out: list[tuple[Group, str]] = []
    for base, members in by_base.items():
        members.sort(key=lambda g: (g.key, sorted(r.source for r in g.records), sorted(r.title for r in g.records)))
        stats.id_collisions += len(members) - 1
        for n, group in enumerate(members, start=1):
            out.append((group, base if n == 1 else f"{base}-{n}"))
    return out


def plan_merge(records: Iterable[SourceRecord], stats: MergeStats | None = None) -> list[tuple[Group, str]]:
    """All records -> (group, id) per work, sorted by id; Titles are built only when needed."""
    stats = stats if stats is not None else MergeStats()
    named = assign_ids(group_records(records, stats), stats)
    named.sort(key=lambda pair: pair[1])
    return named


def merge_records(records: Iterable[SourceRecord], stats: MergeStats | None = None) -> list[Title]:
    """All records -> one Title per work, sorted by id."""
    return [build_title(group, tid) for group, tid in plan_merge(records, stats)]


def has_overview(group: Group) -> bool:
    return any(r.overview for r in group.records)


def fame(group: Group) -> tuple[int, int]:
    """How well known a work is: listings (each streaming service counts) then the most votes."""
    votes = max((max(r.imdb_votes or 0, r.tmdb_vote_count or 0) for r in group.records), default=0)
    return (len(group.identities()), votes)
