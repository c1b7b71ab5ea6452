"""Two request sets written with the engine: explicit constraints, and named titles.

constraint_requests.jsonl: {"request": "a 90s comedy under 100 minutes", "expected": {<SearchFilters fields>}}
    Every pick must satisfy the expected constraints (checked on the catalog record, not on what
    the engine says it understood): anything under 100% is a bug, not a tuning matter.
title_requests.jsonl: {"request": "I loved The Godfather", "expected": {"title": "The Godfather", "year": 1972}}
    The title the engine resolves must be that film.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from catalog.normalize import title_key
from chains.engine import Recommender
from vectorstore.filters import SearchFilters

EVALS_DIR = Path(__file__).resolve().parent
CONSTRAINT_REQUESTS = EVALS_DIR / "constraint_requests.jsonl"
TITLE_REQUESTS = EVALS_DIR / "title_requests.jsonl"


class ConstraintCase(BaseModel):
    request: str
    expected: SearchFilters


class ExpectedTitle(BaseModel):
    title: str
    year: int


class TitleCase(BaseModel):
    request: str
    expected: ExpectedTitle


class ConstraintReport(BaseModel):
    requests: int
    picks: int
    satisfied: float  # fraction of picks satisfying every expected constraint
    requests_without_picks: int
    understood: float  # fraction of requests whose parsed filters equal the expected ones
    violations: list[str] = Field(default_factory=list)
    misunderstood: list[str] = Field(default_factory=list)


class ResolutionReport(BaseModel):
    requests: int
    accuracy: float
    failures: list[str] = Field(default_factory=list)


def read_cases(path: Path, model: type[BaseModel]) -> list:
    cases = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            cases.append(model.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as err:
            raise ValueError(f"{path.name} line {number}: {err}") from err
    return cases


def _same_constraints(parsed: SearchFilters, expected: SearchFilters) -> bool:
    def norm(f: SearchFilters) -> dict:
        data = f.model_dump(exclude={"exclude_ids"})
        return {k: sorted(v) if isinstance(v, list) else v for k, v in data.items()}

    return norm(parsed) == norm(expected)


def evaluate_constraints(
    rec: Recommender, cases: list[ConstraintCase], progress: Callable[[int, int], None] = lambda _d, _t: None
) -> ConstraintReport:
    picks = satisfied = empty = understood = 0
    violations: list[str] = []
    misunderstood: list[str] = []
    for i, case in enumerate(cases, start=1):
        recommendation = rec.recommend(case.request, offline=True)
        if _same_constraints(recommendation.filters, case.expected):
            understood += 1
        else:
            misunderstood.append(
                f"{case.request!r}: understood {recommendation.filters.describe()!r}, "
                f"expected {case.expected.describe()!r}"
            )
        if not recommendation.picks:
            empty += 1
        for pick in recommendation.picks:
            picks += 1
            title = rec.index.catalog[pick.id]
            if case.expected.accepts(title):
                satisfied += 1
            else:
                violations.append(
                    f"{case.request!r} -> {title.title} ({title.year}, {title.type}, "
                    f"{', '.join(title.genres)}, {title.runtime_min} min)"
                )
        progress(i, len(cases))
    return ConstraintReport(
        requests=len(cases),
        picks=picks,
        satisfied=satisfied / picks if picks else 0.0,
        requests_without_picks=empty,
        understood=understood / len(cases) if cases else 0.0,
        violations=violations,
        misunderstood=misunderstood,
    )


def evaluate_resolution(
    rec: Recommender, cases: list[TitleCase], progress: Callable[[int, int], None] = lambda _d, _t: None
) -> ResolutionReport:
    correct = 0
    failures: list[str] = []
    for i, case in enumerate(cases, start=1):
        resolved = rec.recommend(case.request, offline=True).resolved
        # Titles are compared by the catalog's key ("Godfather, The" is The Godfather), under any of the names
        # the record holds (the Sorcerer's Stone is the Philosopher's Stone).
        want = case.expected
        record = rec.index.catalog.get(resolved.id) if resolved else None
        names = {title_key(n) for n in record.names} if record else set()
        if resolved and title_key(want.title) in names and resolved.year == want.year:
            correct += 1
        else:
            got = f"{resolved.title} ({resolved.year})" if resolved else "nothing"
            failures.append(f"{case.request!r}: expected {want.title} ({want.year}), got {got}")
        progress(i, len(cases))
    return ResolutionReport(requests=len(cases), accuracy=correct / len(cases) if cases else 0.0, failures=failures)
