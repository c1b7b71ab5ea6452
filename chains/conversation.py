"""Turn a parsed message plus the conversation so far into what this turn searches for.

A follow-up ("only from the 90s", "funnier", "more like the second one", "not that one, I've
seen it") keeps the previous search (seed titles, free text, filters, moods) and changes only what
it names; a message with a new title or a new topic starts over. Either way, titles already shown,
seen or rejected in this conversation are not shown again.
"""

from __future__ import annotations

import re

from catalog.models import Title
from chains.lexicon import MOOD_OPPOSITES, is_mood_word
from chains.models import ConversationState, ParsedRequest, ResolvedTitle, Turn, TurnPlan
from chains.notes import Note, NoteCode, note
from chains.preferences import Preferences, Reaction, TitleRef
from chains.request_parser import ParseResult
from chains.taste import taste_titles
from chains.title_resolver import Resolution
from vectorstore.filters import SearchFilters

# A message that opens with one of these words changes the last search rather than starting over.
_REFINE_CUE = re.compile(
    r"^\s*(?:but|and|also|only|just|same|make\s+it|keep|still|with\s+more|with\s+less|more|less|a\s+bit|a\s+little"
    r"|slightly|even|maybe|ok(?:ay)?|now|this\s+time|then|instead|rather|preferably)\b",
    re.IGNORECASE,
)
# "a 90s comedy" names what it wants like a new request; "comedies only" adjusts the last one.
_NEW_REQUEST_OPENING = re.compile(
    r"^\s*(?:a|an|some|any|i\s+want|i'?d\s+like|i\s+would\s+like|looking\s+for|i'?m\s+looking\s+for|recommend|suggest"
    r"|show\s+me|give\s+me|find\s+me|what\s+about|how\s+about|got\s+any|are\s+there)\b",
    re.IGNORECASE,
)
MAX_LOVED_SEEDS = 3  # "loved them all" after five picks: the search stays near the first three
_ORDINAL_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}


def overlay_filters(base: SearchFilters, top: SearchFilters) -> SearchFilters:
    """`top` wins on every field it sets; years and runtimes count as one field each."""
    merged = base.model_copy(deep=True)
    if top.year_min is not None or top.year_max is not None:
        merged.year_min, merged.year_max = top.year_min, top.year_max
    if top.runtime_min is not None or top.runtime_max is not None:
        merged.runtime_min, merged.runtime_max = top.runtime_min, top.runtime_max
    if top.type is not None:
        merged.type = top.type
    if top.genres_any or top.genres_all:
        merged.genres_any, merged.genres_all = list(top.genres_any), list(top.genres_all)
    wanted = set(top.genres_any + top.genres_all)
    merged.genres_exclude = [g for g in dict.fromkeys(base.genres_exclude + top.genres_exclude) if g not in wanted]
    excluded = set(top.genres_exclude)
    merged.genres_any = [g for g in merged.genres_any if g not in excluded]
    merged.genres_all = [g for g in merged.genres_all if g not in excluded]
    if top.platforms_any:
        merged.platforms_any = list(top.platforms_any)
    merged.exclude_ids = []
    return merged


def merge_moods(previous: list[str], new: list[str]) -> list[str]:
    dropped = {MOOD_OPPOSITES.get(m) for m in new}
    return list(dict.fromkeys([m for m in previous if m not in dropped] + new))


def topic_words(parsed: ParsedRequest) -> list[str]:
    """Free-text words that are not just mood words ("lighter", "funnier")."""
    return [w for w in parsed.query_text.split() if not is_mood_word(w)]


