"""`cli.py eval --json` and `cli.py bench` as a user runs them, on the fixture index."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from evals import morelikethis
from evals.requests import CONSTRAINT_REQUESTS, TITLE_REQUESTS
from testkit.cli_runner import run_cli


def _cli(*args: str, data_dir: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    return run_cli(*args, env={"CINECHAT_DATA_DIR": str(data_dir)}, timeout=timeout)


def _lines(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


@pytest.mark.skipif(not (morelikethis.DEFAULT_DIR / "ratings.tsv").exists(), reason="MoreLikeThis data not available")
def test_eval_json_contract_on_the_fixture_index(fixture_index, fixture_settings):
    done = _cli(
        "eval",
        "--json",
        "--limit-seeds",
        "12",
        "--only",
        "morelikethis,constraints,resolution",
        data_dir=fixture_settings.data_dir,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])

    mlt = report["more_like_this"]
    for key in ("seeds", "pairs"):
        assert isinstance(mlt[key], int)
    for key in ("pairwise_accuracy", "precision_at_5", "original_pairwise_accuracy", "original_precision_at_5"):
        assert isinstance(mlt[key], float) and 0.0 <= mlt[key] <= 1.0, key
    # The fixture holds a few dozen judged films; seeds are capped at 12 and some have no NOT_OK pair.
    assert 3 <= mlt["seeds"] <= 12 and mlt["pairs"] >= 5
    assert mlt["seeds_in_catalog"] <= mlt["seeds_listed"] and mlt["rows"] == 1650
    assert mlt["judged_in_top5"] >= 1  # e.g. Toy Story 2 for Toy Story

    constraints = report["constraints"]
    assert constraints["requests"] == _lines(CONSTRAINT_REQUESTS)
    assert constraints["satisfied"] == 1.0, constraints["violations"]
    resolution = report["resolution"]
    assert resolution["requests"] == _lines(TITLE_REQUESTS)
    assert isinstance(resolution["accuracy"], float) and 0.0 <= resolution["accuracy"] <= 1.0
    # Human-readable lines come first; the JSON object is the last line.
    assert "pairwise accuracy" in done.stdout


def test_eval_and_bench_without_an_index_name_the_build_command(tmp_path: Path):
    for command in ("eval", "bench"):
        done = _cli(command, "--json", data_dir=tmp_path / "nothing-built-here", timeout=120)
        assert done.returncode == 1
        assert "python cli.py build" in done.stderr
        assert done.stdout.strip() == ""


def test_bad_limit_is_refused(tmp_path: Path):
    done = _cli("eval", "--limit-seeds", "0", data_dir=tmp_path, timeout=120)
    assert done.returncode == 2 and "--limit-seeds" in done.stderr


def test_the_bench_times_whole_ten_message_histories(engine_index, offline_settings):
    from benchmarks import bench_engine
    from chains.dialogue import Message
    from chains.engine import Recommender

    history = bench_engine.conversation(0)
    assert len(history) == 10 and [m["role"] for m in history] == ["user", "assistant"] * 5
    recommender = Recommender(engine_index, offline_settings)
    answer = recommender.recommend_messages([Message.model_validate(m) for m in history[:-1]], offline=True)
    assert answer is not None and answer.picks  # the history is answerable: the timing is of real work
    timing = bench_engine.time_conversations(recommender, 3)
    assert timing["conversations"] == 3 and 0 < timing["p50_ms"] <= timing["p95_ms"]
