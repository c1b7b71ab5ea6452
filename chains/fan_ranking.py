"""The ranking a movie fan trusts: the offline score, re-weighed for substance, standing and variety.

One call (`rank_for_fans`) where the engine ranks its retrieved pool. On top of `rank_offline`:
1. substance over title words: a candidate whose closeness comes from its title repeating the request's
   words (title_echo.py) is demoted;
2. several seeds and earlier taste: a candidate far from one of several seeds, or from what the user
   liked earlier in the conversation, is demoted (taste.py);
3. standing: among good fits, known and well-regarded titles first (notability.py); the blend keeps a
   much closer obscure title above a famous loose one, and a request with many topic words (specific)
   leans less on fame;
4. kind: what the conversation asked for, liked or named decides what else keeps its full score (a named
   film's genres and kind, a mood's genres, liked genres and people, English and live action unless asked
   otherwise); a named film's director's other films gain a little fit, and so does a title whose encyclopedia
   lead calls it the kind asked for ("a romantic comedy"), and one whose synopsis follows a woman when a woman
   lead is asked for; a country asked for puts its own films before co-productions it only took part in; a mix
   of two named films wants both their kinds at once; a mood judged on the record ("newer", a date night's
   recent decades) and silent films unless asked for weigh on the score too;
5. variety: one record per film, never a seed in another edition, at most one title of a seed's own
   franchise unless the user asks for sequels (franchise.py). Held-back titles go to the end, so a
   narrow request still fills its slate.
Every candidate already satisfies the plan's filters; nothing here adds or removes a constraint.
"""

from __future__ import annotations

from typing import Any

from chains.audience import audience_avoids, certificate_suits
from chains.content_signs import content_share
from chains.film_kinds import SOUND_ERA, is_silent, kind_match, shared_kind
from chains.franchise import guard_slate, in_franchise, wants_sequels
from chains.lexicon import MOODS
from chains.models import Candidate, TurnPlan
from chains.nationality import chiefly_from, in_english
from chains.notability import notability
from chains.offline_ranker import rank_offline, wanted_genres
from chains.protagonist import woman_led
from chains.retriever import features_any, seed_directors, semantic_text
from chains.taste import TASTE_WEIGHT, seed_balance, taste_vector, vectors_of
from chains.title_echo import request_words, seed_words, shares_title_word, title_echo

