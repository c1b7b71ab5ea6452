"""Small fakes of the TMDB and OMDb APIs for the poster tests: real HTTP on 127.0.0.1, one thread.

    fake = FakePosterAPI().start()
    settings = Settings(tmdb_api_key=fake.key, tmdb_api_url=fake.tmdb_url, tmdb_image_url=fake.image_url, ...)
    fake.behaviour = "slow"          # see BEHAVIOURS
    fake.requests                    # (path, query) of every API call, key included, for assertions
    fake.hold(); ...; fake.release()  # API calls wait at a gate until released: the test says when
    fake.stop()

One server plays both providers (TMDB under /3, OMDb under /omdb/) and serves the poster images
(/img/...png, a small generated PNG, one colour per name), so a browser test can show a swapped-in
poster with no internet. It knows the titles in `known` (title, year, series, imdb_id, tmdb_id);
everything else is "not found", as the real services answer it.
"""

from __future__ import annotations

import asyncio
import re
import zlib
from dataclasses import dataclass
from struct import pack

from aiohttp import web

from testkit.threaded_server import ThreadedServer

BEHAVIOURS = (
    "happy",  # known titles have a poster, others are not found
    "not_found",  # nothing is found, whatever is asked
    "slow",  # every API call answers after `slow_s` seconds, and finds nothing (images stay fast);
    # for a poster that is found late, use hold()/release() with "happy"
    "unauthorized",  # 401 with the provider's own error body, as for a wrong key
    "garbage",  # HTTP 200 with a body that is not JSON
)


@dataclass(frozen=True)
class KnownTitle:
    title: str
    year: int
    series: bool = False
    imdb_id: str | None = None
    tmdb_id: int | None = None

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-") + f"-{self.year}"


def png(width: int = 40, height: int = 60, rgb: tuple[int, int, int] = (200, 60, 40)) -> bytes:
    """A solid-colour PNG, so the browser really decodes an image."""
    row = b"\x00" + bytes(rgb) * width
    raw = row * height

    def chunk(kind: bytes, data: bytes) -> bytes:
        return pack(">I", len(data)) + kind + data + pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


