"""Real `chainlit run chat_app.py` servers for the hardening, fault, secret and load tests.

A thin layer over testkit/chainlit_server.py's ChainlitServer: an environment that nothing from the
developer's shell leaks into (no LLM, no sign-in, no Chroma server unless asked), CI removed (with CI
set, `chainlit run` swaps OPENAI_API_KEY for a fake), and a fresh LLM cache per server.
"""

from __future__ import annotations

import os
from pathlib import Path

from config import REPO_ROOT
from testkit.chainlit_server import ChainlitServer

# Everything that could point a test server somewhere else: removed unless the test sets it.
ISOLATED = (
    "CI",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "CINECHAT_OPENAI_API_KEY",
    "CINECHAT_LLM_BASE_URL",
    "CINECHAT_LLM_TIMEOUT_S",
    "CINECHAT_OFFLINE",
    "CINECHAT_CHROMA_HOST",
    "CINECHAT_CHROMA_PORT",
    "CINECHAT_USERS",
    "CINECHAT_AUTH_HEADER",
    "CHAINLIT_AUTH_SECRET",
    "CINECHAT_DATABASE_URL",
    "CINECHAT_LLM_REWRITE_QUERIES",
    "CINECHAT_TMDB_API_KEY",  # a developer's real poster keys must never reach a test server
    "CINECHAT_OMDB_API_KEY",
)


def chat_env(
    data_dir: Path,
    scratch: Path,
    llm_base_url: str | None = None,
    api_key: str | None = None,
    **extra: str,
) -> dict[str, str | None]:
    """The server's environment. `extra` uses variable names, e.g. CINECHAT_LLM_TIMEOUT_S="2"."""
    env: dict[str, str | None] = {name: None for name in ISOLATED}
    env |= {
        "CINECHAT_DATA_DIR": str(data_dir),
        "CINECHAT_LLM_CACHE_PATH": str(scratch / "llm_cache.db"),
        "PYTHONUNBUFFERED": "1",  # log lines reach the log file as they happen
    }
    if llm_base_url:
        env["CINECHAT_LLM_BASE_URL"] = llm_base_url
        env["OPENAI_API_KEY"] = api_key or "sk-test-not-a-real-key"
    return env | extra


def start_chat_server(name: str, env: dict[str, str | None]) -> ChainlitServer:
    server = ChainlitServer(name, env)
    if server.log_path.exists():  # one log per run: tests read it back
        os.remove(server.log_path)
    return server.start()


def our_tracebacks(log: str) -> list[str]:
    """The tracebacks in a log that pass through this project's code.

    A library finalising a stream we abandoned after a handled fault ("Exception ignored in:
    <async_generator ...PoolByteStream...>") is noise, not a crash of ours, even when the garbage collector
    happened to run it inside one of our frames (that frame then heads its traceback); a traceback with a
    frame in chains/, ui/, vectorstore/, commands/, chat_app.py... is one.
    """
    found: list[str] = []
    parts = log.split("Traceback (most recent call last):")
    for before, block in zip(parts, parts[1:], strict=False):
        header = before.rstrip().rsplit("\n", 1)[-1]
        if header.startswith("Exception ignored in: <async_generator"):
            continue
        frames = [line for line in block.splitlines() if line.strip().startswith('File "')]
        ours = [f for f in frames if str(REPO_ROOT) in f and "/.venv/" not in f]
        if ours:
            found.append("Traceback (most recent call last):" + block[:2000])
    return found
