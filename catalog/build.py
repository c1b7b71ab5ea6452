"""Build the catalog: read every source, merge, keep titles with something to match on.

    titles, report = build_catalog(raw_dir)           # the whole catalog
    titles, report = build_catalog(raw_dir, limit=500)  # a small, fixed sample for quick runs

Titles without any overview are left out of the catalog (and counted): retrieval embeds the
overview, and a card with no description cannot say why a title fits. Their fields still
enrich the matching titles of other sources during the merge.

`--limit` merges everything first and then keeps the N best-known titles (most sources, then
most votes, then id), so a sample's ids and fields are exactly those of the full build.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from pydantic import BaseModel, Field

from catalog.merge import Group, MergeStats, build_title, fame, has_overview, plan_merge
from catalog.models import Title
from catalog.sources import SkipLog, read_all
from catalog.store import gc_paused


class Coverage(BaseModel):
    director: float = Field(description="Fraction of movies with at least one director.")
    runtime: float = Field(description="Fraction of movies with a runtime.")
    poster: float = Field(description="Fraction of all titles with a poster URL.")
    cast: float = Field(description="Fraction of all titles with cast.")
    genres: float = Field(description="Fraction of all titles with at least one genre.")


class BuildReport(BaseModel):
    raw_dir: str
    titles: int
    movies: int
    tv_shows: int
    with_overview: int
    dropped_without_overview: int = Field(description="Merged titles left out: no source has an overview.")
    per_source_rows: dict[str, int] = Field(description="Records read per source adapter.")
    per_source_titles: dict[str, int] = Field(description="Catalog titles each source contributed to.")
    skipped_rows: int
    skipped_by_reason: dict[str, int] = Field(description='"source: reason" -> rows skipped.')
    fields_dropped: dict[str, int] = Field(default_factory=dict, description="Rows kept without one bad field.")
    missing_files: list[str] = Field(default_factory=list)
    off_by_one_year_joins: int = Field(default=0, description="Same title, years one apart, joined.")
    director_year_joins: int = Field(
        default=0, description="Same title, years one or two apart, joined because the directors agree."
    )
    shared_id_joins: int = Field(default=0, description="Different titles, same TMDB/IMDb id, joined.")
    other_name_joins: int = Field(
        default=0, description="Different titles, same year, runtime and people (an original title), joined."
    )
    distinct_work_splits: int = Field(
        default=0, description="Same title, year and type, kept apart: directors disagree, nothing says same film."
    )
    title_suffixes_removed: dict[str, int] = Field(
        default_factory=dict,
        description='Listing names cut back to the film\'s own title, per suffix kind ("video format": "(4K UHD)").',
    )
    title_suffix_joins: dict[str, int] = Field(
        default_factory=dict, description="Of those, records that joined another record of the same film."
    )
    edition_year_joins: int = Field(
        default=0, description="Edition-only groups (a re-release) joined to the earlier film; directors agree."
    )
    id_collisions: int = 0
    coverage: Coverage
    limit: int | None = None
    seconds: float = 0.0

    def summary(self) -> str:
        """A few human lines for the CLI."""
        c = self.coverage
        lines = [
            f"{self.titles:,} titles ({self.movies:,} movies, {self.tv_shows:,} TV shows), "
            f"{self.with_overview:,} with an overview; built in {self.seconds:.1f}s",
            f"coverage: director {c.director:.0%} of movies, runtime {c.runtime:.0%} of movies, "
            f"poster {c.poster:.0%}, cast {c.cast:.0%}, genres {c.genres:.0%}",
            f"skipped {self.skipped_rows:,} bad rows"
            + (
                ": " + "; ".join(f"{k} ({v})" for k, v in sorted(self.skipped_by_reason.items()))
                if self.skipped_rows
                else ""
            ),
        ]
        if self.title_suffixes_removed:
            lines.append(
                "one record per film: "
                + ", ".join(
                    f"{kind} {self.title_suffix_joins.get(kind, 0):,} joined (of {n:,} cut)"
                    for kind, n in sorted(self.title_suffixes_removed.items())
                )
            )
        if self.missing_files:
            lines.append("missing: " + ", ".join(self.missing_files))
        return "\n".join(lines)


def _sample(planned: list[tuple[Group, str]], limit: int) -> list[tuple[Group, str]]:
    """The best-known `limit` works, movies and shows in their catalog proportions, by id.

    Ids were assigned over the whole catalog before sampling, so a sample's ids (and fields)
    equal the full build's."""
    limit = max(limit, 0)
    shows = [p for p in planned if p[0].type == "TV Show"]
    movies = [p for p in planned if p[0].type != "TV Show"]
    n_shows = min(len(shows), round(limit * len(shows) / len(planned))) if planned else 0
    if shows and limit >= 2 and n_shows == 0:
        n_shows = 1  # a sample without any show cannot exercise TV features
    n_movies = min(len(movies), limit - n_shows)
    n_shows = min(len(shows), limit - n_movies)

    def best(pairs: list[tuple[Group, str]], n: int) -> list[tuple[Group, str]]:
        return sorted(pairs, key=lambda pair: (*(-x for x in fame(pair[0])), pair[1]))[:n]

    return sorted(best(movies, n_movies) + best(shows, n_shows), key=lambda pair: pair[1])


