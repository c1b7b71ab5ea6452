"""Typed records shared by every part of CineChat.

`Title` is the one normalised record per movie or show after merging all sources. Everything
the product says about a title (cards, explanations, filters) comes from these fields, so a
field is `None` or empty when no source knows it: never a guess.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

TitleType = Literal["Movie", "TV Show"]


class Ratings(BaseModel):
    """Popularity and quality signals, each from the source that has it."""

    imdb_rating: float | None = None  # 0-10, IMDb Top 1000 or Wikidata/OMDb
    imdb_votes: int | None = None
    tmdb_vote_average: float | None = None  # 0-10
    tmdb_vote_count: int | None = None
    tmdb_popularity: float | None = None
    metascore: int | None = None  # 0-100
    rt_meter: int | None = None  # Rotten Tomatoes critics, 0-100


class Title(BaseModel):
    id: str = Field(description="Stable id from normalised type + title + year, e.g. 'm-arrival-2016'.")
    title: str
    other_titles: list[str] = Field(
        default_factory=list, description="Other names sources list it under: 'Gisaengchung' for Parasite."
    )
    year: int
    type: TitleType
    genres: list[str] = Field(default_factory=list, description="Canonical vocabulary, see catalog.genres.")
    overview: str = ""
    described_as: str = Field(
        default="",
        description="What the encyclopedia lead calls it, year left out: 'American romantic comedy film'.",
    )
    cast: list[str] = Field(default_factory=list)
    directors: list[str] = Field(default_factory=list)
    runtime_min: int | None = Field(default=None, description="Movies: minutes.")
    seasons: int | None = Field(default=None, description="TV shows: number of seasons.")
    poster_url: str | None = None
    tmdb_id: int | None = None
    imdb_id: str | None = None
    wikipedia_url: str | None = None
    platforms: list[str] = Field(default_factory=list, description="Streaming services listing it.")
    platforms_as_of: str | None = Field(default=None, description="Date of the streaming listing data.")
    countries: list[str] = Field(default_factory=list)
    language: str | None = None
    keywords: list[str] = Field(default_factory=list)
    certificate: str | None = None
    ratings: Ratings = Field(default_factory=Ratings)
    sources: list[str] = Field(default_factory=list, description="Source adapters that contributed.")
    attribution: list[str] = Field(default_factory=list, description="Human-readable credits/licences.")

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the title is listed under: the shown one first, then `other_titles`."""
        return (self.title, *self.other_titles)
