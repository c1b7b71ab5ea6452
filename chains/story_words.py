"""What films are about, searched by their words: the second way the retriever finds a request's topic.

One sentence-embedding per title mixes its name, people and synopsis into one point, and a short request
lands near titles that share its words or names: "a road trip movie" is 0.32 from *Taxi Driver* and 0.03
from *Little Miss Sunshine*, whose synopsis calls it a road film and whose keywords say "road trip". A
BM25 index (bm25s) over what each title is about (the synopsis without the title's own names, the
keywords, the genres) finds the titles whose story has the request's words; the retriever adds the best
of them to the pool and the ranking counts the match beside the vector's closeness (fan_ranking.py).
Names are left out on purpose: a title word is no topic (*French Twist* for "a twist ending").
"""

from __future__ import annotations

import logging
import re
import shutil
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import bm25s
import numpy as np

from catalog.models import Title
from chains.lexicon import GENERIC_SYNOPSIS_WORDS
from chains.text import content_words, stem

log = logging.getLogger(__name__)


def story_tokens(text: str) -> list[str]:
    """The stemmed topic words of a text, without the words every synopsis has ("film", "story")."""
    return [stem(w) for w in content_words(text) if w not in GENERIC_SYNOPSIS_WORDS]


def story_text(title: Title) -> str:
    """The synopsis with the first mention of the title's own names cut out (Wikipedia leads open with them;
    later mentions are the story's: the night of *Halloween*, the ship *Titanic*), keywords, genres."""
    overview = title.overview
    for name in title.names:
        overview = re.sub(re.escape(name), " ", overview, count=1, flags=re.IGNORECASE)
    return " ".join([overview, " ".join(title.keywords), " ".join(title.genres)])


# Bump when story_text or story_tokens change: a saved index of another version is rebuilt.
VERSION = 1


class StoryWords:
    """A BM25 index over the story text of every title, rows in the order of `ids`."""

    def __init__(self, ids: Sequence[str], titles: Iterable[Title] = (), bm25: bm25s.BM25 | None = None):
        self.ids = list(ids)
        self._rows = {tid: row for row, tid in enumerate(self.ids)}
        if bm25 is None:
            # Interned: one string per distinct word, not per occurrence (~70 MB less at start-up).
            corpus = [[sys.intern(w) for w in story_tokens(story_text(t))] for t in titles]
            bm25 = bm25s.BM25()
            bm25.index(corpus, show_progress=False)
        self._bm25 = bm25
        self._vocabulary = set(bm25.vocab_dict)

    @classmethod
    def of_index(cls, index: Any) -> StoryWords:
        """The index's story words: read from its data folder when a start-up saved them for this build
        (~0.2 s), else built (~5-7 s on the full catalog) and saved for the next start."""
        ids: list[str] = index.row_ids()
        if not index.manifest.build_id:  # nothing to tell one build's index from another's
            return cls(ids, (index.catalog[i] for i in ids))
        folder = Path(index.settings.data_dir) / "story_words" / f"v{VERSION}-{index.manifest.build_id}"
        try:
            saved = bm25s.BM25.load(str(folder))
            if saved.scores["num_docs"] == len(ids):
                return cls(ids, bm25=saved)
        except (OSError, ValueError, KeyError):
            pass  # not saved yet, or unreadable: built below
        built = cls(ids, (index.catalog[i] for i in ids))
        try:
            built._bm25.save(str(folder))
            for older in folder.parent.iterdir():  # earlier builds' (~10 MB each)
                if older != folder:
                    shutil.rmtree(older, ignore_errors=True)
        except OSError as exc:  # a read-only data folder: built again at the next start
            log.warning("could not save the story words to %s: %s", folder, exc)
        return built

    def row_of(self, title_id: str) -> int:
        """The title's row, or -1 when it is not indexed."""
        return self._rows.get(title_id, -1)

    def scores(self, text: str) -> np.ndarray | None:
        """BM25 score of every row for the text's topic words; None when no word is in any story."""
        words = list(dict.fromkeys(w for w in story_tokens(text) if w in self._vocabulary))
        if not words:
            return None
        scores = np.asarray(self._bm25.get_scores(words), dtype=np.float32)
        return scores if float(scores.max()) > 0 else None