NOTABILITY_WEIGHT = 0.50  # share of the final score that is standing, the rest is fit (tuned: docs/evaluation.md)
SPECIFIC_WORDS = 6  # a request with this many topic words is specific: fame counts half as much
ECHO_PENALTY = 0.40  # fit lost when every request word is only a title echo
SEED_ECHO_PENALTY = 0.10  # a seed's own title words (Mr. Holmes, Enola Holmes for "like Sherlock Holmes")
BALANCE_WEIGHT = 0.3  # several seeds: this much of the fit is closeness to the least-like seed
# Nearest titles ranked (the best settings.candidates go to a model): wide, so that a known, well-regarded
# title a little further away can still reach the top. Its last title has fit 0 (`relative_fit`).
RANKING_POOL = 200
# Standing counts in full from this fit up (the offline score, 0-1), less below: a famous film that
# hardly fits is not a pick. (Gating by similarity alone lost famous good fits: docs/evaluation.md.)
FULL_STANDING_FIT = 0.3
LOOSE_FIT_STANDING = 0.5  # the share of standing a title with no fit at all keeps
KIN_SHARE = 0.75  # the score a seed's sequel or prequel keeps (it would often lead: its title and story are the seed's)
LIKED_GENRE_MISS_SHARE = 0.75  # the score a title keeps when it has none of the genres the user likes
LIKED_PERSON_MISS_SHARE = 0.75  # and when none of the people the user likes directs it or stars in it
# The score a title keeps when it has none of the named film's own genres (drama aside: half the catalog is
# one): "like Arrival but lighter" is a lighter science fiction film, not any feel-good drama. Tuned on ReDial
# dev and the judged set: 1 / 0.8 / 0.65 / 0.5 (docs/evaluation.md).
SEED_GENRE_MISS_SHARE = 0.65
# And of none of the genres a mood favours: "like The Matrix but funnier" is a funny science fiction film, and
# "a holiday movie ... something romantic" a romance; the mood's small genre weight in the offline score left
# every pick a serious one. First beside a named film only (0.65 measured the same); for every request since the
# sixth pass: judged 0.469 -> 0.478, ReDial R@10 0.0978 -> 0.0973 (docs/evaluation.md).
MOOD_GENRE_MISS_SHARE = 0.8
# And of a mood judged on the record that it misses ("something newer", "shorter", a date night's recent
# decades): in the offline score alone a famous classic still led "a romantic comedy for date night".
MOOD_RULE_MISS_SHARE = 0.8
# Parents often show an 11-year-old a PG-13 film: a certificate up to this many years above the youngest
# viewer's age is not held against a title (an R for an 11-year-old, a PG-13 for an 8-year-old are).
CERTIFICATE_LEEWAY_YEARS = 2
UNSUITED_CERTIFICATE_SHARE = 0.3  # the fit kept by a title whose certificate is above the youngest viewer's age
AVOIDED_CONTENT_LOSS = 0.6  # the share of its fit a title plainly showing avoided content loses ("not too violent")
# The share of the fit that is the match of the title's story words to the request's topic (story_words.py),
# the rest the vector's closeness: the embedding alone puts *Taxi Driver* before road films.
STORY_WEIGHT = 0.3  # tuned on ReDial dev and the judged set: 0.2 / 0.25 / 0.3 / 0.35 / 0.5 (docs/evaluation.md)
# The score kept by a title in another language than English when the conversation (in English) has not asked
# for, named or liked a film from elsewhere: people asking for "a romantic comedy for date night" mostly mean one
# they can watch without subtitles; acclaimed foreign classics had led every general request.
OTHER_LANGUAGE_SHARE = 0.85  # tuned on ReDial dev and the judged set: 1 / 0.85 / 0.7 (docs/evaluation.md)
# Genres that say what kind of film a named one is more than any other: a title like *Super Troopers* is a comedy,
# one like *Toy Story* an animation, one like *Hereditary* a horror film. A title of none of the named films'
# kinds keeps this share of its score (a crime thriller for "like Super Troopers" shares only its "Crime" label).
KIND_GENRES = frozenset({"Comedy", "Horror", "Animation", "Documentary"})
KIND_MISS_SHARE = 0.85  # tuned on ReDial dev and the judged set: 1 / 0.85 / 0.7 (docs/evaluation.md)
# "something that mixes Alien and Toy Story": a film of each named film's own kind at once (*WALL·E*, *The Iron
# Giant*), not more of one of them (*Aliens*, *Ratatouille*). Genres most films carry say nothing of the kind.
MIX_PLAIN_GENRES = frozenset({"Drama", "Action", "Adventure", "Thriller"})
MIX_MISS_SHARE = 0.7  # the score a title keeps when it has none of one named film's own genres
BROAD_GENRES = frozenset({"Drama"})  # too common to say what kind of film a named one is
MIN_SPREAD = 0.2  # cosine similarity range a pool is rescaled over, at least
# A title this much closer (cosine) than every other is what a specific free-text request describes: fame
# counts a quarter as much, so a famous loose fit cannot push it out ("a film whose plot is ..."). Not for
# "like X": a named film's own sequels stand out that way, and they are not what is asked for.
STANDOUT_GAP = 0.15
# The score kept by an animated title when the conversation has not asked for animation, named or liked an
# animated film, and is not for children or in a mood that favours it: "a funny movie under 90 minutes" had
# *Toy Story*, *The Iron Giant* and *Fantastic Mr. Fox* in its five, "something sad" *Inside Out*.
ANIMATION_UNASKED_SHARE = 0.85  # tuned on ReDial dev and the judged set: 1 / 0.85 / 0.7 (docs/evaluation.md)
# And by a silent film when the conversation has not asked for one (the word, years before sound, older films, a
# silent film named or liked): "a funny movie under 90 minutes" opened with *Modern Times* and *City Lights*.
SILENT_UNASKED_SHARE = 0.85
# The fit a title gains when its encyclopedia lead calls it the kind of film asked for ("a romantic comedy":
# *Notting Hill*, not *Forrest Gump*; chains/film_kinds.py), in proportion to the asked kinds it names.
KIND_BONUS = 0.25  # tuned on ReDial dev and the judged set: 0 / 0.15 / 0.25 (docs/evaluation.md)
# The fit a title gains for sharing what the lead calls a named film ("supernatural psychological horror" for
# *Hereditary*), in proportion to the share of those words it has.
SEED_KIND_BONUS = 0.1  # tuned on ReDial dev and the judged set: 0 / 0.1 / 0.2 (R@1 fell at 0.2)
# The fit a title gains, in proportion to how much its synopsis is about women, when the user asks for a woman
# at the centre ("a strong female lead": chains/protagonist.py).
WOMAN_LEAD_BONUS = 0.3
# The score kept by a title that is only partly from the country asked for: its lead gives another nationality
# (*Mystic River*, "American", co-produced in Australia) or it is in another language than that country's.
ORIGIN_DOUBT_SHARE = 0.75
# And by one whose record cannot tell (co-produced by several countries, no lead): *Brazil*, *The Matrix* list
# Australia beside others.
ORIGIN_UNSURE_SHARE = 0.8  # tuned with ORIGIN_DOUBT_SHARE: 1 / 0.9 / 0.8 (docs/evaluation.md)
# The fit a title gains when a named film's director made it (*Beerfest* for "like Super Troopers").
SEED_DIRECTOR_BONUS = 0.15  # tuned on ReDial dev and the judged set: 0 / 0.15 / 0.25 (docs/evaluation.md)


