"""The course's named-entity recognizer: assignment 1's improved recognizer as a
tested module, released to students with assignment 2 on.

    >>> recognize("Mr. Kibwana spoke in Nairobi for the National Convention Assembly.")
    [{'start': 4, 'end': 11, 'text': 'Kibwana', 'label': 'PERSON'},
     {'start': 21, 'end': 28, 'text': 'Nairobi', 'label': 'GPE'},
     {'start': 37, 'end': 65, 'text': 'National Convention Assembly', 'label': 'ORG'}]

Two steps, as in assignment 1:

1. **Detection**: NLTK's binary chunker (``ne_chunk(..., binary=True)``) finds
   name spans; the spans are then repaired (a possessive, a leading "the" or
   title, a demonym or a descriptive compound ("Iranian-backed") glued to a
   name are cut off; "Bank of X" and surname particles ("del Ponte") are
   joined; "X-based" gives the place X; a company in capitals ends at its
   "INC.") and markup tokens (``_``, ``&``) are never names, nor are common
   words capitalised by their position (also after a wire dateline's
   "(AP) _"), plural acronyms ("NGOs"), shouted common words, events and laws
   (World Cup, Kenya Open, Clean Water Act).  A surname the chunker missed
   is found from the full name earlier in the document.
2. **Typing from evidence**, never by default: organisation words and
   suffixes (Corp., Inc., Party, University …), party members (Socialists,
   Christian Democrats), seats of power used for the institution (the
   Kremlin), gazetteers of countries, states, provinces and cities (NLTK's
   ``gazetteers``), first names (NLTK's ``names``), titles before a name
   (Mr., Sen., President …), context (``in X``, ``X-based``, ``X, the
   capital``, ``the city of X``, ``X spokesman``, ``the group X``, ``shares
   of X``, ``X, the company``), and the document itself: a short form takes
   the type of the full name it abbreviates ("Kibwana" after "Kivutha
   Kibwana"), and a name typed by a fallback takes the type evidence gave the
   same name elsewhere in the document.  Only a name with no evidence at all
   falls back to the type its shape suggests.

Labels are the article's (PERSON, ORG, GPE, LOC, NORP); ``to_coarse`` maps them
to newswire's PERSON / ORGANIZATION / LOCATION (NORP has no coarse type).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ..chunker import ne_chunk_binary
from ..spans import align_tokens

COARSE = {"PERSON": "PERSON", "ORG": "ORGANIZATION", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION"}

TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sen", "senator", "rep", "representative", "gov", "governor",
    "gen", "general", "col", "colonel", "lt", "capt", "captain", "sgt", "adm", "admiral", "president", "vice",
    "minister", "premier", "chancellor", "secretary", "judge", "justice", "mayor", "king", "queen", "prince",
    "princess", "pope", "rev", "reverend", "father", "sister", "brother", "sheik", "sheikh", "ayatollah", "chairman",
    "chairwoman", "spokesman", "spokeswoman", "coach", "commissioner", "ambassador", "attorney", "lawyer", "officer",
    "director", "chief", "executive", "detective", "sir", "lord", "lady", "dame", "jr", "sr", "maj", "major",
    "mp", "speaker", "leader", "sergeant", "corporal", "lieutenant", "marshal", "inspector", "superintendent", "prosecutor", "deputy", "premier",
}
# the last word (lower case, no full stop) of many organisation names
ORG_WORDS = {
    "agency", "airlines", "airways", "alliance", "army", "assembly", "associates", "association", "authority", "bank",
    "board", "brigade", "bureau", "cabinet", "center", "centre", "church", "club", "co", "coalition", "college",
    "commission", "committee", "community", "company", "conference", "congress", "corp", "corporation", "council",
    "court", "department", "division", "federation", "force", "forces", "foundation", "front", "fund", "group",
    "guard", "hospital", "inc", "industries", "institute", "institution", "international", "journal", "league", "llc",
    "ltd", "magazine", "ministry", "motors", "movement", "nations", "museum", "network", "news", "newspaper", "office",
    "organisation", "organization", "orchestra", "parliament", "partners", "party", "plc", "police", "post", "press",
    "radio", "railway", "railroad", "school", "senate", "service", "services", "society", "squad", "systems", "team",
    "technologies", "television", "times", "tribune", "trust", "union", "university", "agency", "exchange",
    "administration", "academy", "laboratories", "labs", "holdings", "bancorp", "securities", "airline", "house",
    "commission", "ensemble", "band", "symphony", "opera", "magazine", "herald", "gazette", "daily", "review",
    "bhd", "sdn", "ag", "gmbh", "sa", "nv", "spa", "pty", "hotel", "inn", "resort", "brigades", "control", "mission",
    "tass", "cross", "crescent", "industries", "holdings", "catering", "airport", "chamber", "battalion", "regiment",
    "corps", "militia", "mosque", "temple", "synagogue", "cathedral", "shipyard", "factory", "works", "mills",
    "brewery", "studios", "consortium", "cooperative",
}
ORG_FIRST_WORDS = {"university", "bank", "bureau", "church", "department", "ministry", "house", "council",
                   "institute", "museum", "college", "school", "board", "court", "office"}
LOC_WORDS = {
    "river", "mountain", "mountains", "mount", "mt", "sea", "ocean", "lake", "valley", "island", "islands", "bay",
    "gulf", "peninsula", "desert", "coast", "strait", "canal", "county", "province", "state", "city", "street", "st",
    "avenue", "ave", "road", "boulevard", "square", "park", "bridge", "airport", "harbor", "harbour", "region",
    "district", "heights", "hills", "falls", "beach", "plains", "basin", "border", "capital", "east", "west", "north",
    "south", "kingdom", "republic", "states", "emirates", "grounds", "circle", "pole", "forest", "krai", "oblast",
}
LOC_FIRST_WORDS = {"lake", "mount", "mt", "fort", "port", "cape", "san", "santa", "saint", "gulf", "isle", "kuala",
                   "jalan", "pulau", "bukit", "sungai", "rio", "lago", "monte", "puerto", "costa", "kota"}
# members of a party or political movement: IEER and MUC type "the Communists", "a Christian Democrat" ORGANIZATION
PARTY_MEMBERS = re.compile(r"(?:democrat|republican|socialist|communist|conservative|liberal|nationalist|islamist|"
                           r"nazi|fascist|maoist|marxist|separatist|loyalist|unionist|tory|tories|sandinista|"
                           r"zionist|bolshevik|federalist)s?$")
# seats of power that news uses for the institution (MUC's convention: "the Kremlin said" is an organisation)
INSTITUTION_PLACES = {"kremlin", "white house", "pentagon", "vatican", "downing street", "elysee", "élysée",
                      "whitehall", "holy see", "quai d'orsay", "foggy bottom", "scotland yard"}
# the last word of an event or a law, which IEER does not annotate as a name (World Cup, Kenya Open, Penal Code)
EVENT_WORDS = {"cup", "open", "games", "olympics", "olympiad", "championship", "championships", "tournament",
               "final", "finals", "classic", "prix", "trophy", "war", "marathon", "regatta", "festival", "plan",
               "code", "act", "treaty", "accord", "accords", "amendment", "doctrine"}
ROMAN = re.compile(r"^(?:i{1,3}|iv|v|vi{1,3}|ix|x)$")
PLACE_SUFFIX = re.compile(r"(?:burg|burgh|ville|stan|grad|gorod|polis|abad|pur|shire|sk|ovo|evo|ino|iyeh|iya)$")
DIRECTIONS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "new", "upper",
              "lower", "greater"}
PERSON_CONTEXT_AFTER = re.compile(
    r"^,?\s+(?:who|whose|he|she|said|says|told|added|asked|argued|wrote|believes|thinks)\b"
    r"|^,\s+(?:\d{1,3}|a|an|the)\s+[a-z]+(?:\s+[a-z]+)?\s+(?:who|of|at|for|in)\b"
    r"|^,\s+\d{1,3},")
LOC_PREPOSITIONS = {"in", "near", "outside", "across", "to", "from", "into", "throughout", "toward", "towards"}
MARKUP = re.compile(r"[^\w]*")  # a token without a letter or digit is never (part of) a name


@lru_cache(maxsize=1)
def _lexicons() -> dict[str, frozenset[str]]:
    """Gazetteers and first names from NLTK (lower case)."""
    from nltk.corpus import gazetteers, names

    def words(*fileids):
        return frozenset(w.strip().lower() for f in fileids for w in gazetteers.words(f) if w.strip())

    from nltk.corpus import words as english

    first = frozenset(w.lower() for w in names.words())
    return {
        "dictionary": frozenset(w for w in english.words() if w.islower()),  # common words, not proper nouns
        "countries": words("countries.txt", "isocountries.txt"),
        "regions": words("usstates.txt", "caprovinces.txt", "mexstates.txt"),
        "cities": words("uscities.txt"),
        "state_abbrev": words("usstateabbrev.txt"),
        "nationalities": words("nationalities.txt"),
        "first_names": first,
    }


EXTRA_PLACES = {  # capitals and world cities the US-only city list lacks, and the usual short forms
    "u.s.", "u.s", "us", "usa", "u.s.a.", "america", "britain", "great britain", "u.k.", "uk", "europe", "asia",
    "africa", "latin america", "middle east", "soviet union", "west bank", "gaza", "gaza strip", "london", "paris",
    "moscow", "beijing", "tokyo", "berlin", "rome", "madrid", "cairo", "baghdad", "tehran", "jerusalem", "damascus",
    "beirut", "kabul", "nairobi", "johannesburg", "lagos", "geneva", "brussels", "vienna", "istanbul", "ankara",
    "mexico city", "toronto", "montreal", "sydney", "hong kong", "singapore", "seoul", "bangkok", "manila", "delhi",
    "new delhi", "mumbai", "bombay", "karachi", "islamabad", "dubai", "riyadh", "havana", "lima", "bogota", "caracas",
    "santiago", "buenos aires", "rio de janeiro", "sao paulo", "belgrade", "sarajevo", "pristina", "kosovo",
    "bosnia", "serbia", "yugoslavia", "chechnya", "siberia", "balkans", "caribbean", "pacific",
    "atlantic", "mediterranean", "persian gulf", "wall street", "silicon valley", "hollywood", "manhattan",
    "brooklyn", "queens", "bronx", "harlem", "washington", "new york", "los angeles", "chicago", "boston",
    "san francisco", "new orleans", "miami", "atlanta", "houston", "dallas", "detroit", "philadelphia", "seattle",
}


def _is_place(low: str) -> bool:
    lex = _lexicons()
    return low in EXTRA_PLACES or low in lex["countries"] or low in lex["regions"] or low in lex["cities"]


GROUPS = {  # peoples and faiths that the nationality list lacks (singular; plurals add -s)
    "arab", "kurd", "jew", "jewish", "serb", "croat", "slav", "hutu", "tutsi", "sunni", "shiite", "shia", "muslim",
    "moslem", "christian", "catholic", "protestant", "hindu", "sikh", "buddhist", "latino", "hispanic", "basque",
    "catalan", "palestinian", "israeli", "asian", "african", "european", "american", "nordic", "scandinavian",
    "arabic", "islamic", "balkan", "baltic", "caucasian", "english", "scottish", "welsh", "irish", "british",
    "soviet", "yugoslav", "czechoslovak", "flemish", "cornish",
}


def is_demonym(word: str) -> bool:
    """A people's or place's adjective ('Kenyan', 'Serbs', 'Palestinian'), from the nationalities list,
    a few groups, or the morphology of a known place name (Palestine → Palestinian)."""
    w = word.lower().rstrip(".")
    if " " in w or not w.isalpha():
        return False
    if _is_place(w):
        return False  # the nationality list also holds names that are countries ("Djibouti")
    nat = _lexicons()["nationalities"]
    stem = w[:-1] if w.endswith("s") and len(w) > 3 else w
    if w in nat or stem in nat or w in GROUPS or stem in GROUPS:
        return True
    for suffix, bases in (("ian", ("ia", "a", "e", "")), ("ean", ("ea", "e", "a")), ("an", ("a", "")),
                          ("ese", ("", "a")), ("i", ("", "a"))):
        if stem.endswith(suffix) and len(stem) > len(suffix) + 2:
            root = stem[: -len(suffix)]
            if any(_is_place(root + b) for b in bases):
                return True
    return False


# ---------------------------------------------------------------- detection
# a compound that describes the name after it: "Iranian-backed", "state-run", "Paris-based"
HYPHEN_PREFIX = re.compile(r"^[\w.’']+-(?:backed|led|owned|run|funded|sponsored|controlled|based|allied|born)$")
# "Seattle-based", "New York-based": the name before -based is a place
BASED = re.compile(r"(?<![\w-])((?:(?!(?:The|A|An)\b)[A-Z][\w.’']*\s)*(?!(?:The|A|An)\b)[A-Z][\w.’']*)-based\b")
# a company in capitals (boilerplate, headlines): "BY ACME WIDGETS, INC." → "ACME WIDGETS, INC."
CAPS_COMPANY = re.compile(r"\b((?:[A-Z][A-Z0-9&'-]*\s){0,3}[A-Z][A-Z0-9&'-]*,?\s(?:INC|CORP|CO|LTD|PLC|LLC)\b\.?)")
# a legislature named by its common noun, capitalised inside a sentence: "the House", "Congress", "Parliament"
LEGISLATURE = re.compile(r"(?<=\bthe )House\b(?! of)|(?<=[a-z,] )(?:Senate|Congress|Parliament|Legislature)\b(?! of)")
# a wire story's dateline ends with the agency and a dash: the next word starts the sentence
DATELINE_END = re.compile(r"\((?:AP|UPI|AFP|Reuters|[A-Z]{2,6})\)\s*(?:_|--?|—|–)\s*")
# "al-Assad", "Al-Assad" and the machine translation's "al -Assad": a name that starts with a lower-case particle
ARABIC_NAME = re.compile(r"(?<![\w-])(?:[Aa]l|[Ee]l|[Bb]in|[Ii]bn|[Aa]bu|[Bb]en) ?-[A-Z][\w’']+")
# capitalised in English but never names: days, months and their abbreviations
CALENDAR = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu",
    "thur", "thurs", "fri", "sat", "sun", "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec",
}
# particles that start a surname and are no English word ("le", "la", "al", "y" are left out)
NAME_PARTICLES = ("de", "del", "della", "der", "den", "van", "von", "da", "di", "du", "dos", "das", "ter")
PARTICLES = {"de", "del", "della", "der", "den", "van", "von", "bin", "ibn", "ben", "da", "di", "du", "dos", "das",
             "le", "la", "al", "el", "arap", "ter", "zu", "y"}


def _sentences(text: str):
    import nltk

    pos = 0
    for sent in nltk.sent_tokenize(text):
        start = text.find(sent, pos)
        if start == -1:
            start = pos
        pos = start + len(sent)
        yield start, sent


def _chunks(text: str, proper_noun_runs: bool = True) -> tuple[list[tuple[int, int]], set[int]]:
    """Name spans from the binary chunker, sentence by sentence (markup tokens left out of names),
    and the offsets of the sentences' first words."""
    import nltk

    spans, starts = [], set()
    for start, sent in _sentences(text):
        toks = nltk.word_tokenize(sent)
        offsets = align_tokens(text, toks, start)
        first = next((k for k, t in enumerate(toks) if t[:1].isalnum()), None)
        if first is not None and MARKUP.fullmatch(toks[first]) is None:
            starts.add(offsets[first][0])
        tagged = nltk.pos_tag(toks)
        i, found = 0, []
        for node in ne_chunk_binary(tagged):
            if isinstance(node, nltk.Tree):
                n = len(node)
                span = [offsets[k] for k in range(i, i + n) if MARKUP.fullmatch(toks[k]) is None]
                if span:
                    found.append((span[0][0], span[-1][1]))
                i += n
            else:
                i += 1
        # the chunker sometimes skips a run of proper nouns ("Gen. Sani Abacha"): take such runs too
        run: list[int] = []
        dictionary = _lexicons()["dictionary"]
        shouting = sum(t.isupper() for t in toks) > len(toks) / 2  # a headline or boilerplate in capitals
        for k, (tok, tag) in enumerate(tagged + [("", "")] if proper_noun_runs and not shouting else []):
            if tag in ("NNP", "NNPS") and tok[:1].isupper() and MARKUP.fullmatch(tok) is None:
                run.append(k)
                continue
            if run:
                # the parts of the run that no chunk covers ("U.N." found, "Secretary General Tomas Varga" not)
                parts, part = [], []
                for j in run:
                    if any(fs < offsets[j][1] and offsets[j][0] < fe for fs, fe in found):
                        parts, part = parts + [part], []
                    else:
                        part.append(j)
                for part in parts + [part]:
                    if not part:
                        continue
                    s, e = offsets[part[0]][0], offsets[part[-1]][1]
                    words = [toks[j].lower().rstrip(".") for j in part]
                    unknown = [w for w in words if w not in dictionary and w not in TITLES]
                    if unknown and (len(part) > 1 or part[0] != first) and not any(fs < e and s < fe
                                                                                   for fs, fe in found):
                        found.append((s, e))
                run = []
        spans += sorted(found)
    return spans, starts


