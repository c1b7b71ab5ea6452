"""The re-ranker's streamed answer is read incrementally, whatever the chunk sizes."""

from __future__ import annotations

import pytest

from chains.pick_stream import PickStreamParser

KNOWN = frozenset({"m-arrival-2016", "m-up-2009", "m-heat-1995", "tv-dark-2017"})


def read(text: str, size: int) -> tuple[str, list[tuple[str, str]]]:
    parser = PickStreamParser(KNOWN)
    items = []
    for i in range(0, len(text), size):
        items += parser.feed(text[i : i + size])
    items += parser.finish()
    opening, picks = "", []
    for item in items:
        if item.kind == "opening":
            opening += item.text
        elif item.kind == "pick":
            picks.append([item.text, ""])
        elif item.kind == "why":
            picks[-1][1] += item.text
    return opening, [(i, w) for i, w in picks]


@pytest.mark.parametrize("size", [1, 2, 5, 13, 1000])
def test_the_contract_format_in_any_chunking(size: int) -> None:
    text = (
        "Here are three quiet ones.\nm-arrival-2016 | First contact, told slowly.\nm-up-2009 | Grief, then flight.\n"
        "tv-dark-2017 | A town's secrets.\n"
    )
    opening, picks = read(text, size)
    assert opening == "Here are three quiet ones."
    assert picks == [
        ("m-arrival-2016", "First contact, told slowly."),
        ("m-up-2009", "Grief, then flight."),
        ("tv-dark-2017", "A town's secrets."),
    ]


@pytest.mark.parametrize("size", [1, 7, 1000])
def test_what_models_add_anyway_is_tolerated(size: int) -> None:
    text = (
        "Opening: Some picks for you!\n\n"
        "1. m-arrival-2016 | Numbered line.\n"
        "- `m-up-2009` | Bullet and backticks.\n"
        "**m-heat-1995**: Bold id with a colon.\n"
        '{"id": "tv-dark-2017", "why": "A JSON line."}\n'
        "Enjoy your evening!\n"
    )
    opening, picks = read(text, size)
    assert opening == "Some picks for you!"
    assert picks == [
        ("m-arrival-2016", "Numbered line."),
        ("m-up-2009", "Bullet and backticks."),
        ("m-heat-1995", "Bold id with a colon."),
        ("tv-dark-2017", "A JSON line."),
    ]


def test_unknown_ids_are_reported_for_the_engine_to_drop() -> None:
    _, picks = read("Hi there friend.\nm-invented-2099 | Not a candidate.\nm-up-2009 | Real.\n", 3)
    assert [i for i, _ in picks] == ["m-invented-2099", "m-up-2009"]


def test_prose_without_ids_yields_no_picks() -> None:
    opening, picks = read("What a lovely request! I'd go with a classic tonight. Enjoy!", 4)
    assert picks == [] and opening.startswith("What a lovely request!")


def test_a_pick_is_announced_as_soon_as_its_separator_arrives() -> None:
    parser = PickStreamParser(KNOWN)
    assert parser.feed("Intro line here.\n") != []
    assert parser.feed("m-arrival-20") == []
    items = parser.feed("16 | Fir")
    assert [(i.kind, i.text) for i in items] == [("pick", "m-arrival-2016"), ("why", "Fir")]
