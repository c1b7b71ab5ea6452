"""A real Chroma server (`chroma run`, shipped in the chromadb wheel) on loopback, for scale-out tests and
benchmarks/load_test.py --chroma-server."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from testkit.processes import free_port, stop_process_group, wait_until_up


class ChromaUnavailable(RuntimeError):
    """The `chroma` command is not installed."""


class ChromaServer:
    """`chroma run --path DIR --port P` on loopback, in its own process group."""

    def __init__(self, path: Path, port: int | None = None):
        self.path, self.port = path, port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 60) -> ChromaServer:
        chroma = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
        if not Path(chroma).exists():
            raise ChromaUnavailable("the `chroma` command (chromadb's server CLI) is not installed")
        self.path.mkdir(parents=True, exist_ok=True)
        log = (self.path.parent / f"chroma-{self.port}.log").open("a")
        self.process = subprocess.Popen(
            [chroma, "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if wait_until_up(self.process, f"{self.url}/api/v2/heartbeat", timeout_s, poll_s=0.2):
            return self
        self.stop()
        raise RuntimeError(f"chroma run did not start on {self.url}")

    def stop(self) -> None:
        stop_process_group(self.process, timeout_s=15)
