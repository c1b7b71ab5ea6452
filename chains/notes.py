"""What the engine tells the user beside the picks, as data: a code plus its parameters.

Code decides by the code (the chat hides the offline note because its badge says the same; tests
assert codes); people read `Note.text`, worded here and nowhere else, for the chat and the CLI alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

# A request is a sentence or two. Beyond this the parser and the model would only pay for noise (and the
# model prompt grows with every character), so longer messages are cut, and the answer says so.
MAX_REQUEST_CHARS = 1000


class NoteCode(StrEnum):
    # understanding the message
    EMPTY_REQUEST = "empty_request"
    LONG_REQUEST = "long_request"
    UNKNOWN_TITLE = "unknown_title"
    DID_YOU_MEAN = "did_you_mean"
    NOT_UNDERSTOOD = "not_understood"
    AMBIGUOUS_TITLE = "ambiguous_title"
    PLATFORM_NOT_EXCLUDABLE = "platform_not_excludable"
    # the conversation
    NO_EARLIER_PICKS = "no_earlier_picks"
    NO_SUCH_PICK_SAME_SEARCH = "no_such_pick_same_search"
    NO_SUCH_PICK = "no_such_pick"
    MARKED_SEEN = "marked_seen"
    LEFT_OUT = "left_out"
    # what the catalog holds
    CONTRADICTION = "contradiction"
    BEYOND_NEWEST = "beyond_newest"
    NO_MATCH = "no_match"
    FEW_MATCHES = "few_matches"
    # how the picks were ranked
    OFFLINE = "offline"
    REASON_REPLACED = "reason_replaced"
    LLM_FAILED = "llm_failed"
    LLM_FAILED_PARTLY = "llm_failed_partly"
    LLM_SKIPPED = "llm_skipped"
    LLM_TOO_FEW = "llm_too_few"


class LlmFailure(StrEnum):
    """Why the language model's answer could not be used (or not all of it)."""

    TIMEOUT = "timeout"
    ERROR = "error"
    UNREADABLE = "unreadable"
    NO_VALID_TITLES = "no_valid_titles"


_FAILURE_WORDS = {
    LlmFailure.TIMEOUT: "The language model didn't answer in time",
    LlmFailure.ERROR: "The language model returned an error",
    LlmFailure.UNREADABLE: "The language model's answer couldn't be read",
    LlmFailure.NO_VALID_TITLES: "The language model chose no valid titles",
}


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _filled(missing: int) -> str:
    return f"{missing} pick{_plural(missing, ' was', 's were')} filled from the search results."


def _only_matches(p: dict[str, Any]) -> str:
    n = p["count"]
    constraint = f" for {p['constraints']}" if p["constraints"] else ""
    unseen = " that you haven't been shown yet" if p["excluding_shown"] else ""
    return (
        f"Only {n} title{_plural(n, '', 's')} in the catalog match{_plural(n, 'es', '')}{constraint}{unseen}; "
        f"showing {_plural(n, 'it', 'them all')}."
    )


def _no_match(p: dict[str, Any]) -> str:
    constraint = f" for {p['constraints']}" if p["constraints"] else " this request"
    beyond = " beyond those already shown" if p["excluding_shown"] else ""
    return f"No title in the catalog matches{constraint}{beyond}; try loosening a constraint."


def _llm_skipped(p: dict[str, Any]) -> str:
    invented, repeats, missing = p["invented"], p["repeats"], p["missing"]
    what = []
    if invented:
        what.append(f"{invented} title{_plural(invented, '', 's')} not in the search results")
    if repeats:
        what.append(f"{repeats} repeat{_plural(repeats, '', 's')}")
    then = _filled(missing) if missing > 0 else "those were skipped."
    return f"The language model named {' and '.join(what)}; {then}"


def _left_out(verb: str) -> Callable[[dict[str, Any]], str]:
    def word(p: dict[str, Any]) -> str:
        which = f" (I took “that one” to mean the {p['ordinal']} pick)" if p.get("ordinal") else ""
        return f"{verb}: {p['title']} ({p['year']}){which}."

    return word


