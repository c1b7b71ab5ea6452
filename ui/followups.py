"""Two or three refinement suggestions after an answer, each a message the user could have typed.

They are phrased the way people type refinements ("only from the 90s", "something lighter",
"more like the second one") so clicking one runs exactly the same path as typing it.
"""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel

from chains.models import Recommendation

ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
MAX_SUGGESTIONS = 3


class Suggestion(BaseModel):
    label: str  # the chip
    message: str  # what is sent as the user's message
    icon: str = "sparkles"  # a lucide icon name
    tooltip: str = ""


def decade_phrase(year: int) -> tuple[str, str]:
    decade = year // 10 * 10
    short = f"{decade % 100:02d}s" if 1920 <= decade < 2000 else f"{decade}s"
    return f"Only {short}", f"only from the {short}"


def suggestions(rec: Recommendation, mood: list[str] | tuple[str, ...] = ()) -> list[Suggestion]:
    """`mood` is what the engine understood this turn ('lighter', 'darker'...), to offer the other way."""
    if not rec.picks:
        return []
    out: list[Suggestion] = []

    if len(rec.picks) >= 2:
        second = rec.picks[1]
        # the label stays short (the widget is narrow); the card already shows which one is #2
        out.append(
            Suggestion(
                label="More like #2",
                message="more like the second one",
                icon="sparkles",
                tooltip=f"More like {second.title} ({second.year})",
            )
        )

    lighter_asked = any("light" in m.lower() or "fun" in m.lower() for m in mood)
    out.append(
        Suggestion(label="Something darker", message="something darker", icon="moon")
        if lighter_asked
        else Suggestion(label="Something lighter", message="something lighter", icon="sun")
    )

    f = rec.filters
    if f.year_min is None and f.year_max is None:
        decade_counts = Counter(p.year // 10 * 10 for p in rec.picks)
        dominant, _ = decade_counts.most_common(1)[0]
        label, message = decade_phrase(dominant)
        out.append(Suggestion(label=label, message=message, icon="calendar"))
    elif f.type is None:
        movies = sum(p.type == "Movie" for p in rec.picks)
        if movies >= len(rec.picks) / 2:
            out.append(Suggestion(label="Only TV series", message="only TV series", icon="tv"))
        else:
            out.append(Suggestion(label="Only movies", message="only movies", icon="film"))
    return out[:MAX_SUGGESTIONS]
