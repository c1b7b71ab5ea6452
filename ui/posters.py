"""Posters for cards the catalog has none for, from TMDB or OMDb when the user has a key.

Optional: without `CINECHAT_TMDB_API_KEY` or `CINECHAT_OMDB_API_KEY`, `PosterFinder.from_settings`
returns None and nothing here runs. With a key, a card is sent at once with its generated
placeholder; the lookup runs beside the stream and the poster is swapped in when (if) it is found.

- One lookup has one short deadline (`poster_timeout_s`, all providers together): a slow provider
  costs a missing poster, never a late card.
- Outcomes are cached on disk (SQLite): a poster URL for `poster_hit_days`, "no provider has one"
  for `poster_miss_days`. A failure (timeout, refused key, garbage) is not an outcome and is not
  cached, so fixing a key takes effect at once.
- The key goes to the provider only. The browser gets the image URL, which holds no key, and the
  key is masked in httpx's request log lines (OMDb and TMDB v3 keys travel in the query string).
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
import ssl
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Protocol

import httpx
from pydantic import BaseModel, ConfigDict, SecretStr

from catalog.models import Title
from config import Settings
from ui.cards import safe_url

log = logging.getLogger("cinechat.posters")

DAY_S = 86_400.0
_POSTER_PATH = re.compile(r"^/[\w.-]+\.(?:jpe?g|png|webp)$", re.IGNORECASE)
_KEY_IN_URL = re.compile(r"((?:api_?key)=)[^&\s\"']+", re.IGNORECASE)


class PosterQuery(BaseModel):
    """What a provider needs to find one title's poster."""

    model_config = ConfigDict(frozen=True)

    title: str
    year: int | None = None
    series: bool = False
    imdb_id: str | None = None
    tmdb_id: int | None = None

    @classmethod
    def of(cls, title: Title) -> PosterQuery:
        imdb_id = title.imdb_id if title.imdb_id and re.fullmatch(r"tt\d+", title.imdb_id) else None
        return cls(
            title=title.title,
            year=title.year,
            series=title.type == "TV Show",
            imdb_id=imdb_id,
            tmdb_id=title.tmdb_id,
        )

    def cache_key(self) -> str:
        kind = "tv" if self.series else "movie"
        if self.tmdb_id:
            return f"tmdb:{kind}:{self.tmdb_id}"
        if self.imdb_id:
            return f"imdb:{self.imdb_id}"
        return f"title:{kind}:{self.year}:{' '.join(self.title.casefold().split())}"


class ProviderFailed(Exception):
    """The provider gave no usable answer (refused key, server error, garbage): not a 'no poster'."""


class PosterProvider(Protocol):
    name: str

    async def lookup(self, client: httpx.AsyncClient, query: PosterQuery) -> str | None:
        """The poster's URL, or None when the provider knows no poster for it; raises ProviderFailed."""


async def _get_json(client: httpx.AsyncClient, provider: str, url: str, **kwargs: Any) -> dict[str, Any] | None:
    """The JSON object a provider answered, None for 404; ProviderFailed for anything unusable."""
    response = await client.get(url, **kwargs)
    if response.status_code == 404:
        return None
    if response.status_code in (401, 403):
        raise ProviderFailed(f"{provider} refused the API key (HTTP {response.status_code})")
    if response.status_code != 200:
        raise ProviderFailed(f"{provider} answered HTTP {response.status_code}")
    try:
        data = response.json()
    except ValueError:
        raise ProviderFailed(f"{provider} sent an answer that is not JSON") from None
    if not isinstance(data, dict):
        raise ProviderFailed(f"{provider} sent JSON of an unexpected shape")
    return data


