"""`python cli.py recommend`: the JSON contract, --batch, exit codes, the readable listing."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from config import Settings
from testkit.cli_runner import run_cli

# The JSON contract, restated here rather than imported: the test must fail if the command drops a key.
_CONTRACT = "id title year type genres runtime_min directors score explanation countries language certificate platforms"
PICK_KEYS = set(_CONTRACT.split())


def cli(args: list[str], data_dir: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return run_cli("recommend", *args, env={"CINECHAT_DATA_DIR": str(data_dir)}, timeout=timeout)


@pytest.fixture
def data_dir(offline_settings: Settings) -> Path:
    return offline_settings.data_dir


def test_json_holds_one_object_with_the_contracted_fields(data_dir: Path, engine_index: Any) -> None:
    done = cli(["something like Toy Story but only from the 90s", "--json", "--offline"], data_dir)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    out = json.loads(lines[0])
    assert set(out) == {"request", "mode", "resolved", "filters", "picks", "notes", "note_codes"}
    assert out["request"] == "something like Toy Story but only from the 90s"
    assert out["mode"] == "offline"
    assert out["resolved"]["title"] == "Toy Story" and set(out["resolved"]) == {"id", "title", "year"}
    assert out["filters"] == {"year_min": 1990, "year_max": 1999}
    assert len(out["picks"]) == 5
    for pick in out["picks"]:
        assert set(pick) == PICK_KEYS
        title = engine_index.catalog[pick["id"]]
        assert (pick["title"], pick["year"]) == (title.title, title.year) and 1990 <= pick["year"] <= 1999
        # The catalog facts travel with the pick as the record holds them (empty/null when unknown).
        assert (pick["countries"], pick["language"], pick["certificate"], pick["platforms"]) == (
            title.countries,
            title.language,
            title.certificate,
            title.platforms,
        )
    assert any(pick["countries"] or pick["language"] or pick["certificate"] for pick in out["picks"])
    assert "offline" in out["note_codes"] and len(out["note_codes"]) == len(out["notes"])


def test_batch_gives_one_line_per_request_each_a_fresh_conversation(data_dir: Path, tmp_path: Path) -> None:
    batch = tmp_path / "requests.txt"
    batch.write_text("something like Toy Story\n\n# a comment\na TV show on Netflix\nsomething like Toy Story\n")
    done = cli(["--batch", str(batch), "--json", "--k", "3"], data_dir)
    assert done.returncode == 0, done.stderr
    outs = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["request"] for o in outs] == [
        "something like Toy Story",
        "a TV show on Netflix",
        "something like Toy Story",
    ]
    assert all(len(o["picks"]) <= 3 for o in outs)
    assert outs[1]["filters"] == {"type": "TV Show", "platforms_any": ["Netflix"]}
    assert outs[1]["picks"] and all("Netflix" in p["platforms"] for p in outs[1]["picks"])
    # Fresh conversations: the repeated request is not treated as a follow-up that hides earlier picks.
    assert [p["id"] for p in outs[0]["picks"]] == [p["id"] for p in outs[2]["picks"]]
    assert outs[0]["mode"] == "offline"  # no key in the environment: offline by default


def test_an_empty_request_exits_non_zero_with_a_clear_message(data_dir: Path) -> None:
    done = cli(["   ", "--json"], data_dir)
    assert done.returncode != 0
    assert done.stdout == ""
    assert "empty request" in done.stderr


def test_a_missing_index_names_the_build_command(tmp_path: Path) -> None:
    done = cli(["something like Arrival", "--json"], tmp_path / "nothing-here")
    assert done.returncode != 0
    assert done.stdout == ""
    assert "python cli.py build" in done.stderr


def test_the_readable_listing(data_dir: Path) -> None:
    done = cli(["a slow-burn sci-fi about grief", "--offline", "--k", "3"], data_dir)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("> a slow-burn sci-fi about grief")
    assert "1. " in done.stdout and "3. " in done.stdout and "4. " not in done.stdout
    assert "Note: Offline mode" in done.stdout