_WORDING: dict[NoteCode, Callable[[dict[str, Any]], str]] = {
    NoteCode.EMPTY_REQUEST: lambda p: (
        "Tell me what you feel like watching: a title you liked, a mood, a genre or a decade."
    ),
    NoteCode.LONG_REQUEST: lambda p: f"Your message was very long: I read its first {p['chars']:,} characters.",
    NoteCode.UNKNOWN_TITLE: lambda p: (
        f"I couldn't find a title called “{p['name']}” in the catalog, so these match your words instead."
    ),
    NoteCode.DID_YOU_MEAN: lambda p: f"Did you mean {', '.join(p['titles'])}?",
    NoteCode.NOT_UNDERSTOOD: lambda p: (
        f"I didn't recognise any of the words in “{p['text']}”, so these picks are only a guess. "
        "Try a mood, a genre, a decade or a title you liked, in English."
    ),
    NoteCode.AMBIGUOUS_TITLE: lambda p: (
        f"I took “{p['said']}” to mean {p['title']}; also in the catalog: {', '.join(p['others'])}."
    ),
    NoteCode.PLATFORM_NOT_EXCLUDABLE: lambda p: (
        f"I can't leave out a streaming service, so titles on {p['platform']} may still appear."
    ),
    NoteCode.NO_EARLIER_PICKS: lambda p: "There are no earlier picks to refer to yet, so this is a new search.",
    NoteCode.NO_SUCH_PICK_SAME_SEARCH: lambda p: (
        f"There was no pick #{p['number']} last time, so I kept the same search."
    ),
    NoteCode.NO_SUCH_PICK: lambda p: f"There was no pick #{p['number']} last time.",
    NoteCode.MARKED_SEEN: _left_out("Marked as seen"),
    NoteCode.LEFT_OUT: _left_out("Left out"),
    NoteCode.CONTRADICTION: lambda p: f"These constraints can't all hold: {p['reason']}. Change one and ask again.",
    NoteCode.BEYOND_NEWEST: lambda p: (
        f"The catalog's newest titles are from {p['latest']}: nothing from {p['wanted_from']} or later yet."
    ),
    NoteCode.NO_MATCH: _no_match,
    NoteCode.FEW_MATCHES: _only_matches,
    NoteCode.OFFLINE: lambda p: "Offline mode: ranked by similarity and catalog data, no language model.",
    NoteCode.REASON_REPLACED: lambda p: (
        f"The language model's reason for {', '.join(f'#{r}' for r in p['ranks'])} named a title that isn't "
        "in the catalog; the reason shown comes from the catalog instead."
    ),
    NoteCode.LLM_FAILED: lambda p: f"{_FAILURE_WORDS[LlmFailure(p['failure'])]}, so these are ranked offline.",
    NoteCode.LLM_FAILED_PARTLY: lambda p: (
        f"{_FAILURE_WORDS[LlmFailure(p['failure'])]}, so the last {p['missing']} "
        f"pick{_plural(p['missing'], ' is', 's are')} ranked offline."
    ),
    NoteCode.LLM_SKIPPED: _llm_skipped,
    NoteCode.LLM_TOO_FEW: lambda p: f"The language model chose too few titles; {_filled(p['missing'])}",
}


class Note(BaseModel):
    """One thing to tell the user: `code` says what, `params` the particulars (titles, counts)."""

    model_config = ConfigDict(frozen=True)

    code: NoteCode
    params: dict[str, Any] = Field(default_factory=dict)

    @property
    def text(self) -> str:
        return _WORDING[self.code](self.params)


def note(code: NoteCode, **params: Any) -> Note:
    return Note(code=code, params=params)


def unique(notes: Iterable[Note]) -> list[Note]:
    """The notes in order, each said once."""
    seen: set[str] = set()
    kept = []
    for n in notes:
        if n.text not in seen:
            seen.add(n.text)
            kept.append(n)
    return kept
