"""The log check every fault test relies on: a crash of ours is found, a library's finaliser noise is not."""

from __future__ import annotations

from config import REPO_ROOT
from testkit.chat_servers import our_tracebacks

OURS = f"""Traceback (most recent call last):
  File "{REPO_ROOT}/chains/engine.py", line 3, in recommend
ValueError: boom
"""
# The garbage collector finalised an abandoned stream while one of our functions ran: that frame heads the
# finaliser's traceback, but the exception is the library's.
FINALISER_NOISE = f"""Exception ignored in: <async_generator object AsyncResponseStream.__aiter__ at 0x7f5ee94148b0>
Traceback (most recent call last):
  File "{REPO_ROOT}/catalog/normalize.py", line 37, in title_key
    words = [w for w in words]
RuntimeError: aclose(): asynchronous generator is already running
"""
LIBRARY_ONLY = """Traceback (most recent call last):
  File "/x/.venv/lib/python3.11/site-packages/httpx/_client.py", line 1, in send
httpx.ReadTimeout: timed out
"""


def test_a_crash_of_ours_is_found_wherever_it_is_in_the_log() -> None:
    assert len(our_tracebacks(OURS)) == 1
    assert len(our_tracebacks(FINALISER_NOISE + OURS)) == 1
    assert len(our_tracebacks(OURS + FINALISER_NOISE)) == 1


def test_library_noise_is_not_a_crash_of_ours() -> None:
    assert our_tracebacks(FINALISER_NOISE) == []
    assert our_tracebacks(LIBRARY_ONLY) == []