class TmdbPosters:
    """TMDB: by tmdb_id, else by IMDb id (/find), else by title + year (search), films and series."""

    name = "TMDB"

    def __init__(self, api_url: str, image_url: str, key: SecretStr):
        self.api_url = api_url.rstrip("/")
        self.image_url = image_url.rstrip("/")
        self._key = key

    def _auth(self) -> dict[str, Any]:
        key = self._key.get_secret_value()
        if key.startswith("eyJ"):  # a v4 read access token (a JWT) goes in a header
            return {"headers": {"Authorization": f"Bearer {key}"}}
        return {"params": {"api_key": key}}  # a v3 key can only go in the query string

    async def _get(self, client: httpx.AsyncClient, path: str, **params: Any) -> dict[str, Any] | None:
        auth = self._auth()
        auth["params"] = auth.get("params", {}) | params
        return await _get_json(client, self.name, f"{self.api_url}{path}", **auth)

    def _poster(self, record: Any) -> str | None:
        path = record.get("poster_path") if isinstance(record, dict) else None
        if isinstance(path, str) and _POSTER_PATH.match(path):
            return safe_url(self.image_url + path)
        return None

    async def lookup(self, client: httpx.AsyncClient, query: PosterQuery) -> str | None:
        kind = "tv" if query.series else "movie"
        if query.tmdb_id:
            record = await self._get(client, f"/{kind}/{query.tmdb_id}")
            if record is not None:
                return self._poster(record)
        if query.imdb_id:
            found = await self._get(client, f"/find/{query.imdb_id}", external_source="imdb_id") or {}
            for record in _as_list(found.get(f"{kind}_results")):
                if poster := self._poster(record):
                    return poster
        params: dict[str, Any] = {"query": query.title}
        if query.year:
            params["first_air_date_year" if query.series else "year"] = query.year
        results = await self._get(client, f"/search/{kind}", **params) or {}
        for record in _as_list(results.get("results"))[:5]:
            if not isinstance(record, dict):
                continue
            released = record.get("first_air_date") or record.get("release_date")
            if _years_agree(released, query) and (poster := self._poster(record)):
                return poster
        return None


class OmdbPosters:
    """OMDb: by IMDb id, else by title + year + type."""

    name = "OMDb"

    def __init__(self, api_url: str, key: SecretStr):
        self.api_url = api_url
        self._key = key

    async def lookup(self, client: httpx.AsyncClient, query: PosterQuery) -> str | None:
        params: dict[str, Any] = {"apikey": self._key.get_secret_value()}
        if query.imdb_id:
            params["i"] = query.imdb_id
        else:
            params |= {"t": query.title, "type": "series" if query.series else "movie"}
            if query.year:
                params["y"] = query.year
        data = await _get_json(client, self.name, self.api_url, params=params)
        if data is None or str(data.get("Response", "")).lower() != "true":
            error = str((data or {}).get("Error", ""))
            if "key" in error.lower() or "limit" in error.lower():  # OMDb says so with HTTP 200 at times
                raise ProviderFailed(f"{self.name} refused the API key ({error[:80]})")
            return None
        poster = data.get("Poster")
        return safe_url(poster) if isinstance(poster, str) and poster != "N/A" else None


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _years_agree(date: Any, query: PosterQuery) -> bool:
    if not query.year:
        return True
    match = re.match(r"^(\d{4})", str(date or ""))
    return bool(match) and abs(int(match.group(1)) - query.year) <= 1


