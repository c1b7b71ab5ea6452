"""`python cli.py recommend --conversation FILE`: a message history per line, answered in order; a bad
line gets an error in its place and the rest are still answered."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from config import Settings
from testkit.cli_runner import run_cli


def cli(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    return run_cli("recommend", *args, env={"CINECHAT_DATA_DIR": str(data_dir)}, timeout=300)


@pytest.fixture
def data_dir(offline_settings: Settings) -> Path:
    return offline_settings.data_dir


def _line(*messages: tuple[str, str], **extra: Any) -> str:
    return json.dumps({"messages": [{"role": r, "content": c} for r, c in messages], **extra})


def test_each_line_is_answered_after_its_last_message_and_bad_lines_say_why(
    data_dir: Path, engine_index: Any, tmp_path: Path
) -> None:
    toy_story_3 = next(t for t in engine_index.catalog.values() if t.title == "Toy Story 3")
    lines = [
        _line(("user", "something like Toy Story"), source="ignored"),
        "{not json",
        _line(
            ("user", "something like Toy Story"),
            ("assistant", f"Have you seen {toy_story_3.title} ({toy_story_3.year})?"),
            ("user", "only from the 90s"),
        ),
        _line(("assistant", "Hi! What do you feel like?")),
        json.dumps({"messages": [{"role": "narrator", "content": "x"}]}),
    ]
    path = tmp_path / "conversations.jsonl"
    path.write_text("\n".join(lines) + "\n")
    done = cli(["--conversation", str(path), "--json", "--offline", "--k", "5"], data_dir)
    assert done.returncode == 1, done.stderr  # some lines were bad: non-zero, after answering the rest
    outs = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(outs) == 5
    first, broken, follow_up, no_user, bad_role = outs
    assert first["request"] == "something like Toy Story" and len(first["picks"]) == 5
    assert broken["error"].startswith("line 2:")
    assert no_user == {"error": "line 4: no user message to answer"}
    assert bad_role["error"].startswith("line 5:") and "role" in bad_role["error"]
    # the follow-up keeps the conversation's topic and adds the decade
    assert follow_up["request"] == "only from the 90s"
    assert follow_up["picks"] and all(1990 <= p["year"] <= 1999 for p in follow_up["picks"])
    # a title the assistant side already suggested is not suggested again
    assert toy_story_3.id not in [p["id"] for p in follow_up["picks"]]


def test_assistant_suggestions_are_never_picked_again(data_dir: Path, engine_index: Any, tmp_path: Path) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(_line(("user", "something like Toy Story")) + "\n")
    alone = json.loads(cli(["--conversation", str(path), "--json", "--offline"], data_dir).stdout)
    first_pick = engine_index.catalog[alone["picks"][0]["id"]]
    path.write_text(
        _line(
            ("assistant", f"You might like {first_pick.title} ({first_pick.year})."),
            ("user", "something like Toy Story"),
        )
        + "\n"
    )
    done = cli(["--conversation", str(path), "--json", "--offline"], data_dir)
    assert done.returncode == 0, done.stderr
    after = json.loads(done.stdout)
    assert first_pick.id not in [p["id"] for p in after["picks"]]
    assert len(after["picks"]) == 5


def test_an_unreadable_file_is_a_clear_error(data_dir: Path, tmp_path: Path) -> None:
    done = cli(["--conversation", str(tmp_path / "missing.jsonl"), "--json"], data_dir)
    assert done.returncode == 2 and "cannot read conversation file" in done.stderr and done.stdout == ""
