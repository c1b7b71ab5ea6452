"""The plain-CSV sources of the raw folder, declared as column mappings (custom_csv.CsvMapping): one
declaration a file, read by the same code as a user's own CSV."""

from __future__ import annotations

from pathlib import Path

from catalog.sources.custom_csv import CsvMapping, MappedCsvSource

# IMDb Top 1000 (datadrivendynamo/imdb): the best-rated films. Columns: Poster_Link, Series_Title,
# Released_Year (one row holds "PG"), Certificate, Runtime ("142 min"), Genre, IMDB_Rating, Overview,
# Meta_score, Director, Star1-4, No_of_Votes, Gross.
IMDB_TOP_1000 = MappedCsvSource(
    "imdb_top1000",
    Path("imdb-top-1000") / "imdb_top_1000.csv",
    CsvMapping(
        columns={
            "title": "Series_Title",
            "year": "Released_Year",
            "poster_url": "Poster_Link",
            "certificate": "Certificate",
            "runtime_min": "Runtime",
            "genres": "Genre",
            "imdb_rating": "IMDB_Rating",
            "overview": "Overview",
            "metascore": "Meta_score",
            "directors": "Director",
            "cast": ["Star1", "Star2", "Star3", "Star4"],
            "imdb_votes": "No_of_Votes",
        },
        defaults={"type": "Movie"},
        credit="Data: IMDb Top 1000 dataset",
        overview_credit="IMDb Top 1000 dataset",
    ),
)

# TMDB top 10,000 (Aishanya-1112/Movies_Curator): id, title, genre ("Drama,Crime"), original_language,
# overview, popularity, release_date, vote_average, vote_count. Its first row is a UI placeholder
# (id 0, "Choose A Movie", no release date): skipped for its missing year.
TMDB_TOP_10K = MappedCsvSource(
    "tmdb_top10k",
    Path("tmdb-top-10k") / "top10K-TMDB-movies.csv",
    CsvMapping(
        columns={
            "tmdb_id": "id",
            "genres": "genre",
            "language": "original_language",
            "tmdb_popularity": "popularity",
            "year": "release_date",
            "tmdb_vote_average": "vote_average",
            "tmdb_vote_count": "vote_count",
        },
        defaults={"type": "Movie"},
        credit="Data: TMDB (The Movie Database)",
        overview_credit="TMDB",
    ),
)
