"""MoreLikeThis judgements (Samsung Research Poland, CC BY-NC-ND 4.0), matched to catalog ids.

The files are read where they lie and never copied: the licence allows measuring with them, not
shipping them. Rows name films by lower-cased title and year; a row counts only when both films
are found in the catalog, and every match is made by the catalog's own title key so the eval and
the product agree on what "the same film" means.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel
from rapidfuzz.distance import Levenshtein

from catalog.models import Title
from catalog.normalize import title_key
from config import REPO_ROOT
from evals.metrics import Judgement

DEFAULT_DIR = REPO_ROOT.parent / "shared" / "eval" / "more-like-this"
# Typos in the dataset are a keystroke in a long title ('avengers end game', 'three colours white',
# 'embraces of the serpent'). Allowing more catches different films: 'hideaways' is not 'Hide Away',
# 'scaregivers' not 'Caregiver', 'alien' not 'aliens'. So: one edit per full ten characters.
CHARS_PER_TYPO = 10


class RatingRow(BaseModel, frozen=True):
    title_1: str
    year_1: int
    title_2: str
    year_2: int
    ok: bool


class MatchStats(BaseModel):
    exact: int = 0  # same title key and year
    year_off_by_one: int = 0  # same key, year +-1, only one such film
    fuzzy: int = 0  # a typo in the dataset ('avengers: end game'): one close spelling, year +-1
    ambiguous: int = 0  # several films fit: left out rather than guessed
    missing: int = 0


class MoreLikeThis(BaseModel):
    """Judgements in catalog ids, with how much of the dataset could be used."""

    seed_ids: list[str]  # evaluation-set seeds found in the catalog, in file order
    judgements: list[Judgement]  # seed -> other, both directions when both films are seeds
    rows: int
    rows_matched: int
    seeds_listed: int
    films: int  # distinct films named in ratings.tsv
    match: MatchStats


def read_ratings(path: Path) -> list[RatingRow]:
    with Path(path).open(newline="", encoding="utf-8") as f:
        return [
            RatingRow(
                title_1=r["title_1"],
                year_1=int(r["year_1"]),
                title_2=r["title_2"],
                year_2=int(r["year_2"]),
                ok=r["rating"].strip().upper() == "OK",
            )
            for r in csv.DictReader(f, delimiter="\t")
        ]


def read_seeds(path: Path) -> list[tuple[str, int]]:
    with Path(path).open(newline="", encoding="utf-8") as f:
        return [(r["title"], int(r["year"])) for r in csv.DictReader(f, delimiter="\t")]


class FilmMatcher:
    """(lower-cased title, year) -> catalog id of the movie, or None when absent or ambiguous."""

    def __init__(self, titles: Iterable[Title]):
        self._by_key: dict[str, list[Title]] = defaultdict(list)
        self._by_year: dict[int, list[tuple[str, Title]]] = defaultdict(list)
        for t in titles:
            if t.type == "Movie":  # MoreLikeThis judges films only
                for name in t.names:  # "Mulholland Dr." is Mulholland Drive
                    key = title_key(name)
                    self._by_key[key].append(t)
                    self._by_year[t.year].append((key, t))
        self.stats = MatchStats()
        self._memo: dict[tuple[str, int], str | None] = {}

    def match(self, title: str, year: int) -> str | None:
        if (title, year) not in self._memo:
            self._memo[(title, year)] = self._match(title, year)
        return self._memo[(title, year)]

    def _match(self, title: str, year: int) -> str | None:
        same_key = self._by_key.get(title_key(title), [])
        exact = [t for t in same_key if t.year == year]
        if len(exact) == 1:
            self.stats.exact += 1
            return exact[0].id
        near = [t for t in same_key if abs(t.year - year) == 1]
        if not exact and len(near) == 1:
            self.stats.year_off_by_one += 1
            return near[0].id
        if exact or near:
            self.stats.ambiguous += 1
            return None
        close = self._close_spellings(title_key(title), year)
        if len(close) == 1:
            self.stats.fuzzy += 1
            return close[0].id
        if close:
            self.stats.ambiguous += 1
        else:
            self.stats.missing += 1
        return None

    def _close_spellings(self, key: str, year: int) -> list[Title]:
        """Films within a year whose key is a typo away (see CHARS_PER_TYPO)."""
        edits = len(key) // CHARS_PER_TYPO
        if not edits:
            return []
        close = {
            t.id: t
            for y in (year - 1, year, year + 1)
            for other_key, t in self._by_year.get(y, [])
            if Levenshtein.distance(key, other_key, score_cutoff=edits) <= edits
        }
        return list(close.values())  # once each, though two of a film's names may be close


def load(catalog: Iterable[Title], directory: Path = DEFAULT_DIR) -> MoreLikeThis:
    directory = Path(directory)
    missing = [name for name in ("ratings.tsv", "evaluation_set.tsv") if not (directory / name).exists()]
    if missing:
        raise FileNotFoundError(f"MoreLikeThis data not found in {directory} (missing {', '.join(missing)})")
    matcher = FilmMatcher(catalog)
    rows = read_ratings(directory / "ratings.tsv")
    seeds_listed = read_seeds(directory / "evaluation_set.tsv")
    seed_names = set(seeds_listed)
    seed_ids = list(dict.fromkeys(i for i in (matcher.match(t, y) for t, y in seeds_listed) if i))
    judgements: list[Judgement] = []
    matched = 0
    for row in rows:
        a, b = matcher.match(row.title_1, row.year_1), matcher.match(row.title_2, row.year_2)
        if not a or not b or a == b:
            continue
        matched += 1
        # A judgement is symmetric ("good recommendations for each other"); it is used from the side
        # of each film that is a seed of the evaluation set.
        if (row.title_1, row.year_1) in seed_names:
            judgements.append(Judgement(seed_id=a, other_id=b, ok=row.ok))
        if (row.title_2, row.year_2) in seed_names:
            judgements.append(Judgement(seed_id=b, other_id=a, ok=row.ok))
    films = {(r.title_1, r.year_1) for r in rows} | {(r.title_2, r.year_2) for r in rows}
    return MoreLikeThis(
        seed_ids=seed_ids,
        judgements=judgements,
        rows=len(rows),
        rows_matched=matched,
        seeds_listed=len(seeds_listed),
        films=len(films),
        match=matcher.stats,
    )
