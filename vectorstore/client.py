"""The Chroma client: embedded on disk by default, a Chroma server when CINECHAT_CHROMA_HOST is set."""

from __future__ import annotations

import chromadb
from chromadb.api import ClientAPI
from chromadb.config import Settings as ChromaSettings

from config import Settings
from vectorstore.errors import IndexUnavailableError


def _chroma_settings() -> ChromaSettings:
    """A fresh settings object per client. chromadb writes into the object it is given (HttpClient sets
    the FastAPI implementation, host and port on it), so one shared object made every embedded client
    opened after a server client in the same process talk HTTP to that server. Two fresh objects with
    the same values compare equal, which is all chromadb needs for a second client of the same path.
    """
    return ChromaSettings(anonymized_telemetry=False)


def chroma_target(settings: Settings) -> str:
    """Where the vectors live, as recorded in the manifest: 'embedded' or 'http://host:port'."""
    return f"http://{settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host else "embedded"


def make_client(settings: Settings) -> ClientAPI:
    if settings.chroma_host:
        try:
            return chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port, settings=_chroma_settings()
            )
        except Exception as exc:  # chromadb raises ValueError/ConnectionError/httpx errors here
            raise IndexUnavailableError(
                f"Cannot reach the Chroma server at {chroma_target(settings)} ({exc}). Start it "
                f"(e.g. `chroma run --path DIR --port {settings.chroma_port}`) or unset CINECHAT_CHROMA_HOST "
                "to use the embedded index."
            ) from exc
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=_chroma_settings())