def relative_fit(candidates: list[Candidate], floor_rank: int = RANKING_POOL) -> list[Candidate]:
    """Similarity rescaled to the pool, 0 (at or beyond the floor) to 1 (closest). Cosine similarities of a
    pool of 200 often lie within 0.1 of each other, so fame would decide everything; relative to the pool,
    a title that stands out from the rest (a specific request's exact fit) keeps its lead over famous ones.
    The floor is the similarity of the `floor_rank`-th nearest title: the well-known titles the retriever
    adds from further away (chains/well_known.py) do not stretch the scale, they fall below it."""
    sims = sorted((c.similarity for c in candidates), reverse=True)
    high = sims[0]
    floor = sims[min(len(sims), floor_rank) - 1]
    spread = max(high - floor, MIN_SPREAD)  # a small pool's few titles are not "far" from each other
    return [c.model_copy(update={"similarity": max(0.0, 1 - (high - c.similarity) / spread)}) for c in candidates]


def _standing_share(fit: float, filters_only: bool) -> float:
    """How much of its standing a candidate's score gets. A request made only of constraints ("a horror
    movie") is fitted equally by every title that meets them: standing in full. Otherwise a famous
    title that hardly fits (*Die Hard* for "like Jaws") keeps only part of it."""
    if filters_only:
        return 1.0
    return LOOSE_FIT_STANDING + (1 - LOOSE_FIT_STANDING) * min(1.0, fit / FULL_STANDING_FIT)


def _stands_out(candidates: list[Candidate]) -> bool:
    """Whether one title is far closer to the request than all the others (raw cosine similarities)."""
    top = sorted((c.similarity for c in candidates), reverse=True)[:2]
    return len(top) == 2 and top[0] - top[1] >= STANDOUT_GAP


def avoided_content(plan: TurnPlan) -> tuple[list[str], frozenset[str]]:
    """The content the user wants kept away ("nothing too violent", the mood "less scary", children watching),
    and the genres they ask for, like or name a film of, which are no sign of it ("I like some action, just not
    too violent"; "like The Shining but less scary" is a less scary film of The Shining's kind, not a comedy)."""
    moods = [MOODS[m] for m in (*plan.parsed.mood, *plan.taste.moods) if m in MOODS]
    audience = audience_avoids(plan.taste.audience)
    avoided = list(dict.fromkeys([*plan.taste.avoid_content, *(c for m in moods for c in m.avoids), *audience]))
    wanted = set(wanted_genres(plan)) | {g for m in moods for g in m.favours}
    return avoided, frozenset(wanted)


def welcomes_other_languages(plan: TurnPlan, index: Any) -> bool:
    """Whether the conversation has asked for a country or language, or named or liked a title not in English."""
    f, taste = plan.filters, plan.taste
    if f.countries_any or f.languages_any or taste.countries or taste.languages:
        return True
    return any(in_english(t) is False for t in named_or_liked(plan, index))


