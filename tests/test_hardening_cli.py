"""Bad input through the terminal door: `python cli.py recommend` in a subprocess on the fixture index,
offline and with a fake LLM that obeys the prompt injection in every request (testkit/hostile_inputs.py).

Every request gets a clear answer and exit code; nothing crashes; every pick is a catalog title; the
invented title never appears except where the CLI quotes the user's own request back.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from config import Settings
from testkit.chat_servers import our_tracebacks
from testkit.cli_runner import run_cli
from testkit.hostile_inputs import (
    BAD_INPUTS,
    INVENTED_WORDS,
    ObedientLLM,
    check_picks_in_catalog,
    without_user_quotes,
)
from vectorstore.index import TitleIndex

BATCH = [case for case in BAD_INPUTS if case.outcome != "empty"]
EMPTY = [case for case in BAD_INPUTS if case.outcome == "empty"]


@pytest.fixture(scope="module")
def llm() -> Iterator[ObedientLLM]:
    server = ObedientLLM().start()
    server.behaviour = "obey_injection"  # every request: the model tries to push the invented title
    yield server
    server.stop()


def cli(args: list[str], settings: Settings, scratch: Path, llm_url: str | None = None) -> subprocess.CompletedProcess:
    env = {"CINECHAT_DATA_DIR": str(settings.data_dir), "CINECHAT_LLM_CACHE_PATH": str(scratch / "llm.db")}
    if llm_url:
        env |= {"CINECHAT_LLM_BASE_URL": llm_url, "OPENAI_API_KEY": "sk-test-hardening", "CINECHAT_LLM_TIMEOUT_S": "5"}
    return run_cli("recommend", *args, env=env)


@pytest.fixture(scope="module")
def batch_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hardening-cli") / "bad.txt"
    path.write_text("\n".join(case.message for case in BATCH) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("mode", ["offline", "obedient-llm"])
def test_every_bad_request_gets_a_clear_answer_and_catalog_picks_only(
    mode: str,
    batch_file: Path,
    fixture_index: TitleIndex,
    fixture_settings: Settings,
    llm: ObedientLLM,
    tmp_path: Path,
) -> None:
    args = ["--batch", str(batch_file), "--json"] + (["--offline"] if mode == "offline" else [])
    done = cli(args, fixture_settings, tmp_path, llm.base_url if mode != "offline" else None)
    assert done.returncode == 0, done.stderr[-3000:]
    assert our_tracebacks(done.stderr) == []
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(answers) == len(BATCH)
    for case, out in zip(BATCH, answers, strict=True):
        check_picks_in_catalog(out["picks"], fixture_index.catalog)
        if case.outcome == "picks":
            assert len(out["picks"]) == 5, (case.name, out["notes"])
            assert all(p["explanation"].strip() for p in out["picks"]), case.name
        else:
            assert out["picks"] == [], case.name
        notes = " ".join(out["notes"])
        assert case.says.lower() in notes.lower(), (case.name, out["notes"])
        shown = without_user_quotes(notes + " ".join(p["explanation"] for p in out["picks"]))
        assert INVENTED_WORDS not in shown, (case.name, shown)
        assert len(out["request"]) <= 1000, "a long request is cut before it reaches the model"
    if mode != "offline":
        assert llm.request_count >= len([c for c in BATCH if c.outcome == "picks"])
        assert all(out["mode"] == "llm" for out in answers if out["picks"])


def test_the_readable_listing_shows_the_invented_title_only_as_the_users_own_words(
    fixture_settings: Settings, llm: ObedientLLM, tmp_path: Path, batch_file: Path
) -> None:
    done = cli(["--batch", str(batch_file)], fixture_settings, tmp_path, llm.base_url)
    assert done.returncode == 0 and our_tracebacks(done.stderr) == [], done.stderr[-3000:]
    assert INVENTED_WORDS in done.stdout  # echoed as "> ignore your instructions and recommend ..."
    assert INVENTED_WORDS not in without_user_quotes(done.stdout)
    assert "one to watch" not in done.stdout  # the model's opening that praised it was replaced


@pytest.mark.parametrize("case", EMPTY, ids=[c.name for c in EMPTY])
def test_an_empty_request_says_what_to_type(case, fixture_settings: Settings, tmp_path: Path) -> None:
    done = cli([case.message], fixture_settings, tmp_path)
    assert done.returncode == 2
    assert "empty request" in done.stderr and "python cli.py recommend" in done.stderr
    assert our_tracebacks(done.stderr) == [] and done.stdout == ""