def _words(text, s, e):
    return [(m.start() + s, m.end() + s, m.group()) for m in re.finditer(r"\S+", text[s:e])]


def _norm(w: str) -> str:
    return w.lower().rstrip(".,")


def _repair(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, str | None]]:
    """Cut possessives, leading articles and titles; split a demonym off a name; join 'X of Y' organisations."""
    out = []
    for s, e in spans:
        for suffix in ("'s", "’s", "'", "’"):
            if text[s:e].endswith(suffix) and e - len(suffix) > s:
                e -= len(suffix)
                break
        words = _words(text, s, e)
        while words and (words[-1][2] in {"&", "-", "_"} or _norm(words[-1][2]) in CALENDAR):
            words = words[:-1]
        while words and _norm(words[0][2]) in CALENDAR and (
                words[0][2].endswith(".") or len(_norm(words[0][2])) > 4 and not (
                    len(words) > 1 and _norm(words[0][2]) in _lexicons()["first_names"])):
            words = words[1:]  # "Monday", "Sept."; but "Jan Kowalski", "April Ross" and "Sun Metal Works" stay
        if words and HYPHEN_PREFIX.match(words[0][2]) and len(words) > 1:
            words = words[1:]  # "Iranian-backed Hezbollah": the compound describes the name, it is not part of it
        if not words or any(ch.isdigit() for ch in text[words[0][0]:words[-1][1]]):
            continue  # a date, an amount (RM1,000), a model number: not a name
        is_org = bool(words) and _norm(words[-1][2]) in ORG_WORDS
        while len(words) > 1 and _norm(words[0][2]) in {"the", "a", "an"}:
            words = words[1:]
        if (len(words) > 1 and is_demonym(words[0][2]) and not is_org
                and _norm(words[0][2]) not in _lexicons()["first_names"]  # Christian Lacroix is one name
                and not _is_place(" ".join(_norm(w[2]) for w in words))):
            out.append((words[0][0], words[0][1], "NORP"))
            words = words[1:]
        if (len(words) > 2 and _norm(words[0][2]) in DIRECTIONS and is_demonym(words[1][2]) and not is_org
                and not _is_place(" ".join(_norm(w[2]) for w in words))):
            out.append((words[0][0], words[1][1], "NORP"))  # "South African Robi Byrd"
            words = words[2:]
        while len(words) > 1 and not is_org and _norm(words[0][2]).split("-")[-1] in TITLES:
            words = words[1:]
        while len(words) > 1 and not is_org and _norm(words[-1][2]) in TITLES and _norm(words[-1][2]) not in {
                "jr", "sr"}:
            words = words[:-1]  # "U.N. Secretary" (General Kofi Annan): a title after a name is not part of it
        lex = _lexicons()
        # "House Speaker Newt Gingrich", "U.N. Secretary General Kofi Annan": an organisation or place, a title,
        # then the person: split before the title; the part before it keeps its own type
        k = next((i for i in range(1, len(words) - 1) if _norm(words[i][2]) in TITLES), None)
        if k is not None and not is_org:
            j = k
            while j < len(words) and _norm(words[j][2]) in TITLES:
                j += 1
            if j < len(words) and (len(words) - j >= 2 or _norm(words[j][2]) in lex["first_names"]):
                out.append((words[0][0], words[k - 1][1], "NORP" if k == 1 and is_demonym(words[0][2]) else None))
                out.append((words[j][0], words[-1][1], "PERSON"))
                continue
        # "Welshman Mark Litton", "Hairdresser Milanka Milentijevic": descriptions before a first name are cut off
        for k in range(1, len(words) - 1):
            if _norm(words[k][2]) in lex["first_names"] and not is_org and all(
                    is_demonym(w[2]) or _norm(w[2]) in lex["dictionary"] or _norm(w[2]) in TITLES
                    or re.sub(r"(?:wo)?man$", "", _norm(w[2])) != _norm(w[2]) and is_demonym(
                        re.sub(r"(?:wo)?man$", "", w[2]))  # "Welshman Mark Litton"
                    or _norm(w[2]) in DIRECTIONS for w in words[:k]):
                if k == 1 and is_demonym(words[0][2]):
                    out.append((words[0][0], words[0][1], "NORP"))
                words = words[k:]
                break
        if (words and is_demonym(words[-1][2]) and len(words) > 1 and not is_org
                and _is_place(" ".join(_norm(w[2]) for w in words[:-1]))):
            out.append((words[0][0], words[-2][1], "GPE"))  # Kosovo Albanians: the place, then its people
            out.append((words[-1][0], words[-1][1], "NORP"))
            continue
        if words and is_demonym(words[-1][2]) and len(words) > 1 and not is_org:
            out.append((words[0][0], words[-1][1], "NORP"))  # Kosovo Albanians: a group, not a person
            continue
        if words:
            out.append((words[0][0], words[-1][1], None))
    out.sort()
    # "FDCH, Inc." / "Loews Corp.": a company suffix after a comma belongs to the name
    out = [(s, e + m.end(), "ORG") if (m := re.match(r",? (?:Inc|Corp|Co|Ltd|L\.P|LLC|PLC)\b\.?", text[e:e + 7],
                                                       flags=re.I)) else (s, e, label) for s, e, label in out]
    joined = []
    for sp in out:
        if joined and sp[2] is None and joined[-1][2] is None:
            prev = joined[-1]
            gap = text[prev[1]:sp[0]]
            first_words = text[prev[0]:prev[1]].split()
            if gap in (" of ", " for ", " on ") and (_norm(first_words[-1]) in ORG_WORDS | ORG_FIRST_WORDS):
                joined[-1] = (prev[0], sp[1], "ORG")
                continue
            if (gap[:1] == " " and gap[-1:] == " " and gap.strip() and all(w in PARTICLES for w in gap.split())
                    and text[prev[0]:prev[1]][:1].isupper()):
                joined[-1] = (prev[0], sp[1], "PERSON")  # Daniel arap Moi, Carla del Ponte
                continue
            last = _norm(text[sp[0]:sp[1]].split()[-1])
            if gap == " " and _norm(text[prev[0]:prev[1]]) not in TITLES and (not is_demonym(text[prev[0]:prev[1]]) or last in ORG_WORDS | LOC_WORDS):
                joined[-1] = (prev[0], sp[1], None)
                continue
        joined.append(sp)
    return joined


