"""`python cli.py build` end to end in a subprocess: fixture raw data in, a usable index out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from config import REPO_ROOT
from tests.fixtures_index import index_settings
from vectorstore.index import TitleIndex

SUMMARY_KEYS = {"titles", "with_overview", "embedded", "reused", "removed", "skipped_rows", "seconds", "coverage"}


def _run_build(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CINECHAT_")}
    env["CINECHAT_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, str(REPO_ROOT / "cli.py"), "build", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _summary(result: subprocess.CompletedProcess[str]) -> dict:
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, fixture_raw_dir: Path) -> tuple[Path, dict]:
    data_dir = tmp_path_factory.mktemp("cli-build")
    result = _run_build(data_dir, "--raw-dir", str(fixture_raw_dir), "--limit", "40", "--json")
    return data_dir, _summary(result)


def test_build_json_summary(built: tuple[Path, dict]) -> None:
    _, summary = built
    assert set(summary) == SUMMARY_KEYS
    assert summary["titles"] == 40 and summary["embedded"] == 40
    assert summary["reused"] == 0 and summary["removed"] == 0
    assert summary["with_overview"] == 40
    assert summary["skipped_rows"] > 0  # the fixture holds malformed rows on purpose
    assert set(summary["coverage"]) == {"director", "runtime", "poster", "cast"}
    assert all(0.0 <= v <= 1.0 for v in summary["coverage"].values())
    assert summary["seconds"] > 0


def test_built_index_opens_and_searches(built: tuple[Path, dict], fixture_raw_dir: Path) -> None:
    data_dir, _ = built
    index = TitleIndex.open(index_settings(data_dir, fixture_raw_dir))
    assert len(index) == 40
    assert index.search("a space adventure", k=5)


def test_second_build_embeds_nothing(built: tuple[Path, dict], fixture_raw_dir: Path) -> None:
    data_dir, _ = built
    summary = _summary(_run_build(data_dir, "--raw-dir", str(fixture_raw_dir), "--limit", "40", "--json"))
    assert (summary["embedded"], summary["reused"], summary["removed"]) == (0, 40, 0)
    # A smaller sample removes the titles that left it.
    summary = _summary(_run_build(data_dir, "--raw-dir", str(fixture_raw_dir), "--limit", "35", "--json"))
    assert (summary["embedded"], summary["removed"]) == (0, 5)


def test_readable_summary_without_json(tmp_path: Path, fixture_raw_dir: Path) -> None:
    result = _run_build(tmp_path, "--raw-dir", str(fixture_raw_dir), "--limit", "5")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "embedded 5" in result.stdout and "titles" in result.stdout
    assert not result.stdout.lstrip().startswith("{")


def test_missing_raw_dir_is_a_clear_error(tmp_path: Path) -> None:
    result = _run_build(tmp_path / "data", "--raw-dir", str(tmp_path / "nowhere"), "--json")
    assert result.returncode != 0
    assert "does not exist" in result.stderr and "--raw-dir" in result.stderr
    assert not (tmp_path / "data" / "manifest.json").exists()
