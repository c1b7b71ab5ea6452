"""Servers the tests and benchmarks start in subprocesses (Chainlit, Chroma, a fake model): a free port,
waiting until one answers, stopping one with everything it started."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(process: subprocess.Popen, health_url: str, timeout_s: float, poll_s: float = 0.5) -> bool:
    """True once `health_url` answers 200; False when the process exits first or the time runs out."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            if httpx.get(health_url, timeout=2).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(poll_s)
    return False


def stop_process_group(process: subprocess.Popen | None, timeout_s: float = 20) -> None:
    """SIGTERM to the process's own group (it was started with start_new_session=True), SIGKILL if it
    lingers; nothing if it has already ended."""
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
