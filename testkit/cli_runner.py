"""`python cli.py ...` run as a user would: a fresh process, with none of this shell's CineChat, OpenAI
or CI settings (a developer's own key or data folder must never leak into a test)."""

from __future__ import annotations

import os
import subprocess
import sys

from config import REPO_ROOT


def cli_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CINECHAT_", "OPENAI_")) and k != "CI"}
    return clean | (extra or {})


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "cli.py", *args],
        cwd=REPO_ROOT,
        env=cli_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
