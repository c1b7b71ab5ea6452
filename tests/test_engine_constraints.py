"""evals/constraint_requests.jsonl: every explicit constraint is understood, and every pick obeys it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from catalog.models import Title
from chains.engine import Recommender
from chains.notes import NoteCode
from chains.request_parser import RequestParser
from chains.title_resolver import TitleResolver
from chains.vocabulary import Vocabulary
from config import REPO_ROOT, Settings
from tests.fixtures_llm import finished, run_turn
from vectorstore.filters import SearchFilters

CASES = [
    json.loads(line)
    for line in (REPO_ROOT / "evals" / "constraint_requests.jsonl").read_text().splitlines()
    if line.strip()
]


def test_there_are_enough_varied_cases() -> None:
    assert len(CASES) >= 30
    fields = {field for case in CASES for field in case["expected"]}
    assert fields >= {
        "year_min",
        "year_max",
        "type",
        "genres_all",
        "genres_any",
        "genres_exclude",
        "runtime_min",
        "runtime_max",
        "platforms_any",
    }


@pytest.fixture(scope="module")
def parser(fixture_catalog: tuple[list[Title], object]) -> RequestParser:
    titles = fixture_catalog[0]
    return RequestParser(Vocabulary.from_titles(titles), TitleResolver(titles))


@pytest.mark.parametrize("case", CASES, ids=[c["request"] for c in CASES])
def test_the_parser_reads_every_explicit_constraint(parser: RequestParser, case: dict) -> None:
    assert parser.parse(case["request"]).parsed.filters.model_dump(exclude_defaults=True) == case["expected"]


def test_every_pick_satisfies_the_stated_constraints(engine_index: Any, offline_settings: Settings) -> None:
    recommender = Recommender(engine_index, offline_settings)
    picked = 0
    for case in CASES:
        expected = SearchFilters(**case["expected"])
        rec = finished(run_turn(recommender, case["request"]))
        for pick in rec.picks:
            assert expected.accepts(engine_index.catalog[pick.id]), (case["request"], pick.title)
        if len(rec.picks) < 5:
            assert any(n.code in (NoteCode.FEW_MATCHES, NoteCode.NO_MATCH) for n in rec.notes), (
                case["request"],
                rec.notes,
            )
        picked += len(rec.picks)
    assert picked >= 2 * len(CASES)  # the fixture catalog answers most of them