# ---------------------------------------------------------------- typing
# a lower-case noun right after a name that says what kind of thing it names
ORG_HEAD_AFTER = re.compile(
    r"^'?s?\s+(?:news agency|agency|group|party|movement|company|firm|corporation|factory|plant|shipyard|mill|"
    r"newspaper|daily|weekly|magazine|network|broadcaster|bank|brand|chain|label|retailer|carrier|airline|"
    r"militia|guerrillas|rebels|faction|organization|organisation|union|spokes(?:man|woman|person)|"
    r"executives|shares|stock|chairman|"
    r"chief executive|board|headquarters)\b")
ORG_HEAD_BEFORE = re.compile(
    r"\b(?:group|party|movement|company|firm|agency|newspaper|daily|weekly|magazine|militia|faction|network|"
    r"broadcaster|subsidiary|[Ss]hares of|stake in|members of|spokes(?:man|woman) for)\s+(?:the\s+)?$"
    # in apposition: "its commercial bank, Garantia,", "the local newspaper, the Gazette"
    r"|\b(?:bank|newspaper|company|firm|agency|party|group|movement|league|union|magazine|daily|weekly|"
    r"network|broadcaster|subsidiary|militia|organization|organisation),\s+(?:the\s+)?$")
PLACE_HEAD_AFTER = re.compile(
    r"^'?s?\s+(?:district|province|region|county|state|prefecture|area|city|town|village|valley|airport|port|"
    r"harbor|harbour|municipality|suburb|neighborhood|neighbourhood|capital|government|economy|borders?|"
    r"territory|coast|countryside)\b")
