"""The MoreLikeThis matcher on real rows of the dataset against catalogs cut from the real data."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog.build import build_catalog
from catalog.models import Title
from evals import morelikethis
from evals.metrics import judgements_by_seed
from testkit.fixture_data import make_fixture_raw_dir

pytestmark = pytest.mark.skipif(
    not (morelikethis.DEFAULT_DIR / "ratings.tsv").exists(), reason="MoreLikeThis data not available"
)

# Films the dataset names with a typo or another spelling, and near-misses that are different films.
TYPO_TITLES = [
    ("Avengers: Endgame", 2019),
    ("Three Colors: White", 1994),
    ("Embrace of the Serpent", 2015),
    ("Hide Away", 2011),
    ("Caregiver", 2008),
]


@pytest.fixture(scope="module")
def typo_catalog(tmp_path_factory: pytest.TempPathFactory) -> list[Title]:
    raw = make_fixture_raw_dir(tmp_path_factory.mktemp("mlt-raw"), extra_titles=TYPO_TITLES)
    titles, _ = build_catalog(raw)
    return titles


def _rows() -> set[tuple[str, int]]:
    rows = morelikethis.read_ratings(morelikethis.DEFAULT_DIR / "ratings.tsv")
    seeds = morelikethis.read_seeds(morelikethis.DEFAULT_DIR / "evaluation_set.tsv")
    return {(r.title_1, r.year_1) for r in rows} | {(r.title_2, r.year_2) for r in rows} | set(seeds)


def test_real_rows_match_by_title_key_and_year(fixture_catalog):
    titles, _ = fixture_catalog
    named = _rows()
    for row in [("spider-man", 2002), ("ghostbusters", 1984), ("ghostbusters", 2016), ("ex machina", 2014)]:
        assert row in named, row  # the cases below are real rows, not invented ones
    matcher = morelikethis.FilmMatcher(titles)
    assert matcher.match("spider-man", 2002) == "m-spider-man-2002"
    # Two films share the key: the year decides, and the remake is never taken for the original.
    assert matcher.match("ghostbusters", 1984) == "m-ghostbusters-1984"
    assert matcher.match("ghostbusters", 2016) == "m-ghostbusters-2016"
    # The evaluation set dates Ex Machina 2014 (festival premiere); the catalog has 2015, the only one near.
    assert matcher.match("ex machina", 2014) == "m-ex-machina-2015"
    assert matcher.match("the sky pilot", 1921) is None  # a judged film the fixture does not hold
    assert matcher.match("ghostbusters", 2000) is None  # the name alone is not enough
    assert matcher.stats.exact == 3 and matcher.stats.year_off_by_one == 1 and matcher.stats.missing == 2


def test_typos_match_but_different_films_one_edit_away_do_not(typo_catalog):
    named = _rows()
    for row in [
        ("avengers: end game", 2019),
        ("three colours: white", 1994),
        ("embraces of the serpent", 2015),
        ("hideaways", 2011),
        ("scaregivers", 2008),
    ]:
        assert row in named, row
    by_id = {t.id: t for t in typo_catalog}
    matcher = morelikethis.FilmMatcher(typo_catalog)
    for typo, (title, year) in [
        (("avengers: end game", 2019), ("Avengers: Endgame", 2019)),
        (("three colours: white", 1994), ("Three Colors: White", 1994)),
        (("embraces of the serpent", 2015), ("Embrace of the Serpent", 2015)),
    ]:
        found = matcher.match(*typo)
        assert found is not None and (by_id[found].title, by_id[found].year) == (title, year), typo
    # Both are in this catalog, and both are different films from the ones the dataset names.
    assert any(t.title == "Hide Away" for t in typo_catalog)
    assert matcher.match("hideaways", 2011) is None
    assert matcher.match("scaregivers", 2008) is None


def test_load_uses_judgements_from_the_seed_side(fixture_catalog):
    titles, _ = fixture_catalog
    data = morelikethis.load(titles)
    assert data.rows == 1650 and data.seeds_listed >= 190
    by_seed = judgements_by_seed(data.judgements)
    # ratings.tsv: "ghostbusters 1984 / ghostbusters 2016 OK", and only 1984 is a seed.
    assert by_seed["m-ghostbusters-1984"]["m-ghostbusters-2016"] is True
    assert "m-ghostbusters-2016" not in by_seed
    # "jaws 1975 / star wars 1977 NOT_OK": both are seeds, so it counts from both sides.
    assert by_seed["m-jaws-1975"]["m-star-wars-1977"] is False
    assert by_seed["m-star-wars-1977"]["m-jaws-1975"] is False
    assert set(data.seed_ids) <= {t.id for t in titles}


def test_missing_dataset_is_a_clear_error(tmp_path: Path, fixture_catalog):
    titles, _ = fixture_catalog
    with pytest.raises(FileNotFoundError, match="ratings.tsv"):
        morelikethis.load(titles, tmp_path)


def test_a_judged_film_is_found_under_another_name_its_record_holds() -> None:
    drive = Title(
        id="m-mulholland-drive-2001", title="Mulholland Drive", other_titles=["Mulholland Dr."], year=2001, type="Movie"
    )
    matcher = morelikethis.FilmMatcher([drive])
    assert matcher.match("Mulholland Dr.", 2001) == drive.id
    assert matcher.match("Mulholland Falls", 2001) is None
