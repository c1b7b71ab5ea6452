"""The chat model and its SQLite answer cache, both built from Settings.

Any OpenAI-compatible server works: OpenAI itself (default model gpt-4o-mini), or a local Ollama /
vLLM / LM Studio server through `CINECHAT_LLM_BASE_URL` (such servers accept any API key).
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import openai
from langchain_core.caches import BaseCache
from langchain_openai import ChatOpenAI

from chains.redaction import redact_in_logs
from config import Settings

log = logging.getLogger(__name__)


def cache_path(settings: Settings) -> Path:
    return settings.llm_cache_path or settings.data_dir / "llm_cache.db"


def open_cache(settings: Settings) -> BaseCache | None:
    """LangChain's SQLite cache, or None if the file cannot be used (a broken cache never breaks a turn)."""
    path = cache_path(settings)
    try:
        with warnings.catch_warnings():  # the package's sunset notice, not actionable here
            warnings.simplefilter("ignore", DeprecationWarning)
            from langchain_community.cache import SQLiteCache

        path.parent.mkdir(parents=True, exist_ok=True)
        cache = SQLiteCache(database_path=str(path))
        cache.lookup("cinechat-probe", "cinechat-probe")  # fails now, not mid-turn, on a corrupted file
        return cache
    except Exception as exc:  # noqa: BLE001
        log.warning("LLM cache at %s is unusable (%s); continuing without a cache", path, exc)
        return None


def make_chat_model(settings: Settings, cache: BaseCache | None = None) -> ChatOpenAI:
    """A chat model with its own HTTP client: use it from one event loop only (see Recommender)."""
    # A local server needs no key, but the OpenAI client insists on one: send a placeholder.
    api_key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
    redact_in_logs(api_key)  # an upstream error may repeat the key; no log line will (redaction.py)
    return ChatOpenAI(
        model=settings.llm_model,
        base_url=settings.llm_base_url or None,
        api_key=api_key,
        temperature=settings.llm_temperature,
        timeout=settings.llm_timeout_s,
        max_tokens=settings.llm_max_output_tokens,
        # One attempt: a retry would double the wait, and the offline ranking is a good fallback.
        max_retries=0,
        stream_usage=True,
        # Its own connection pool: LangChain's shared default client is bound to the first event loop
        # that used it, and the engine may serve a chat server's loop and a CLI loop in one process.
        http_async_client=openai.DefaultAsyncHttpxClient(timeout=settings.llm_timeout_s),
        cache=cache if cache is not None else False,
    )