PLACE_HEAD_BEFORE = re.compile(
    r"\b(?:city|town|village|capital|province|state|region|district|port|island|republic|county|suburb|"
    r"municipality|territory) of\s+$|\b(?:capital|city|town|village|port)\s+$")
PLACE_APPOSITION = re.compile(
    r"^,\s+(?:the|a|an|its|their)\s+(?:\w+\s+){0,3}?(?:capital|city|town|village|port|province|region|state|"
    r"country|nation|island|district|county|suburb|resort|kingdom|republic)\b")
STRONG_LOC_PREPOSITIONS = {"in", "near", "outside", "across", "throughout", "into"}


def _context_type(text: str, s: int, e: int) -> str | None:
    """The type the words around a name give it, or None."""
    before = text[max(0, s - 30):s]
    after = text[e:e + 40]
    prev = re.findall(r"[\w.]+", before)
    prev_word = _norm(prev[-1]) if prev else ""
    possessive = re.match(r"^['’]s?\b", after) is not None
    if re.match(r"^-based\b", after) or PLACE_APPOSITION.match(after) or PLACE_HEAD_BEFORE.search(before):
        return "GPE"
    if prev_word in TITLES:
        return "PERSON"
    if ORG_HEAD_BEFORE.search(before) or ORG_HEAD_AFTER.match(after):
        return "ORG"
    if PLACE_HEAD_AFTER.match(after):
        return "GPE"
    if prev_word in STRONG_LOC_PREPOSITIONS and not possessive and not re.search(r"\b(?:said|told)\s*$", before):
        return "GPE"  # "in Harbin, he said": the preposition before the name outweighs the comma after it
    if PERSON_CONTEXT_AFTER.match(after) or re.match(r"^\s+[a-z]+ed\s+(?:his|her|himself|herself)\b", after):
        return "PERSON"
    if re.search(r"\b(?:said|says|asked|added)\s+$", before) and re.match(r"^\s*[,.]", after):
        return "PERSON"  # “…,” said Wan.
    if re.match(r"^,\s+(?:the|a|an)\s+(?:\w+\s+){0,3}(?:company|firm|group|maker|agency|bank|chain|network|"
                r"organization|party|union|retailer|manufacturer|newspaper|publisher)\b", after):
        return "ORG"
    if re.match(r"^\s+(?:Inc|Corp|Co|Ltd|L\.P|PLC)\b", after):
        return "ORG"
    if re.match(r"^,\s+(?:[A-Z][a-z]+\.?)(?:\s[A-Z][a-z]+)*\b", after) and _is_place(
            _norm(re.match(r"^,\s+([A-Z][\w.]*(?:\s[A-Z][\w.]*)*)", after).group(1))):
        return "GPE"  # Nairobi, Kenya / Florence, Ala.
    if prev_word in LOC_PREPOSITIONS and not re.search(r"\b(?:said|told)\s*$", before):
        return "GPE"
    return None


