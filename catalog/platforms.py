"""One spelling per streaming service, shared by the catalog and the request parser."""

from __future__ import annotations

import re

PLATFORMS = ["Amazon Prime Video", "Disney+", "Hulu", "Netflix"]

# Lower-cased words a source or a user may write -> canonical platform.
PLATFORM_SYNONYMS: dict[str, str] = {
    "netflix": "Netflix",
    "amazon prime": "Amazon Prime Video",
    "amazon prime video": "Amazon Prime Video",
    "prime video": "Amazon Prime Video",
    "prime": "Amazon Prime Video",
    "amazon": "Amazon Prime Video",
    "hulu": "Hulu",
    "disney": "Disney+",
    "disney+": "Disney+",
    "disney plus": "Disney+",
    "disneyplus": "Disney+",
}


def canonical_platform(label: str) -> str | None:
    """'Amazon prime' -> 'Amazon Prime Video'; an unknown service keeps its own name."""
    text = re.sub(r"\s+", " ", label.strip())
    if not text:
        return None
    return PLATFORM_SYNONYMS.get(text.lower(), text)


def platform_from_word(word: str) -> str | None:
    """A user's word for a service ('prime', 'disney plus') -> canonical name, else None."""
    return PLATFORM_SYNONYMS.get(re.sub(r"\s+", " ", word.strip().lower()))
