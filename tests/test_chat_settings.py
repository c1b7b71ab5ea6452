"""Chat settings (the filter panel) -> SearchFilters + number of picks; bad values are explained."""

from catalog.genres import CANONICAL_GENRES
from catalog.platforms import PLATFORMS
from chains.lexicon import MAX_PICKS
from ui.settings import filters_from_settings, settings_widgets


def test_defaults_mean_no_filters():
    choice = filters_from_settings(
        {
            "genres": [],
            "type": "any",
            "year_from": None,
            "year_to": None,
            "max_runtime": "any",
            "platform": "any",
            "picks": 5,
        },
        CANONICAL_GENRES,
        PLATFORMS,
    )
    assert choice.filters.is_empty()
    assert choice.k == 5
    assert choice.problems == []
    assert filters_from_settings(None).filters.is_empty()


def test_every_setting_becomes_a_filter():
    choice = filters_from_settings(
        {
            "genres": ["Comedy", "Drama"],
            "type": "Movie",
            "year_from": "1990",
            "year_to": 1999.0,
            "max_runtime": "120",
            "platform": "Netflix",
            "picks": 3,
        },
        CANONICAL_GENRES,
        PLATFORMS,
    )
    f = choice.filters
    assert f.genres_any == ["Comedy", "Drama"]
    assert f.type == "Movie"
    assert (f.year_min, f.year_max) == (1990, 1999)
    assert f.runtime_max == 120
    assert f.platforms_any == ["Netflix"]
    assert choice.k == 3
    assert choice.problems == []


def test_bad_values_are_ignored_with_a_plain_reason():
    choice = filters_from_settings(
        {
            "genres": ["Comedy", "Nonsense"],
            "type": "Opera",
            "year_from": "abc",
            "year_to": 3050,
            "max_runtime": "long",
            "platform": "Betamax+",
            "picks": "lots",
        },
        CANONICAL_GENRES,
        PLATFORMS,
    )
    f = choice.filters
    assert f.genres_any == ["Comedy"] and f.type is None
    assert f.year_min is None and f.year_max is None and f.runtime_max is None and f.platforms_any == []
    assert choice.k is None
    text = " ".join(choice.problems)
    for fragment in ["Nonsense", "“abc” is not a year", "3050", "“long”", "Betamax+", "“lots”"]:
        assert fragment in text


def test_reversed_years_are_swapped_and_said():
    choice = filters_from_settings({"year_from": 2000, "year_to": 1990})
    assert (choice.filters.year_min, choice.filters.year_max) == (1990, 2000)
    assert "swapped" in choice.problems[0]


def test_picks_are_clamped():
    assert filters_from_settings({"picks": 50}).k == MAX_PICKS == 20
    assert filters_from_settings({"picks": 0}).k == 1


def test_widgets_prefill_from_saved_values():
    widgets = {
        w.id: w
        for w in settings_widgets(
            CANONICAL_GENRES, PLATFORMS, 5, {"genres": ["Horror", "Bogus"], "type": "TV Show", "picks": 7}
        )
    }
    assert widgets["genres"].initial == ["Horror"]
    assert widgets["type"].initial == "TV Show"
    assert widgets["picks"].initial == 7
    assert widgets["platform"].initial == "any"
    assert set(PLATFORMS) <= set(widgets["platform"].items.values())
    assert widgets["genres"].items == {g: g for g in CANONICAL_GENRES}