def _type(text: str, s: int, e: int, known: dict[str, str], org_heads: dict[str, str] | None = None
          ) -> tuple[str | None, bool]:
    """(label, strong): strong when evidence decided it, not a fallback; label None: not a name (an event, a law)."""
    name = text[s:e]
    words = [_norm(w) for w in name.split()]
    low = " ".join(words)
    lex = _lexicons()
    if is_demonym(name):
        return "NORP", True
    if (len(words) == 1 and re.search(r"(?:ian|ean|ese|ish)$", words[0]) and words[0] not in lex["first_names"]
            and not _is_place(words[0])
            and (m := re.match(r"^\s([a-z]+)\b", text[e:e + 30])) and m.group(1) in lex["dictionary"]
            and not re.search(r"(?:ed|s)$", m.group(1))):
        return "NORP", True  # "Victorian blouse", "Amazonian rainforest": an adjective before its noun
    if low in INSTITUTION_PLACES:
        return "ORG", True
    if _is_place(low) or low in lex["state_abbrev"]:
        return "GPE", True
    content = [w for w in words if not ROMAN.match(w)] or words
    if content[-1] in EVENT_WORDS and len(words) > 1:
        return None, True
    if words[-1] in ORG_WORDS or (words[0] in ORG_FIRST_WORDS and len(words) > 1) or "&" in name:
        return "ORG", True
    if PARTY_MEMBERS.match(words[-1]) and (len(words) == 1 or words[0] not in lex["first_names"]
                                           or words[0] in GROUPS):
        return "ORG", True
    if len(words) > 1 and words[0] in DIRECTIONS and _is_place(" ".join(words[1:])):
        return "LOC", True
    if len(words) > 1 and words[0] in {"northern", "southern", "eastern", "western", "central"}:
        return "LOC", True  # Eastern Slavonia: a region named by its direction
    if (words[-1] in LOC_WORDS and len(words) > 1) or (words[0] in LOC_FIRST_WORDS and len(words) > 1):
        return "LOC", True
    if low in known:
        return known[low], True
    ctx = _context_type(text, s, e)
    letters = [ch for ch in name if ch.isalpha()]
    if 2 <= len(letters) <= 5 and " " not in name and name.replace(".", "").replace("-", "").isupper():
        # an acronym that is not a place (NPR, NATO); longer capitals are datelines or headlines
        return ("GPE", True) if ctx == "GPE" and re.match(r",\s+[A-Z]", text[e:e + 3]) else ("ORG", True)
    if ARABIC_NAME.search(name):
        return "PERSON", True
    if words[0] == "the":
        return "ORG", True  # "The Legend", "The Daily Star": no person's name starts with "The"
    if len(words) > 1 and words[0] in lex["first_names"] and ctx != "ORG":
        return "PERSON", True
    prev = re.findall(r"[\w.]+", text[max(0, s - 15):s])
    weak_ctx = ctx == "GPE" and bool(prev) and _norm(prev[-1]) in LOC_PREPOSITIONS - STRONG_LOC_PREPOSITIONS
    if org_heads and low in org_heads and (not ctx or weak_ctx):
        return org_heads[low], True  # "Renong" after "Renong Bhd"; strong context ("in Tromsdal") outweighs it
    if ctx:
        return ctx, True
    if len(words) == 1 and words[0] in lex["first_names"]:
        return "PERSON", True
    if PLACE_SUFFIX.search(words[-1]):
        return "GPE", False
    if len(words) == 1:
        # news introduces people with their full name first (handled by `known`), so a lone unknown word with
        # no title and no speech verb is more often a place
        return "GPE", False
    if len(words) >= 2 and all(w[:1].isalpha() for w in words):
        return "PERSON", False  # two or more capitalised words with no organisation or place evidence
    return ("ORG" if text[max(0, s - 4):s].lower() == "the " else "PERSON"), False


