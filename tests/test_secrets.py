"""The API key goes to the LLM server's Authorization header and nowhere else: not into the chat server's
log, not into the CLI's output (on the error paths too: 500, timeout, connection refused, garbage, and
a 401 whose message repeats the key), not into the page or anything the browser receives, not into
settings or model objects a log line might print.

The servers run with CI removed from the environment: with CI set, `chainlit run` swaps OPENAI_API_KEY
for a fake, and this test would pass without proving anything.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path

import pytest
from pydantic import SecretStr

from chains.llm import make_chat_model
from config import Settings
from testkit.chainlit_server import ChainlitServer
from testkit.chat_servers import chat_env, start_chat_server
from testkit.chat_socket import ChatClient
from testkit.cli_runner import run_cli
from testkit.faulty_llm import FAULTS, TIMEOUT_S, SwitchableLLM
from tests.browser.chat_page import open_chat, send, wait_turn_done
from tests.browser.chromium import chromium
from vectorstore.index import TitleIndex

CANARY = "sk-test-SECRET-canary-123"
ERROR_PATHS = ["http_500", "hang", "garbage_bytes", "malformed", "http_401_echo", "down"]


def leaked(text: str) -> bool:
    # the whole key, or its distinctive middle (a key cut or masked at both ends still gives itself away)
    return CANARY in text or "SECRET-canary" in text


@pytest.fixture(scope="module")
def chat_server(fixture_index: TitleIndex, fixture_settings: Settings, switchable_llm: SwitchableLLM, tmp_path_factory):
    scratch = tmp_path_factory.mktemp("secrets")
    env = chat_env(
        fixture_settings.data_dir, scratch, switchable_llm.base_url, CANARY, CINECHAT_LLM_TIMEOUT_S=TIMEOUT_S
    )
    assert "CI" in env and env["CI"] is None  # removed, whatever the shell says
    server = start_chat_server("secrets-chat", env)
    yield server
    server.stop()


def test_the_key_reaches_the_llm_server_and_nothing_the_chat_shows_or_logs(
    chat_server: ChainlitServer, switchable_llm: SwitchableLLM
) -> None:
    sent_keys: set[str] = set()

    async def conversation() -> list:
        turns = []
        async with ChatClient(chat_server.url) as chat:
            for fault in ["happy", *ERROR_PATHS]:
                switchable_llm.set(fault)
                turns.append(await chat.ask(FAULTS.get(fault, ("something like Toy Story",))[0]))
                sent_keys.update(h.get("Authorization", "") for h in switchable_llm.server.headers)
            switchable_llm.set("happy")
            return turns, list(chat.all_events)

    turns, events = asyncio.run(conversation())
    assert f"Bearer {CANARY}" in sent_keys, "the server did use the key (else this test proves nothing)"
    assert all(len(t.picks) == 5 for t in turns), [t.assistant_texts for t in turns]
    assert not leaked(json.dumps(events, default=str)), "a socket event carried the key"
    log = chat_server.log_text()
    assert "LLM re-rank failed" in log  # the error paths were logged...
    assert not leaked(log), "the key is in the chat server's log"  # ...without the key


@pytest.mark.browser
def test_the_page_and_everything_the_browser_receives_hold_no_key(
    chat_server: ChainlitServer, switchable_llm: SwitchableLLM
) -> None:
    received: list[str] = []
    with chromium() as browser:
        page = browser.new_page()
        page.set_default_timeout(30_000)

        def on_response(response) -> None:
            try:
                received.append(response.text())
            except Exception:  # noqa: BLE001  (binary or already gone: nothing a key could hide in as text)
                received.append(response.url)

        page.on("response", on_response)
        page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: received.append(str(frame))))
        switchable_llm.set("happy")
        open_chat(page, chat_server.url)
        send(page, "something like Toy Story")
        wait_turn_done(page, 1)
        switchable_llm.set("http_401_echo")
        send(page, FAULTS["http_401_echo"][0])
        wait_turn_done(page, 2)
        switchable_llm.set("happy")
        content = page.content()
        storage = page.evaluate("() => JSON.stringify([document.cookie, {...localStorage}, {...sessionStorage}])")
    assert len(received) > 10 and any("MovieCard" in r for r in received)  # the answers did arrive
    assert not leaked(content) and not leaked(storage)
    assert not any(leaked(r) for r in received), "a response or websocket frame carried the key"


def cli(args: list[str], settings: Settings, llm_url: str, cache: Path) -> subprocess.CompletedProcess:
    env = {
        "CINECHAT_DATA_DIR": str(settings.data_dir),
        "CINECHAT_LLM_CACHE_PATH": str(cache),
        "CINECHAT_LLM_BASE_URL": llm_url,
        "OPENAI_API_KEY": CANARY,
        "CINECHAT_LLM_TIMEOUT_S": TIMEOUT_S,
        "PYTHONWARNINGS": "always",  # every warning printed, in case one repeats a setting
    }
    return run_cli("recommend", *args, env=env)


@pytest.mark.parametrize("output", ["text", "json"])
def test_the_cli_prints_no_key_on_any_path(
    output: str, switchable_llm: SwitchableLLM, fixture_settings: Settings, tmp_path: Path
) -> None:
    served = [f for f in FAULTS if f != "down"]
    batch = tmp_path / "requests.txt"
    batch.write_text("\n".join(["something like Toy Story"] + [FAULTS[f][0] for f in served]) + "\n")
    flags = ["--json"] if output == "json" else []
    switchable_llm.set("by_request")
    try:
        served_run = cli(
            ["--batch", str(batch), *flags], fixture_settings, switchable_llm.base_url, tmp_path / "llm.db"
        )
        sent_keys = {h.get("Authorization", "") for h in switchable_llm.server.headers}
        switchable_llm.set("down")
        down_run = cli([FAULTS["down"][0], *flags], fixture_settings, switchable_llm.base_url, tmp_path / "llm.db")
    finally:
        switchable_llm.set("happy")
    assert sent_keys == {f"Bearer {CANARY}"}, "the CLI used the key (else this test proves nothing)"
    for done in (served_run, down_run):
        assert done.returncode == 0, done.stderr[-3000:]
        assert not leaked(done.stdout) and not leaked(done.stderr), done.stderr[-3000:]
    assert "LLM re-rank failed" in served_run.stderr  # the error paths ran and were reported


def test_settings_and_model_objects_print_no_key(fixture_settings: Settings) -> None:
    settings = fixture_settings.model_copy(update={"openai_api_key": SecretStr(CANARY), "llm_base_url": "http://x/v1"})
    llm = make_chat_model(settings)
    for shown in (str(settings), repr(settings), settings.model_dump_json(), repr(llm), str(llm.model_dump())):
        assert not leaked(shown), shown
    assert settings.openai_api_key.get_secret_value() == CANARY  # the key is there, only never printed


def test_a_log_line_or_traceback_that_repeats_the_key_is_scrubbed(caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from chains.redaction import redact_in_logs

    redact_in_logs(CANARY)
    log = logging.getLogger("tests.secrets")
    with caplog.at_level(logging.INFO):
        log.warning("upstream said: Incorrect API key provided: %s", CANARY)
        try:
            raise ValueError(f"bad key {CANARY}")
        except ValueError:
            log.exception("request failed")
    assert "upstream said" in caplog.text and "ValueError: bad key [redacted]" in caplog.text
    assert not leaked(caplog.text)
