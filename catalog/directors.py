"""Directors recovered from Wikipedia lead summaries ("... directed by Joel and Ethan Coen and
starring ...").

The Wikipedia data has no director field, but most summaries name the director in their first
sentence. We read the words after the first "directed by" as a list of names and stop at the
first word that cannot belong to a name ("and written by", ", starring", ". It", "(", a
possessive...). Anything doubtful yields fewer names, never a made-up one. Descriptors before a
name are skipped, also when they look like names ("Hong Kong filmmaker Ronny Yu", "Italian-American
crooner-actor Duke Mitchell"), and `plausible_person_name` keeps any place, company or demonym
that still gets through off a card: "directed by Hong Kong" would state a false fact.

`same_person` / `directors_agree` compare director names across sources for the merge.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from catalog.normalize import ascii_fold

_DIRECTED_BY = re.compile(
    r"\b(?:co-)?directed"
    r"(?:(?:,|,? and) (?:co-)?"
    r"(?:written|produced|edited|scripted|photographed|animated|choreographed|co-written|co-produced))*"
    r"\s+by\s+"
)
# Lower-case words that occur inside names ("Guillermo del Toro", "Vincent van Gogh").
_PARTICLES = {
    "de",
    "del",
    "della",
    "der",
    "di",
    "da",
    "du",
    "van",
    "von",
    "le",
    "la",
    "des",
    "dos",
    "bin",
    "al",
    "den",
    "los",
    "las",
    "ten",
    "ter",
}
_SUFFIXES = {"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"}
_INITIAL = re.compile(r"^(?:[A-Z]\.)+$")  # "J.", "C.M."
_NAME_WORD = re.compile(r"^[^\W\d_][\w.'\u2019-]*$")  # also checked: first letter is a capital
# Particles glued to a surname ("Andre deToth", "Harry d'Abbadie d'Arrast").
_GLUED_PARTICLE = re.compile(r"^(?:d['\u2019]|al-|el-|de|di|da|du|del|van|von|le|la)[A-Z\u00c0-\u00de][\w'\u2019-]*$")
# Capitalised words that start the next clause rather than continue a name.
_CLAUSE_WORDS = {
    "It",
    "The",
    "This",
    "In",
    "From",
    "Based",
    "Starring",
    "With",
    "For",
    "As",
    "A",
    "An",
    "He",
    "She",
}
# Words that introduce a name rather than belong to it ("directed by British filmmaker Ken Loach",
# "by Academy Award-winning director X"): skipped before a name starts, never part of it.
_DEMONYMS = {
    "American",
    "British",
    "English",
    "Scottish",
    "Irish",
    "Welsh",
    "Canadian",
    "Australian",
    "French",
    "German",
    "Italian",
    "Spanish",
    "Mexican",
    "Swedish",
    "Danish",
    "Norwegian",
    "Finnish",
    "Dutch",
    "Belgian",
    "Swiss",
    "Austrian",
    "Polish",
    "Russian",
    "Hungarian",
    "Czech",
    "Greek",
    "Turkish",
    "Israeli",
    "Palestinian",
    "Iranian",
    "Indian",
    "Chinese",
    "Japanese",
    "Korean",
    "Brazilian",
    "Argentine",
    "Argentinian",
    "Chilean",
    "Cuban",
    "Filipino",
    "Thai",
    "African",
    "Nigerian",
    "Egyptian",
    "Taiwanese",
    "Peruvian",
    "Colombian",
    "Venezuelan",
    "Vietnamese",
    "Pakistani",
    "Lebanese",
    "Serbian",
    "Croatian",
    "Romanian",
    "Ukrainian",
    "Portuguese",
    "Icelandic",
    "Estonian",
    "Bosnian",
    "Senegalese",
    "Kenyan",
    "South",
    "Latino",
    "Hispanic",
    "Jewish",
    "Native",
    "New",
    "Zealand",
    "U.S.",
    "UK",
    "Army",
    "Navy",
    "Marine",
    "Corps",
    "Force",
    "Hollywood",
    "Broadway",
    "Academy",
    "Emmy",
    "Award",
    "Pulitzer",
    "Prize",
    "Globe",
    "Cannes",
    "Sundance",
    "Veteran",
    "Famed",
    "Legendary",
    "Acclaimed",
    "Documentary",
    "Canadian-born",
    "Then-newcomer",
    "Newcomer",
    "Independent",
    "Indie",
    "Director",
    "Filmmaker",
    "Actor",
    "Actress",
    "Comedian",
    "Producer",
    "Cinematographer",
    "Animator",
}
_ROLE_WORDS = {
    "director",
    "directors",
    "filmmaker",
    "filmmakers",
    "actor",
    "actress",
    "producer",
    "comedian",
    "cinematographer",
    "animator",
    "documentarian",
    "photographer",
    "writer",
    "artist",
    "choreographer",
    "musician",
    "newcomer",
    "novelist",
    "screenwriter",
    "first-time",
    "veteran",
    "award-winning",
    "documentary",
    "independent",
    "stage",
    "television",
    "music",
    "video",
    "film",
    "native",
    "crooner",
    "singer",
    "rapper",
}
_DESCRIPTOR = re.compile(r"^[A-Z][\w.]*-[a-z\u00e0-\u00ff]")  # "Shanghai-born", "Award-winning"
# Not a person on their own: places and a company that the "directed by" reader captures when
# a descriptor it does not know precedes the name ("directed by Hong Kong filmmaker Ronny Yu").
# No installed package lists places or demonyms (the tz database's city names include "Davis",
# "Darwin", "Lord Howe"), so these are the ones the real extracts produce, kept short on purpose.
_NOT_PEOPLE = {
    "Hong Kong",
    "New York",
    "Los Angeles",
    "California",
    "Texas",
    "Chicago",
    "London",
    "Paris",
    "Hollywood",
    "York",
    "Canada",
    "Mexico",
    "Taiwan",
    "China",
    "Japan",
    "India",
    "Disney",
}
# Words that make a name a company's, wherever a name comes from (extracts here, CSV cells in sources/base.py).
COMPANY_WORDS = {
    "Pictures",
    "Studio",
    "Studios",
    "Productions",
    "Production",
    "Films",
    "Entertainment",
    "Company",
    "Corporation",
    "Animation",
    "Inc.",
    "Ltd.",
    "Records",
    "Television",
    "Network",
    "Media",
    "LLC",
    "TV",
}
MAX_NAME_WORDS = 5
_TOKEN = re.compile(r",|[^\s,]+")


def _is_name_start(token: str) -> bool:
    if _INITIAL.match(token):
        return True
    return token[:1].isupper() and bool(_NAME_WORD.match(token)) and token.rstrip(".") not in _CLAUSE_WORDS


def _name_goes_on(word: str, name_length: int) -> bool:
    """Whether the word that stopped a name is more of it ("William 'Red' Reynolds"); a clause word
    after a full name is a missing full stop ("Paul Sloane It is based"), after one word a title
    ("Bring It On writer Jessica Bendinger")."""
    if word[:1] in "'\u2018\u201c" or "/" in word:
        return True
    return word[:1].isupper() and (word not in _CLAUSE_WORDS or name_length == 1)


def directors_from_extract(extract: str) -> list[str]:
    """Names after the first 'directed by' in a lead summary; [] when none can be read safely."""
    match = _DIRECTED_BY.search(extract)
    if not match:
        return []
    tokens = _TOKEN.findall(extract[match.end() : match.end() + 200])
    names: list[list[str]] = []
    separators: list[str] = []  # the separator before names[i+1]
    current: list[str] = []
    after_descriptor = False  # "New York actor and director Edward Burns": "and" joins descriptors
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token == "and" and not current and after_descriptor:
            i += 1
            continue
        if token in (",", "and", "&"):
            if not current:
                break
            sep = token
            if token == "," and i + 1 < len(tokens) and tokens[i + 1] == "and":
                sep, i = "and", i + 1
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            if nxt in _SUFFIXES and sep == ",":  # "Sammy Davis, Jr."
                current.append(nxt)
                i += 2
                continue
            names.append(current)
            current = []
            if not _is_name_start(nxt):
                break
            separators.append(sep)
            i += 1
            continue
        sentence_end = token.endswith(".") and not _INITIAL.match(token) and token not in _SUFFIXES
        word = token.rstrip(".") if sentence_end else token
        if "'s" in word or "\u2019s" in word or word.endswith(("'", "\u2019")) or any(c in word for c in '()[]";:'):
            current = []  # a possessive or bracket: this is not a plain name list
            break
        if not current and (_is_demonym(word) or _is_role(word) or _DESCRIPTOR.match(word)):
            after_descriptor = True
            i += 1  # a descriptor before the name ("British filmmaker"): skip it
            continue
        if current and _is_role(word):
            # The capitalised words were a descriptor too ("Hong Kong filmmaker Ronny Yu").
            current, after_descriptor = [], True
            i += 1
            continue
        if (
            current
            and (word in _PARTICLES or _GLUED_PARTICLE.match(word))
            or _is_name_start(word)
            or (current and word in _SUFFIXES)
        ):
            current.append(word)
            after_descriptor = False
        else:
            if current and not current[-1].endswith(".") and _name_goes_on(word, len(current)):
                current = []  # the name goes on in a form we cannot read ("Paul Aaron/Terry Winsor")
            break
        if len(current) > MAX_NAME_WORDS:
            return []
        if sentence_end:
            break
        i += 1
    if current:
        names.append(current)
    names = [n for n in names if n[-1] not in _PARTICLES]
    # "A, B" with no closing "and C" is a clause boundary, not a list: keep only A.
    if "," in separators and (not separators or separators[-1] != "and"):
        names = names[: separators.index(",") + 1]
    result = [" ".join(n) for n in names]
    # "Joel and Ethan Coen": a lone first name shares the next person's surname.
    for k in range(len(result) - 1):
        if len(names[k]) == 1 and len(names[k + 1]) >= 2 and separators[k] == "and":
            result[k] = f"{result[k]} {names[k + 1][-1]}"
    return list(dict.fromkeys(r for r in result if plausible_person_name(r)))


def _is_demonym(word: str) -> bool:
    """'British', 'Italian-American', 'Argentine-Brazilian': a descriptor, never a name."""
    return word in _DEMONYMS or all(part in _DEMONYMS for part in word.split("-"))


def _is_role(word: str) -> bool:
    """'filmmaker', 'crooner-actor': a role word, never a name."""
    return word in _ROLE_WORDS or all(part in _ROLE_WORDS for part in word.split("-"))


def plausible_person_name(name: str) -> bool:
    """Whether a name read from an extract can be a person: not a place, a company or a demonym.

    Surnames alone ("directed by Chaplin") and mononyms ("McG", "Madonna") are kept: true facts."""
    words = name.split()
    if not words or len(words) > MAX_NAME_WORDS or name in _NOT_PEOPLE:
        return False
    if _is_demonym(words[0]) or any(w in COMPANY_WORDS for w in words):
        return False  # a surname may be a demonym ("John English"), a first word is not
    return all(w[:1].isupper() or w in _PARTICLES or _GLUED_PARTICLE.match(w) or _INITIAL.match(w) for w in words)


# --- Comparing director names across sources -------------------------------------------------

_NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
SIMILAR_NAME_RATIO = 0.8  # "James Komack"/"James Komach", "Yuen Woo-ping"/"Yuen Wo-Ping": typos, one person


def name_words(name: str) -> list[str]:
    """'Villeneuve, Denis' -> ['denis', 'villeneuve']; 'André de Toth' -> ['andre', 'de', 'toth']."""
    parts = name.split(",")
    if len(parts) == 2 and _NON_ALNUM.sub("", parts[1].casefold()) not in _NAME_SUFFIXES:
        name = f"{parts[1]} {parts[0]}"  # "Last, First" as library catalogues write it
    text = ascii_fold(name).casefold().replace("'", "").replace("\u2019", "")
    return [w for w in _NON_ALNUM.split(text) if w and w not in _NAME_SUFFIXES]


def same_person(a: str, b: str) -> bool:
    """Whether two spellings can name one person; sources differ in accents, name order
    ("Diao Yinan"/"Yi'nan Diao"), particles ("DeToth"/"de Toth"), truncation and typos."""
    wa, wb = name_words(a), name_words(b)
    if not wa or not wb:
        return False
    if "".join(wa) == "".join(wb) or wa[-1] == wb[-1]:
        return True
    if (len(wa[-1]) >= 3 and wa[-1] in wb) or (len(wb[-1]) >= 3 and wb[-1] in wa):
        return True  # family name first in one source, last in the other
    short, long = sorted((wa, wb), key=len)
    if len(short) >= 2 and long[: len(short)] == short:
        return True  # "Malcolm St" cut from "Malcolm St. Clair"
    return SequenceMatcher(None, " ".join(wa), " ".join(wb)).ratio() >= SIMILAR_NAME_RATIO


def directors_agree(a: list[str], b: list[str]) -> bool:
    """Some director of one list is plausibly a director of the other."""
    return any(same_person(x, y) for x in a if x.strip() for y in b if y.strip())