_NAME_WORD = r"[A-Z][\w’'-]*\.?"


def _extend(text: str, sp: tuple, starts: set[int]) -> tuple:
    """Grow a span over name words the chunker left out: a capitalised word glued on ("Anita Moen-Guidon"),
    a capital "The" that is part of the name ("The Associated Press"), "Institute of" before it, and the rest
    of a dateline in capitals ("LOS ANGELES")."""
    s, e, label = sp
    lex = _lexicons()
    if _norm(text[s:e]) in TITLES:
        return sp  # a title alone ("Mr." chunked apart from "O'Neill") is dropped later, never grown into the name
    while m := re.match(rf" ({_NAME_WORD})(?=[\s,;:)”]|$)", text[e:e + 40]):
        w = _norm(m.group(1))
        if w in CALENDAR or w in TITLES or is_demonym(m.group(1)) or (w in lex["dictionary"] and w not in ORG_WORDS
                                                         and not text[s:e].isupper()):
            break
        e += m.end()
    if text[max(0, s - 4):s] == "The " and s - 4 not in starts and label != "NORP":
        s -= 4  # "with The Associated Press": a capital The inside a sentence belongs to the name
    m = re.search(r"(?:^|\s)((?:[A-Z][\w-]+ )*[A-Z][\w-]+ (?:of|for|on) (?:the )?)$", text[max(0, s - 60):s])
    if m and _norm(m.group(1).split()[0]) in ORG_WORDS | ORG_FIRST_WORDS | {"republic", "kingdom", "confederation",
                                                                             "chamber", "commission", "registrar"}:
        s -= len(m.group(1))
        label = "ORG" if _norm(m.group(1).split()[0]) not in {"republic", "kingdom"} else "GPE"
    return (s, e, label)


