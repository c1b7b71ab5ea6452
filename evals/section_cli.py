"""The command line of one eval section run alone (`python -m evals.redial`, `python -m evals.judged`):
the engine opened on the built index, progress on stderr, the report on stdout, a clear error and exit
status 1 when the index or the data is missing."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

Progress = Callable[[str], None]
Report = TypeVar("Report", bound=BaseModel)
Result = TypeVar("Result")


def say_on_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def with_recommender(settings: Any, work: Callable[[Any], Result]) -> Result:
    """`work(recommender)` on the built index, the recommender closed afterwards."""
    from chains.engine import Recommender
    from vectorstore.index import TitleIndex

    rec = Recommender(TitleIndex.open(settings), settings)
    try:
        return work(rec)
    finally:
        rec.close()


def run_section(compute: Callable[[Progress], Report], texts: Callable[[Report], list[str]], as_json: bool) -> int:
    """Compute a report (progress to stderr), print its texts and, with `as_json`, the report as one JSON
    object on the last line. Exit status 0, or 1 with the error when the index or the data is missing."""
    from vectorstore.index import BUILD_COMMAND, IndexNotReadyError

    try:
        report = compute(say_on_stderr)
    except IndexNotReadyError as exc:
        print(f"error: {exc}\nBuild the index first: {BUILD_COMMAND}", file=sys.stderr)
        return 1
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for text in texts(report):
        print(text, flush=True)
    if as_json:
        print(json.dumps(report.model_dump(mode="json"), ensure_ascii=False), flush=True)
    return 0