def welcomes_animation(plan: TurnPlan, index: Any) -> bool:
    """Whether the conversation asks for animation or might: asked or liked as a genre, by a mood that favours
    it, for children or a family, or with an animated title named or liked."""
    f, taste = plan.filters, plan.taste
    if "Animation" in {*f.genres_any, *f.genres_all, *taste.liked_genres}:
        return True
    if taste.audience.kid_ages or {"kids", "family"} & set(taste.audience.kinds):
        return True
    if any("Animation" in MOODS[m].favours for m in (*plan.parsed.mood, *taste.moods) if m in MOODS):
        return True
    return any("Animation" in t.genres for t in named_or_liked(plan, index))


def welcomes_silent_films(plan: TurnPlan, index: Any) -> bool:
    """Whether the conversation asks for silent films or might: the word, years before sound, a mood for older
    films, or a silent film named or liked."""
    years = [y for y in (plan.filters.year_min, plan.filters.year_max) if y is not None]
    if "silent" in plan.message.lower() or any(y < SOUND_ERA for y in years):
        return True
    if "older" in (*plan.parsed.mood, *plan.taste.moods):
        return True
    return any(is_silent(t) for t in named_or_liked(plan, index))


def named_or_liked(plan: TurnPlan, index: Any) -> list[Any]:
    """The titles this turn names and the ones the conversation says the user liked."""
    return list(plan.seeds) + [t for i in plan.taste_titles if (t := index.catalog.get(i)) is not None]


