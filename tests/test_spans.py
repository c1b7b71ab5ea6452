"""Spans: what the parser's passes have taken of a message."""

from __future__ import annotations

import re

from chains.spans import Spans


def test_taking_a_match_hides_it_from_later_passes() -> None:
    understood = Spans("a 90s comedy")
    assert not understood.any_taken()
    understood.take_match(re.search(r"90s", understood.text))
    assert understood.is_taken(0, 5) and not understood.is_taken(5, 12)
    assert not understood.is_taken(4, 2)  # an empty range takes nothing
    assert understood.masked() == "a     comedy"
    assert understood.masked("#") == "a ### comedy"


def test_freed_is_a_copy() -> None:
    understood = Spans("war movies")
    understood.take(4, 10)
    readable = understood.freed([(4, 10)])
    assert readable.masked() == "war movies"
    assert understood.masked() == "war       "


def test_take_all() -> None:
    understood = Spans("Arrival")
    understood.take_all()
    assert understood.is_taken(0, 1) and understood.masked() == "       "