class FakePosterAPI(ThreadedServer):
    name = "fake-posters"

    def __init__(self, known: list[KnownTitle] | None = None, key: str = "test-poster-key-0123456789"):
        # no access log: it would print the key the client sent, which is the provider's side, not ours
        super().__init__(access_log=False)
        self.known = list(known or [])
        self.key = key
        self.behaviour = "happy"
        self.slow_s = 10.0
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.image_requests: list[str] = []
        self._gate: asyncio.Event | None = None  # set = open; made on the server's loop
        self.held = 0  # API calls waiting at the closed gate right now

    # --- where things are ----------------------------------------------------------------------
    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def tmdb_url(self) -> str:
        return f"{self.base}/3"

    @property
    def image_url(self) -> str:
        return f"{self.base}/img/tmdb"

    @property
    def omdb_url(self) -> str:
        return f"{self.base}/omdb/"

    def reset(self, behaviour: str = "happy") -> None:
        assert behaviour in BEHAVIOURS, behaviour
        self.release()
        self.behaviour = behaviour
        self.requests.clear()
        self.image_requests.clear()

    def hold(self) -> None:
        """From now on API calls (not images) wait, whatever the behaviour, until `release()`.

        A browser test decides when a poster is "found" (after the card has shown its placeholder,
        or while it still streams) instead of guessing with a delay on a machine of unknown speed."""
        self.on_loop(lambda: self._gate.clear())

    def release(self) -> None:
        """Answer the held API calls (and later ones at once)."""
        self.on_loop(lambda: self._gate.set())

    # --- lifecycle -------------------------------------------------------------------------------
    async def on_loop_start(self) -> None:
        self._gate = asyncio.Event()
        self._gate.set()

    def routes(self, app: web.Application) -> None:
        app.router.add_get("/3/{kind:movie|tv}/{tmdb_id:\\d+}", self._tmdb_details)
        app.router.add_get("/3/find/{imdb_id}", self._tmdb_find)
        app.router.add_get("/3/search/{kind:movie|tv}", self._tmdb_search)
        app.router.add_get("/omdb/", self._omdb)
        app.router.add_get("/img/{provider}/{name}", self._image)

    # --- shared behaviour ------------------------------------------------------------------------
    async def _misbehave(self, request: web.Request, refused: dict) -> web.Response | None:
        """The scripted failure for this call, or None to answer normally."""
        self.requests.append((request.path, dict(request.query)))
        if not self._gate.is_set():
            self.held += 1
            try:
                await self._gate.wait()
            finally:
                self.held -= 1
        if self.behaviour == "slow":
            await asyncio.sleep(self.slow_s)
        if self.behaviour == "unauthorized":
            return web.json_response(refused, status=401)
        if self.behaviour == "garbage":
            return web.Response(text="<html><body>502 upstream hiccup", content_type="text/html")
        return None

    def _tmdb_key_ok(self, request: web.Request) -> bool:
        return request.query.get("api_key") == self.key or request.headers.get("Authorization") == f"Bearer {self.key}"

    def _tmdb_record(self, title: KnownTitle) -> dict:
        date = {"first_air_date" if title.series else "release_date": f"{title.year}-05-01"}
        return {"id": title.tmdb_id or 1, "poster_path": f"/{title.slug}.png"} | date

    # --- TMDB ------------------------------------------------------------------------------------
    TMDB_REFUSED = {"status_code": 7, "status_message": "Invalid API key: You must be granted a valid key."}
    TMDB_NOT_FOUND = {"status_code": 34, "status_message": "The resource you requested could not be found."}

    async def _tmdb(self, request: web.Request, matches) -> web.Response | list[KnownTitle]:
        """The known titles that `matches`, or the scripted failure / refused key as a response."""
        if failure := await self._misbehave(request, self.TMDB_REFUSED):
            return failure
        if not self._tmdb_key_ok(request):
            return web.json_response(self.TMDB_REFUSED, status=401)
        return [t for t in self.known if matches(t)] if self.behaviour == "happy" else []

    async def _tmdb_details(self, request: web.Request) -> web.Response:
        series, tmdb_id = request.match_info["kind"] == "tv", int(request.match_info["tmdb_id"])
        found = await self._tmdb(request, lambda t: t.tmdb_id == tmdb_id and t.series == series)
        if isinstance(found, web.Response):
            return found
        if not found:
            return web.json_response(self.TMDB_NOT_FOUND, status=404)
        return web.json_response(self._tmdb_record(found[0]))

    async def _tmdb_find(self, request: web.Request) -> web.Response:
        imdb_id = request.match_info["imdb_id"]
        found = await self._tmdb(request, lambda t: t.imdb_id == imdb_id)
        if isinstance(found, web.Response):
            return found
        return web.json_response(
            {
                "movie_results": [self._tmdb_record(t) for t in found if not t.series],
                "tv_results": [self._tmdb_record(t) for t in found if t.series],
            }
        )

    async def _tmdb_search(self, request: web.Request) -> web.Response:
        series, query = request.match_info["kind"] == "tv", request.query.get("query", "").lower()
        found = await self._tmdb(request, lambda t: t.series == series and t.title.lower() == query)
        if isinstance(found, web.Response):
            return found
        return web.json_response({"page": 1, "results": [self._tmdb_record(t) for t in found]})

    # --- OMDb ------------------------------------------------------------------------------------
    async def _omdb(self, request: web.Request) -> web.Response:
        if failure := await self._misbehave(request, {"Response": "False", "Error": "Invalid API key!"}):
            return failure
        q = request.query
        if q.get("apikey") != self.key:
            return web.json_response({"Response": "False", "Error": "Invalid API key!"}, status=401)
        if self.behaviour == "happy":
            for t in self.known:
                by_id = q.get("i") and q["i"] == t.imdb_id
                by_title = q.get("t", "").lower() == t.title.lower() and q.get("y") in (None, str(t.year))
                if by_id or (by_title and q.get("type", "movie") == ("series" if t.series else "movie")):
                    poster = f"{self.base}/img/omdb/{t.slug}.png"
                    return web.json_response(
                        {"Title": t.title, "Year": str(t.year), "Poster": poster, "Response": "True"}
                    )
        return web.json_response({"Response": "False", "Error": "Movie not found!"})

    # --- images ----------------------------------------------------------------------------------
    async def _image(self, request: web.Request) -> web.Response:
        self.image_requests.append(request.path)
        # a colour per poster, so a screenshot shows each card got its own image, not one shared one
        h = zlib.crc32(request.match_info["name"].encode())
        rgb = (60 + h % 160, 60 + (h >> 8) % 160, 60 + (h >> 16) % 160)
        return web.Response(body=png(rgb=rgb), content_type="image/png", headers={"Cache-Control": "no-store"})