class ConversationPlanner:
    def __init__(self, catalog: dict[str, Title]):
        self.catalog = catalog

    def plan(self, result: ParseResult, state: ConversationState) -> TurnPlan:
        """What this turn searches for, from the message and the conversation (chat settings come later,
        see `apply_ui_filters`, so a follow-up inherits what was said, not what the settings were)."""
        parsed = result.parsed
        previous = state.turns[-1] if state.turns else None
        notes: list[Note] = list(result.notes)
        disliked = [t.id for t in parsed.preferences.disliked_titles if t.id in self.catalog]
        # "I didn't like Titanic" names a title to stay away from, not one to search like.
        mentions = [
            m
            for m in result.mentions
            if m.resolution.best.title.id in self.catalog and m.resolution.best.title.id not in disliked
        ]
        references = parsed.pick_reference is not None or parsed.reject_reference is not None
        if references and (previous is None or not previous.pick_ids):
            notes.append(note(NoteCode.NO_EARLIER_PICKS))
        has_topic = bool(topic_words(parsed))
        refine_cue = bool(_REFINE_CUE.match(parsed.text))
        names_genres = bool(parsed.filters.genres_all or parsed.filters.genres_any)
        new_request = (has_topic or (names_genres and bool(_NEW_REQUEST_OPENING.match(parsed.text)))) and not refine_cue
        follow_up = (
            previous is not None and not mentions and ((references and bool(previous.pick_ids)) or not new_request)
        )
        if follow_up and previous is not None:
            plan = self._follow_up(parsed, previous, state, notes)
        else:
            plan = self._fresh(parsed, mentions, notes)
        plan = plan.model_copy(update={"newly_rejected": plan.newly_rejected + disliked})
        plan = self._with_taste(plan, parsed, result.reaction, state, previous, result.reaction_covers_all)
        plan = plan.model_copy(update={"exclude_ids": self._exclusions(plan, state, previous)})
        return plan.model_copy(update={"taste_titles": taste_titles(state, plan)})

    # --- taste ---------------------------------------------------------------------------------------

    def _with_taste(
        self,
        plan: TurnPlan,
        message: ParsedRequest,
        reaction: Reaction | None,
        state: ConversationState,
        previous: Turn | None,
        covers_all: bool = False,
    ) -> TurnPlan:
        """The conversation's taste updated by this turn: what the message says (chains/preferences.py), the
        titles it marks as seen, and a reaction to the title in focus ("loved that one", "not for me")."""
        seen = tuple(_ref(self.catalog[i]) for i in plan.newly_seen if i in self.catalog)
        # This message's own preferences (a follow-up's `plan.parsed` carries the previous turn's).
        taste = message.preferences.merged(Preferences(seen_titles=seen))
        if reaction is not None and previous is not None and previous.pick_ids:
            plan, taste = self._react(plan, previous, reaction, taste, covers_all)
        return plan.model_copy(update={"taste": state.taste.merged(taste)})

    def _react(
        self, plan: TurnPlan, previous: Turn, reaction: Reaction, taste: Preferences, covers_all: bool = False
    ) -> tuple[TurnPlan, Preferences]:
        focus_id = previous.referenced_id if previous.referenced_id in previous.pick_ids else previous.pick_ids[0]
        focus = self.catalog.get(focus_id)
        if focus is None:
            return plan, taste
        ref = _ref(focus)
        if reaction == "liked":  # more like the one they loved ("both of those": all of them)
            offered = [self.catalog[i] for i in previous.pick_ids if i in self.catalog] if covers_all else []
            loved = list({t.id: t for t in [focus, *offered]}.values())[:MAX_LOVED_SEEDS]
            plan = plan.model_copy(
                update={
                    "seeds": loved,
                    "resolved": ResolvedTitle(id=focus.id, title=focus.title, year=focus.year),
                    "referenced_id": focus.id,
                    "notes": plan.notes + [note(NoteCode.MORE_LIKE_LIKED, title=focus.title, year=focus.year)],
                }
            )
            return plan, taste.model_copy(update={"liked_titles": (*taste.liked_titles, *map(_ref, loved))})
        if reaction == "disliked":  # like "not that one": set it aside, the other picks may stay
            plan = self._set_aside_pick(plan, previous, 0, seen=False)
            plan = plan.model_copy(update={"parsed": plan.parsed.model_copy(update={"reject_reference": 0})})
            return plan, taste.model_copy(update={"disliked_titles": (*taste.disliked_titles, ref)})
        return plan, taste.model_copy(update={"unknown_titles": (*taste.unknown_titles, ref)})

    # --- fresh search ------------------------------------------------------------------------------

    def _fresh(self, parsed: ParsedRequest, mentions: list, notes: list[Note]) -> TurnPlan:
        effective = parsed.model_copy(
            deep=True, update={"pick_reference": None, "reject_reference": None, "reference_seen": False}
        )
        seeds: list[Title] = []
        resolved: ResolvedTitle | None = None
        for mention in mentions:
            res: Resolution = mention.resolution
            title = res.best.title
            if title.id in {s.id for s in seeds}:
                continue
            seeds.append(title)
            if resolved is None:
                resolved = res.to_model()
            if res.alternatives:
                others = [f"{m.title.title} ({m.title.year})" for m in res.alternatives]
                notes.append(
                    note(
                        NoteCode.AMBIGUOUS_TITLE, said=mention.raw, title=f"{title.title} ({title.year})", others=others
                    )
                )
        return TurnPlan(message=parsed.text, parsed=effective, seeds=seeds, resolved=resolved, notes=notes)

    # --- follow-up ----------------------------------------------------------------------------------

    def _follow_up(
        self, parsed: ParsedRequest, previous: Turn, state: ConversationState, notes: list[Note]
    ) -> TurnPlan:
        base = previous.parsed
        new_words = " ".join(topic_words(parsed))
        effective = base.model_copy(
            deep=True,
            update={
                "text": parsed.text,
                "filters": overlay_filters(base.filters, parsed.filters),
                "mood": merge_moods(base.mood, parsed.mood),
                "kinds": list(dict.fromkeys([*base.kinds, *parsed.kinds])),
                "woman_lead": base.woman_lead or parsed.woman_lead,
                "mix": base.mix or parsed.mix,
                "query_text": " ".join(x for x in (base.query_text, new_words) if x) if new_words else base.query_text,
                "topic_text": " ".join(x for x in (base.topic_text, new_words) if x) if new_words else base.topic_text,
                "pick_reference": parsed.pick_reference,
                "reject_reference": parsed.reject_reference,
                "reference_seen": parsed.reference_seen,
            },
        )
        plan = TurnPlan(
            message=parsed.text,
            parsed=effective,
            seeds=[self.catalog[i] for i in previous.seed_ids if i in self.catalog],
            resolved=previous.resolved,
            follow_up=True,
            notes=notes,
        )
        if parsed.pick_reference is not None:
            plan = self._more_like_pick(plan, previous, parsed.pick_reference)
        if parsed.reject_reference is not None:
            plan = self._set_aside_pick(plan, previous, parsed.reject_reference, parsed.reference_seen)
        return plan

    def _more_like_pick(self, plan: TurnPlan, previous: Turn, n: int) -> TurnPlan:
        """ "More like the second one": that pick becomes the seed."""
        picked = self._pick(previous, n)
        if picked is None:
            return plan.model_copy(update={"notes": plan.notes + [note(NoteCode.NO_SUCH_PICK_SAME_SEARCH, number=n)]})
        return plan.model_copy(
            update={
                "seeds": [picked],
                "resolved": ResolvedTitle(id=picked.id, title=picked.title, year=picked.year),
                "referenced_id": picked.id,
                "parsed": plan.parsed.model_copy(update={"title_mentions": [picked.title]}),
            }
        )

    def _set_aside_pick(self, plan: TurnPlan, previous: Turn, n: int, seen: bool) -> TurnPlan:
        """ "Not the third one" / "seen that one": the pick is left out from now on (0 = the last one talked about)."""
        if n == 0:
            target_id = previous.referenced_id if previous.referenced_id in previous.pick_ids else None
            target_id = target_id or (previous.pick_ids[0] if previous.pick_ids else None)
        else:
            picked = self._pick(previous, n)
            target_id = picked.id if picked else None
        target = self.catalog.get(target_id) if target_id else None
        if target is None:
            return plan.model_copy(update={"notes": plan.notes + [note(NoteCode.NO_SUCH_PICK, number=n)]})
        ordinal = self._ordinal_of(previous, target.id) if n == 0 else None
        said = note(
            NoteCode.MARKED_SEEN if seen else NoteCode.LEFT_OUT, title=target.title, year=target.year, ordinal=ordinal
        )
        update: dict = {"notes": plan.notes + [said], "referenced_id": target.id}
        if seen:
            update["newly_seen"] = plan.newly_seen + [target.id]
        else:
            update["newly_rejected"] = plan.newly_rejected + [target.id]
        return plan.model_copy(update=update)

    def _pick(self, previous: Turn, n: int) -> Title | None:
        ids = previous.pick_ids
        index = len(ids) - 1 if n == -1 else n - 1
        if 0 <= index < len(ids):
            return self.catalog.get(ids[index])
        return None

    def _ordinal_of(self, previous: Turn, title_id: str) -> str:
        position = previous.pick_ids.index(title_id) + 1
        return _ORDINAL_WORDS.get(position, f"#{position}")

    # --- exclusions ------------------------------------------------------------------------------

    def _exclusions(self, plan: TurnPlan, state: ConversationState, previous: Turn | None) -> list[str]:
        earlier_seeds = [i for turn in state.turns for i in turn.seed_ids]  # "like Toy Story" never shows Toy Story
        # Titles named as loved, seen or disliked are known to the user: never picked back.
        known = plan.taste.excluded_title_ids
        excluded = list(
            dict.fromkeys(state.excluded_ids + earlier_seeds + plan.newly_seen + plan.newly_rejected + known)
        )
        only_removes = (
            plan.follow_up
            and previous is not None
            and plan.parsed.reject_reference is not None
            and plan.parsed.pick_reference is None
            and plan.parsed.filters == previous.parsed.filters
            and plan.parsed.mood == previous.parsed.mood
            and plan.parsed.query_text == previous.parsed.query_text
        )
        if only_removes and previous is not None:
            # "Not that one": the other picks were fine, so they may stay; one new title takes its place.
            keep = set(previous.pick_ids) - set(
                state.seen_ids + state.rejected_ids + plan.newly_seen + plan.newly_rejected
            )
            excluded = [i for i in excluded if i not in keep]
        return excluded