class PosterCache:
    """Lookup outcomes on disk: key -> poster URL, or NULL for "no provider has one", with when."""

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=2)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS posters (key TEXT PRIMARY KEY, url TEXT, checked_at REAL NOT NULL)"
            )
        except (OSError, sqlite3.Error) as exc:  # a read-only data dir: posters still work, uncached
            log.warning("Poster cache unavailable at %s (%s); looking posters up every time", path, exc)
            self._db = None

    def get(self, key: str, hit_max_age_s: float, miss_max_age_s: float) -> tuple[bool, str | None]:
        """(known, url): known is False when there is no entry young enough to trust."""
        if self._db is None:
            return False, None
        try:
            with self._lock:
                row = self._db.execute("SELECT url, checked_at FROM posters WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            log.warning("Poster cache read failed: %s", exc)
            return False, None
        if row is None:
            return False, None
        url, checked_at = row
        max_age = hit_max_age_s if url else miss_max_age_s
        return (time.time() - checked_at <= max_age), url

    def put(self, key: str, url: str | None) -> None:
        if self._db is None:
            return
        try:
            with self._lock:
                self._db.execute(
                    "INSERT OR REPLACE INTO posters (key, url, checked_at) VALUES (?, ?, ?)", (key, url, time.time())
                )
        except sqlite3.Error as exc:
            log.warning("Poster cache write failed: %s", exc)


class _MaskKeys(logging.Filter):
    """httpx logs every request URL at INFO; OMDb and TMDB v3 keys are in that URL."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _KEY_IN_URL.search(message):
            record.msg, record.args = _KEY_IN_URL.sub(r"\1***", message), ()
        return True


_MASK = _MaskKeys()


class PosterFinder:
    def __init__(
        self,
        providers: list[PosterProvider],
        cache: PosterCache,
        timeout_s: float = 3.0,
        hit_max_age_s: float = 90 * DAY_S,
        miss_max_age_s: float = 14 * DAY_S,
    ):
        self.providers = providers
        self.cache = cache
        self.timeout_s = timeout_s
        self.hit_max_age_s = hit_max_age_s
        self.miss_max_age_s = miss_max_age_s
        self._reported: set[str] = set()
        self._tasks: set[asyncio.Task] = set()
        self._ssl: ssl.SSLContext | None = None  # built once: loading the CA bundle per lookup is slow
        logging.getLogger("httpx").addFilter(_MASK)

    @classmethod
    def from_settings(cls, settings: Settings) -> PosterFinder | None:
        """None when no poster key is set: then cards are exactly what the catalog has."""
        providers: list[PosterProvider] = []
        if settings.tmdb_api_key is not None:
            providers.append(TmdbPosters(settings.tmdb_api_url, settings.tmdb_image_url, settings.tmdb_api_key))
        if settings.omdb_api_key is not None:
            providers.append(OmdbPosters(settings.omdb_api_url, settings.omdb_api_key))
        if not providers:
            return None
        return cls(
            providers,
            PosterCache(settings.poster_cache_path or settings.data_dir / "posters.db"),
            timeout_s=settings.poster_timeout_s,
            hit_max_age_s=settings.poster_hit_days * DAY_S,
            miss_max_age_s=settings.poster_miss_days * DAY_S,
        )

    def _key(self, query: PosterQuery) -> str:
        # a miss is "none of THESE providers has one": adding a key later looks again
        return "+".join(p.name for p in self.providers) + "|" + query.cache_key()

    async def find(self, query: PosterQuery) -> str | None:
        """A poster URL, or None (none known, or no answer in time). Never raises."""
        key = self._key(query)
        known, url = self.cache.get(key, self.hit_max_age_s, self.miss_max_age_s)
        if known:
            return url
        try:
            self._ssl = self._ssl or httpx.create_ssl_context()
            client = httpx.AsyncClient(timeout=self.timeout_s, verify=self._ssl)
            async with asyncio.timeout(self.timeout_s), client:
                url, answered = await self._ask(client, query)
        except TimeoutError:
            log.info("No poster for %r within %.1f s", query.title, self.timeout_s)
            return None
        except Exception as exc:  # a poster is decoration: never let it break a card
            log.warning("Poster lookup for %r failed: %s", query.title, type(exc).__name__)
            return None
        if answered:
            self.cache.put(key, url)
        return url

    async def _ask(self, client: httpx.AsyncClient, query: PosterQuery) -> tuple[str | None, bool]:
        """(url, answered): answered is False when a provider failed, so a miss is not to be trusted."""
        answered = True
        for provider in self.providers:
            try:
                if url := await provider.lookup(client, query):
                    return url, True
            except (ProviderFailed, httpx.HTTPError) as exc:
                answered = False
                # an httpx error's text can hold the request URL, so only its type is reported
                problem = str(exc) if isinstance(exc, ProviderFailed) else f"{provider.name}: {type(exc).__name__}"
                self._report_once(problem)
        return None, answered

    def _report_once(self, problem: str) -> None:
        if problem not in self._reported:  # a wrong key would otherwise log once per card
            self._reported.add(problem)
            log.warning("Posters: %s", problem)

    def swap_in_later(self, title: Title, apply: Callable[[str], Awaitable[None]]) -> None:
        """Look `title`'s poster up in the background and hand the URL to `apply` when found."""

        async def run() -> None:
            if url := await self.find(PosterQuery.of(title)):
                try:
                    await apply(url)
                except Exception:  # the card may be gone (chat closed); the poster simply isn't shown
                    log.debug("Could not swap a poster into the card of %r", title.title, exc_info=True)

        task = asyncio.get_running_loop().create_task(run())
        self._tasks.add(task)  # keep a reference until done: the loop holds tasks only weakly
        task.add_done_callback(self._tasks.discard)
