"""Turn a parsed message plus the conversation so far into what this turn searches for.

A follow-up ("only from the 90s", "funnier", "more like the second one", "not that one, I've
seen it") keeps the previous search (seed titles, free text, filters, moods) and changes only what
it names; a message with a new title or a new topic starts over. Either way, titles already shown,
seen or rejected in this conversation are not shown again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from catalog.models import Title
from chains.models import ConversationState, ParsedRequest, ResolvedTitle, Turn
from chains.preferences import Preferences, TitleRef
from chains.request_parser import _MOOD_RES, MOOD_OPPOSITES, ParseResult
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
_ORDINAL_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}


@dataclass
class TurnPlan:
    """Everything retrieval and ranking need for one turn."""

    message: str
    parsed: ParsedRequest  # effective request after merging with the conversation (filters without ids)
    seeds: list[Title] = field(default_factory=list)
    resolved: ResolvedTitle | None = None
    exclude_ids: list[str] = field(default_factory=list)
    newly_seen: list[str] = field(default_factory=list)
    newly_rejected: list[str] = field(default_factory=list)
    referenced_id: str | None = None
    follow_up: bool = False
    notes: list[str] = field(default_factory=list)
    said_filters: SearchFilters | None = None  # the request's own filters, before chat settings
    taste: Preferences = field(default_factory=Preferences)  # the conversation's taste, this turn included

    @property
    def filters(self) -> SearchFilters:
        return self.parsed.filters

    def search_filters(self) -> SearchFilters:
        seed_ids = [s.id for s in self.seeds]
        ids = list(dict.fromkeys(self.exclude_ids + seed_ids))
        return self.filters.model_copy(update={"exclude_ids": ids})


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
    return [w for w in parsed.query_text.split() if not any(r.fullmatch(w) for r in _MOOD_RES.values())]


class ConversationPlanner:
    def __init__(self, catalog: dict[str, Title]):
        self.catalog = catalog

    def plan(self, result: ParseResult, state: ConversationState) -> TurnPlan:
        """What this turn searches for, from the message and the conversation (chat settings come later,
        see `apply_ui_filters`, so a follow-up inherits what was said, not what the settings were)."""
        parsed = result.parsed
        previous = state.turns[-1] if state.turns else None
        notes = list(result.notes)
        disliked = {t.id for t in parsed.preferences.disliked_titles}
        # "I didn't like Titanic" names a title to stay away from, not one to search like.
        mentions = [
            m
            for m in result.mentions
            if m.resolution.best.title.id in self.catalog and m.resolution.best.title.id not in disliked
        ]
        references = parsed.pick_reference is not None or parsed.reject_reference is not None
        if references and (previous is None or not previous.pick_ids):
            notes.append("There are no earlier picks to refer to yet, so this is a new search.")
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
        plan.message = parsed.text
        plan.newly_rejected += [i for i in disliked if i in self.catalog]
        seen = tuple(_ref(self.catalog[i]) for i in plan.newly_seen if i in self.catalog)
        turn_taste = parsed.preferences.merged(Preferences(seen_titles=seen))
        if result.reaction is not None and previous is not None and previous.pick_ids:
            turn_taste = self._react(plan, previous, result.reaction, turn_taste, notes)
        plan.taste = state.taste.merged(turn_taste)
        plan.exclude_ids = self._exclusions(plan, state, previous)
        return plan

    def _react(
        self, plan: TurnPlan, previous: Turn, reaction: str, taste: Preferences, notes: list[str]
    ) -> Preferences:
        """Apply "loved that one" / "not for me" / "never heard of it" to the title in focus."""
        focus_id = previous.referenced_id if previous.referenced_id in previous.pick_ids else previous.pick_ids[0]
        focus = self.catalog.get(focus_id)
        if focus is None:
            return taste
        ref = _ref(focus)
        if reaction == "liked":
            notes.append(f"Glad you liked {focus.title} ({focus.year}): here is more in that vein.")
            plan.seeds = [focus]
            plan.resolved = ResolvedTitle(id=focus.id, title=focus.title, year=focus.year)
            plan.referenced_id = focus.id
            return taste.model_copy(update={"liked_titles": (*taste.liked_titles, ref)})
        if reaction == "disliked":
            notes.append(f"Left out: {focus.title} ({focus.year}).")
            plan.newly_rejected.append(focus.id)
            plan.referenced_id = focus.id
            return taste.model_copy(update={"disliked_titles": (*taste.disliked_titles, ref)})
        return taste.model_copy(update={"unknown_titles": (*taste.unknown_titles, ref)})

    # --- fresh search ------------------------------------------------------------------------------

    def _fresh(self, parsed: ParsedRequest, mentions: list, notes: list[str]) -> TurnPlan:
        effective = parsed.model_copy(deep=True)
        effective.pick_reference = effective.reject_reference = None
        effective.reference_seen = False
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
                others = ", ".join(f"{m.title.title} ({m.title.year})" for m in res.alternatives)
                notes.append(
                    f"I took “{mention.raw}” to mean {title.title} ({title.year}); also in the catalog: {others}."
                )
        return TurnPlan(parsed.text, effective, seeds, resolved, notes=notes)

    # --- follow-up ----------------------------------------------------------------------------------

    def _follow_up(self, parsed: ParsedRequest, previous: Turn, state: ConversationState, notes: list[str]) -> TurnPlan:
        base = previous.parsed
        effective = base.model_copy(deep=True)
        effective.text = parsed.text
        effective.filters = overlay_filters(base.filters, parsed.filters)
        effective.mood = merge_moods(base.mood, parsed.mood)
        new_words = " ".join(topic_words(parsed))
        if new_words:
            effective.query_text = " ".join(x for x in (base.query_text, new_words) if x)
        effective.pick_reference, effective.reject_reference = parsed.pick_reference, parsed.reject_reference
        effective.reference_seen = parsed.reference_seen
        seeds = [self.catalog[i] for i in previous.seed_ids if i in self.catalog]
        resolved = previous.resolved
        plan = TurnPlan(parsed.text, effective, seeds, resolved, follow_up=True, notes=notes)

        if parsed.pick_reference is not None:
            picked = self._pick(previous, parsed.pick_reference)
            if picked is None:
                notes.append(f"There was no pick #{parsed.pick_reference} last time, so I kept the same search.")
            else:
                plan.seeds = [picked]
                plan.resolved = ResolvedTitle(id=picked.id, title=picked.title, year=picked.year)
                plan.referenced_id = picked.id
                effective.title_mentions = [picked.title]
        if parsed.reject_reference is not None:
            n = parsed.reject_reference
            target_id = None
            if n == 0:
                target_id = previous.referenced_id if previous.referenced_id in previous.pick_ids else None
                target_id = target_id or (previous.pick_ids[0] if previous.pick_ids else None)
            else:
                picked = self._pick(previous, n)
                target_id = picked.id if picked else None
            target = self.catalog.get(target_id) if target_id else None
            if target is None:
                notes.append(f"There was no pick #{n} last time.")
            else:
                verb = "Marked as seen" if parsed.reference_seen else "Left out"
                which = (
                    ""
                    if n != 0
                    else " (I took “that one” to mean the " + self._ordinal_of(previous, target.id) + " pick)"
                )
                notes.append(f"{verb}: {target.title} ({target.year}){which}.")
                (plan.newly_seen if parsed.reference_seen else plan.newly_rejected).append(target.id)
                plan.referenced_id = target.id
        return plan

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
        excluded = list(
            dict.fromkeys(
                state.excluded_ids
                + earlier_seeds
                + plan.newly_seen
                + plan.newly_rejected
                + plan.taste.excluded_title_ids  # named as loved, seen or disliked: the user knows them
            )
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


def apply_ui_filters(plan: TurnPlan, ui_filters: SearchFilters | None) -> None:
    """Combine chat-settings filters with the request's own: the request wins on a field it sets."""
    plan.said_filters = plan.parsed.filters.model_copy(deep=True)
    if ui_filters is not None:
        plan.parsed.filters = overlay_filters(ui_filters, plan.parsed.filters)


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
