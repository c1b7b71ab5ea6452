"""Keep the API key out of every log line, whoever writes it.

The key is a SecretStr everywhere in this code, so our own objects never print it. But an upstream
error can repeat it: an OpenAI-compatible server answering 401 with "Incorrect API key provided:
<the key>" (OpenAI masks it; a local proxy or a misconfigured gateway may not), and that message then
reaches the log through any library's or our own `log.warning("... %r", exc)`. A log record factory
scrubs registered secrets from each record's message and traceback as it is created, so no handler
(Chainlit's, uvicorn's, the CLI's stderr) ever sees them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

MASK = "[redacted]"
_MIN_SECRET_CHARS = 8  # a placeholder such as "not-needed" or "x" is no secret, and masking it would garble logs

_secrets: set[str] = set()
_lock = threading.Lock()
_installed = False


def scrub(text: str) -> str:
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    return text


def _redacting_factory(original: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    formatter = logging.Formatter()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = original(*args, **kwargs)
        if not _secrets:
            return record
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001  (a malformed record is logging's problem, not ours)
            return record
        if any(s in message for s in _secrets):
            record.msg, record.args = scrub(message), None
        if record.exc_info and record.exc_info[1] is not None:
            # Formatters reuse exc_text when it is set: give them the scrubbed traceback.
            record.exc_text = scrub(formatter.formatException(record.exc_info))
        return record

    return factory


def redact_in_logs(secret: str | None) -> None:
    """From now on, `secret` is replaced by [redacted] in every log record of this process."""
    global _installed
    if not secret or len(secret) < _MIN_SECRET_CHARS:
        return
    with _lock:
        _secrets.add(secret)
        if not _installed:
            logging.setLogRecordFactory(_redacting_factory(logging.getLogRecordFactory()))
            _installed = True
