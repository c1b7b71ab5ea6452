"""A real `chainlit run chat_app.py` server in a subprocess, for end-to-end tests.

The environment is the test's own minus CI (with CI set, `chainlit run` swaps OPENAI_API_KEY for a
fake), plus what the test passes: the fixture index's data dir, the fake LLM's URL, sign-in...
Output goes to test-artifacts/<name>.log so a failure can be read afterwards.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
CHAINLIT = REPO / ".venv" / "bin" / "chainlit"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ChainlitServer:
    def __init__(self, name: str, env: dict[str, str | None], port: int | None = None):
        """`env` is added to this process's environment; a None value removes that variable."""
        self.name = name
        self.port = port or free_port()
        merged = {k: v for k, v in os.environ.items() if k != "CI"} | env
        self.env = {k: v for k, v in merged.items() if v is not None}
        self.process: subprocess.Popen | None = None
        self.log_path = ARTIFACTS / f"{name}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _app_root(self) -> Path:
        """A private Chainlit app root: config, public files and chainlit.md are the repo's (symlinked),
        but `.files` is this server's own. Chainlit deletes `.files` when a server stops, which would
        pull it from under any other server sharing the folder (another test module's, a dev server)."""
        root = ARTIFACTS / "app-roots" / self.name
        root.mkdir(parents=True, exist_ok=True)
        for name in (".chainlit", "public", "chainlit.md"):
            link = root / name
            if not link.exists():
                link.symlink_to(REPO / name)
        return root

    def start(self, timeout_s: float = 120) -> ChainlitServer:
        ARTIFACTS.mkdir(exist_ok=True)
        self.env["CHAINLIT_APP_ROOT"] = str(self._app_root())
        log = self.log_path.open("a")
        log.write(f"\n===== start {time.strftime('%H:%M:%S')} =====\n")
        log.flush()
        self.process = subprocess.Popen(
            [str(CHAINLIT), "run", "chat_app.py", "--headless", "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=REPO,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stop() ends it and only it
        )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"chainlit exited with {self.process.returncode}; see {self.log_path}")
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        self.stop()
        raise TimeoutError(f"chainlit did not answer on {self.url} within {timeout_s}s; see {self.log_path}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def restart(self) -> ChainlitServer:
        self.stop()
        return self.start()

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
