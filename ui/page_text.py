"""Chainlit's page chrome, made true for CineChat: the footer line, and no log line per page load.

- Footer. Chainlit shows "LLMs can make mistakes. Check important info." under the message box,
  even in offline mode, where no model runs. The line is the translation key `chat.watermark`,
  served per request by `ChainlitConfig.load_translation`; wrapping it puts what is true for this
  server's mode there (offline: ranked from the catalog; with a model: which model). The same
  translations feed the website widget, so it says the same.
- Log. Chainlit logs "Translated markdown file for en-US not found. Defaulting to chainlit.md." at
  WARNING on every page load: CineChat ships one chainlit.md for every language on purpose, so the
  line is dropped; any other Chainlit warning still shows.

If a future Chainlit renames these hooks, nothing breaks: the page keeps Chainlit's own wording.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from config import Settings
from ui.text import md_escape

OFFLINE_FOOTER = "Offline mode: picks are ranked from the catalog by similarity; no language model is used."
MODEL_FOOTER = "Picks come from the catalog; {model} ranks them and writes the reasons, and can be wrong."


def footer(settings: Settings) -> str:
    if settings.llm_configured:
        return MODEL_FOOTER.format(model=md_escape(settings.llm_model))
    return OFFLINE_FOOTER


class _DropMissingTranslatedMarkdown(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Translated markdown file for ")


def install(settings: Settings) -> bool:
    """Put this mode's footer into Chainlit's translations and quiet the per-page warning."""
    from chainlit.config import ChainlitConfig
    from chainlit.logger import logger as chainlit_logger

    if not any(isinstance(f, _DropMissingTranslatedMarkdown) for f in chainlit_logger.filters):
        chainlit_logger.addFilter(_DropMissingTranslatedMarkdown())

    original: Callable[..., Any] | None = getattr(ChainlitConfig, "load_translation", None)
    if original is None:
        return False
    original = getattr(original, "_cinechat_original", original)  # installing twice wraps once
    text = footer(settings)

    def load_translation(self: ChainlitConfig, language: str) -> dict:
        translation = original(self, language)
        chat = translation.get("chat") if isinstance(translation, dict) else None
        if isinstance(chat, dict):
            chat["watermark"] = text
        return translation

    load_translation._cinechat_original = original  # type: ignore[attr-defined]
    ChainlitConfig.load_translation = load_translation  # type: ignore[method-assign]
    return True
