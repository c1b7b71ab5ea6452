"""The fake OpenAI server with every failure the fault and secret tests need, and a switch to take it down.

FaultyLLM: FakeLLM plus
  'garbage_bytes'  HTTP 200 with random bytes where the event stream should be,
  'http_401_echo'  a 401 whose message repeats the API key it was sent, whole (a careless upstream:
                   the key must still never reach a log or the user),
  'by_request'     the fault chosen by the user's request (FAULTS), so one CLI batch meets them all.
SwitchableLLM: a FaultyLLM on a fixed port that can be stopped (connection refused) and restarted.
"""

from __future__ import annotations

import asyncio
import os

from aiohttp import web

from testkit.fake_llm import FakeLLM

TIMEOUT_S = "2"  # the client timeout the fault tests configure; 'hang' outlasts it
ONE_TOKEN_USAGE = {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}
# fault -> (a request that meets it, what the answer's note says). One seed per fault, so no answer
# can come from the cache of another.
FAULTS = {
    "down": ("something like Alien", "returned an error"),
    "http_500": ("something like Heat", "returned an error"),
    "hang": ("something like Jaws", "didn't answer in time"),
    "garbage_bytes": ("something like Fargo", "couldn't be read"),
    "malformed": ("something like Up", "couldn't be read"),
    "prose": ("something like Contact", "couldn't be read"),
    "http_401_echo": ("something like Moon", "returned an error"),
}


class FaultyLLM(FakeLLM):
    async def _chat(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()  # aiohttp keeps the body: FakeLLM._chat can read it again
        behaviour = self.behaviour
        if behaviour == "by_request":
            prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
            behaviour = next((f for f, (req, _) in FAULTS.items() if f"Request: {req}\n" in prompt), "happy")
            if behaviour in ("malformed", "prose"):
                self._record(request, body)
                answer = self.answer(prompt, behaviour)
                return await self._stream(request, body, body.get("model", "fake"), answer, ONE_TOKEN_USAGE, behaviour)
        if behaviour in ("garbage_bytes", "http_500", "hang", "http_401_echo"):
            self._record(request, body)
        if behaviour == "garbage_bytes":
            junk = os.urandom(300) + b"\n\ndata: {not json at all\n\n" + os.urandom(100)
            return web.Response(status=200, body=junk, content_type="text/event-stream")
        if behaviour == "http_401_echo":
            key = request.headers.get("Authorization", "").removeprefix("Bearer ")
            message = f"Incorrect API key provided: {key}. You can find your API key at your account page."
            return web.json_response({"error": {"message": message, "type": "invalid_request_error"}}, status=401)
        if behaviour == "http_500":
            return web.json_response({"error": {"message": "fake upstream failure"}}, status=500)
        if behaviour == "hang":
            await asyncio.sleep(float(TIMEOUT_S) * 5)
            return web.json_response({"error": {"message": "hung"}}, status=504)
        return await super()._chat(request)

    def _record(self, request: web.Request, body: dict) -> None:
        with self._lock:
            self.requests.append(body)
            self.headers.append(dict(request.headers))


class SwitchableLLM:
    """A FaultyLLM on a fixed port that can be taken down (connection refused) and brought back."""

    def __init__(self) -> None:
        self.server = FaultyLLM().start()
        self.port = self.server.port

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def set(self, fault: str) -> None:
        if fault == "down":
            self.server.stop()
        else:
            self.up()
            self.server.reset(fault)

    def up(self) -> FaultyLLM:
        if self.server._loop is None:  # stopped: start again on the same port
            self.server = FaultyLLM(port=self.port).start()
        return self.server
