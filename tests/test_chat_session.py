"""Small pieces of the chat app: follow-up chips, sign-in table, conversation state round trip."""

from chains.models import ConversationState, ParsedRequest, Pick, Recommendation, Turn
from ui.auth import parse_users, password_ok
from ui.followups import suggestions
from ui.session import STATE_KEY, mark, state_from_metadata
from ui.text import md_escape
from vectorstore.filters import SearchFilters


def pick(title: str, year: int, kind: str = "Movie") -> Pick:
    return Pick(
        id=f"m-{title.lower()}-{year}",
        title=title,
        year=year,
        type=kind,
        genres=[],
        runtime_min=None,
        directors=[],
        score=0.5,
        explanation="",
    )


def test_follow_ups_offer_a_reference_a_mood_and_an_era():
    rec = Recommendation(
        request="something like toy story",
        mode="offline",
        picks=[pick("Toy Story 2", 1999), pick("Antz", 1998), pick("Up", 2009)],
    )
    chips = suggestions(rec)
    assert [c.label for c in chips] == ["More like #2", "Something lighter", "Only 90s"]
    assert chips[0].tooltip == "More like Antz (1998)"
    assert [c.message for c in chips] == ["more like the second one", "something lighter", "only from the 90s"]


def test_follow_ups_adapt_to_what_was_already_asked():
    rec = Recommendation(
        request="lighter, from the 90s",
        mode="offline",
        filters=SearchFilters(year_min=1990, year_max=1999),
        picks=[pick("Friends", 1994, "TV Show")],
    )
    chips = suggestions(rec, mood=["lighter"])
    assert [c.message for c in chips] == ["something darker", "only movies"]
    assert suggestions(Recommendation(request="x", mode="offline")) == []


def test_users_from_env_and_password_check():
    table = parse_users(" alice:pw , bob:p:w,broken, :nopass,carol:")
    assert table == {"alice": "pw", "bob": "p:w"}
    assert password_ok(table, "alice", "pw")
    assert password_ok(table, "bob", "p:w")
    assert not password_ok(table, "alice", "PW")
    assert not password_ok(table, "mallory", "pw")


def test_state_round_trips_through_thread_metadata():
    turn = Turn(request="like up", parsed=ParsedRequest(text="like up"), pick_ids=["m-up-2009"])
    state = ConversationState(turns=[turn], shown_ids=["m-up-2009"])
    mark(state, "m-up-2009", "seen")
    mark(state, "m-antz-1998", "rejected")
    restored = state_from_metadata({STATE_KEY: state.model_dump(mode="json")})
    assert restored == state
    assert restored.excluded_ids == ["m-up-2009", "m-antz-1998"]
    mark(restored, "m-up-2009", "undo")
    assert restored.seen_ids == [] and restored.rejected_ids == ["m-antz-1998"]


def test_unreadable_stored_state_starts_fresh():
    assert state_from_metadata({STATE_KEY: {"turns": "garbage"}}) == ConversationState()
    assert state_from_metadata("not a dict") == ConversationState()
    assert state_from_metadata({}) == ConversationState()


def test_markdown_escape_keeps_catalog_text_literal():
    assert md_escape("*Batteries* [not] <included>") == r"\*Batteries\* \[not\] \<included\>"


def test_chainlit_page_loses_its_cdn_links():
    from pathlib import Path

    import chainlit

    from ui.offline_assets import strip_cdn_links

    page = (Path(chainlit.__file__).parent / "frontend" / "dist" / "index.html").read_text()
    assert "cdn.jsdelivr.net" in page and "fonts.googleapis.com" in page  # what Chainlit ships
    cleaned = strip_cdn_links(page)
    assert "https://" not in cleaned
    assert '<script type="module"' in cleaned and "<!-- FONT START -->" in cleaned
