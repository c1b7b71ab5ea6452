"""The index on a real Chroma server (`chroma run`), reached through HttpClient (issue 6)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from catalog.build import BuildReport
from catalog.models import Title
from tests.fixtures_index import index_settings
from vectorstore.filters import SearchFilters
from vectorstore.index import IndexUnavailableError, TitleIndex, build_index

pytestmark = pytest.mark.chroma_server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    chroma = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    if not Path(chroma).exists():
        pytest.skip("the `chroma` command (chromadb's server CLI) is not installed")
    port = _free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    log = (path / "server.log").open("w")
    server = subprocess.Popen(
        [chroma, "run", "--path", str(path / "data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"chroma run did not start: {(path / 'server.log').read_text()[-2000:]}")
            time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def test_build_and_filtered_search_through_a_chroma_server(
    chroma_server: int,
    tmp_path: Path,
    fixture_raw_dir: Path,
    fixture_catalog: tuple[list[Title], BuildReport],
) -> None:
    titles, _ = fixture_catalog
    settings = index_settings(tmp_path, fixture_raw_dir, chroma_host="127.0.0.1", chroma_port=chroma_server)
    stats = build_index(titles, settings, progress=False)
    assert stats.embedded == len(titles)
    assert not settings.chroma_path.exists()  # vectors went to the server, not to the local disk

    index = TitleIndex.open(settings)
    assert index.manifest.chroma == f"http://127.0.0.1:{chroma_server}"
    filters = SearchFilters(type="Movie", year_min=1980, year_max=1999, genres_exclude=["Comedy"])
    hits = index.search("astronauts and aliens in outer space", k=5, filters=filters)
    assert len(hits) == 5
    assert all(filters.accepts(h.title) for h in hits)
    assert "m-aliens-1986" in [h.title.id for h in hits]
    assert build_index(titles, settings, progress=False).embedded == 0  # incremental over HTTP too


def test_unreachable_server_is_a_clear_error(
    tmp_path: Path, fixture_raw_dir: Path, fixture_catalog: tuple[list[Title], BuildReport]
) -> None:
    titles, _ = fixture_catalog
    settings = index_settings(tmp_path, fixture_raw_dir, chroma_host="127.0.0.1", chroma_port=_free_port())
    with pytest.raises(IndexUnavailableError, match="chroma run"):
        build_index(titles[:3], settings, progress=False)
    assert not settings.catalog_path.exists()  # nothing half-written
