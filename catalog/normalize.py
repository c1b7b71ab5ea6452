"""Title keys for matching records across sources, and slugs for stable ids.

The key is deliberately forgiving about spelling differences sources make for one film
(case, accents, punctuation, "&"/"and", a leading article, "Part II"/"Part 2", "Godfather, The")
and strict about everything else: it is a pure function of the title, so a build is
deterministic and a title's id never depends on which other rows were read.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_ARTICLES = ("the", "a", "an")
_TRAILING_ARTICLE = re.compile(r"^(?P<rest>.+),\s*(?P<article>the|a|an)$", re.IGNORECASE)
# Standalone roman numerals that, in titles, are sequel numbers. I, V and X are left alone:
# they are more often a letter or a word ("V for Vendetta", "Malcolm X").
_ROMAN = {"ii": "2", "iii": "3", "iv": "4", "vi": "6", "vii": "7", "viii": "8", "ix": "9"}
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def ascii_fold(text: str) -> str:
    """'Amélie' -> 'Amelie'; characters with no ASCII form are dropped."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def title_key(title: str) -> str:
    """'The Godfather: Part II' == 'Godfather Part 2' == 'godfather part ii, the' -> 'godfather part 2'."""
    text = title.strip()
    trailing = _TRAILING_ARTICLE.match(text)
    if trailing:
        text = f"{trailing['article']} {trailing['rest']}"
    text = ascii_fold(text).casefold().replace("&", " and ")
    text = text.replace("'", "").replace("\u2019", "")  # "Schindler's" -> "schindlers", not "schindler s"
    words = _NON_ALNUM.sub(" ", text).split()
    words = [_ROMAN.get(w, w) for w in words]
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    if not words:  # a title of only punctuation or non-Latin script: keep it distinguishable
        return title.strip().casefold()
    return " ".join(words)


def slugify(title: str) -> str:
    """'Monsters, Inc.' -> 'monsters-inc'; a title with no Latin letters -> a short stable hash."""
    text = ascii_fold(title).casefold().replace("&", " and ").replace("'", "").replace("\u2019", "")
    slug = _NON_ALNUM.sub("-", text).strip("-")
    return slug or "t" + hashlib.sha1(title.strip().encode("utf-8")).hexdigest()[:10]


def base_title_id(title: str, year: int, kind: str) -> str:
    """'m-arrival-2016', 'tv-dark-2017' (before collision suffixes)."""
    prefix = "tv" if kind == "TV Show" else "m"
    return f"{prefix}-{slugify(title)}-{year}"
