"""Chat settings (the filter panel) and their translation to `SearchFilters`.

Settings are standing wishes for the whole chat; a message's own constraints win for its turn
(the engine merges them). Values arrive from the browser, so each one is checked here and a bad
one becomes a plain-language problem instead of an error.
"""

from __future__ import annotations

from typing import Any

from chainlit.input_widget import InputWidget, MultiSelect, Select, Slider, TextInput
from pydantic import BaseModel, Field

from chains.lexicon import EARLIEST_YEAR, LATEST_YEAR, MAX_PICKS, MIN_PICKS
from vectorstore.filters import SearchFilters

ANY = "any"
TYPE_CHOICES = {"Movies and TV series": ANY, "Movies only": "Movie", "TV series only": "TV Show"}
RUNTIME_CHOICES = {
    "Any length": ANY,
    "Up to 90 minutes": "90",
    "Up to 2 hours": "120",
    "Up to 2½ hours": "150",
    "Up to 3 hours": "180",
}


class SettingsChoice(BaseModel):
    filters: SearchFilters = Field(default_factory=SearchFilters)
    k: int | None = None
    problems: list[str] = Field(default_factory=list, description="Values ignored, said plainly.")


def settings_widgets(
    genres: list[str], platforms: list[str], default_picks: int, values: dict[str, Any] | None = None
) -> list[InputWidget]:
    """The filter panel; `values` (e.g. restored from history) pre-fill it."""
    values = values or {}

    def initial(key: str, default: Any) -> Any:
        return values.get(key, default) if values.get(key) is not None else default

    def choice(widget_id: str, label: str, items: dict[str, str], description: str | None = None) -> Select:
        return Select(
            id=widget_id, label=label, items=items, initial_value=initial(widget_id, ANY), description=description
        )

    def year(widget_id: str, label: str, example: int) -> TextInput:
        # Text, not number inputs: an empty number input shows (and sends) 0.
        return TextInput(
            id=widget_id, label=label, initial=_year_text(values.get(widget_id)), placeholder=f"any, e.g. {example}"
        )

    platform_items = {"Any service": ANY} | {name: name for name in platforms}
    return [
        MultiSelect(
            id="genres",
            label="Genres",
            values=genres,
            initial=[g for g in initial("genres", []) if g in genres],
            description="Any of these genres. Leave empty for all.",
        ),
        choice("type", "Type", TYPE_CHOICES),
        year("year_from", "From year", 1990),
        year("year_to", "To year", 1999),
        choice(
            "max_runtime",
            "Maximum runtime",
            RUNTIME_CHOICES,
            "Only movies list a runtime, so a limit leaves TV series out.",
        ),
        choice("platform", "Streaming on", platform_items, "From the services' published catalogs, which are dated."),
        Slider(
            id="picks",
            label="Number of picks",
            initial=initial("picks", default_picks),
            min=MIN_PICKS,
            max=MAX_PICKS,
            step=1,
        ),
    ]


def _year_text(value: Any) -> str:
    return "" if value in (None, 0, "0") else str(value).strip()


def _year(value: Any, label: str, problems: list[str]) -> int | None:
    if value is None or value == 0 or (isinstance(value, str) and value.strip() in ("", "0")):
        return None
    try:
        year = int(float(value))
    except (TypeError, ValueError):
        problems.append(f"“{value}” is not a year, so I ignored {label}.")
        return None
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        problems.append(f"{year} is outside {EARLIEST_YEAR}–{LATEST_YEAR}, so I ignored {label}.")
        return None
    return year


def filters_from_settings(
    values: dict[str, Any] | None, known_genres: list[str] | None = None, known_platforms: list[str] | None = None
) -> SettingsChoice:
    """Settings values -> filters + number of picks, with anything unusable explained."""
    values = values or {}
    problems: list[str] = []
    filters = SearchFilters()

    genres = [g for g in values.get("genres") or [] if isinstance(g, str)]
    if known_genres is not None:
        unknown = [g for g in genres if g not in known_genres]
        if unknown:
            problems.append(f"Unknown genre ignored: {', '.join(unknown)}.")
        genres = [g for g in genres if g in known_genres]
    filters.genres_any = genres

    kind = values.get("type")
    if kind in ("Movie", "TV Show"):
        filters.type = kind

    filters.year_min = _year(values.get("year_from"), "“From year”", problems)
    filters.year_max = _year(values.get("year_to"), "“To year”", problems)
    if filters.year_min and filters.year_max and filters.year_min > filters.year_max:
        problems.append(f"“From year” {filters.year_min} is after “To year” {filters.year_max}; I swapped them.")
        filters.year_min, filters.year_max = filters.year_max, filters.year_min

    runtime = values.get("max_runtime")
    if runtime not in (None, ANY):
        try:
            filters.runtime_max = int(runtime)
        except (TypeError, ValueError):
            problems.append(f"“{runtime}” is not a runtime, so I ignored it.")

    platform = values.get("platform")
    if platform not in (None, ANY):
        if known_platforms is not None and platform not in known_platforms:
            problems.append(f"Unknown streaming service ignored: {platform}.")
        else:
            filters.platforms_any = [platform]

    k = None
    picks = values.get("picks")
    if picks is not None:
        try:
            k = max(MIN_PICKS, min(MAX_PICKS, int(float(picks))))
        except (TypeError, ValueError):
            problems.append(f"“{picks}” is not a number of picks; using the default.")
    return SettingsChoice(filters=filters, k=k, problems=problems)
