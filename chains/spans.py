"""Which characters of a message have already been understood.

The parser reads a message in passes (references, titles, years, runtime, type, platform, genres,
moods) and the title resolver runs as one of them. Each pass takes the characters it understood so
no later pass reads the same words again, and what nobody took becomes the free-text query. One
`Spans` object is shared by all the passes of one message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


class Spans:
    def __init__(self, text: str):
        self.text = text
        self._taken = [False] * len(text)

    def is_taken(self, start: int, end: int) -> bool:
        """True when any character in [start, end) was taken (an empty or reversed range never is)."""
        return any(self._taken[start:end])

    def match_is_taken(self, match: re.Match[str]) -> bool:
        return self.is_taken(match.start(), match.end())

    def any_taken(self) -> bool:
        return any(self._taken)

    def take(self, start: int, end: int) -> None:
        for k in range(start, end):
            self._taken[k] = True

    def take_match(self, match: re.Match[str]) -> None:
        self.take(match.start(), match.end())

    def take_all(self) -> None:
        self._taken = [True] * len(self.text)

    def freed(self, ranges: Iterable[tuple[int, int]]) -> Spans:
        """A copy with `ranges` free again: a pass that may read words another pass took."""
        copy = Spans(self.text)
        copy._taken = list(self._taken)
        for start, end in ranges:
            copy._taken[start:end] = [False] * (end - start)
        return copy

    def masked(self, fill: str = " ") -> str:
        """The text with every taken character replaced by `fill`."""
        return "".join(fill if taken else ch for ch, taken in zip(self.text, self._taken, strict=True))


def overlaps(spans: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) shares a character with any of the (start, end) spans."""
    return any(s < end and start < e for s, e in spans)


def found_outside(pattern: re.Pattern[str], text: str, skip: Iterable[tuple[int, int]] = ()) -> bool:
    """Whether the pattern matches somewhere that does not start inside a span to skip (a title's name, what the
    user dislikes)."""
    skip = list(skip)
    return any(not any(s <= m.start() < e for s, e in skip) for m in pattern.finditer(text))
