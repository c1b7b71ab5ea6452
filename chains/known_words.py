"""Whether a request's words mean anything to CineChat, so nonsense is answered honestly.

A similarity search always returns its nearest titles, even for "asdfgh qwerty" or a language the
model was not trained on; presenting those as fitting picks would be a quiet lie. A word counts as
known when the embedding model has it as a whole word (its WordPiece vocabulary: 22,501 English
words, but not "heist" or "dystopian") or the catalog uses it: in a title, an overview, a keyword or
a person's name (~114,000 words on the full catalog, including "kaiju" and "Villeneuve"). Only a
request with no known topic word at all gets the note.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from functools import lru_cache

from catalog.models import Title
from chains.lexicon import fold
from chains.text import content_words
from vectorstore.encoder import model_dir

_WORD = re.compile(r"[a-z]{3,}")


@lru_cache(maxsize=1)
def model_words() -> frozenset[str]:
    """The whole words of all-MiniLM-L6-v2's uncased WordPiece vocabulary (pieces start with '##')."""
    with (model_dir() / "vocab.txt").open(encoding="utf-8") as f:
        return frozenset(w for line in f if (w := line.strip()).isalpha() and not w.startswith("##"))


class KnownWords:
    """Words of the model's vocabulary and of the catalog's texts, the latter built on first use."""

    def __init__(self, titles: Iterable[Title]):
        self._titles = titles
        self._catalog_words: frozenset[str] | None = None
        self._lock = threading.Lock()

    def _catalog(self) -> frozenset[str]:
        # 0.8 s for the full catalog: made on the first request with a word the model lacks (most
        # requests have none), not at start-up; the lock keeps concurrent chats from making it twice.
        with self._lock:
            if self._catalog_words is None:
                words: set[str] = set()
                for t in self._titles:
                    text = " ".join([t.title, t.overview, *t.keywords, *t.directors, *t.cast])
                    words.update(_WORD.findall(fold(text)))
                self._catalog_words = frozenset(words)
            return self._catalog_words

    def unknown(self, text: str) -> list[str]:
        """The topic words of `text` that neither the model nor the catalog knows, in order."""
        model = model_words()
        candidates = [w for w in content_words(text) if w.isalpha() and w not in model]
        if not candidates:
            return []
        catalog = self._catalog()
        return [w for w in candidates if w not in catalog]

    def understood_nothing(self, text: str) -> bool:
        """True when `text` has topic words and none of them is known, or is written in a script with no
        Latin letters at all (e.g. Chinese or Cyrillic: folding to ASCII leaves nothing the model reads well)."""
        words = [w for w in content_words(text) if w.isalpha()]
        if not words:
            return any(ch.isalpha() for ch in text) and not any(ch.isascii() and ch.isalpha() for ch in fold(text))
        return len(self.unknown(text)) == len(words)
