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


# --- one film under several listing names --------------------------------------------------------
# Streaming listings name editions and versions of one film as separate rows: "Knives Out (4K UHD)",
# "Master (Tamil) [4K UHD]", "Daredevil DIRECTOR'S CUT", "The Italian Job (1969)". Each suffix below
# was read off the shared data; anything not listed (a subtitle, "(UK)" / "(US)" for two different
# shows, "Frontier(s)") stays part of the title.

OWN_YEAR = "own year"
FORMAT = "video format"
EDITION = "cut or edition"
LANGUAGE = "language version"

_BRACKETED_TAIL = re.compile(r"\s*(?:-\s*)?[(\[](?P<inner>[^()\[\]]+)[)\]]\s*$")
# An edition phrase after a ":" or " - ", or (for the unmistakable multi-word ones) after a space.
_SEPARATED_TAIL = re.compile(r"\s*(?::|\s-+)\s*(?P<inner>[^:]+?)\s*$")
_YEAR_ONLY = re.compile(r"(?:1[89]|20)\d\d")

_FORMAT_RE = re.compile(r"(?:4k|2k|uhd|hd/sd ver|4k uhd|4k restored)", re.IGNORECASE)
_EDITION_WORDS = (
    r"the final cut|"  # "Blade Runner: The Final Cut"; a bare "Final Cut" is a title ("Urban Legends: Final Cut")
    r"(?:the\s+)?(?:(?:extended|director'?s|directors|theatrical|producer'?s|special|collector'?s|"
    r"anniversary|international|unrated|uncut|original|digitally remastered|remastered|restored|"
    r"(?:2k|4k)\s+restored\s+special|black\s*&\s*white|rated\s+r)\s+)?"
    r"(?:cut|edition|version|ver)"
)
_EDITION_RE = re.compile(
    rf"(?:{_EDITION_WORDS}|unrated|uncut|remastered|digitally remastered|restored|"
    r"(?:[\w ]+\s)?re-release|[\w ]+ theatrical release)",
    re.IGNORECASE,
)
# Only these stand after a plain space ("Date Night Extended Version"): one-word tails would cut
# real titles ("Blue Dragon Uncut" is a different show's name).
_SPACED_EDITION = re.compile(
    r"\s+(?:the\s+|expanded\s+)?(?P<inner>director'?s cut|extended (?:cut|edition|version)|4k uhd|special edition)\s*$",
    re.IGNORECASE,
)
_LANGUAGES = (
    "english|hindi|tamil|telugu|malayalam|kannada|bengali|marathi|punjabi|spanish|french|german|"
    "italian|japanese|korean|portuguese|brazilian portuguese|latin america spanish|mandarin|cantonese"
)
_LANGUAGE_RE = re.compile(
    rf"(?:(?:us |uk )?(?:{_LANGUAGES})(?:,\s*(?:us |uk )?(?:{_LANGUAGES}))*"
    r"(?: (?:version|ver|dub|dubbed|subbed|subtitled|audio|language(?:, no subtitles)?))?"
    r"|dubbed|subbed|sub|subtitled)",
    re.IGNORECASE,
)


def _suffix_kind(inner: str, year: int, *, bracketed: bool) -> str | None:
    text = " ".join(inner.split())
    if bracketed and _YEAR_ONLY.fullmatch(text):
        return OWN_YEAR if int(text) <= year + 1 else None  # a year after the listing's: not its own
    if _FORMAT_RE.fullmatch(text):
        return FORMAT
    if _EDITION_RE.fullmatch(text):
        return EDITION
    if bracketed and _LANGUAGE_RE.fullmatch(text):
        return LANGUAGE
    return None


def film_title(title: str, year: int) -> tuple[str, int, list[str]]:
    """A listing's name and year -> the film's own (title, year) and which suffix kinds were removed.

    'Pinocchio (2020) (4K UHD) [English Subtitled]', 2020 -> ('Pinocchio', 2020, [language, format, year]).
    A bracketed year names the film's own year: 'The Wicker Man (1973)' listed in 1975 is the 1973 film
    (listings often carry a re-release or latest-season year); a year after the listing's is left alone."""
    text = title.strip()
    removed: list[str] = []
    while True:
        match = _BRACKETED_TAIL.search(text)
        bracketed = match is not None
        if match is None:
            match = _SEPARATED_TAIL.search(text) or _SPACED_EDITION.search(text)
        if match is None or match.start() == 0:
            break
        kind = _suffix_kind(match["inner"], year, bracketed=bracketed)
        if kind is None and not bracketed and match.re is _SEPARATED_TAIL:
            spaced = _SPACED_EDITION.search(text)  # "Date Night Extended Version" has no separator
            if spaced and spaced.start() > 0:
                match, kind = spaced, EDITION
        if kind is None:
            break
        if kind == OWN_YEAR:
            year = min(year, int(match["inner"]))
        removed.append(kind)
        text = text[: match.start()].rstrip(" -:")
    return (text, year, removed) if removed and text else (title, year, [])
