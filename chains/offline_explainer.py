"""Explanations without a language model, written only from catalog facts.

Each explanation is assembled from facts that are checked before they are said: genres shared with
the named title, the same director, shared cast, words the candidate's synopsis has in common with
the request or the named title's synopsis, its rating and its source. Phrasings rotate with the
rank so five cards do not read like one template five times, and none pretends to be a critic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from catalog.models import Title
from chains.film_kinds import is_described_as
from chains.lexicon import GENERIC_SYNOPSIS_WORDS, MOODS
from chains.models import TurnPlan
from chains.offline_ranker import rating_of
from chains.text import content_words, join_names, stem

GENRE_ADJECTIVES = {
    "Animation": "animated",
    "Science Fiction": "sci-fi",
    "History": "historical",
    "Biography": "biographical",
    "Sport": "sports",
    "Film Noir": "noir",
    "Kids": "children's",
    "Stand-Up Comedy": "stand-up",
}
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][\w'’-]+)")
_CLAUSES = re.compile(r"[^.;:!?()\[\]“”\"]+")
_YEAR = re.compile(r"\b1[89]\d\d\b|\b20\d\d\b")
EXCERPT_WORDS = 14
# A clause about who made or stars in a title says nothing of its story ("It stars Bradley Cooper and Jennifer
# Lawrence, with ..."): an encyclopedia lead's second sentence is often one.
_CREDITS = re.compile(
    r"^\s*(?:it|the\s+(?:film|movie|picture|series))\s+(?:also\s+)?(?:stars|starred|co-stars|features|was\s+"
    r"(?:directed|written|produced|released|filmed))\b|\b(?:directed|written|produced|co-produced)\s+by\b",
    re.IGNORECASE,
)


@dataclass
class Facts:
    shared_genres: list[str]
    same_directors: list[str]
    shared_cast: list[str]
    themes: list[str]
    rating: tuple[float, str] | None
    mood_genres: list[tuple[str, str]]  # (genre, mood phrase)


def genre_words(genres: list[str]) -> str:
    return join_names([g.lower() if g not in ("LGBTQ",) else g for g in genres])


def kind_of(title: Title, prefer: list[str] | tuple[str, ...] = ()) -> str:
    """'1999 animated film', '2016 sci-fi series' (a genre the user asked for comes first)."""
    noun = "series" if title.type == "TV Show" else "film"
    adjective = ""
    for genre in [g for g in prefer if g in title.genres] + title.genres:
        if genre in ("Family", "Kids"):
            continue
        adjective = GENRE_ADJECTIVES.get(genre, genre.lower())
        break
    return " ".join(x for x in (str(title.year), adjective, noun) if x)


def article(phrase: str) -> str:
    return ("an " if phrase[:1].lower() in "aeiou8" or phrase.startswith("18") else "a ") + phrase


def _proper_nouns(text: str) -> set[str]:
    """Lower-cased words written with a capital inside a sentence: names, places, studios."""
    return {w.lower() for w in _CAPITALISED.findall(text)}


def excerpt(overview: str, word: str | None = None, max_words: int = EXCERPT_WORDS) -> str | None:
    """A verbatim stretch of the synopsis (around `word` when given, else its opening clause), so a
    reason quotes the data in context instead of one bare word. None when no clean stretch exists
    (a year inside would read as a claim about this title's year, so such stretches are skipped)."""
    for match in _CLAUSES.finditer(overview):
        words = match.group().split()
        if len(words) < 3 or _CREDITS.search(match.group()):
            continue
        if word is None:
            at = 0
        else:
            hits = [i for i, w in enumerate(words) if stem(w.lower().strip(",'’")) == stem(word.lower())]
            if not hits:
                continue
            at = max(0, hits[0] - max_words // 2)
        chosen = " ".join(words[at : at + max_words]).strip(" ,-–—")
        if _YEAR.search(chosen):
            continue
        cut = at > 0 or at + max_words < len(words)
        return f"…{chosen}…" if cut and at > 0 else f"{chosen}…" if cut else chosen
    return None


def themes_in_common(candidate: Title, query_text: str, seed: Title | None, limit: int = 2) -> list[str]:
    """Theme words the candidate shares with the request (first) or the named title: keywords, then synopsis."""
    found: list[str] = []
    if seed is not None and candidate.keywords and seed.keywords:
        seed_keywords = {k.lower() for k in seed.keywords}
        found += [k for k in candidate.keywords if k.lower() in seed_keywords][:limit]
        if len(found) >= limit:
            return found
    # A phrase of the request the synopsis or keywords have as written ("road trip") says more than its words.
    story = " ".join([candidate.overview, *candidate.keywords])
    for phrase in _word_pairs(query_text):
        if phrase not in found and re.search(rf"\b{re.escape(phrase)}\b", story, re.IGNORECASE):
            found.append(phrase)
    if len(found) >= limit:
        return found[:limit]
    taken = {stem(w) for phrase in found for w in phrase.split()}
    names = _proper_nouns(candidate.overview) | (_proper_nouns(seed.overview) if seed else set())
    own = {}
    for w in content_words(candidate.overview):
        if w not in GENERIC_SYNOPSIS_WORDS and len(w) > 3 and w not in names:
            own.setdefault(stem(w), w)
    sources = [content_words(query_text)]
    if seed is not None:
        sources.append(content_words(seed.overview))
    for words in sources:
        for w in words:
            key = stem(w)
            if key in own and key not in taken and own[key] not in found and w not in GENERIC_SYNOPSIS_WORDS:
                found.append(own[key])
            if len(found) >= limit:
                return found
    return found


def _word_pairs(text: str) -> list[str]:
    """Two topic words in a row, as the request has them ("road trip", "time travel")."""
    words = [w for w in content_words(text.replace("-", " ")) if w not in GENERIC_SYNOPSIS_WORDS]
    return [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def closest_seed(candidate: Title, seeds: list[Title] | tuple[Title, ...]) -> Title | None:
    """The named title this candidate has most in common with (people weigh more than genres), so a
    pick found through the second of two named films is explained against that one."""
    if not seeds:
        return None

    def overlap(seed: Title) -> int:
        directors = len(set(candidate.directors) & set(seed.directors))
        cast = len(set(candidate.cast[:10]) & set(seed.cast[:10]))
        return 3 * directors + 2 * cast + len(set(candidate.genres) & set(seed.genres))

    return max(seeds[:2], key=overlap)  # max keeps the first named on a tie


def facts_for(candidate: Title, plan: TurnPlan) -> Facts:
    seed = closest_seed(candidate, plan.seeds)
    wanted = plan.filters.genres_all + plan.filters.genres_any
    target = seed.genres if seed else wanted
    shared = [g for g in candidate.genres if g in target]
    directors = [d for d in candidate.directors if seed and d in seed.directors]
    cast = [a for a in candidate.cast[:10] if seed and a in seed.cast[:10]][:2]
    mood_genres = []
    for name in plan.parsed.mood:
        mood = MOODS.get(name)
        if mood is None or not mood.explained_as:
            continue
        hit = next((g for g in candidate.genres if g in mood.favours), None)
        if hit:
            mood_genres.append((hit, mood.explained_as))
    return Facts(
        shared,
        directors,
        cast,
        # The request as written first ("road trip"), then what a description means ("a journey across ...").
        themes_in_common(candidate, f"{plan.parsed.topic_text} {plan.parsed.query_text}", seed),
        rating_of(candidate),
        mood_genres,
    )


def _pick(options: tuple[str, ...], rank: int) -> str:
    return options[rank % len(options)]


# Phrasings of one fact; the rank picks one so five cards do not read like one template five times.
_SAME_DIRECTOR = (
    "{directors} directed it, as with {seed}",
    "it comes from {directors}, who also made {seed}",
    "same director as {seed}: {directors}",
)
_SHARED_GENRES = (
    "it shares {genres} with {seed}",
    "like {seed}, it is listed as {genres}",
    "it covers the same {genres} ground as {seed}",
)
_SHARED_CAST = ("{actors} {verb} in both", "{actors} also appear{s} in {seed}")
_RATING = ("rated {value:.1f}/10 on {source}", "{source} rating: {value:.1f}/10", "it holds {value:.1f}/10 on {source}")


def _introduction(candidate: Title, plan: TurnPlan, director_word: str) -> str:
    """'a 1999 animated film from Brad Bird, with A and B': the candidate described by itself."""
    people = candidate.directors[:1]
    if any(is_described_as(candidate, kind) for kind in plan.parsed.kinds):
        base = article(f"{candidate.year} {candidate.described_as}")  # the encyclopedia's words: "romantic comedy"
    else:
        base = article(kind_of(candidate, plan.filters.genres_all + plan.filters.genres_any))
    base = f"{base} {director_word} {people[0]}" if people else base
    if candidate.cast:
        base += f", with {join_names(candidate.cast[:2])}"
    return base


def _seed_clauses(f: Facts, seed: Title, rank: int) -> list[str]:
    """What the candidate shares with the named title: director, genres, cast."""
    clauses: list[str] = []
    if f.same_directors:
        clauses.append(_pick(_SAME_DIRECTOR, rank).format(directors=join_names(f.same_directors), seed=seed.title))
    if f.shared_genres:
        genres = genre_words(f.shared_genres[:3])
        clauses.append(_pick(_SHARED_GENRES, rank).format(genres=genres, seed=seed.title))
    if f.shared_cast:
        several = len(f.shared_cast) > 1
        clauses.append(
            _pick(_SHARED_CAST, rank).format(
                actors=join_names(f.shared_cast),
                verb="are" if several else "is",
                s="" if several else "s",
                seed=seed.title,
            )
        )
    return clauses


def explain(candidate: Title, plan: TurnPlan, rank: int) -> str:
    """1-2 sentences of true statements about `candidate` in the context of the request."""
    f = facts_for(candidate, plan)
    seed = closest_seed(candidate, plan.seeds)
    clauses = _seed_clauses(f, seed, rank) if seed else [_introduction(candidate, plan, "from")]
    if f.themes:
        clauses.append(theme_clause(candidate, f.themes, rank))
    for genre, mood in f.mood_genres[:1]:
        clauses.append(f"its {genre_words([genre])} label suits the {mood} you asked for")
    if not seed and not f.themes and (opening := excerpt(candidate.overview)):
        # A bare "A 2013 mystery series." says nothing; what the synopsis says it is about does.
        clauses[0] += f", about {_quoted(opening)}"
    if not clauses:
        clauses.append(_introduction(candidate, plan, "directed by"))
    rating_clause = _pick(_RATING, rank).format(value=f.rating[0], source=f.rating[1]) if f.rating else None

    # Rotate which fact leads so five cards do not open the same way.
    lead_shift = rank % len(clauses) if len(clauses) > 1 and rank % 2 and seed else 0
    clauses = clauses[lead_shift:] + clauses[:lead_shift]
    first = clauses[0] if len(clauses) == 1 else f"{clauses[0]}, and {clauses[1]}"
    rest = clauses[2:3] + ([rating_clause] if rating_clause else [])
    text = _sentence(first)
    if rest:
        text += " " + _sentence("; ".join(rest))
    return text


def _quoted(text: str) -> str:
    return f"“{text}”"


def theme_clause(candidate: Title, themes: list[str], rank: int) -> str:
    """What the candidate's story shares with the request or the named title, shown in its own words."""
    words = join_names(themes)
    quote = next((q for t in themes if (q := excerpt(candidate.overview, t))), None)
    if quote is None:  # shared through keywords, not the synopsis
        return _pick([f"its story also deals with {words}", f"it too is about {words}"], rank)
    return _pick(
        [
            f"its story also turns on {words}: {_quoted(quote)}",
            f"it shares the theme{'s' if len(themes) > 1 else ''} of {words}: {_quoted(quote)}",
            f"it too deals with {words}; in its synopsis's words, {_quoted(quote)}",
        ],
        rank,
    )


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "."


def offline_opening(plan: TurnPlan, n: int) -> str:
    """An honest, plain opening line: what was searched for, no pretence of taste."""
    f = plan.filters
    noun = "series" if f.type == "TV Show" else "films" if f.type == "Movie" else "titles"
    count = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}.get(n, str(n))
    if n == 1:
        noun = {"series": "series", "films": "film", "titles": "title"}[noun]
    constraints = "" if f.is_empty() else f", within {f.describe()}"
    # The request's leftover words, minus any that only restate a mood ("lighter", "tilted lighter").
    mood_words = {stem(m) for m in plan.parsed.mood}
    # As the user put it ("road trip"), not what a description was searched as ("a journey across ...").
    asked = plan.parsed.topic_text or plan.parsed.query_text
    leftover = " ".join(w for w in asked.split() if stem(w.lower()) not in mood_words)
    if plan.seeds:
        anchor = " and ".join(f"{s.title} ({s.year})" for s in plan.seeds[:2])
        lead = f"Here are {count} {noun} in the spirit of {anchor}"
        about = f", with an eye on “{leftover}”" if leftover else ""
    else:
        lead = f"Here are {count} {noun}"
        about = f" for “{leftover}”" if leftover else ""
    tones = [MOODS[m].explained_as for m in plan.parsed.mood if m in MOODS and MOODS[m].explained_as]
    tones = [t if t.startswith("something") else f"the {t}" for t in tones]
    tone = f", aiming for {join_names(tones)} as you asked" if tones else ""
    return f"{lead}{about}{constraints}{tone}, picked by catalog similarity."
