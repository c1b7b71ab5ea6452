"""A small aiohttp server on its own thread and event loop, for the fakes tests talk to over real HTTP
(testkit/fake_llm.py, testkit/fake_posters.py): start() returns once it listens on a free port, stop()
closes it from any thread."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any, Self

from aiohttp import web


class ThreadedServer:
    """Subclasses add their routes in `routes(app)`; `on_loop_start` / `before_stop` run on the loop."""

    name = "fake-server"

    def __init__(self, host: str = "127.0.0.1", port: int = 0, access_log: bool = True):
        self.host, self.port = host, port
        self._access_log = access_log
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()

    def routes(self, app: web.Application) -> None:
        raise NotImplementedError

    async def on_loop_start(self) -> None:
        """Loop-bound state (asyncio events) is made here, on the server's own loop."""

    async def before_stop(self) -> None:
        """Wake whatever waits on the loop, so closing does not wait for it."""

    def start(self) -> Self:
        self._thread = threading.Thread(target=self._serve, name=self.name, daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError(f"{self.name} did not start")
        return self

    def stop(self) -> None:
        if self._loop is None:
            return
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread:
            self._thread.join(10)
        self._loop = None

    def on_loop(self, change: Callable[[], object]) -> None:
        """Run `change` on the server's loop and wait until it has run (a no-op when not running)."""
        if self._loop is None:
            return

        async def run() -> None:
            change()

        asyncio.run_coroutine_threadsafe(run(), self._loop).result(10)

    def _serve(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        loop.run_until_complete(self._startup())
        self._ready.set()
        loop.run_forever()
        loop.close()

    async def _startup(self) -> None:
        await self.on_loop_start()
        app = web.Application()
        self.routes(app)
        options: dict[str, Any] = {} if self._access_log else {"access_log": None}
        self._runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=1.0, **options)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]  # the OS's free port

    async def _shutdown(self) -> None:
        await self.before_stop()
        if self._runner:
            await self._runner.cleanup()
