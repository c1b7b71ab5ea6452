"""The page's footer per mode, and the per-page Chainlit warning kept out of the log (ui/page_text.py).
The browser suite (tests/browser/test_widget_browser.py) checks the same on a running server."""

from __future__ import annotations

import logging

from config import Settings
from ui import page_text


def test_footer_is_true_for_each_mode(tmp_path):
    offline = Settings(data_dir=tmp_path, openai_api_key=None, llm_base_url=None)
    assert page_text.footer(offline) == page_text.OFFLINE_FOOTER
    forced = Settings(data_dir=tmp_path, openai_api_key="sk-test", offline=True)
    assert page_text.footer(forced) == page_text.OFFLINE_FOOTER
    model = Settings(data_dir=tmp_path, openai_api_key="sk-test", llm_model="llama3_8b")
    assert "llama3\\_8b" in page_text.footer(model)  # a model's name is shown literally, not as Markdown


def test_install_puts_the_footer_in_every_language_and_drops_the_markdown_warning(tmp_path, caplog, monkeypatch):
    from chainlit.config import ChainlitConfig, config
    from chainlit.logger import logger

    # Chainlit's own method comes back after this test
    monkeypatch.setattr(ChainlitConfig, "load_translation", ChainlitConfig.load_translation)
    settings = Settings(data_dir=tmp_path, openai_api_key=None, llm_base_url=None)
    assert page_text.install(settings) and page_text.install(settings)  # twice is harmless
    for language in ("en-US", "fr-FR"):
        assert config.load_translation(language)["chat"]["watermark"] == page_text.OFFLINE_FOOTER
    with caplog.at_level(logging.INFO, logger="chainlit"):
        logger.warning("Translated markdown file for en-US not found. Defaulting to chainlit.md.")
        logger.warning("Something else Chainlit needs to say")
    messages = [r.getMessage() for r in caplog.records]
    assert messages == ["Something else Chainlit needs to say"]
