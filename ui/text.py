"""Every sentence the chat app says on its own (not the engine's words), in one place."""

from __future__ import annotations

import re

from chains.models import ParsedRequest, Recommendation, ResolvedTitle
from chains.notes import Note
from vectorstore.filters import SearchFilters

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")

INDEX_MISSING = (
    "**The catalog isn't built yet.** Run `python cli.py build` in the project folder "
    "(a few minutes, with a progress bar), then reload this page."
)
INDEX_OUTDATED = (
    "**The catalog index is out of date** for this version of CineChat. "
    "Run `python cli.py build` to update it (only changed titles are re-embedded), then reload this page."
)
INDEX_UNAVAILABLE = (
    "**The catalog's search server isn't answering** (Chroma at {where}). Check that it is running "
    "(`chroma run --path <dir> --port <port>`), or unset CINECHAT_CHROMA_HOST to use the built-in index; "
    "then send your message again."
)
UNEXPECTED = (
    "Sorry, something went wrong on my side while answering that. Nothing in this chat is lost: "
    "try again, or put it another way."
)
EMPTY_MESSAGE = "Tell me what you feel like watching: a mood, a theme, or a title you loved."


def md_escape(text: str) -> str:
    """Catalog text inside Markdown (steps, notes): shown literally, never read as markup."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def understanding(parsed: ParsedRequest, resolved: ResolvedTitle | None, notes: list[Note]) -> str:
    lines: list[str] = []
    if resolved:
        lines.append(f"Titles like **{md_escape(resolved.title)}** ({resolved.year})")
        if resolved.alternatives:
            lines.append("Other close matches: " + ", ".join(md_escape(a) for a in resolved.alternatives[:4]))
    if parsed.query_text:
        lines.append(f"Looking for: {md_escape(parsed.query_text)}")
    if parsed.mood:
        lines.append("Mood: " + ", ".join(md_escape(m) for m in parsed.mood))
    if parsed.pick_reference:
        lines.append(f"More like pick #{parsed.pick_reference} from the last answer")
    if not parsed.filters.is_empty():
        lines.append(f"Filters: {md_escape(parsed.filters.describe())}")
    lines += [md_escape(n.text) for n in notes]
    return "\n\n".join(lines) or "Your words, as they are: no title, mood or filter to pick out."


def searching(candidates: int, filters: SearchFilters) -> str:
    found = f"{candidates} candidate" + ("" if candidates == 1 else "s")
    return f"{found} from the catalog · filters: {md_escape(filters.describe())}"


def ranking(mode: str, model: str | None) -> str:
    if mode == "llm":
        return f"Ranked and explained by the language model ({md_escape(model or 'LLM')})."
    return "Offline ranking: similarity to your request plus catalog data; reasons written from the catalog."


def mode_badge(rec: Recommendation, model: str | None) -> str:
    if rec.mode == "llm":
        usage = rec.usage
        tokens = usage.input_tokens + usage.output_tokens
        cost = f" · {tokens:,} tokens (≈ ${usage.cost_usd:.4f})" if tokens else ""
        return f"**AI-ranked** · picked and explained by {md_escape(model or 'the language model')}{cost}"
    return "**Offline mode** · ranked by similarity and catalog data; the reasons come from the catalog."


def nothing_left(filters: SearchFilters, explained: bool) -> str:
    """No picks this turn. `explained`: the engine's own note, shown next, already says why."""
    text = "**Nothing to suggest this time.**"
    if not explained and not filters.is_empty():
        text += f" No title left in the catalog fits {md_escape(filters.describe())}."
    return text


def loosen_hint(excluded: int, settings_active: bool) -> str | None:
    """Where else the constraints come from, when the user may not remember them."""
    hints = []
    if settings_active:
        hints.append("Standing filters are set in the filter panel (⚙ in the message box).")
    if excluded:
        hints.append(f"This chat has set aside {excluded} titles you've seen or passed on; a new chat starts afresh.")
    return " ".join(hints) or None


def settings_saved(filters: SearchFilters, k: int | None) -> str:
    described = filters.describe()
    picks = f" · {k} picks" if k else ""
    if filters.is_empty():
        return f"Filters cleared{picks}. Anything you say in a message still applies to that message."
    return (
        f"Got it: I'll keep to **{md_escape(described)}**{picks} from now on. "
        "What you say in a message wins for that message."
    )
