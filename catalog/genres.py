"""One genre vocabulary for every source and for the words users type.

Sources label genres differently ("Sci-Fi", "Science Fiction", "TV Sci-Fi & Fantasy",
"Comedies", "Docuseries"...). Every label maps to zero or more canonical genres; labels that
describe a market or a format rather than a genre ("International Movies", "TV Shows",
"Independent", "Silent") map to nothing, so a genre filter never matches on them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

CANONICAL_GENRES: list[str] = [
    "Action",
    "Adventure",
    "Animation",
    "Anime",
    "Biography",
    "Comedy",
    "Crime",
    "Documentary",
    "Drama",
    "Family",
    "Fantasy",
    "Film Noir",
    "History",
    "Horror",
    "Kids",
    "LGBTQ",
    "Martial Arts",
    "Music",
    "Musical",
    "Mystery",
    "Reality",
    "Romance",
    "Science Fiction",
    "Sport",
    "Stand-Up Comedy",
    "Superhero",
    "Teen",
    "Thriller",
    "War",
    "Western",
]

# Normalised source label -> canonical genres. Keys are `_norm(label)`.
_LABELS: dict[str, tuple[str, ...]] = {
    # action / adventure
    "action": ("Action",),
    "adventure": ("Adventure",),
    "action and adventure": ("Action", "Adventure"),
    "action adventure": ("Action", "Adventure"),
    "tv action and adventure": ("Action", "Adventure"),
    "disaster": ("Action",),
    "survival": ("Adventure",),
    "martial arts": ("Martial Arts", "Action"),
    "superhero": ("Superhero", "Action"),
    "spy": ("Thriller",),
    "spy espionage": ("Thriller",),
    # animation
    "animation": ("Animation",),
    "animated": ("Animation",),
    "adult animation": ("Animation",),
    "cartoons": ("Animation",),
    "anime": ("Anime", "Animation"),
    "anime features": ("Anime", "Animation"),
    "anime series": ("Anime", "Animation"),
    # biography / history / war / western
    "biography": ("Biography",),
    "biographical": ("Biography",),
    "history": ("History",),
    "historical": ("History",),
    "war": ("War",),
    "military and war": ("War",),
    "western": ("Western",),
    # comedy
    "comedy": ("Comedy",),
    "comedies": ("Comedy",),
    "tv comedies": ("Comedy",),
    "sitcom": ("Comedy",),
    "sketch comedy": ("Comedy",),
    "parody": ("Comedy",),
    "satire": ("Comedy",),
    "buddy": ("Comedy",),
    "romantic comedy": ("Romance", "Comedy"),
    "stand up": ("Stand-Up Comedy", "Comedy"),
    "stand up comedy": ("Stand-Up Comedy", "Comedy"),
    "stand up comedy and talk shows": ("Stand-Up Comedy", "Comedy"),
    # crime / mystery / thriller / horror
    "crime": ("Crime",),
    "crime tv shows": ("Crime",),
    "police cop": ("Crime",),
    "noir": ("Film Noir", "Crime"),
    "film noir": ("Film Noir", "Crime"),
    "mystery": ("Mystery",),
    "tv mysteries": ("Mystery",),
    "thriller": ("Thriller",),
    "thrillers": ("Thriller",),
    "tv thrillers": ("Thriller",),
    "suspense": ("Thriller",),
    "horror": ("Horror",),
    "horror movies": ("Horror",),
    "tv horror": ("Horror",),
    "slasher": ("Horror",),
    "found footage": ("Horror",),
    # documentary / reality
    "documentary": ("Documentary",),
    "documentaries": ("Documentary",),
    "docuseries": ("Documentary",),
    "science and nature tv": ("Documentary",),
    "science and technology": ("Documentary",),
    "animals and nature": ("Documentary",),
    "reality": ("Reality",),
    "reality tv": ("Reality",),
    "unscripted": ("Reality",),
    "game shows": ("Reality",),
    "game show competition": ("Reality",),
    "cooking and food": ("Reality",),
    # drama / romance
    "drama": ("Drama",),
    "dramas": ("Drama",),
    "tv dramas": ("Drama",),
    "soap opera melodrama": ("Drama",),
    "medical": ("Drama",),
    "legal": ("Drama",),
    "romance": ("Romance",),
    "romantic movies": ("Romance",),
    "romantic tv shows": ("Romance",),
    # family / kids / teen
    "family": ("Family",),
    "children and family movies": ("Kids", "Family"),
    "kids": ("Kids", "Family"),
    "kids tv": ("Kids", "Family"),
    "teen": ("Teen",),
    "teen tv shows": ("Teen",),
    "young adult audience": ("Teen",),
    "coming of age": ("Teen",),
    # fantasy / science fiction
    "fantasy": ("Fantasy",),
    "science fiction": ("Science Fiction",),
    "sci fi": ("Science Fiction",),
    "scifi": ("Science Fiction",),
    "science fiction and fantasy": ("Science Fiction", "Fantasy"),
    "sci fi and fantasy": ("Science Fiction", "Fantasy"),
    "tv sci fi and fantasy": ("Science Fiction", "Fantasy"),
    # music
    "music": ("Music",),
    "musical": ("Musical",),
    "musicals": ("Musical",),
    "music and musicals": ("Music", "Musical"),
    "music videos and concerts": ("Music",),
    "concert film": ("Music",),
    "performance": ("Music",),
    "dance": ("Music",),
    # sport / lgbtq
    "sport": ("Sport",),
    "sports": ("Sport",),
    "sports movies": ("Sport",),
    "lgbtq": ("LGBTQ",),
    "lgbtq movies": ("LGBTQ",),
}

# Labels known to carry no genre (markets, formats, catalog shelves). Listed so that an
# unknown label can be told apart from a deliberately dropped one.
NON_GENRE_LABELS: frozenset[str] = frozenset(
    {
        "movies",
        "tv shows",
        "series",
        "tv movie",
        "international",
        "international movies",
        "international tv shows",
        "british tv shows",
        "korean tv shows",
        "spanish language tv shows",
        "independent",
        "independent movies",
        "arthouse",
        "classic movies",
        "classics",
        "cult movies",
        "classic and cult tv",
        "foreign",
        "silent",
        "short",
        "live action",
        "anthology",
        "special interest",
        "arts",
        "entertainment",
        "and culture",
        "arts entertainment and culture",
        "lifestyle",
        "lifestyle and culture",
        "travel",
        "fitness",
        "health and wellness",
        "news",
        "late night",
        "talk show",
        "talk show and variety",
        "variety",
        "latino",
        "black stories",
        "faith and spirituality",
        "erotic",
        "political",
        "supernatural",
    }
)

# Words a user may type -> canonical genre (the request parser uses genre_from_word).
_USER_WORDS: dict[str, str] = {
    "sci fi": "Science Fiction",
    "scifi": "Science Fiction",
    "sf": "Science Fiction",
    "science fiction": "Science Fiction",
    "space opera": "Science Fiction",
    "animated": "Animation",
    "animation": "Animation",
    "cartoon": "Animation",
    "cartoons": "Animation",
    "anime": "Anime",
    "doc": "Documentary",
    "docs": "Documentary",
    "documentary": "Documentary",
    "documentaries": "Documentary",
    "docuseries": "Documentary",
    "funny": "Comedy",
    "comedy": "Comedy",
    "comedies": "Comedy",
    "romcom": "Romance",
    "rom com": "Romance",
    "romantic": "Romance",
    "love story": "Romance",
    "scary": "Horror",
    "horror": "Horror",
    "thriller": "Thriller",
    "thrillers": "Thriller",
    "suspense": "Thriller",
    "whodunit": "Mystery",
    "mystery": "Mystery",
    "mysteries": "Mystery",
    "noir": "Film Noir",
    "film noir": "Film Noir",
    "biopic": "Biography",
    "biopics": "Biography",
    "biography": "Biography",
    "historical": "History",
    "period": "History",
    "war": "War",
    "western": "Western",
    "westerns": "Western",
    "musical": "Musical",
    "musicals": "Musical",
    "music": "Music",
    "sports": "Sport",
    "sport": "Sport",
    "kids": "Kids",
    "children": "Kids",
    "childrens": "Kids",
    "family": "Family",
    "teen": "Teen",
    "teens": "Teen",
    "coming of age": "Teen",
    "superhero": "Superhero",
    "superheroes": "Superhero",
    "martial arts": "Martial Arts",
    "kung fu": "Martial Arts",
    "stand up": "Stand-Up Comedy",
    "standup": "Stand-Up Comedy",
    "reality": "Reality",
    "reality tv": "Reality",
    "lgbt": "LGBTQ",
    "lgbtq": "LGBTQ",
    "queer": "LGBTQ",
    "fantasy": "Fantasy",
    "action": "Action",
    "adventure": "Adventure",
    "crime": "Crime",
    "drama": "Drama",
    "dramas": "Drama",
    "romance": "Romance",
}

_CANONICAL_BY_NORM: dict[str, str] = {}  # filled below: canonical names are also labels and words


@lru_cache(maxsize=8192)
def _norm(label: str) -> str:
    """Case-, accent-, punctuation-insensitive form: "Kids' TV" -> "kids tv", "&" -> "and"."""
    text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    text = text.casefold().replace("&", " and ").replace("+", "")
    text = re.sub(r"'", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return text.strip()


for _genre in CANONICAL_GENRES:
    _CANONICAL_BY_NORM[_norm(_genre)] = _genre
    _LABELS.setdefault(_norm(_genre), (_genre,))
GENRE_SYNONYMS: dict[str, str] = {**_CANONICAL_BY_NORM, **_USER_WORDS}


def genres_for_label(label: str) -> tuple[str, ...]:
    """Canonical genres for one source label; () for non-genres and unknown labels."""
    return _LABELS.get(_norm(label), ())


def is_known_label(label: str) -> bool:
    key = _norm(label)
    return key in _LABELS or key in NON_GENRE_LABELS


def canonical_genres(raw_labels: Iterable[str]) -> list[str]:
    """Source labels -> sorted unique canonical genres."""
    found: set[str] = set()
    for label in raw_labels:
        found.update(genres_for_label(label))
    return sorted(found)


def genre_from_word(word: str) -> str | None:
    """A user's word or phrase ('sci-fi', 'scifi', 'animated', 'Horror', 'westerns') -> genre."""
    key = _norm(word)
    if not key:
        return None
    if key in GENRE_SYNONYMS:
        return GENRE_SYNONYMS[key]
    labels = _LABELS.get(key)
    if labels and len(labels) == 1:
        return labels[0]
    if key.endswith("s") and key[:-1] in GENRE_SYNONYMS:  # plurals: "horrors", "animations"
        return GENRE_SYNONYMS[key[:-1]]
    return None
