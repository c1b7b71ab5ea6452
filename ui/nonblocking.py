"""Keep Chainlit from stopping the whole server for every message it creates.

Chainlit 2.12's `Message.__init__` and `Step.__init__` each call `time.sleep(0.001)`: a blocking sleep
on the event loop that serves every connected chat. A CineChat answer creates about a dozen of them
(three steps, the opening, one message per card, the footer), so each answer froze every other
conversation for 12+ ms; under 20 concurrent chats those freezes queue up (measured with
benchmarks/load_test.py and py-spy: see docs/scaling.md). The sleep only spaces out the messages'
`created_at` stamps, which carry microseconds, and the messages of one chat are created one after
another anyway (Chainlit PR #1374 proposed removing it).

`install()` gives those two modules a `time` whose sleep returns at once for such tiny pauses, once
at start-up. If a Chainlit release drops the sleep or renames the modules, nothing breaks.
CINECHAT_CHAINLIT_BLOCKING_SLEEP=1 (settings.chainlit_blocking_sleep) keeps Chainlit's original behaviour
(for before/after benchmarks).
"""

from __future__ import annotations

import importlib
import time
from types import ModuleType
from typing import Any

PATCHED_MODULES = ("chainlit.message", "chainlit.step")
_TINY_S = 0.002  # only Chainlit's 1 ms pauses are skipped; any real sleep still sleeps


class _TimeWithoutTinySleeps:
    """The `time` module, except that sleeping for a millisecond or two does not block."""

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)

    @staticmethod
    def sleep(seconds: float) -> None:
        if seconds > _TINY_S:
            time.sleep(seconds)


def install(keep_blocking_sleep: bool = False) -> list[str]:
    """Patch the modules that sleep; returns the names of those patched (none when switched off)."""
    if keep_blocking_sleep:
        return []
    patched = []
    for name in PATCHED_MODULES:
        try:
            module: ModuleType = importlib.import_module(name)
        except ImportError:
            continue
        if getattr(module, "time", None) is time:
            module.time = _TimeWithoutTinySleeps()  # type: ignore[attr-defined]
            patched.append(name)
    return patched
