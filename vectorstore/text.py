"""The one text each title is embedded as.

Why this text (a retrieval decision, so it lives in one place):
- The request is matched against it, and requests are about what a title is like ("a slow-burn
  sci-fi about grief"), what kind it is ("a TV show", "sci-fi") or who made it ("something with
  Tom Hanks"). So the text carries the overview (the premise), the genres in words, the
  directors and the top of the cast, and TMDB keywords where a source has them (short thematic
  tags such as "grief", "time travel": the densest signal there is, but only ~8% of titles have them).
- The short, structured facts come FIRST and the overview LAST: the model reads at most
  MAX_SEQ_LENGTH word pieces, so a long overview loses its tail, never the facts.
- Only the top three cast names: billing beyond the leads is noise for "something with X" and would
  push the overview out of the window. Keywords are capped for the same reason.
- Title and year open the text so a named title ("Arrival") matches its own record and its sequels,
  and because titles often name the subject ("Jaws", "Alien"). The year is a hint for "old"/"classic";
  explicit year constraints are metadata filters, not text.
- Ratings, platforms, runtime are NOT in the text: they are filters or ranking signals, and words
  like "Netflix" or "96 min" would only pull unrelated titles together.
"""

from __future__ import annotations

from catalog.models import Title

TOP_CAST = 3
MAX_KEYWORDS = 10


def embedding_text(title: Title) -> str:
    """E.g. 'Arrival (2016), a movie. Genres: Drama, Science Fiction. Directed by Denis Villeneuve.
    Starring Amy Adams, Jeremy Renner, Forest Whitaker. Arrival is a 2016 American science ...'"""
    kind = "a TV series" if title.type == "TV Show" else "a movie"
    parts = [f"{title.title.strip()} ({title.year}), {kind}."]
    if title.genres:
        parts.append(f"Genres: {', '.join(title.genres)}.")
    if title.directors:
        parts.append(f"Directed by {_join(title.directors[:3])}.")
    if title.cast:
        parts.append(f"Starring {_join(title.cast[:TOP_CAST])}.")
    if title.keywords:
        parts.append(f"Keywords: {', '.join(title.keywords[:MAX_KEYWORDS])}.")
    overview = " ".join(title.overview.split())
    if overview:
        parts.append(overview)
    return " ".join(parts)


def _join(names: list[str]) -> str:
    names = [n.strip() for n in names if n.strip()]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
