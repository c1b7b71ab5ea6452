"""A real Chroma server (`chroma run`, shipped in the chromadb wheel) on loopback, for scale-out tests and
benchmarks/load_test.py --chroma-server."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx

from testkit.chainlit_server import free_port


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
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"chroma run did not start on {self.url}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, 15)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, 9)
            self.process.wait(timeout=10)
