"""A small fake OpenAI-compatible chat server for tests: the only mock in the project, at the LLM edge.

    server = FakeLLM(); server.start()          # 127.0.0.1, a free port, in a background thread
    settings = Settings(llm_base_url=server.base_url, openai_api_key="sk-test")
    server.behaviour = "invented_ids"           # scripted failure modes, see BEHAVIOURS
    server.request_count, server.requests       # what the client sent (bodies and headers)
    server.stop()

Standalone, for manual and chat tests: `python -m testkit.fake_llm --port 8999`.

It implements POST /v1/chat/completions, streamed (SSE chunks, and a final usage chunk when the
client asks with stream_options.include_usage) and not streamed. Its picks are real: it reads the
candidate lines ("<id> | <title> | <year> | <genres> | ...") from the prompt it receives, so its
answers name catalog ids the engine offered, and its explanations quote those lines only. A
request with `response_format` (structured output, the query rewriter) gets `rewrite_response`.
A title-proposal request (chains/prompts/propose_system.md) gets the lines in `proposals`, which a
test scripts ("Title (Year)", real or invented); `proposal_behaviour`, when set, overrides the
behaviour for proposal requests only (the proposal call fails, the re-rank does not).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import re
import threading
import time
import uuid
from typing import Any

from aiohttp import web

from testkit.threaded_server import ThreadedServer

BEHAVIOURS = (
    "happy",  # an opening line, then k valid picks in a different order than retrieval
    "invented_ids",  # the first pick is an id that was never offered, then valid ones
    "duplicate_ids",  # every valid pick named twice: only 3 distinct ids
    "malformed",  # a truncated JSON blob: nothing a parser can use
    "prose",  # a friendly answer that ignores the format: no ids at all
    "http_500",  # the server fails
    "slow",  # valid output, streamed too slowly to finish within the client's timeout
    "hang",  # accepts the request and never answers
    "partial",  # two valid picks, then the connection drops
)
_CANDIDATE_LINE = re.compile(
    r"^(?P<id>[A-Za-z0-9][\w.:+-]*) \| (?P<title>[^|]+?) \| (?P<year>\d{4})[^|]*\| (?P<genres>[^|]*)\|", re.MULTILINE
)
_K = re.compile(r"best (\d+)")
_PROPOSAL_REQUEST = re.compile(r"own knowledge, name up to (\d+)")
HAPPY_ORDER = (1, 0, 3, 2, 4, 5, 6, 7, 8, 9)  # not retrieval order: tests can tell the model's ranking was used


class FakeLLM(ThreadedServer):
    name = "fake-llm"

    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        super().__init__(host, port)
        self.behaviour = "happy"
        self.slow_chunk_delay_s = 0.4
        self.rewrite_response: dict[str, Any] | None = None
        self.proposals: list[str] = []
        self.proposal_behaviour: str | None = None
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.usage_sent: list[dict[str, int]] = []
        self._stopping: asyncio.Event | None = None
        self._lock = threading.Lock()

    # --- lifecycle ---------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    @property
    def request_count(self) -> int:
        with self._lock:
            return len(self.requests)

    @property
    def rerank_request_count(self) -> int:
        """Requests other than title proposals (chains/proposals.py): the calls that rank the candidates."""
        with self._lock:
            return sum(1 for body in self.requests if not _PROPOSAL_REQUEST.search(json.dumps(body)))

    def reset(self, behaviour: str = "happy") -> None:
        with self._lock:
            self.behaviour = behaviour
            self.rewrite_response = None
            self.proposals = []
            self.proposal_behaviour = None
            self.slow_chunk_delay_s = 0.4
            self.requests.clear()
            self.headers.clear()
            self.usage_sent.clear()

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/v1/chat/completions", self._chat)
        app.router.add_get("/v1/models", self._models)

    async def on_loop_start(self) -> None:
        self._stopping = asyncio.Event()

    async def before_stop(self) -> None:
        if self._stopping:
            self._stopping.set()

    # --- the API -----------------------------------------------------------------------------------

    async def _models(self, request: web.Request) -> web.Response:
        return web.json_response({"object": "list", "data": [{"id": "fake-model", "object": "model"}]})

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        messages = body.get("messages", [])
        prompt = "\n".join(str(m.get("content", "")) for m in messages)
        proposing = _PROPOSAL_REQUEST.search(prompt) is not None
        with self._lock:
            self.requests.append(body)
            self.headers.append(dict(request.headers))
            behaviour = (self.proposal_behaviour if proposing else None) or self.behaviour
        if behaviour == "http_500":
            return web.json_response(
                {"error": {"message": "fake upstream failure", "type": "server_error"}}, status=500
            )
        if behaviour == "hang":
            assert self._stopping is not None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=120)
            return web.json_response({"error": {"message": "hung"}}, status=504)
        if body.get("response_format"):
            answer = json.dumps(self.rewrite_response or {"query_text": _last_user(messages)})
        elif proposing:
            answer = self.proposal_answer(behaviour)
        else:
            answer = self.answer(prompt, behaviour)
        usage = {"prompt_tokens": max(1, len(prompt) // 4), "completion_tokens": max(1, len(answer) // 4)}
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        with self._lock:
            self.usage_sent.append(usage)
        model = body.get("model", "fake-model")
        if not body.get("stream"):
            return web.json_response(
                {
                    "id": f"chatcmpl-{uuid.uuid4().hex[:12]}",
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": model,
                    "usage": usage,
                    "choices": [
                        {"index": 0, "message": {"role": "assistant", "content": answer}, "finish_reason": "stop"}
                    ],
                }
            )
        return await self._stream(request, body, model, answer, usage, behaviour)

    async def _stream(
        self, request: web.Request, body: dict, model: str, answer: str, usage: dict, behaviour: str
    ) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})
        await response.prepare(request)
        chunk_id = f"chatcmpl-{uuid.uuid4().hex[:12]}"

        async def send(delta: dict, finish: str | None = None, extra: dict | None = None, choices: bool = True) -> None:
            payload = {
                "id": chunk_id,
                "object": "chat.completion.chunk",
                "created": int(time.time()),
                "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}] if choices else [],
            }
            payload.update(extra or {})
            await response.write(f"data: {json.dumps(payload)}\n\n".encode())

        await send({"role": "assistant", "content": ""})
        pieces = [answer[i : i + 12] for i in range(0, len(answer), 12)]
        cut_after = None
        if behaviour == "partial":
            lines = answer.splitlines(keepends=True)
            cut_after = len("".join(lines[:3]))  # opening + two picks
        sent = 0
        for piece in pieces:
            if behaviour == "slow":
                await asyncio.sleep(self.slow_chunk_delay_s)
            if cut_after is not None and sent >= cut_after:
                # Drop the connection mid-answer, as a crashed upstream would.
                if request.transport is not None:
                    request.transport.close()
                return response
            try:
                await send({"content": piece})
            except ConnectionError:  # the client gave up (its timeout): stop quietly
                return response
            sent += len(piece)
        await send({}, finish="stop")
        if (body.get("stream_options") or {}).get("include_usage"):
            await send({}, extra={"usage": usage}, choices=False)
        await response.write(b"data: [DONE]\n\n")
        await response.write_eof()
        return response

    # --- answers -----------------------------------------------------------------------------------

    def proposal_answer(self, behaviour: str) -> str:
        """The scripted titles, one per line, or what a broken model would send instead."""
        if behaviour == "malformed":
            return '{"titles": ["Gre'
        if behaviour == "prose":
            return "What a great request! I'd suggest a few classics you will love. Enjoy the evening!"
        return "\n".join(self.proposals) + "\n"

    def answer(self, prompt: str, behaviour: str) -> str:
        candidates = [m.groupdict() for m in _CANDIDATE_LINE.finditer(prompt)]
        k_match = _K.search(prompt)
        k = int(k_match.group(1)) if k_match else 5
        if behaviour == "malformed":
            return '{"picks": [{"id": ' + (json.dumps(candidates[0]["id"]) if candidates else '"x"') + ', "why": "Gre'
        if behaviour == "prose":
            return "What a great request! I'd suggest a few classics you will love. Enjoy the evening!"
        order = [i for i in HAPPY_ORDER if i < len(candidates)][:k]
        chosen = [candidates[i] for i in order]
        if behaviour == "invented_ids":
            chosen = [
                {"id": "m-a-film-that-does-not-exist-2099", "title": "Nowhere", "year": "2099", "genres": "Drama"}
            ]
            chosen += [candidates[i] for i in order[: k - 1]]
        elif behaviour == "duplicate_ids":
            distinct = [candidates[i] for i in order[:3]]
            chosen = [c for c in distinct for _ in (0, 1)][:k]
        lines = [f"Here are {len(chosen)} picks I think fit what you asked for."]
        for c in chosen:
            genres = c["genres"].strip().strip("-").strip() or "its story"
            lines.append(
                f"{c['id']} | {c['title'].strip()} ({c['year']}) fits: it brings {genres.lower()}, "
                f"close to your request."
            )
        return "\n".join(lines) + "\n"


def _last_user(messages: list[dict]) -> str:
    for m in reversed(messages):
        if m.get("role") == "user":
            return str(m.get("content", ""))
    return ""


def main() -> None:
    parser = argparse.ArgumentParser(description="Fake OpenAI-compatible chat server for CineChat tests.")
    parser.add_argument("--port", type=int, default=8999)
    parser.add_argument("--behaviour", choices=BEHAVIOURS, default="happy")
    args = parser.parse_args()
    server = FakeLLM(port=args.port)
    server.behaviour = args.behaviour
    server.start()
    print(
        f"fake LLM at {server.base_url} (behaviour: {server.behaviour}); "
        f"use CINECHAT_LLM_BASE_URL={server.base_url} CINECHAT_OPENAI_API_KEY=sk-fake",
        flush=True,
    )
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
