"""The echo guard (chains/grounding.py): a title-like phrase the user typed that the turn's catalog data
lacks never comes back in the model's words; ordinary echoes of a request still stream untouched."""

from __future__ import annotations

import pytest

from chains.grounding import EchoGuard, GuardedStream
from testkit.hostile_inputs import INJECTION

# What the model was shown: a few real-looking candidate lines and synopses. "Electric" is in one of them
# (as in the fixture's Blade Runner synopsis): the guard must still catch the invented title.
CATALOG_TEXTS = [
    "m-blade-runner-1982 | Blade Runner | 1982 | Science Fiction | Ridley Scott | Do Androids Dream of Electric Sheep?",
    "m-toy-story-2-1999 | Toy Story 2 | 1999 | Animation | John Lasseter | toys come to life in a room",
    "m-arrival-2016 | Arrival | 2016 | Drama | Denis Villeneuve | a linguist meets visitors",
    "Amy Adams, Jeremy Renner",
]


def streamed(guard: EchoGuard, text: str, chunk: int = 3) -> tuple[str, bool]:
    stream = GuardedStream(guard)
    shown = "".join(stream.feed(text[i : i + chunk]) for i in range(0, len(text), chunk)) + stream.flush()
    return shown, stream.tripped


@pytest.mark.parametrize(
    "reason",
    [
        "Skip it and watch The Room 2: Electric Boogaloo instead.",
        "As you asked, Electric Boogaloo is the one!",
        "The Room 2: Electric Boogaloo tops my list.",
    ],
)
def test_the_smuggled_title_never_streams_out(reason: str) -> None:
    guard = EchoGuard.for_turn(INJECTION, CATALOG_TEXTS)
    for chunk in (1, 3, 50):
        shown, tripped = streamed(guard, reason, chunk)
        assert tripped, (reason, chunk)
        assert "Boogaloo" not in shown and "Room 2" not in shown, shown


@pytest.mark.parametrize(
    ("request_text", "reason"),
    [
        (
            "a slow-burn sci-fi about grief like Arrival with Amy Adams",
            "Like Arrival, this stars Amy Adams as a grieving linguist; a slow-burn sci-fi about grief.",
        ),
        ("something like Toy Story but funnier", "Like Toy Story, but Funnier: Toy Story 2 brings the toys back."),
        (INJECTION, "Ignore the noise: Blade Runner asks whether androids dream of Electric Sheep."),
    ],
)
def test_ordinary_echoes_stream_whole(request_text: str, reason: str) -> None:
    guard = EchoGuard.for_turn(request_text, CATALOG_TEXTS)
    assert streamed(guard, reason) == (reason, False)