def _ref(title: Title) -> TitleRef:
    return TitleRef(id=title.id, title=title.title, year=title.year)


def apply_ui_filters(plan: TurnPlan, ui_filters: SearchFilters | None) -> TurnPlan:
    """Combine chat-settings filters with the request's own: the request wins on a field it sets."""
    said = plan.parsed.filters.model_copy(deep=True)
    if ui_filters is None:
        return plan.model_copy(update={"said_filters": said})
    parsed = plan.parsed.model_copy(update={"filters": overlay_filters(ui_filters, plan.parsed.filters)})
    return plan.model_copy(update={"said_filters": said, "parsed": parsed})


def record_turn(state: ConversationState, plan: TurnPlan, pick_ids: list[str]) -> None:
    """Update the conversation after a turn (picks shown, titles seen or rejected)."""
    parsed = plan.parsed.model_copy(deep=True)
    if plan.said_filters is not None:
        # Remember what the user said; chat settings apply afresh every turn.
        parsed.filters = plan.said_filters.model_copy(deep=True)
    state.turns.append(
        Turn(
            request=plan.message,
            parsed=parsed,
            resolved=plan.resolved,
            pick_ids=list(pick_ids),
            seed_ids=[s.id for s in plan.seeds],
            referenced_id=plan.referenced_id,
        )
    )
    state.shown_ids = list(dict.fromkeys(state.shown_ids + list(pick_ids)))
    state.seen_ids = list(dict.fromkeys(state.seen_ids + plan.newly_seen))
    state.rejected_ids = list(dict.fromkeys(state.rejected_ids + plan.newly_rejected))
    state.taste = plan.taste
