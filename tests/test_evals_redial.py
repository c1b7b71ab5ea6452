"""ReDial Recall@k and the judged-set precision: the metric code on tiny hand-made inputs, then the
sections end to end on the fixture index (real model, real Chroma, a few real ReDial dialogues)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from catalog.models import Ratings, Title
from chains.dialogue import Message, TitleSpotter
from config import REPO_ROOT
from evals import judged, redial
from evals.redial_metrics import Item, ItemMatcher, recall_at_k
from testkit.cli_runner import cli_env, run_cli

ITEMS = {
    "1": Item(title="The Avengers", year=2012),
    "2": Item(title="Avengers: Infinity War", year=2018),
    "3": Item(title="It", year=2017),
    "4": Item(title="It", year=1990),
    "5": Item(title="Bounty Hunters", year=None),
    "6": Item(title="Iron Man 2", year=2010),
}


def _title(title: str, year: int, kind: str = "Movie", tmdb_votes: int | None = None, imdb_votes: int | None = None):
    return Title(
        id=f"m-{title.lower().replace(' ', '-')}-{year}",
        title=title,
        year=year,
        type=kind,
        ratings=Ratings(tmdb_vote_count=tmdb_votes, imdb_votes=imdb_votes),
    )


# --- matching picks to the item list --------------------------------------------------------------


def test_items_match_by_normalised_title_and_year():
    matcher = ItemMatcher(ITEMS)
    assert matcher.match("Avengers, The", 2012) == "1"  # the catalog's article order is the same film
    assert matcher.match("the avengers", 2013) == "1"  # a year off by one still matches
    assert matcher.match("The Avengers", 2014) is None  # two years off is another film
    assert matcher.match("It", 2017) == "3" and matcher.match("It", 1990) == "4"  # remakes stay apart
    assert matcher.match("It", 1991) == "4"
    assert matcher.match("Bounty Hunters", 1996) == "5"  # an item without a year matches on the title
    assert matcher.match("Iron Man", 2010) is None


def test_exact_year_wins_over_a_neighbouring_one():
    matcher = ItemMatcher({"a": Item(title="Twins", year=1988), "b": Item(title="Twins", year=1989)})
    assert matcher.match("Twins", 1989) == "b"
    assert matcher.match("Twins", 1990) == "b"


def test_map_picks_drops_unmapped_repeated_and_mentioned_titles():
    matcher = ItemMatcher(ITEMS)
    picks = [("Knifecorp", 2020), ("The Avengers", 2012), ("Iron Man 2", 2010), ("Avengers, The", 2012), ("It", 2017)]
    assert matcher.map_picks(picks, mentioned=["6"]) == ["1", "3"]


# --- Recall@k -------------------------------------------------------------------------------------


def test_recall_counts_pairs_over_targets_not_already_mentioned():
    answers = [
        (["a", "b", "c"], ["a"], []),  # hit at rank 1
        # b was mentioned: only t counts, and b leaves the ranking: x c d e f t puts t at rank 6
        (["x", "b", "c", "d", "e", "f", "t"], ["t", "b"], ["b"]),
        (["m", "q"], ["q"], ["m"]),  # the mentioned m is not a prediction: q moves up to rank 1
        (["z"], ["w"], []),  # a miss
        (["y"], ["m"], ["m"]),  # the only target was mentioned: the turn is not counted
    ]
    result = recall_at_k(answers, ks=(1, 5, 10))
    assert result.turns == 4 and result.pairs == 4
    assert result.recall == {"R@1": 0.5, "R@5": 0.5, "R@10": 0.75}
    assert result.mapped_per_answer == pytest.approx((3 + 6 + 1 + 1 + 1) / 5, abs=0.01)


def test_recall_of_nothing_is_zero_not_an_error():
    assert recall_at_k([], ks=(1,)).recall == {"R@1": 0.0}
    assert recall_at_k([([], ["a"], [])], ks=(1, 20)).recall == {"R@1": 0.0, "R@20": 0.0}


def test_most_voted_is_one_list_of_films_by_votes():
    titles = [
        _title("Quiet Film", 2001, tmdb_votes=10),
        _title("It", 2017, tmdb_votes=9000),
        _title("A Show", 2015, kind="TV Show", tmdb_votes=99999),
        _title("The Avengers", 2012, tmdb_votes=20000),
        _title("Iron Man 2", 2010, imdb_votes=700000),
    ]
    assert [t.title for t in redial.most_voted(titles)] == ["The Avengers", "It", "Quiet Film", "Iron Man 2"]
    assert redial.most_voted_items(titles, ItemMatcher(ITEMS), limit=2) == ["1", "3"]


# --- titles named in a conversation -------------------------------------------------------------


def test_the_seeker_is_the_user_whoever_spoke_first():
    # ReDial's roles follow speaking order: here the recommender spoke first, so it is labelled "user".
    said = [
        Message(role="user", content="What kind of movies do you like?"),
        Message(role="assistant", content="I like scary movies"),
    ]
    assert [m.role for m in redial.seeker_as_user(said)] == ["assistant", "user"]
    assert redial.seeker_as_user(said)[1].content == "I like scary movies"
    asked = said[1:] + [Message(role="user", content="Have you seen It (2017)?")]
    assert redial.seeker_as_user(asked[:1]) == [Message(role="user", content="I like scary movies")]
    assert redial.seeker_as_user([]) == []


def test_titles_written_with_their_year_are_found_in_free_text():
    spotter = TitleSpotter([_title("The Avengers", 2012), _title("It", 2017), _title("Iron Man 2", 2010)])
    text = "Have you seen The Avengers (2012)? Or It (2017) maybe, or Iron Man 2 (2010) and Unknown Film (1999)"
    assert spotter.named_ids(text) == ["m-the-avengers-2012", "m-it-2017", "m-iron-man-2-2010"]
    assert spotter.named_ids("It (2018) came out later") == []  # the year is part of the name


# --- the judged set ---------------------------------------------------------------------------------


def test_precision_at_5_counts_acceptable_titles_over_five():
    acceptable = {("avengers", 2012), ("it", 2017)}
    assert judged.precision_at_k([("The Avengers", 2012), ("It", 1990), ("It", 2017)], acceptable) == 0.4
    assert judged.precision_at_k([], acceptable) == 0.0
    six = [("It", 2017)] * 6
    assert judged.precision_at_k(six, acceptable) == 1.0  # only the first five count


def test_the_judged_file_is_well_formed_and_big_enough():
    cases = judged.read_cases()
    assert len(cases) >= 60
    assert len({c.id for c in cases}) == len(cases)
    assert all(len(c.acceptable) >= 5 for c in cases)
    assert any(len(c.messages) > 1 for c in cases)  # short conversations, not only one-liners
    assert all(c.messages[-1].role == "user" for c in cases)


def test_a_bad_judged_line_names_its_line(tmp_path: Path):
    path = tmp_path / "judged.jsonl"
    good = {"id": "x", "messages": [{"role": "user", "content": "hi"}], "acceptable": ["It (2017)"]}
    bad = dict(good, acceptable=["It"])  # no year
    path.write_text("# comment\n" + json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 3"):
        judged.read_cases(path)


# --- end to end on the fixture index --------------------------------------------------------------

needs_redial = pytest.mark.skipif(not (redial.DEFAULT_DIR / "turns.jsonl").exists(), reason="ReDial data not available")


def _run(*args: str, data_dir: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    return run_cli(*args, env={"CINECHAT_DATA_DIR": str(data_dir)}, timeout=timeout)


@needs_redial
def test_redial_on_the_fixture_index(fixture_index, fixture_settings):
    from chains.engine import Recommender

    data = redial.load(limit_dialogs=3)
    assert len({t.dialog_id for t in data.turns}) == 3 and len(data.turns) >= 3
    rec = Recommender(fixture_index, fixture_settings)
    try:
        report = redial.evaluate(rec, data)
    finally:
        rec.close()
    assert report.turns == len(data.turns) and report.dialogs == 3
    assert 0 < report.picks_per_answer <= redial.PICKS_PER_ANSWER
    for result in (report.cinechat, report.most_voted):
        assert set(result.recall) == {"R@1", "R@5", "R@10", "R@20"}
        values = list(result.recall.values())
        assert values == sorted(values) and all(0.0 <= v <= 1.0 for v in values)  # recall grows with k
    assert report.cinechat.pairs == report.most_voted.pairs > 0


@needs_redial
def test_cli_eval_runs_only_the_sections_asked_for(fixture_index, fixture_settings):
    done = _run("eval", "--only", "redial,judged", "--limit-dialogs", "2", "--json", data_dir=fixture_settings.data_dir)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["sections"] == ["redial", "judged"]
    assert report["more_like_this"] is None and report["constraints"] is None
    assert report["redial"]["dialogs"] == 2
    assert set(report["redial"]["references"]) == set(redial.REFERENCES)
    assert report["judged"]["requests"] == len(judged.read_cases())
    assert len(report["judged"]["cases"]) == report["judged"]["requests"]
    assert "ReDial" in done.stdout and "precision@5" in done.stdout
    assert {"redial", "judged"} <= set(report["timings_s"])


def test_unknown_section_is_refused(tmp_path: Path):
    done = _run("eval", "--only", "redial,nonsense", data_dir=tmp_path, timeout=120)
    assert done.returncode == 2 and "nonsense" in done.stderr and "redial" in done.stderr


def test_judged_show_prints_every_request_with_its_picks(fixture_index, fixture_settings, tmp_path: Path):
    cases = judged.read_cases()[:2]
    small = tmp_path / "judged.jsonl"
    small.write_text("".join(c.model_dump_json() + "\n" for c in cases), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "evals.judged", "--show", "--file", str(small)],
        cwd=REPO_ROOT,
        env=cli_env({"CINECHAT_DATA_DIR": str(fixture_settings.data_dir)}),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    for case in cases:
        assert f"[{case.id}]" in done.stdout and case.messages[-1].content in done.stdout
    assert "Judged requests (2, ours): precision@5" in done.stdout


def test_message_roles_are_checked():
    with pytest.raises(ValueError):
        Message(role="system", content="hi")


def test_a_pick_maps_under_any_name_its_record_holds():
    # The catalog shows "Harry Potter and the Philosopher's Stone"; ReDial lists the Sorcerer's Stone.
    matcher = ItemMatcher({"hp": Item(title="Harry Potter and the Sorcerer's Stone", year=2001)})
    picks = [(("Harry Potter and the Philosopher's Stone", "Harry Potter and the Sorcerer's Stone"), 2001)]
    assert matcher.map_picks(picks, mentioned=[]) == ["hp"]
    assert matcher.map_picks([("Harry Potter and the Philosopher's Stone", 2001)], mentioned=[]) == []