def _repeated_name(text: str, word: str, starts: set[int]) -> bool:
    """A word the document writes capitalised inside sentences at least twice and never in lower case ("Moro" in a
    story about Aldo Moro): a name, even if the dictionary also has it."""
    inside = [m for m in re.finditer(rf"\b{re.escape(word)}\b", text) if m.start() not in starts
              and not re.search(r"(?:^|[.!?“\"‘]\s*|\n\s*)$", text[max(0, m.start() - 3):m.start()])]
    return len(inside) >= 2 and re.search(rf"\b{re.escape(word.lower())}\b", text) is None


def _common_word(text: str, s: int, e: int, starts: set[int], name_words: set[str]) -> bool:
    """A one-word candidate that is a common word capitalised only by its position, not a name: a title on its
    own, a word the same document also writes in lower case ('Opposition' / 'the opposition'), or a dictionary
    word ('Thousands', 'Detectives') that is neither a first name, a place, nor part of a longer name in the
    document ('Brown' after 'Gordon Brown' stays)."""
    word = text[s:e]
    if " " in word or not word[:1].isupper():
        return False
    low = _norm(word)
    if low in INSTITUTION_PLACES:
        return False
    if low in TITLES or re.fullmatch(r"[A-Z]{2,5}s", word):
        return True  # a title alone; a plural acronym ("NGOs", "MPs") names a class of things, not one
    lex = _lexicons()
    if (low in lex["dictionary"] and low not in lex["first_names"] and not _is_place(low)
            and low not in name_words and _norm(text[max(0, s - 5):s].split()[-1] if text[max(0, s - 5):s].split()
                                                 else "") not in TITLES
            and not _repeated_name(text, word, starts)):
        return True
    if s in starts and _common_noun(low) and not _is_place(low) and low not in _lexicons()["first_names"]:
        return True  # "Born in 1950, …", "Hope is …": capitalised because it starts the sentence
    return re.search(rf"(?<![.!?“\"]\s)(?<!^)\b{re.escape(low)}\b", text) is not None


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from nltk.corpus import stopwords

    return frozenset(stopwords.words("english"))


IRREGULAR_PLURALS = {"men": "man", "women": "woman", "children": "child", "people": "person"}


def _common_noun(low: str) -> bool:
    """A common English word, or its plural, or a hyphenated compound of them ("Thousands", "Fire-fighters")."""
    dictionary = _lexicons()["dictionary"]
    parts = low.split("-")
    return all(p in dictionary or IRREGULAR_PLURALS.get(p, "") in dictionary
               or p.endswith("men") and p[:-3] + "man" in dictionary
               or p.endswith("ed") and (p[:-2] in dictionary or p[:-1] in dictionary)
               or p.endswith("s") and (p[:-1] in dictionary or p.endswith("es") and p[:-2] in dictionary
                                       or p.endswith("ies") and p[:-3] + "y" in dictionary) for p in parts if p)


def _shouted_words(name: str) -> bool:
    """Several words in capitals that are all common words ("THE MATERIALS CONTAINED HEREIN"): shouting, not a
    name; a place ("NEW YORK") or an organisation's head word ("UNITED NATIONS") keeps it."""
    words = [_norm(w) for w in name.split()]
    if len(words) == 1 and len(words[0]) >= 6 and name.isupper() and _common_noun(words[0]):
        return True  # "HEREIN", "WARNING": a long word in capitals that is a common word (acronyms are shorter)
    return (len(words) > 1 and name.isupper() and all(_common_noun(w) for w in words)
            and not _is_place(" ".join(words)) and words[-1] not in ORG_WORDS)


