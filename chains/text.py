"""Small text helpers shared by the parser, the title resolver and the offline explainer."""

from __future__ import annotations

import re
import unicodedata

_ARTICLES = ("the ", "a ", "an ")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_WORD = re.compile(r"[a-z][a-z'-]+")

# Words that carry no topic: dropped from the semantic query and from overview keyword overlap.
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "around",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "one",
        "ones",
        "get",
        "gets",
        "got",
        "go",
        "goes",
        "going",
        "make",
        "makes",
        "made",
        "something",
        "anything",
        "thing",
        "things",
        "kind",
        "sort",
        "type",
        "want",
        "wanted",
        "wants",
        "like",
        "likes",
        "liked",
        "love",
        "loved",
        "really",
        "please",
        "recommend",
        "recommendation",
        "recommendations",
        "suggest",
        "show",
        "shows",
        "me",
        "give",
        "find",
        "watch",
        "watching",
        "watched",
        "see",
        "seen",
        "movie",
        "movies",
        "film",
        "films",
        "title",
        "titles",
        "pick",
        "picks",
        "tonight",
        "maybe",
        "bit",
        "lot",
        "much",
        "many",
        "good",
        "great",
        "best",
        "new",
        "old",
        "also",
        "even",
        "still",
        "well",
        "way",
        "back",
        "first",
        "last",
        "two",
        "three",
        "four",
        "five",
        "us",
        "let",
        "lets",
        "i'd",
        "i'm",
        "im",
        "it's",
        "its",
        "theirs",
        "yeah",
        "ok",
        "okay",
        "hey",
        "hi",
        "hello",
        "thanks",
        "thank",
        "else",
        "another",
        "instead",
        "rather",
    ]
)


def fold(text: str) -> str:
    """Lower-case ASCII folding: 'Amélie' -> 'amelie'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


def normalise_title(title: str) -> str:
    """The matching key of a title: folded, '&' as 'and', punctuation removed, spaces collapsed."""
    folded = fold(title).replace("&", " and ").replace("'", "").replace("\u2019", "")
    return _NON_WORD.sub(" ", folded).strip()


def strip_article(key: str) -> str:
    """'the arrival' -> 'arrival', so 'Godfather' finds 'The Godfather' (the article still breaks ties)."""
    for article in _ARTICLES:
        if key.startswith(article) and len(key) > len(article):
            return key[len(article) :]
    return key


def content_words(text: str) -> list[str]:
    """Topic words of a text, in order, without stopwords or very short words."""
    return [w.strip("'-") for w in _WORD.findall(fold(text)) if w not in STOPWORDS and len(w) > 2]


def stem(word: str) -> str:
    """A crude suffix stripper: enough to match 'aliens'/'alien' or 'haunting'/'haunted' in overviews."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def join_names(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
