"""Our Encoder as a LangChain `Embeddings`, so langchain-chroma embeds titles and queries with it."""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

from vectorstore.encoder import Encoder


class EncoderEmbeddings(Embeddings):
    def __init__(self, encoder: Encoder, batch_size: int = 32) -> None:
        self.encoder = encoder
        self.batch_size = batch_size

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encoder.encode(texts, batch_size=self.batch_size).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encoder.encode([text])[0].tolist()
