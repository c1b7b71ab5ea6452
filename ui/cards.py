"""Props of one poster card (`public/elements/MovieCard.jsx`), built only from catalog facts.

The card renders every value as text (React escapes it), so this module's job is choosing and
formatting facts, and keeping anything that becomes a URL to plain http(s).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any
from urllib.parse import urlparse

from catalog.models import Title
from chains.models import Pick

OVERVIEW_CHARS = 320
TOP_CAST = 4
STOP_WORDS = {"the", "a", "an", "of", "and", "&", "le", "la", "les", "el", "los", "der", "die", "das"}


def safe_url(url: str | None) -> str | None:
    """The URL if it is plain http(s), else None: a card never links to javascript: or data: URLs."""
    if not url:
        return None
    parsed = urlparse(url.strip())
    if parsed.scheme in ("http", "https") and parsed.netloc:
        return url.strip()
    return None


def initials(title: str) -> str:
    """Up to two letters for the placeholder poster: 'The Dark Knight' -> 'DK', 'Up' -> 'U'."""
    words = re.findall(r"[^\W_]+", title)
    significant = [w for w in words if w.lower() not in STOP_WORDS] or words
    if not significant:
        return "?"
    letters = "".join(w[0] for w in significant[:2])
    return letters.upper()


def poster_hue(title: str) -> int:
    """A stable colour (0-359) per title, so a placeholder looks the same on every visit."""
    return int(hashlib.sha1(title.encode("utf-8")).hexdigest()[:6], 16) % 360


def runtime_label(title: Title | Pick) -> str | None:
    if title.type == "TV Show":
        if title.seasons:
            return f"{title.seasons} season" + ("" if title.seasons == 1 else "s")
        return None
    if title.runtime_min:
        hours, minutes = divmod(title.runtime_min, 60)
        if not hours:
            return f"{minutes} min"
        return f"{hours}h {minutes:02d}m" if minutes else f"{hours}h"
    return None


def as_of_label(as_of: str | None) -> str | None:
    """'2021-09-25' -> '2021-09': the listing date is a month-level fact, not a day-level promise."""
    if not as_of:
        return None
    match = re.match(r"^(\d{4}-\d{2})", as_of)
    return match.group(1) if match else as_of


def join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def streaming_label(title: Title) -> str | None:
    """'On Netflix and Hulu (as of 2021-09)', or None when no listing knows it."""
    if not title.platforms:
        return None
    text = "On " + join_names(title.platforms)
    as_of = as_of_label(title.platforms_as_of)
    return f"{text} (as of {as_of})" if as_of else text


def shorten(text: str, limit: int = OVERVIEW_CHARS) -> str:
    """Cut at a sentence end if one is close, else at a word boundary, marking the cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    sentence_end = cut.rfind(". ")
    if sentence_end >= limit * 0.6:
        return cut[: sentence_end + 1]
    return cut.rsplit(" ", 1)[0].rstrip(",;:") + "…"


def source_links(title: Title) -> list[dict[str, str]]:
    """Where the facts come from, as links the user can follow."""
    links: list[dict[str, str]] = []
    if url := safe_url(title.wikipedia_url):
        links.append({"label": "Wikipedia", "url": url})
    if title.imdb_id and re.fullmatch(r"tt\d+", title.imdb_id):
        links.append({"label": "IMDb", "url": f"https://www.imdb.com/title/{title.imdb_id}/"})
    if title.tmdb_id:
        kind = "tv" if title.type == "TV Show" else "movie"
        links.append({"label": "TMDB", "url": f"https://www.themoviedb.org/{kind}/{title.tmdb_id}"})
    return links


def _without_urls(line: str) -> str:
    """'Overview: Wikipedia, CC BY-SA 4.0 (https://en.wikipedia.org/wiki/Up_(2009_film))' -> without the URL."""
    return re.sub(r"\s*\(https?://.*\)\s*$", "", line).strip()


def overview_credit(title: Title) -> str | None:
    """The licence line of the overview text (Wikipedia's is CC BY-SA and must be credited)."""
    for line in title.attribution:
        if line.startswith("Overview:"):
            return _without_urls(line)
    return None


def card_props(rank: int, pick: Pick, title: Title, *, compact: bool = False, turn: int = 0) -> dict[str, Any]:
    """Everything the card shows; `explanation` fills in as the engine streams it."""
    return {
        "turn": turn,  # which answer of the chat this card belongs to
        "rank": rank,
        "id": title.id,
        "title": title.title,
        "year": title.year,
        "type": "TV series" if title.type == "TV Show" else "Movie",
        "kind": title.type,
        "runtime": runtime_label(title),
        "genres": list(title.genres[:4]),
        "directors": join_names(title.directors[:2]) or None,
        "cast": list(title.cast[:TOP_CAST]),
        "streaming": streaming_label(title),
        "overview": shorten(title.overview) if title.overview else None,
        "score": card_score(pick),
        "explanation": pick.explanation,
        "streaming_now": True,  # the explanation is still arriving
        "poster": safe_url(title.poster_url),
        "initials": initials(title.title),
        "hue": poster_hue(title.title),
        "credit": overview_credit(title) if title.overview else None,
        "credits_all": "\n".join(_without_urls(line) for line in title.attribution),
        "links": source_links(title),
        "more_like": f"More like {title.title} ({title.year})",
        "compact": compact,
        "status": None,  # "seen" / "rejected" once the user says so
    }


def card_score(pick: Pick) -> int:
    """The match score a card shows, as a whole percentage."""
    return max(0, min(100, round(pick.score * 100)))