def _fraction(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def build_catalog(
    raw_dir: Path, limit: int | None = None, require_overview: bool = True
) -> tuple[list[Title], BuildReport]:
    started = time.perf_counter()
    raw_dir = Path(raw_dir)
    skips = SkipLog()
    per_source: Counter[str] = Counter()

    def counted():
        for record in read_all(raw_dir, skips):
            per_source[record.source] += 1
            yield record

    stats = MergeStats()
    with gc_paused():
        planned = plan_merge(counted(), stats)
    kept = [(g, tid) for g, tid in planned if has_overview(g)] if require_overview else planned
    dropped = len(planned) - len(kept)
    if limit is not None:
        kept = _sample(kept, limit)
    with gc_paused():
        titles = [build_title(group, tid) for group, tid in kept]

    movies = [t for t in titles if t.type == "Movie"]
    report = BuildReport(
        raw_dir=str(raw_dir),
        titles=len(titles),
        movies=len(movies),
        tv_shows=len(titles) - len(movies),
        with_overview=sum(1 for t in titles if t.overview),
        dropped_without_overview=dropped,
        per_source_rows=dict(sorted(per_source.items())),
        per_source_titles=dict(sorted(Counter(s for t in titles for s in t.sources).items())),
        skipped_rows=skips.total,
        skipped_by_reason=dict(sorted(skips.rows.items())),
        fields_dropped=dict(sorted(skips.fields.items())),
        missing_files=skips.missing_files,
        off_by_one_year_joins=stats.off_by_one_joins,
        director_year_joins=stats.director_year_joins,
        shared_id_joins=stats.shared_id_joins,
        other_name_joins=stats.other_name_joins,
        distinct_work_splits=stats.distinct_work_splits,
        title_suffixes_removed=dict(sorted(stats.suffixes_removed.items())),
        title_suffix_joins=dict(sorted(stats.suffix_joins.items())),
        edition_year_joins=stats.edition_year_joins,
        id_collisions=stats.id_collisions,
        coverage=Coverage(
            director=_fraction(sum(1 for t in movies if t.directors), len(movies)),
            runtime=_fraction(sum(1 for t in movies if t.runtime_min), len(movies)),
            poster=_fraction(sum(1 for t in titles if t.poster_url), len(titles)),
            cast=_fraction(sum(1 for t in titles if t.cast), len(titles)),
            genres=_fraction(sum(1 for t in titles if t.genres), len(titles)),
        ),
        limit=limit,
        seconds=round(time.perf_counter() - started, 2),
    )
    return titles, report