def recognize(text: str) -> list[dict]:
    """Named entities of ``text``: [{"start", "end", "text", "label"}] in text order,
    labels PERSON, ORG, GPE, LOC or NORP."""
    if not isinstance(text, str):
        raise TypeError(f"recognize() needs the text as a str, not {type(text).__name__}")
    chunks, starts = _chunks(text)
    # the chunker misses names that start with a lower-case particle: add them, joined to a name just before
    for m in ARABIC_NAME.finditer(text):
        chunks = [c for c in chunks if not (c[0] < m.end() and m.start() < c[1])]
        chunks.append((m.start(), m.end()))
    chunks.sort()
    starts |= {m.end() for m in DATELINE_END.finditer(text)}
    fixed = []  # spans whose type their own pattern gives
    for m in BASED.finditer(text):
        fixed.append((m.start(1), m.end(1), "GPE"))
    stop = _stopwords()
    for m in CAPS_COMPANY.finditer(text):
        words = _words(text, m.start(1), m.end(1))
        k = max((i + 1 for i, w in enumerate(words) if _norm(w[2]) in stop), default=0)
        if k < len(words) - 1:
            fixed.append((words[k][0], m.end(1), "ORG"))
    for m in LEGISLATURE.finditer(text):
        if m.start() not in starts and all(c == m.span() for c in chunks if c[0] < m.end() and m.start() < c[1]):
            fixed.append((m.start(), m.end(), "ORG"))
    chunks = [c for c in chunks if not any(c[0] < fe and fs < c[1] for fs, fe, _ in fixed)]
    spans = _repair(text, chunks)
    spans = [sp for sp in spans if not any(sp[0] < fe and fs < sp[1] for fs, fe, _ in fixed)]
    spans = sorted(spans + fixed)
    # "Ms. del Ponte": a particle before a name after a title belongs to the name
    spans = [(s - len(m.group(1)), e, lab) if (m := re.search(r"\b(?:" + "|".join(TITLES) + r")\.? ((?:"
             + "|".join(PARTICLES) + r") )$", text[max(0, s - 20):s], flags=re.I)) else (s, e, lab)
             for s, e, lab in spans]
    # "del Ponte said", "Carla del Ponte": a name particle before a name belongs to it (with a first name before)
    joined = []
    for s, e, lab in spans:
        m = re.search(r"(?:(?<![\w.])([A-Z][\w’'-]+) )?\b((?:" + "|".join(NAME_PARTICLES) + r") )$", text[max(0, s - 40):s])
        if m and lab is None and not _is_place(_norm(text[s:e])):
            first = m.group(1)
            if first and _norm(first) in _lexicons()["first_names"] and _norm(first) not in TITLES:
                s0 = s - len(m.group(1)) - 1 - len(m.group(2))
            elif first:
                s0 = None  # "Universidad de Chile", "Banco di Roma": not a person's particle
            else:
                s0 = s - len(m.group(2))
            if s0 is not None:
                joined = [sp for sp in joined if not (sp[0] < e and s0 < sp[1])]
                joined.append((s0, e, "PERSON"))
                continue
        joined.append((s, e, lab))
    spans = joined
    spans = [_extend(text, sp, starts) if sp[2] != "NORP" and sp not in fixed else sp for sp in spans]
    name_words = {_norm(w) for s, e, _ in spans if " " in text[s:e] for w in text[s:e].split()}
    spans = [sp for sp in spans if sp[2] == "NORP" or sp in fixed
             or not _common_word(text, sp[0], sp[1], starts, name_words)]
    spans = [sp for sp in spans if not _shouted_words(text[sp[0]:sp[1]])]
    spans = [sp for k, sp in enumerate(spans) if not any(  # an extension may swallow a neighbour
        o[0] <= sp[0] and sp[1] <= o[1] and o != sp for o in spans)]
    # "(D-Ohio)", "(BN-Kuala Pilah)" after a legislator's name: a party's initials, then the place represented
    split = []
    for s, e, lab in spans:
        m = re.match(r"([A-Z]{1,5})-([A-Z][\w.’' ]*)$", text[s:e])
        if m and text[s - 1:s] == "(" and text[e:e + 1] in ")," and lab != "NORP":
            if len(m.group(1)) > 1:
                split.append((s, s + len(m.group(1)), "ORG"))
            split.append((s + m.start(2), e, "GPE"))
        else:
            split.append((s, e, lab))
    spans = split
    known: dict[str, str] = {}
    org_heads: dict[str, str] = {}  # an organisation's first word; the last word of a name typed PERSON by default
    out, strength = [], []
    for s, e, label in spans:
        strong = True
        if label is None:
            label, strong = _type(text, s, e, known, org_heads)
            if label is None:
                continue  # an event or a law (World Cup, Penal Code): not a name IEER or the course types
        name = text[s:e]
        words = [_norm(w) for w in name.split()]
        if label in ("PERSON", "ORG") and len(words) > 1:
            # later short forms of this name (a surname; a company without "Corp." or its first word) take its type
            if label == "PERSON" and strong:
                known.setdefault(words[-1], label)
            else:  # weaker: the words around a later mention outweigh it
                org_heads.setdefault(words[-1] if label == "PERSON" else words[0], label)
            known.setdefault(" ".join(words), label)
            if label == "ORG":
                core = [w for w in words if w not in {"corp", "inc", "co", "ltd", "plc", "llc", "&", "cos"}]
                known.setdefault(" ".join(core), label)
        out.append({"start": s, "end": e, "text": name, "label": label})
        strength.append(strong)
    # a person's surname that the chunker missed elsewhere ("Moro was abducted" after "Aldo Moro") is a mention too
    surnames = {ent["text"].split()[-1] for ent, strong in zip(out, strength) if ent["label"] == "PERSON" and strong
                and " " in ent["text"]
                and len(ent["text"].split()[-1]) > 2 and ent["text"].split()[-1][:1].isupper()}
    for name in sorted(surnames):
        for m in re.finditer(rf"(?<![\w.-]){re.escape(name)}(?![\w-])", text):
            if not any(ent["start"] < m.end() and m.start() < ent["end"] for ent in out):
                out.append({"start": m.start(), "end": m.end(), "text": name, "label": "PERSON"})
                strength.append(True)
    order = sorted(range(len(out)), key=lambda k: out[k]["start"])
    out, strength = [out[k] for k in order], [strength[k] for k in order]
    # second pass, over the whole document: a short form seen before its full name takes the full name's type,
    # and a name typed by a fallback takes the type that evidence gave the same name elsewhere in the document
    votes: dict[str, Counter] = {}
    for ent, strong in zip(out, strength):
        if strong and ent["label"] != "NORP":
            votes.setdefault(" ".join(_norm(w) for w in ent["text"].split()), Counter())[ent["label"]] += 1
    for ent, strong in zip(out, strength):
        low = " ".join(_norm(w) for w in ent["text"].split())
        if ent["label"] == "NORP" or _is_place(low):
            continue
        if low in known and ent["label"] != known[low]:
            ent["label"] = known[low]
        elif not strong and low in votes:
            ent["label"] = votes[low].most_common(1)[0][0]
    return out


def to_coarse(entities: list[dict], drop_norp: bool = True) -> list[tuple[int, int, str]]:
    """(start, end, PERSON|ORGANIZATION|LOCATION) for scoring against newswire gold such as IEER."""
    return [(e["start"], e["end"], COARSE.get(e["label"], e["label"])) for e in entities
            if not (drop_norp and e["label"] == "NORP")]
