"""Search filters: the one typed form of every constraint, and its translation to Chroma `where`.

Every explicit constraint a user states (in words or in chat settings) becomes a field here, and
every field becomes part of the Chroma query, so retrieval can only return titles that satisfy it.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from catalog.models import Title, TitleType


class SearchFilters(BaseModel):
    year_min: int | None = None
    year_max: int | None = None
    type: TitleType | None = None
    genres_any: list[str] = Field(default_factory=list, description="At least one of these genres.")
    genres_all: list[str] = Field(default_factory=list, description="Every one of these genres.")
    genres_exclude: list[str] = Field(default_factory=list)
    runtime_min: int | None = None  # minutes; movies only (titles with no known runtime are excluded)
    runtime_max: int | None = None
    platforms_any: list[str] = Field(default_factory=list)
    # "a British mystery", "a Korean thriller", "in Spanish": a title from one of these countries or in
    # one of these languages (either suffices: the catalog knows the one or the other for most titles).
    countries_any: list[str] = Field(default_factory=list)
    languages_any: list[str] = Field(default_factory=list)
    exclude_ids: list[str] = Field(default_factory=list, description="Already shown, seen or rejected.")

    def is_empty(self) -> bool:
        return self == SearchFilters(exclude_ids=self.exclude_ids)

    def contradiction(self) -> str | None:
        """A plain-language reason why no title can satisfy these filters, or None."""
        if self.year_min is not None and self.year_max is not None and self.year_min > self.year_max:
            return f"no year is both from {self.year_min} and up to {self.year_max}"
        if self.runtime_min is not None and self.runtime_max is not None and self.runtime_min > self.runtime_max:
            return f"no runtime is both at least {self.runtime_min} and at most {self.runtime_max} minutes"
        clash = set(self.genres_any + self.genres_all) & set(self.genres_exclude)
        if clash and not (set(self.genres_any) - clash and not self.genres_all):
            return f"{', '.join(sorted(clash))} is both wanted and excluded"
        return None

    def to_where(self) -> dict[str, Any] | None:
        # Countries and languages are not in the Chroma metadata: the searcher checks them with
        # `accepts` on every hit (a Chroma-only search may then return fewer hits, never wrong ones).
        clauses: list[dict[str, Any]] = []
        if self.year_min is not None:
            clauses.append({"year": {"$gte": self.year_min}})
        if self.year_max is not None:
            clauses.append({"year": {"$lte": self.year_max}})
        if self.type is not None:
            clauses.append({"type": self.type})
        if self.genres_any:
            ors = [{"genres": {"$contains": g}} for g in self.genres_any]
            clauses.append(ors[0] if len(ors) == 1 else {"$or": ors})
        clauses += [{"genres": {"$contains": g}} for g in self.genres_all]
        clauses += [{"genres": {"$not_contains": g}} for g in self.genres_exclude]
        if self.runtime_min is not None:
            clauses.append({"runtime_min": {"$gte": self.runtime_min}})
        if self.runtime_max is not None:
            clauses.append({"runtime_min": {"$lte": self.runtime_max}})
        if self.platforms_any:
            ors = [{"platforms": {"$contains": p}} for p in self.platforms_any]
            clauses.append(ors[0] if len(ors) == 1 else {"$or": ors})
        if self.exclude_ids:
            clauses.append({"tid": {"$nin": list(self.exclude_ids)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def describe(self) -> str:
        """Short human text, e.g. 'Movie, 1990-1999, no Horror, under 120 min'."""
        parts: list[str] = []
        if self.type:
            parts.append("TV shows" if self.type == "TV Show" else "movies")
        if self.year_min is not None and self.year_min == self.year_max:
            parts.append(str(self.year_min))
        elif self.year_min is not None and self.year_max is not None:
            parts.append(f"{self.year_min}–{self.year_max}")
        elif self.year_min is not None:
            parts.append(f"from {self.year_min}")
        elif self.year_max is not None:
            parts.append(f"up to {self.year_max}")
        if self.genres_any:
            parts.append(" or ".join(self.genres_any))
        if self.genres_all:
            parts.append(" and ".join(self.genres_all))
        if self.genres_exclude:
            parts.append("no " + ", no ".join(self.genres_exclude))
        if self.runtime_min is not None:
            parts.append(f"at least {self.runtime_min} min")
        if self.runtime_max is not None:
            parts.append(f"at most {self.runtime_max} min")
        if self.platforms_any:
            parts.append("on " + " or ".join(self.platforms_any))
        if self.countries_any or self.languages_any:
            origin = [f"from {c}" for c in self.countries_any[:1]] + [f"in {lang}" for lang in self.languages_any[:1]]
            parts.append(" or ".join(origin))
        return ", ".join(parts) if parts else "no filters"

    def accepts(self, title: Title) -> bool:
        """Whether a Title satisfies every filter (used to verify picks, never to replace the query)."""
        t = title
        if self.year_min is not None and t.year < self.year_min:
            return False
        if self.year_max is not None and t.year > self.year_max:
            return False
        if self.type is not None and t.type != self.type:
            return False
        if self.genres_any and not set(self.genres_any) & set(t.genres):
            return False
        if not set(self.genres_all) <= set(t.genres):
            return False
        if set(self.genres_exclude) & set(t.genres):
            return False
        if self.runtime_min is not None and (t.runtime_min is None or t.runtime_min < self.runtime_min):
            return False
        if self.runtime_max is not None and (t.runtime_min is None or t.runtime_min > self.runtime_max):
            return False
        if self.platforms_any and not set(self.platforms_any) & set(t.platforms):
            return False
        if (self.countries_any or self.languages_any) and not (
            set(self.countries_any) & set(t.countries) or (t.language is not None and t.language in self.languages_any)
        ):
            return False
        return t.id not in self.exclude_ids
