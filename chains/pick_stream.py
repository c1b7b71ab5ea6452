"""Read the re-ranker's answer while it streams, so each explanation can flow into its card.

The model writes one opening sentence, then one line per pick: `<id> | <why>`. This parser is fed
text chunks of any size and reports, as soon as they are certain: opening text, the id of a pick
line (the moment its `|` arrives), and explanation text. It tolerates what models add anyway:
numbering ("1."), bullets, bold, backticks or quotes around ids, a "Opening:" label, and a JSON
object per line ({"id": ..., "why": ...}).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

_LEADER = re.compile(r"^\s*(?:[-*•]+|\d{1,2}[.):]|#\d{1,2}[.):]?|\*\*)?\s*")
_ID_TOKEN = re.compile(r"^[`'\"*\[]*([A-Za-z0-9][\w.:+-]*?)[`'\"*\]]*$")
_OPENING_LABEL = re.compile(r"^\s*(?:opening|intro(?:duction)?)\s*:\s*", re.IGNORECASE)


@dataclass
class StreamItem:
    kind: str  # "opening" | "pick" | "why" | "end_pick"
    text: str = ""


class PickStreamParser:
    def __init__(self, known_ids: set[str] | frozenset[str] = frozenset()) -> None:
        self.known_ids = known_ids
        self._line = ""  # undecided current line
        self._mode: str | None = None  # None (undecided), "opening", "pick", "skip", "json"
        self._opening_done = False
        self._seen_pick = False
        self._why_started = False

    def feed(self, chunk: str) -> list[StreamItem]:
        items: list[StreamItem] = []
        for part in re.split(r"(\n)", chunk):
            if part == "\n":
                items += self._end_line()
            elif part:
                items += self._add(part)
        return items

    def finish(self) -> list[StreamItem]:
        return self._end_line()

    # --- internals -----------------------------------------------------------------------------------

    def _add(self, text: str) -> list[StreamItem]:
        if self._mode == "opening":
            return [StreamItem("opening", text)]
        if self._mode == "pick":
            return self._why(text)
        if self._mode in ("skip", "json"):
            self._line += text if self._mode == "json" else ""
            return []
        self._line += text
        return self._decide(final=False)

    def _why(self, text: str) -> list[StreamItem]:
        if not self._why_started:
            text = text.lstrip(" \t|:–—-")
            if not text:
                return []
            self._why_started = True
        return [StreamItem("why", text)]

    def _start_pick(self, pick_id: str, rest: str) -> list[StreamItem]:
        self._mode, self._seen_pick, self._why_started = "pick", True, False
        self._line = ""
        return [StreamItem("pick", pick_id), *self._why(rest)]

    def _decide(self, final: bool) -> list[StreamItem]:
        line = self._line
        body = _LEADER.sub("", line, count=1)
        if not body.strip():
            return []
        if body.lstrip().startswith("{"):
            self._mode = "json"
            return []
        words = body.split()
        first = _ID_TOKEN.match(words[0].rstrip(":"))
        first_id = first.group(1) if first else None
        complete = len(words) > 1 or body[-1:] in (" ", ":", "|") or final
        if first_id and first_id in self.known_ids and complete:
            # A candidate id opens the line: a pick, whatever separator the model chose.
            rest = body.split(words[0], 1)[1]
            return self._start_pick(first_id, rest)
        if "|" in body:
            head, tail = body.split("|", 1)
            token = _ID_TOKEN.match(head.strip())
            if token and " " not in head.strip():
                return self._start_pick(token.group(1), tail)  # an id, maybe not a candidate's
        if len(words) >= 3 or (final and words) or (len(words) == 2 and body[-1:].isspace()):
            self._line = ""
            if not self._opening_done and not self._seen_pick:
                self._mode = "opening"
                return [StreamItem("opening", _OPENING_LABEL.sub("", line.lstrip(), count=1))]
            self._mode = "skip"  # prose after the picks, or a second intro line: not shown
        return []

    def _end_line(self) -> list[StreamItem]:
        items: list[StreamItem] = []
        if self._mode is None and self._line.strip():
            items += self._decide(final=True)
        if self._mode == "json":
            items += self._json_line(self._line)
        elif self._mode == "pick":
            items.append(StreamItem("end_pick"))
        elif self._mode == "opening":
            self._opening_done = True
        self._line, self._mode = "", None
        return items

    def _json_line(self, line: str) -> list[StreamItem]:
        try:
            obj = json.loads(_LEADER.sub("", line, count=1).strip().rstrip(","))
        except ValueError:
            return []
        if not isinstance(obj, dict):
            return []
        pick_id = obj.get("id")
        why = obj.get("why") or obj.get("explanation") or obj.get("reason") or ""
        if not isinstance(pick_id, str) or not isinstance(why, str):
            return []
        self._seen_pick = True
        return [StreamItem("pick", pick_id), StreamItem("why", why.strip()), StreamItem("end_pick")]