def rank_for_fans(
    candidates: list[Candidate],
    plan: TurnPlan,
    index: Any,
    latest_year: int = 2021,
    filters_only: bool = False,
) -> list[Candidate]:
    """The candidates re-scored (0-1) and ordered best first; duplicates and extra sequels last."""
    if not candidates:
        return []
    ranked = rank_offline(relative_fit(candidates), plan, latest_year, filters_only=filters_only)
    words = request_words(plan.parsed.query_text)
    # Mood and taste words are searched too ("scary" for "I like scary movies"): a title that only
    # repeats them (*Scary Movie*) is an echo as much as one repeating the request's own words.
    echo_words = request_words(semantic_text(plan))
    seed_echo_words = seed_words(plan.seeds)
    seed_ids = [s.id for s in plan.seeds]
    need_vectors = len(plan.seeds) > 1 or bool(plan.taste_titles)
    vectors = vectors_of(index, [c.title.id for c in ranked]) if need_vectors else {}
    seed_vectors = list(vectors_of(index, seed_ids).values()) if len(plan.seeds) > 1 else []
    taste = taste_vector(index, plan.taste_titles) if plan.taste_titles else None
    fame_weight = NOTABILITY_WEIGHT * (0.5 if len(words) >= SPECIFIC_WORDS else 1.0)
    if not filters_only and not plan.seeds and _stands_out(candidates):  # a described film, not a named one's kin
        fame_weight *= 0.25

    sequels = wants_sequels(plan.message)
    # "I'm into thrillers", "I like action and comedy": without a named film, the genres the user likes are
    # what they ask for, softly (a title of none of them can still rank, lower).
    liked_genres = set() if plan.seeds else set(plan.taste.liked_genres)
    liked_people = set() if plan.seeds else set(plan.taste.liked_people)
    seed_genres = {g for seed in plan.seeds for g in seed.genres} - BROAD_GENRES
    seed_kinds = seed_genres & KIND_GENRES
    mood_genres = {g for m in plan.parsed.mood if m in MOODS for g in MOODS[m].favours}
    mood_rules = [MOODS[m].fit for m in plan.parsed.mood if m in MOODS and MOODS[m].fit is not None]
    mix_genres = [own for seed in plan.seeds if (own := set(seed.genres) - MIX_PLAIN_GENRES)] if plan.parsed.mix else []
    avoided, wanted_genres = avoided_content(plan)
    story = any(c.story_match > 0 for c in ranked)
    other_language_share = 1.0 if welcomes_other_languages(plan, index) else OTHER_LANGUAGE_SHARE
    animation_share = 1.0 if welcomes_animation(plan, index) else ANIMATION_UNASKED_SHARE
    silent_share = 1.0 if welcomes_silent_films(plan, index) else SILENT_UNASKED_SHARE
    named_directors = seed_directors(plan)
    kinds = plan.parsed.kinds
    asked_countries = [*plan.filters.countries_any, *plan.taste.countries]
    asked_languages = [*plan.filters.languages_any, *plan.taste.languages]
    rescored: list[Candidate] = []
    for c in ranked:
        fit = (1 - STORY_WEIGHT) * c.score + STORY_WEIGHT * c.story_match if story else c.score
        fit -= ECHO_PENALTY * title_echo(echo_words, c.title)
        kin = any(in_franchise(c.title, seed) for seed in plan.seeds)
        # A namesake, not kin (sequels have KIN_SHARE): one of a seed's title words is enough, *The Break*
        # shares only "break" with *Breaking Bad*.
        fit -= SEED_ECHO_PENALTY if not kin and shares_title_word(seed_echo_words, c.title) else 0.0
        vector = vectors.get(c.title.id)
        if vector is not None and seed_vectors:
            fit = (1 - BALANCE_WEIGHT) * fit + BALANCE_WEIGHT * max(0.0, seed_balance(vector, seed_vectors))
        if vector is not None and taste is not None:
            fit = (fit + TASTE_WEIGHT * max(0.0, float(vector @ taste))) / (1 + TASTE_WEIGHT)
        if avoided:  # on the fit, not the standing: a famous film that fits nothing is no gentler pick
            fit *= 1 - AVOIDED_CONTENT_LOSS * content_share(c.title, avoided, wanted_genres)
        if certificate_suits(c.title.certificate, plan.taste.audience, CERTIFICATE_LEEWAY_YEARS) is False:
            fit *= UNSUITED_CERTIFICATE_SHARE  # an R for an 8-year-old; still a pick if nothing else fits
        if named_directors & set(c.title.directors):
            fit += SEED_DIRECTOR_BONUS
        if kinds:
            fit += KIND_BONUS * kind_match(c.title, kinds)
        if plan.seeds:
            fit += SEED_KIND_BONUS * shared_kind(c.title, plan.seeds)
        if plan.parsed.woman_lead:
            fit += WOMAN_LEAD_BONUS * woman_led(c.title)
        fit = max(0.0, fit)
        score = (1 - fame_weight) * fit + fame_weight * notability(c.title) * _standing_share(fit, filters_only)
        if liked_genres and not liked_genres & set(c.title.genres):
            score *= LIKED_GENRE_MISS_SHARE
        if liked_people and not features_any(c.title, liked_people):
            score *= LIKED_PERSON_MISS_SHARE
        if seed_genres and not seed_genres & set(c.title.genres):
            score *= SEED_GENRE_MISS_SHARE
        if seed_kinds and not seed_kinds & set(c.title.genres):
            score *= KIND_MISS_SHARE
        if mix_genres and not all(own & set(c.title.genres) for own in mix_genres):
            score *= MIX_MISS_SHARE
        if mood_genres and not mood_genres & set(c.title.genres):
            score *= MOOD_GENRE_MISS_SHARE
        if any(rule.score(c.title.runtime_min, c.title.year, latest_year) < 0 for rule in mood_rules):
            score *= MOOD_RULE_MISS_SHARE
        if in_english(c.title) is False:
            score *= other_language_share
        if asked_countries:
            origin = chiefly_from(c.title, asked_countries, asked_languages)
            score *= ORIGIN_DOUBT_SHARE if origin is False else ORIGIN_UNSURE_SHARE if origin is None else 1.0
        if "Animation" in c.title.genres:
            score *= animation_share
        if is_silent(c.title):
            score *= silent_share
        if not sequels and kin:
            score *= KIN_SHARE  # "like Jaws" may offer Jaws 2, but other films first
        rescored.append(c.model_copy(update={"score": round(max(0.0, min(1.0, score)), 4)}))
    rescored.sort(key=lambda c: -c.score)

    by_id = {c.title.id: c for c in rescored}
    kept, held = guard_slate([c.title for c in rescored], list(plan.seeds), sequels)
    return [by_id[t.id] for t in kept] + [by_id[t.id] for t in held]
