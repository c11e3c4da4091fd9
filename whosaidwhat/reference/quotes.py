"""Who said what: find quotations, attribute them, and find reported speech.

The course's reference attribution, given to students after assignment 2 and
used by assignments 3 and 4.  It works on any English news text:

    >>> attribute("“We will win,” said Ana Silva, according to a party statement.")[0]["speaker"]
    'Ana Silva'

With ``actors=True`` (the default, for the article) speakers are resolved to actor ids through
``whosaidwhat.reference.actors`` where the registry knows them ("Poutine" → "putin"); unknown people keep
their name.  With ``actors=False`` (any other text) the registry is not used: a speaker is the name as the
document gives it (the fullest earlier form when a quote gives only a surname or a pronoun) or the
description ("a government spokesman").
Rules, in brief (each is explained and built step by step in assignment 2):

* quote marks pair up left to right; an opening mark “ that stands after a
  space and before punctuation or the end of a line closes an open quote (a
  reversed closing mark);
* a quotation paragraph is a *headline* when it is a short subheading without end punctuation or comes
  before any body text; a quotation of six or more words that starts with a capital is *direct*; anything
  else is *partial*;
* sentences end at . ! ? but not after titles, initials and abbreviations (Mr., Sen., U.S., Jan., Inc.);
* the speaker comes from a cue verb (say, tell, acknowledge, tweet, argue, … in every tense) next to the
  quote: after it ("…,” Putin said / said Putin / a local worker, Yusuf Hamdan, told), before it
  ("Putin said: “…”", "As Ryan acknowledges: “…”"), or, for a partial quote, the subject of the last cue
  verb before it in the sentence, skipping time phrases and appositions ("Obama on Tuesday called …");
  otherwise "according to X";
* pronouns take the nearest person that is a subject in this or the previous sentences (he/she skip
  people of the other known gender); the subject may be a described person ("A company spokesman said …
  “…,” he said"; "the chairwoman" is the person earlier named with that role) or the source of an inverted
  cue or "according to X"; a gender, known from a first name, a title, an apposition ("the mayor's wife") or
  an earlier pronoun, picks among people sharing a surname; "they" takes a group ("Thousands of farmers …")
  and "it" an organisation that is the subject before it;
* bracketed affiliations ("Rep. X (D., Mont.)"), dashed asides, appositions over several commas and manner
  adverbs may stand between a subject and its verb; a middle initial belongs to the name ("Ann B. Lee");
* a quotation without attribution continues the previous speaker (multi-paragraph quotes, stand-alone
  quotation paragraphs), or the speaker of reported speech just before it in its paragraph; headlines take
  the speaker of the body quotation they share most words with;
* the channel comes from "according to X", "quoted by X", a reporting clause
  ("The Kremlin said …"), or a speaker that is itself a news outlet;
* longer stories: a quotation left open at a paragraph end takes the speaker of its continuation; a stand-alone
  quotation paragraph belongs to the person the paragraph before is about; "he added" goes on with the last
  speaker; a definite role nobody had before ("the coach said") is the person just named as subject, and a
  person described first and named later gives the description's quotations the name; "X was quoted as
  saying" names X, not the medium; "X's promise of “…”" is X's; "For X, …: “…”" is X's view; a name is
  later taken up by its first word too ("Chen Wei" … "Chen said").
"""

from __future__ import annotations

import re

from ..text import paragraph_of as _para_of, paragraphs as _paragraphs
from .actors import normalize_name, registry

OPEN_MARKS, CLOSE_MARKS = "“\"", "”\""
# cue verbs as lemmas; every tense is generated below (said/says/say/saying, acknowledged/acknowledges …)
_CUE_LEMMAS = (
    "say tell add praise denounce describe qualify call thank warn insist stress declare announce claim argue note "
    "explain ask reply write urge accuse admit suggest promise vow condemn welcome acknowledge tweet respond joke "
    "recall concede complain predict testify observe remark comment state conclude contend assert maintain "
    "caution quip boast confirm deny estimate emphasize emphasise recount lament muse wonder shout cry scream "
    "whisper mutter charge counter retort answer continue agree disagree reiterate report protest plead pledge "
    "declare advise inform assure reassure explain threaten demand order recommend complain criticize criticise "
    "blast slam hail reckon object interject sigh allege read quote propose refer dub label term chant cite "
    "aver remind believe think feel find snap"
)
_IRREGULAR = {"think": ["thought"], "feel": ["felt"], "find": ["found"], "aver": ["averred"], "say": ["said"], "tell": ["told"], "write": ["wrote", "written"], "plead": ["pleaded", "pled"],
              "quip": ["quipped"], "slam": ["slammed"], "read": ["read"], "dub": ["dubbed"],
              "label": ["labeled", "labelled"]}



# the speaker-phrase linking of assignment 2's exercise 6, released with a3 (here, not in actors.py, which a2 has)
_INDEFINITE = re.compile(r"^(?:a|an|some|one|another|several|many|few|two|three|four|five)\s", re.I)


def resolve_phrase(reg, phrase: str) -> str | None:
    """The actor a longer phrase names through its longest known run of words, leftmost first
    ('Russian Vladimir Poutine' → 'putin').  An indefinite phrase names nobody known, and a generic
    alias counts only when it is the whole phrase: resolve_phrase(reg, 'a government spokesman') is None."""
    if not phrase or _INDEFINITE.match(phrase.strip()):
        return None
    words = phrase.split()
    for n in range(len(words), 0, -1):
        for i in range(len(words) - n + 1):
            run = " ".join(words[i:i + n])
            actor = reg.resolve(run)
            if actor and (n == len(words) or normalize_name(run) not in reg.generic):
                return actor
    return None

# verbs whose stressed last syllable doubles the final consonant before -ed and -ing
_DOUBLED = {"admit", "refer", "quip", "slam", "dub", "snap", "aver", "commit", "regret", "submit", "omit", "permit", "rebut",
            "confer", "prefer"}


def _forms(lemma: str) -> set[str]:
    """say → say, says, saying, said; argue → argues, arguing, argued; reply → replies, replying, replied."""
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        regular = {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    elif lemma.endswith("e"):
        regular = {lemma + "s", lemma + "d"}
    else:
        regular = {lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x")) else "s"), lemma + "ed"}
    ing = (lemma[:-1] if lemma.endswith("e") and not lemma.endswith("ee") else lemma) + "ing"
    if lemma in _DOUBLED:  # a stressed final syllable doubles its consonant: admitted, admitting, referred
        regular = {lemma + "s", lemma + lemma[-1] + "ed"}
        ing = lemma + lemma[-1] + "ing"
    past = set(_IRREGULAR.get(lemma, []))
    if past:  # said, told, wrote: the regular past does not exist
        regular = {w for w in regular if not w.endswith("d")} | past
    return {lemma, ing} | regular


_CUE_SET = {f for lemma in _CUE_LEMMAS.split() for f in _forms(lemma)}
_CUE_FORMS = sorted({f for lemma in _CUE_LEMMAS.split() for f in _forms(lemma)}, key=lambda w: (-len(w), w))
# verbs with a particle that report a reply ("he shot back", "she fired back"), tried before the one-word verbs
_PHRASAL_CUES = r"(?:shot|shoots|fired|fires|hit|hits)\s+back"
CUE_VERBS = _PHRASAL_CUES + "|" + "|".join(_CUE_FORMS)
# bare base forms and gerunds that are also common nouns or adjectives ("a call", "the state") are cues only
# right after a subject, never when we search a sentence for the last cue before a quotation
_NOUNY = {"call", "state", "report", "note", "comment", "promise", "welcome", "claim", "charge", "answer", "order",
          "demand", "protest", "pledge", "counter", "estimate", "object", "cry", "sigh", "joke", "tweet", "blast", "slam",
          "hail", "continue", "stress", "reply", "vow", "warning", "calling", "continuing", "hailing", "remarks", "reports",
          "states", "calls", "claims", "comments", "notes", "promises", "charges", "answers", "orders", "demands",
          "protests", "pledges", "estimates", "objects", "jokes", "tweets", "counters", "replies", "vows", "cries", "chant",
          "chants", "chanting"} - {"call", "calls"}
_BASE_CUES = {"say", "tell", "ask", "add", "write", "insist", "argue", "warn", "explain", "agree", "admit", "predict",
              "complain", "recall", "concede", "acknowledge", "contend", "maintain", "respond", "read", "cite", "believe", "think", "feel"}
_LEMMA_SET = set(_CUE_LEMMAS.split())
_LEFT_CUES = _PHRASAL_CUES + "|" + "|".join(f for f in _CUE_FORMS if f not in _NOUNY and (f not in _LEMMA_SET or f in _BASE_CUES))
# verbs of belief report the subject's view when "that" and a quotation follow ("X holds that … “…”")
_BELIEF_THAT = "holds?|held|expects?|expected|hopes?|hoped|fears?|feared|suspects?|suspected|knows?|knew|figures?|figured"
_NOUNY_CUES = "|".join(sorted((f for f in _NOUNY if f in _CUE_SET), key=lambda w: (-len(w), w)))
ADDRESSEE_VERBS = {"told", "tells", "thanked", "thanks", "asked", "urged", "tell", "ask", "informed", "assured", "advised"}
MEDIA_WORDS = re.compile(r"\b(?:agency|television|TV|radio|newspaper|news|channel|broadcaster|daily|press)\b", re.I)
PRONOUNS = {"he", "she", "they", "it"}
TITLES = {"president", "minister", "prime", "foreign", "defense", "defence", "secretary", "general", "chancellor",
          "king", "prince", "crown", "senator", "governor", "mayor", "ambassador", "spokesman", "spokeswoman",
          "commander", "envoy", "leader", "chief", "deputy", "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen",
          "col", "lt", "capt", "sgt", "adm", "rev", "prof", "professor", "judge", "justice", "chairman",
          "chairwoman", "director", "executive", "officer", "attorney", "analyst", "economist", "manager",
          "vice", "sheik", "sheikh", "pope", "queen", "father", "sister", "brother", "coach", "lawyer", "rabbi",
          "bishop", "cardinal", "representative", "commissioner", "superintendent", "inspector", "detective",
          "sergeant", "captain", "colonel", "lieutenant", "admiral", "major", "treasurer", "counsel", "founder",
          "president-elect", "premier", "finance", "interior", "trade", "state", "labor", "justice", "health"}
# abbreviations written with a period that stand before a name ("Mr. Smith", "Sen. Dole")
_TITLE_ABBREV = r"(?:Messrs|Mmes|Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Adm|Rev|Gen|Cmdr|Maj|Supt|Insp|Det|Msgr|Fr|St)\."
# words that open a sentence or a clause never continue a name ("… in the U.S. His mother …")
_NOT_NAME_WORD = r"(?!(?:His|Her|He|She|It|Its|They|Their|We|Our|This|That|These|Those|But|And|Or|So|Yet|If|When|While|Then|There)\b)"
_NAME_WORD = (rf"{_NOT_NAME_WORD}(?:{_TITLE_ABBREV}|(?:[A-Z]\.){{1,3}}(?=[^\S\n]+(?:[A-Z]|(?:van|von|de|da|del|der|den|di|bin|ibn)\s))|(?:Jr|Sr)\.|[A-Z](?:[\w’'-]|\.(?=\w))*|al-\w+|al -\w+|el-\w+"
              r"|(?:bin|ibn|de|da|van|von|der|den|del|la|le|di)(?![\w’'-]))")  # "U.S" but not "Monday."
_FIRST_WORD = rf"(?<![\w’'&-])(?:{_TITLE_ABBREV}|(?:[A-Z]\.){{1,3}}(?=[^\S\n]+(?:[A-Z]|(?:van|von|de|da|del|der|den|di|bin|ibn)\s))|[A-Z](?:[\w’'-]|\.(?=\w))*|al-\w+|al -\w+|el-\w+)"
# a name starts with a capitalised word (or al-/el-), never with a bare particle
NAME = rf"{_FIRST_WORD}(?:[^\S\n]+{_NAME_WORD})*"  # names never run over a paragraph break
# a speaker noun phrase: a name, a pronoun, or a short description ("the Russian leader", "Syrian state television")
_LOWER = rf"(?![a-z]+n[’']t\b)(?!(?:because|although|since|than|if|when|it|he|she|they|we|you|also|later|then|have|has|had|and|but|that|who|which|for|to|of|in|on|at|by|with|from|is|was|were|are|be|been|being|will|would|can|could|may|might|should|must|does|did|do|{_LEFT_CUES})\b)[a-z][\w’'-]*"
_DET = r"(?:[A-Z][\w-]*(?:’s|'s)|[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Tt]wo|[Tt]hree|[Ss]ome|[Mm]any|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)"
SPEAKER = (
    rf"(?<![\w’'-])(?:(?:[Tt]he\s+)?(?:[A-Z][\w-]*\s+)*(?:{_LOWER}\s+){{0,3}}{NAME}"  # the Syrian state news agency SANA
    rf"|(?:[Tt]he\s+)?(?:[A-Z][\w-]*\s+)+{_LOWER}(?:\s+{_LOWER}){{0,2}}"  # Syrian state television
    rf"|{_DET}\s+(?:(?:[A-Z][\w.’'-]*|{_LOWER}|\d[\w.,-]*)\s+){{0,3}}{_LOWER}"  # the Russian leader, a local rescue worker, the 7-foot center
    rf"(?:\s+(?:for|of|at|with|from|in)\s+(?:(?:the|an?)\s+)?(?:{NAME}|(?:{_LOWER}\s+){{0,2}}{_LOWER}))?"  # a spokesman for Lorillard
    r"|[Hh]e|[Ss]he|[Tt]hey|[Ii]t)"
)


def quote_pairs(text: str) -> list[tuple[int, int | None]]:
    """(open, close) offsets of the quote marks, left to right, per paragraph.
    close is None when a quotation is never closed in its paragraph."""
    pairs = []
    for p_start, p_end in _paragraphs(text):
        open_at = None
        for i in range(p_start, p_end):
            ch = text[i]
            if open_at is None:
                if ch in OPEN_MARKS:
                    open_at = i
            elif ch in CLOSE_MARKS:
                pairs.append((open_at, i))
                open_at = None
            elif ch == "“":
                # an opening mark after a space and before punctuation/end closes the quote (reversed mark)
                after = text[i + 1:i + 2]
                if text[i - 1:i].isspace() and (after == "" or after in ".,;:!?\n"):
                    pairs.append((open_at, i))
                    open_at = None
        if open_at is not None:
            pairs.append((open_at, None))
    return pairs


def _content(text, o, c, para_end):
    start, end = o + 1, (c if c is not None else para_end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end




def quote_kind(text: str, start: int, end: int) -> str:
    """headline, direct or partial for the quotation whose content is text[start:end]."""
    p_start, p_end = _para_of(text, start)
    outside = (text[p_start:start - 1] + text[end + 1:p_end]).strip(" .“”\"")
    if not outside:
        return "headline"
    content = text[start:end]
    return "direct" if len(content.split()) >= 6 and content[:1].isupper() else "partial"


def find_quotations(text: str) -> list[dict]:
    out = []
    for o, c in quote_pairs(text):
        _, p_end = _para_of(text, o)
        s, e = _content(text, o, c, p_end)
        if e > s:
            out.append({"start": s, "end": e, "text": text[s:e], "kind": quote_kind(text, s, e), "open": o, "close": c})
    return out




def _span(text, start, end):
    return {"start": start, "end": end, "text": text[start:end]}


def _resolve(np_text: str | None):
    """An actor id for a speaker phrase, trying shorter endings ('Russian Vladimir Poutine' → 'Vladimir Poutine')."""
    if not np_text:
        return None
    # the longest run of words the registry knows, leftmost first (never a generic word inside a phrase)
    actor = resolve_phrase(registry(), np_text)
    if actor:
        return actor
    name = _name_part(np_text)  # an unknown person: 'Iraqi Prime Minister Mustafa al-Kadhimi' → 'Mustafa al-Kadhimi'
    if name:
        return name
    if re.match(r"(?:[Aa]n?|[Tt]he)\s", np_text):
        return np_text  # a description ('a government spokesman', 'the Iranian leader') stays as written
    names = re.findall(NAME, np_text)
    name = names[-1] if names else np_text
    # an unknown person: drop leading demonyms and titles ("Iraqi Prime Minister Mustafa al-Kadhimi")
    words = name.split()
    cut = max((i + 1 for i, w in enumerate(words[:-1]) if w.lower() in TITLES or re.search(r"(?:ian|ish|ese|i)$", w)), default=0)
    return " ".join(words[cut:])


def _channel_of(text, sent_start, sent_end, speaker_np):
    sent = text[sent_start:sent_end]
    m = re.search(r"\baccording to (?:a |an |the )?(?P<src>(?:[A-Z][\w-]*\s*)+?)(?:\s*statement)?(?=[\s,.]|$)", sent)
    if m:
        return _resolve(m.group("src").strip()), _span(text, sent_start + m.start(), sent_start + m.end())
    m = re.search(r"\bquoted by (?P<src>(?:[A-Z][\w-]*\s+)*[a-z]*\s*[\w-]+)", sent)
    if m:
        return _resolve(m.group("src").strip()), _span(text, sent_start + m.start(), sent_start + m.end())
    m = re.match(rf"\s*(?P<src>{SPEAKER})\s+said\s+(?!that\b)(?=[a-z]*[A-Z]|al-|the\b|he\b|she\b)", sent)
    if m and speaker_np and m.group("src") != speaker_np and _resolve(m.group("src")) != _resolve(speaker_np):
        return _resolve(m.group("src")), _span(text, sent_start + m.start("src"), sent_start + m.end())
    if speaker_np and MEDIA_WORDS.search(speaker_np) or (speaker_np and speaker_np.isupper() and len(speaker_np) > 2):
        return _resolve(speaker_np), None
    return None, None


def _clean_np(np_text):
    np_text = _LEADING.sub("", np_text.strip(" ,")) or np_text.strip(" ,")
    np_text = re.sub(r"^(?:and|but|while|as|then|so)\s+", "", np_text)
    return np_text.strip()


# ---------------------------------------------------------------- sentences
# abbreviations whose period never ends a sentence (a title or an initial stands before a name)
_NEVER_END = re.compile(rf"(?:(?<![\w.])(?:{_TITLE_ABBREV[3:-3]})|(?<![\w.])[A-Z]|\bSt|\bMt|\bFt|\bNo|\bvs|\bJan|\bFeb|\bMar|\bApr"
                        r"|\bJun|\bJul|\bAug|\bSept?|\bOct|\bNov|\bDec)\.$")
# abbreviations that end a sentence only when a usual sentence opener follows ("… Inc. The company …")
_MAYBE_END = re.compile(r"(?:\b(?:Inc|Corp|Co|Ltd|Bros|Jr|Sr|etc|Calif|Mass|Conn|Fla|Ill|Pa|Va|Wash|Mich|Ariz|Colo|Tenn"
                        r"|Ky|La|Md|Mo|Neb|Nev|Okla|Ore|Wis|Ga|Ala|Ark|Del|Kan|Miss|Minn|Tex|Ind)|(?:[A-Z]\.)+[A-Z])\.$")
_OPENERS = {"the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those", "but", "and",
            "in", "on", "at", "for", "if", "when", "while", "as", "after", "before", "there", "his", "her", "its",
            "their", "our", "some", "many", "most", "one", "such", "yet", "so", "still", "however", "meanwhile", "also"}


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence: paragraphs split after . ! ? (and a closing quote mark) before a
    capital or an opening mark, except after titles, initials and abbreviations (Mr., Sen., U.S., Jan.)."""
    out = []
    for p_start, p_end in _paragraphs(text):
        start = p_start
        for m in re.finditer(r"[.!?][”\"’]?(?:\s+)(?=[“\"‘(]?[A-Z0-9])", text[p_start:p_end]):
            end = p_start + m.start() + 1
            before = text[max(p_start, end - 12):end]
            nxt = re.match(r"[“\"‘(]?([A-Za-z]+)", text[p_start + m.end():p_end])
            if text[end - 1] in "?!" and re.match(r"[”\"’]", m.group()[1:]) and _ATTRIBUTION_NEXT.match(text, p_start + m.end() - 1):
                continue  # "“Why?” Mr. Watson asks.": the attribution belongs to the quotation
            if text[end - 1] == ".":
                if _NEVER_END.search(before):
                    continue
                if _MAYBE_END.search(before) and not (nxt and nxt.group(1).lower() in _OPENERS):
                    continue
            out.append((start, p_start + m.end() - (len(m.group()) - len(m.group().rstrip()))))
            start = p_start + m.end()
        if start < p_end:
            out.append((start, p_end))
    return out


def _sentence_of(spans, i):
    for s, e in spans:
        if s <= i <= e:
            return s, e
    return i, i


# ---------------------------------------------------------------- names and persons
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|April|May|June|July|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
# adverbs, time phrases and settings that may stand between a subject and its verb
_FILLER = (
    r"(?:also|later|then|again|still|only|further|repeatedly|recently|previously|once|earlier|often|never|simply|"
    r"publicly|privately|flatly|bluntly|quickly|firmly|finally|yesterday|today|tonight|last\s+night|"
    # any manner adverb ("X fetchingly called …"), but not the nouns and adjectives in -ly ("the family said")
    r"(?!(?:family|supply|rally|ally|assembly|monopoly|belly|bully|reply|apply|comply|imply|early|only|daily|"
    r"weekly|monthly|quarterly|yearly|holy|ugly|silly|lonely|friendly|elderly|likely|unlikely|costly|deadly|"
    r"orderly|lovely|curly|burly|jolly|wily|oily|sly|homely|kindly|lowly|manly|timely|woolly)\b)[a-z]{3,}ly|"
    r"has|have|had|would|will|could|may|might|should|did|does|do|has\s+been|once|"
    rf"(?:on|last|this|next|early|late|by|since|until)\s+(?:{_WEEKDAY}|{_MONTH}\s*\d*|week|month|year|night|morning|afternoon|evening|weekend)"
    r"(?:\s+(?:morning|afternoon|evening|night))?|"
    rf"{_WEEKDAY}|(?:in|on)\s+{_MONTH}(?:\s+\d+)?|"
    r"(?:in|at|during)\s+(?:a|an|the|his|her|their|its)\s+(?:\w+\s+){0,2}(?:statement|interview|speech|letter|"
    r"conference|briefing|meeting|hearing|news\s+conference|press\s+conference|address|session|telephone\s+interview))"
)
_FILLERS_AT_END = re.compile(rf"(?:[\s,]+{_FILLER})+[\s,]*$")
# the words after “…?” that attribute the quotation (a name or a description, then a cue verb)
_ATTRIBUTION_NEXT = re.compile(rf"\s+(?:(?:{_TITLE_ABBREV}\s+)?(?:[A-Z][\w’'-]*\s+){{0,3}}|[a-z]+\s+|the\s+\w+\s+)(?:{_FILLER}\s+)?(?:{_LEFT_CUES})\b")
_LEADING = re.compile(r"^(?:(?:And|But|Or|Nor|As|While|When|So|Yet|Still|Meanwhile|However|Now|Then|Instead|Indeed|Also|Later|"
                      r"Nevertheless|Nonetheless|Moreover|Furthermore|Besides|Thus|Therefore|Similarly|Likewise|Finally|"
                      r"In|On|At|After|Before|Since|Although|Though|If|Because|Even|For)\b[\s,]+)+")


def _names():
    """First names from NLTK's names corpus: {name: {'male'}, …}."""
    global _NAME_GENDER
    if _NAME_GENDER is None:
        _NAME_GENDER = {}
        try:
            from nltk.corpus import names

            for gender in ("male", "female"):
                for n in names.words(f"{gender}.txt"):
                    _NAME_GENDER.setdefault(n, set()).add(gender)
        except LookupError:  # without the corpus a name simply has no known gender
            pass
    return _NAME_GENDER


_NAME_GENDER = None
_ENGLISH = None


def _english():
    """Lower-case English words (NLTK's words corpus): a capitalised common word opening a sentence
    ('Hairdresser Milanka Milentijevic') is not part of the name."""
    global _ENGLISH
    if _ENGLISH is None:
        try:
            from nltk.corpus import words

            _ENGLISH = {w for w in words.words("en") if w.islower()}
        except LookupError:
            _ENGLISH = set()
    return _ENGLISH
_NOT_PERSON = re.compile(
    r"\b(?:Inc|Corp|Co|Ltd|Company|Corporation|Bank|Group|Association|University|College|School|Party|Ministry|"
    r"Department|Council|Committee|Commission|Court|Agency|Union|Institute|Foundation|Church|Army|Police|Force|"
    r"Service|Board|Office|Administration|Congress|Senate|House|Parliament|Street|Avenue|River|City|County|State|"
    r"States|Kingdom|Republic|Island|Islands|Airport|Hospital|Center|Centre|Exchange|Market|Fund|Trust|Times|Post|"
    r"News|Journal|Press|Television|Radio|Network|Airlines|Motors|Industries|Securities|Partners|Associates|Systems|"
    r"International|National|Federal|Reserve|Assembly|Convention|Organization|Organisation|Square|Park|Road|Bridge|"
    r"Hall|Palace|Valley|Mountains?|Lake|Sea|Ocean|Province|District|Region|Coast|Beach|Bay|Cup|Games|Olympics|"
    r"Prize|Award|Day|War|Revolution|Act|Plan|Program|Programme|Project|Festival|Museum|Library|Stadium|Tower|"
    r"Building|Station|Port|Harbor|Gulf|Desert|Forest|Zone|Front|Movement|Liberation|Democratic|Justice|Communist|"
    r"Socialist|Republican|Democrat|Democrats|Republicans|Islamic|Christian|Jewish|Muslim|Catholic|Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|June|July|August|September|October|"
    r"November|December|Bancorp|Holdings|Capital|Financial|Investors|Brands|Technologies|Communications|Airways|"
    r"Electric|Energy|Oil|Petroleum|Steel|Chemical|Pharmaceuticals|Fed|Treasury|Pentagon|Kremlin|Vatican)\b")
_PLACES = None
# organisation and place words that are also common surnames ('Linda Park', 'Peter Hall', 'Emily Post')
_SURNAME_TOO = {"Park", "Hall", "Day", "Post", "Church", "House", "Lake", "Bridge", "Court", "Street", "Bay", "Price"}


def _org_like(name: str) -> bool:
    """Whether a name holds an organisation or place word (so it names no person).  A first name followed by
    one such word that is also a common surname is a person's name: 'Linda Park', not 'Central Park'."""
    words = (name or "").split()
    rest = [w for w in words if w not in _SURNAME_TOO]
    if (len(words) >= 2 and rest and len(rest) < len(words) and not _NOT_PERSON.search(" ".join(rest))
            and any(w in _names() or re.fullmatch(r"[A-Z][a-z]+-[a-z]+", w) for w in rest)):
        return False  # 'Linda Park', 'Park Ji-hoon' (a Korean given name is often hyphenated)
    return _NOT_PERSON.search(name or "") is not None


def _places():
    global _PLACES
    if _PLACES is None:
        _PLACES = set()
        try:
            from nltk.corpus import gazetteers

            for f in ("countries.txt", "usstates.txt", "uscities.txt", "caprovinces.txt", "nationalities.txt"):
                _PLACES.update(gazetteers.words(f))
        except LookupError:
            pass
    return _PLACES


_COMMON = None


def _common_words() -> set[str]:
    """Function words and NLTK's basic English list ('the', 'new', 'old'): words that never open a name."""
    global _COMMON
    if _COMMON is None:
        try:
            from nltk.corpus import stopwords, words

            _COMMON = set(words.words("en-basic")) | set(stopwords.words("english"))
        except LookupError:
            _COMMON = set()
    return _COMMON


def _strip_title(name: str) -> str:
    """'Finance Minister Simeon Nyachae' → 'Simeon Nyachae'; 'Mr. Kibwana' → 'Kibwana' (keeps one-word names)."""
    words = name.split()
    cut = max((i + 1 for i, w in enumerate(words[:-1])
               if w.lower().strip(".") in TITLES or re.fullmatch(_TITLE_ABBREV, w)
               or (re.search(r"(?:ian|ish|ese|ean)$", w) and i + 2 <= len(words) - 1)), default=0)
    words = words[cut:]
    cut = max((i + 1 for i, w in enumerate(words[:-1]) if re.search(r"(?:’s|'s)$|^[A-Z][a-z]+-[a-z]+$", w)
               # a word before a first name is a descriptor ('Cartoonist Garry Trudeau'), but not a middle
               # initial or a word after a first name ('Ann B. Lee', 'Dorothy L. Sayers', 'Mary Grace Lee')
               # (a common word, or a word before a first name and a surname: 'Colm Brady' is a first name the
               # names corpus lacks before a surname it lists as a first name)
               or (words[i + 1] in _names() and w not in _names() and not re.fullmatch(r"(?:[A-Z]\.)+", w)
                   and (w.lower() in _english() or i + 2 < len(words))
                   and not any(v in _names() or re.fullmatch(r"(?:[A-Z]\.)+", v) for v in words[:i]))
               or w.lower() in _CUE_SET), default=0)
    words = words[cut:]
    # a common word opening a sentence is no part of the name ('Hairdresser Milanka Milentijevic')
    while len(words) > 2 and words[0].lower() in _english() and words[0] not in _names():
        words = words[1:]
    # (of two words, only a word shaped like a role or a quality goes: 'Rival Carr', 'Hairdresser Milentijevic';
    # the words corpus also lists rare words that are given names: 'Amani Toomer', 'Lech Walesa')
    if (len(words) == 2 and words[0].lower() in _english() and words[0] not in _names() and words[0].lower() not in ("de", "van", "von")
            and (re.search(r"(?:er|or|ist|ian|an|ant|ent|man|woman|ive|al|ic|ed|ing)$", words[0]) or words[0].isupper()
                 or words[0].lower() in _common_words())):
        words = words[1:] if words[1] not in _names() else words
    while len(words) > 2 and re.fullmatch(r"(?:Jr|Sr)\.?", words[-1]):
        words = words[:-1]
    out = " ".join(words)
    return re.sub(r"(?:’s|'s|’|')$", "", out)


def _gender(name: str, title: str = "") -> str | None:
    if re.match(r"Mr\b", title or name):
        return "male"
    if re.match(r"(?:Mrs|Ms|Miss)\b", title or name):
        return "female"
    first = _strip_title(name).split()[0] if _strip_title(name) else ""
    g = _names().get(first)
    return next(iter(g)) if g and len(g) == 1 else None


def _is_person(name: str, known: set[str]) -> bool:
    """Whether a capitalised name looks like a person: a known first name, a title before it, or a
    person met earlier in the document; never an organisation or place word."""
    core = _strip_title(name)
    # an organisation word inside the name makes it no person, but one only in a title before a person's name
    # does not ('Police Chief Ray Donovan', 'Federal Reserve Chairman Alan Greenspan')
    titled = core != name and len(core.split()) >= 2
    if not core or _org_like(core if titled else name) or core in _places():
        return False
    if core in known or core.split()[-1] in known:
        return True
    if re.match(rf"{_TITLE_ABBREV}|(?:President|Senator|Governor|Mayor|Judge|Minister)\b", name):
        return True
    words = core.split()
    if any(w in _places() for w in words) or re.search(r"(?:ian|ese|ish)$", words[0]):
        return False
    return len(words) >= 2 and (words[0] in _names() or all(w[:1].isupper() or w in ("de", "van", "von", "bin", "ibn", "al") for w in words))


# abbreviated titles and the role nouns a later description uses for the same person
_TITLE_WORDS = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general", "dr": "doctor",
                "prof": "professor", "lt": "lieutenant", "col": "colonel", "capt": "captain", "sgt": "sergeant",
                "adm": "admiral", "rev": "reverend", "det": "detective", "insp": "inspector", "supt": "superintendent",
                "cmdr": "commander", "maj": "major"}


class _People:
    """The people a document names, in order: canonical full names, surnames, genders."""

    def __init__(self):
        self.full: list[str] = []  # full names, first mention first
        self.gender: dict[str, str] = {}
        self.roles: dict[str, str] = {}  # 'judge' → the person last named with that title or apposition
        self.titled: set[str] = set()  # people named with a title before the name

    def add_roles(self, canon: str, raw: str, after: str) -> None:
        """Remember the titles before a name ('District Judge Raul Ramirez') and the head of an apposition
        after it ('Joe Watson, the prosecutor in the case'), so that 'the judge' can refer back."""
        core = _strip_title(raw)
        for w in raw[:max(0, raw.rfind(core))].split() if core and core in raw else []:
            if len(w) > 2:
                self.roles[w.lower().strip(".")] = canon
            # an abbreviated title names the role in full later ("Sen. Ann Lee … the senator said")
            if w.lower().strip(".") in _TITLE_WORDS:
                self.roles[_TITLE_WORDS[w.lower().strip(".")]] = canon
        m = re.match(r"\s*,\s*(?:the|a|an|his|her)\s+(?P<np>[\w’'-]+(?:\s+[\w’'-]+){0,3}?)(?=\s+(?:of|for|at|in|with|from|who|and)\b|\s*[,.])", after)
        if m:
            head = m.group("np").split()[-1].lower()
            self.roles[head] = canon
            # an apposition of known gender tells the person's ("Milica Boskovic, the director's wife")
            g = "female" if head in _FEMALE_NOUNS else "male" if head in _MALE_NOUNS else None
            if g:
                self.gender.setdefault(canon, g)

    def add(self, name: str, title: str = "") -> str:
        core = _strip_title(name)
        if not core:
            return name
        g = _gender(name, title)
        canon = self.canonical(core, g)
        if core != name.strip() and re.match(rf"{_TITLE_ABBREV}|[A-Z][a-z]+\s", name) and name.split()[0].lower().strip(".") in TITLES:
            self.titled.add(canon)  # 'Sen. Leahy': a title makes even a one-word name a person
        if canon == core and len(core.split()) >= 2 and core not in self.full:
            self.full.append(core)
        if g:
            self.gender.setdefault(canon, g)
        return canon

    def canonical(self, name: str, gender: str | None = None) -> str:
        """The fullest earlier name ending with this one's last word ('Kibwana' → 'Kivutha Kibwana').
        When two people share the surname, a known gender (from 'Mrs.', 'Mr.' or a pronoun) picks the one
        who is not of the other gender ('Mrs. Boskovic' → 'Milica Boskovic', not 'Boban Boskovic')."""
        core = _strip_title(name)
        if not core:
            return name
        words = core.split()
        if len(words) > 1:
            return core  # already a full name ('Mary Marchand' is not 'Mary Beth Marchand')
        longer = {f for f in self.full if f.split()[-1] == words[-1] and set(words) <= set(f.split())}
        maximal = {f for f in longer if not any(f != g and set(f.split()) <= set(g.split()) for g in longer)}
        if len(maximal) > 1:
            other = {"male": "female", "female": "male"}.get(gender or "")
            same = [f for f in maximal if gender and self.gender.get(f) == gender]
            fits = [f for f in maximal if other and self.gender.get(f) != other]
            # two people share the surname ('Boban Boskovic', 'Milica Boskovic'): the one of the right gender,
            # else keep what is written
            return same[0] if len(same) == 1 else fits[0] if len(fits) == 1 else core
        if not longer:
            # no earlier name ends with the word: the one earlier full name that opens with it, written family
            # name first ('Chen Wei' … 'Chen said') or a person later called by the given name ('Rosa Delgado' …
            # 'Rosa said')
            first = {f for f in self.full if f.split()[0] == words[0]}
            if len(first) == 1:
                return first.pop()
        return max(longer, key=len) if longer else core

    def describe(self, np_text: str) -> str:
        """A definite description naming a role met earlier is that person ('the judge' → 'Raul A. Ramirez');
        any other description stays as written ('A Vexor spokesman')."""
        m = re.fullmatch(r"[Tt]he\s+(?:[\w-]+\s+){0,2}(?P<head>[A-Za-z]+)", np_text or "")
        if m and m.group("head").lower() in self.roles:
            return self.roles[m.group("head").lower()]
        return np_text

    def known(self) -> set[str]:
        return set(self.full) | {f.split()[-1] for f in self.full}


# common irregular past tenses, which a subject may govern as well as a verb in -ed ("Suharto spoke …")
_IRREGULAR_PAST = ("spoke|met|made|took|gave|went|came|left|won|lost|got|saw|knew|held|led|fled|flew|began|became|"
                   "sent|spent|stood|ran|fought|brought|bought|sat|kept|thought|felt|heard|sought|struck|drew|grew|"
                   "threw|wore|rose|fell|broke|chose|forgot|hid|meant|paid|sold|taught|understood|woke|won")
# an apposition between a subject and its verb may run over up to three commas
# ("William Rothe, head of trading at Brown & Sons, in Baltimore, said")
_VERB_AFTER = rf"(?:\s+(?:of|from)\s+(?:the\s+)?{NAME})?(?:\s*,[^,“”\"]{{1,80}}(?:,[^,“”\"]{{1,40}}){{0,2}},)?\s+(?:{_FILLER}\s+)*(?:{_LEFT_CUES}|[a-z]{{2,}}ed|(?!(?:this|its|was|has|his|is|as)\b)[a-z]{{2,}}s|was|is|has|had|will|would|could|can|[a-z]+n[’']t|{_IRREGULAR_PAST})\b"


def _person_mentions(text, start, end, people, subjects=False):
    """(offset, canonical name, is_subject) of the people named in text[start:end], leftmost first.
    A one-word name counts as a person when it is the subject of a verb ('Okello, 26, said …')."""
    out = []
    for m in re.finditer(NAME, text[start:end]):
        name = _LEADING.sub("", m.group())
        if not name:
            continue
        after = text[start + m.end():end]
        prefix = text[start:start + m.start()]
        # a possessive ("Wedtech's principals") modifies a noun: it is no subject of the verb after it
        has_verb = (re.match(_VERB_AFTER, re.sub(r"^\s*,\s*\d{1,3}\s*,", "", after)) is not None
                    and not re.search(r"(?:’s|'s|s’|s')$", m.group()))
        # a name in apposition closed by a comma before the verb is the subject: "His lawyer, Ann Lee, said …"
        has_verb = has_verb or (re.search(r"\w\s*,\s*$", prefix) is not None and re.match(
            rf"\s*,\s+(?:{_FILLER}\s+)*(?:{_LEFT_CUES}|[a-z]{{2,}}ed)\b", after) is not None)
        # a name in apposition after a person noun ("His wife, Helen, took a job …") is a person, the subject of
        # the verb after the second comma, and of the noun's gender
        appo = re.search(r"\b(?:[Hh]is|[Hh]er|[Tt]heir|[Tt]he|[Aa]n?|[A-Z][\w-]*(?:’s|'s))\s+(?:[\w-]+\s+){0,2}(?P<noun>[a-z]+)\s*,\s*$", prefix)
        appositive = bool(appo and (appo.group("noun") in PERSON_NOUNS or appo.group("noun") in _FEMALE_NOUNS | _MALE_NOUNS)
                          and re.match(r"\s*,\s+(?!and\b|or\b|but\b)[a-z]{2,}\b", after))
        has_verb = has_verb or appositive
        # a capitalised plural of a common noun opening a sentence ("Detectives arrested …") names no person
        plural_noun = name.endswith("s") and (re.sub(r"ies$", "y", name.lower()) in _english()
                                              or name.lower()[:-1] in _english())
        person = _is_person(name, people.known()) or (appositive and name in _names()) or (
            has_verb and len(name.split()) == 1 and name.lower() not in _english() and not plural_noun
            and not _NOT_PERSON.search(name)
            and name not in _places() and name.rstrip("s") not in _places() and not name.isupper())
        if not person or re.match(r"\s*(?:&|,?\s+(?:Inc|Corp|Co|Ltd|LLC|PLC|L\.P)\b)", after):
            continue  # "Merrill Lynch & Co.", "Dow Chemical Inc.": a firm named after people
        # the subject: the sentence opens with it (after capitalised descriptors) or a verb follows it; the
        # source after an inverted cue or "according to" is the subject of the reporting clause
        # ("…, says Ann Lee, an analyst." / "…, according to Ann Lee."), so a later pronoun can take it too
        subject = (has_verb or re.fullmatch(r"(?:(?:[A-Z][\w’'-]*|the|a|an|[Ii]n|[Oo]n|[Aa]t)[\s,]+)*", prefix) is not None
                   or re.search(rf"(?:\b(?:{CUE_VERBS})|\b[Aa]ccording\s+to)\s+$", prefix) is not None)
        canon = people.add(name, name)
        people.add_roles(canon, name, after)
        if appositive and _noun_gender(appo.group()):
            people.gender.setdefault(canon, _noun_gender(appo.group()))
        out.append((start + m.start(), canon, subject))
    return out


# ---------------------------------------------------------------- speaker phrases
def _pick_np(chunk: str, at_end: bool) -> str | None:
    """The speaker phrase at the end (or start) of a chunk of words."""
    chunk = re.sub(r"(?<![A-Z])[.;:!?]$", "", chunk.strip(" ,"))
    if not chunk:
        return None
    if not at_end:
        # 'a Venture Economics spokesman', 'the MITI official': a determiner, capitalised modifiers (an
        # organisation's name) and a person noun make a description, not a person's name
        m = re.match(rf"(?P<d>(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother)\s+(?:[A-Z][\w&.’'-]*\s+){{1,4}}(?:[a-z][\w-]*\s+){{0,2}}(?P<head>[a-z]+))(?=\s+(?:of|for|at|with|from|in)\s|$)", chunk)
        if m and m.group("head") in PERSON_NOUNS:
            return m.group("d")
        # 'eminent English fashion historian Colin McDowell' (words before a name, up to a preposition)
        # 'Secretary of State Madeleine Albright', 'Minister of Finance Paul Martin': a title "of" a domain, then
        # the name (the domain word is itself a title word and is dropped with it)
        m = re.fullmatch(rf"(?:[A-Z][\w.-]*\s+)*?(?:{'|'.join(sorted(w.title() for w in TITLES))})\s+of\s+(?:the\s+)?"
                         rf"(?P<rest>[A-Z][\w-]*\s+{NAME})", chunk)
        if m and _name_part(m.group("rest")) and len(_name_part(m.group("rest")).split()) >= 2:
            return m.group("rest")
        head = re.split(r"\s+(?:of|from|at|for|with|in|who|which)\s+", chunk)[0]
        m = re.fullmatch(rf"(?:[\w’'.-]+\s+){{0,6}}?(?P<n>{NAME})", head)
        if m and _name_part(head):
            return head
    if at_end:
        # 'the scholarly Mark McCormick of Des Moines': the person, not the place after "of"
        m = re.search(rf"(?<![\w’'-])(?P<n>{NAME})\s+(?:of|from)\s+(?:the\s+)?{NAME}$", chunk)
        if m and len(_strip_title(m.group("n")).split()) >= 2 and not _NOT_PERSON.search(m.group("n")):
            return _clean_np(m.group("n"))
    m = (re.search(rf"(?P<spk>{SPEAKER})$", chunk) if at_end else re.match(rf"(?P<spk>{SPEAKER})", chunk))
    return _clean_np(m.group("spk")) if m else None


def _name_part(np_text: str | None) -> str | None:
    """The name that ends a speaker phrase: 'eminent English fashion historian Colin McDowell' → 'Colin McDowell',
    'legislator Mohammed Beydoun' → 'Mohammed Beydoun', 'Gov. Nelson Rockefeller of New York' → 'Nelson Rockefeller'."""
    if not np_text or np_text.lower() in PRONOUNS:
        return None
    head = re.split(r"\s+(?:of|from|at|for|with|in)\s+", np_text)[0]
    m = re.search(rf"(?:^|\s)(?P<n>{NAME})$", head)
    if not m or re.match(r"(?:[Tt]he|[Aa]n?)\s", np_text) and (not m.start() or len(m.group("n").split()) == 1):
        return None  # 'The White House', 'a Wilton (money manager)': a description, not a person's name
    name = _strip_title(m.group("n"))
    if not name or name.lower() in TITLES or (m.start() and not re.fullmatch(r"(?:[\w’'-]+\s+){0,5}", head[:m.start() + 1])):
        return None
    return name


def _is_name(np_text: str | None) -> bool:
    return bool(np_text) and re.fullmatch(NAME, _strip_title(np_text) or "") is not None and np_text.lower() not in PRONOUNS


def _ends_sentence(zone: str) -> bool:
    """Whether words hold a sentence end (. ! ? ; :), ignoring the periods of titles and initials."""
    zone = re.sub(rf"(?<![\w’'-])(?:{_TITLE_ABBREV}|(?:[A-Z]\.)+|(?:Jr|Sr|Inc|Corp|Co|Ltd)\.)", "X", zone)
    return bool(re.search(r"[.;:!?]\s", zone))


# a quantity opening "One of the organizers" is no name
_QUANTITY = (r"(?!(?:One|Some|Many|Most|Several|Two|Three|Four|Five|Few|All|Each|None|Any|Both|Either|Neither|Half|"
             r"Much|Other|Others)\b)")


def _pure_np(chunk: str) -> str | None:
    """The chunk itself when it is one speaker phrase ('Mr. McFall', 'a local rescue worker', 'John Smith, 45')."""
    chunk = re.sub(r"^(?:and|but|or|nor|as|while|And|But|Or|Nor|As|While)\s+", "", chunk.strip())
    chunk = re.sub(r"\s+\d{1,3}$", "", chunk)
    if re.match(r"(?:[Ii]n|[Oo]n|[Aa]t|[Ff]or|[Ff]rom|[Bb]y|[Ww]ith|[Aa]fter|[Bb]efore|[Dd]uring|[Ss]ince|[Uu]ntil|[Tt]o|[Oo]f|"
                r"[Ii]f|[Ww]hen|[Ww]hile|[Aa]lthough|[Bb]ecause|[Tt]hen|[Nn]ow|[Yy]et)\b", chunk):
        return None
    if _LEADING.fullmatch(chunk + " ") or re.fullmatch(_FILLER, chunk.lower()):
        return None  # a sentence adverb before its comma ("Later, a spokeswoman, Ann Lee, said") is no speaker
    m = re.fullmatch(rf"(?P<spk>{SPEAKER})", chunk) or re.fullmatch(rf"(?![A-Z][a-z]+(?:ed|ing)\s){_QUANTITY}(?P<spk>{NAME})\s+(?:of|from|at|with)\s+.+", chunk)
    return m.group("spk") if m and chunk.lower() not in PRONOUNS else None


def _subject_before(zone: str) -> str | None:
    """The subject at the end of the words before a cue verb, skipping adverbs, time phrases
    ('Obama on Tuesday') and appositions ('Bill X, general counsel to Y,'; 'a local rescue worker, Yusuf Hamdan,')."""
    if re.search(r",\s*$", zone) and not re.search(r",\s*$", _FILLERS_AT_END.sub("", zone)):
        # "X, a worker who lost his job in March, said": the time phrase ends the apposition, not the subject
        chunks = re.sub(r",\s*$", "", zone).split(",")
        names = [n for n in map(_pure_np, chunks) if n and _name_part(n)]
        if len(chunks) >= 2 and names:
            return names[0]
    zone = _FILLERS_AT_END.sub("", zone)
    # "Or, as Dorothy Arighi, …": a conjunction is no subject (a preposition still marks a setting: "In Beirut, X")
    zone = re.sub(r"^\s*(?:(?:Or|Nor|And|But|Yet|So)\b[\s,]+)+", "", zone) or zone
    zone = re.sub(r"[\s,]*$", "", zone) + ("," if re.search(r",\s*$", zone) else "")
    if zone.endswith(","):
        # "HEAD, APPOSITION," : the comma-chunks that are whole speaker phrases; the name nearest the verb
        # ("Michio Sasaki, an official at Keidanren," → Michio Sasaki), else the first description
        chunks = [c for c in zone[:-1].split(",")]
        nps = [_pure_np(c) for c in chunks]
        names = [n for n in nps if n and _name_part(n)]
        if names:
            return names[0]
        descriptions = [n for n in nps if n]
        if descriptions:
            return descriptions[0]
        return _pick_np(chunks[-1], at_end=True)
    return _pick_np(zone, at_end=True)


def _speaker_after_cue(rest: str) -> str | None:
    """The speaker after an inverted cue ('said the company's president, John Smith')."""
    rest = re.sub(rf"^\s*(?:{_FILLER}[\s,]+)*", "", rest)
    chunks = [c.strip() for c in rest.split(",")]
    first = _pick_np(chunks[0], at_end=False) if chunks else None
    if first and chunks and re.match(rf"{NAME}(?:’s|'s)\s+[a-z]", chunks[0]):
        first = chunks[0]  # "Pakistan's foreign minister, Gohar Ayub Khan": a possessive opens a description
    if first and not _is_name(first) and len(chunks) > 1:
        second = _pick_np(chunks[1], at_end=False)
        if second and _is_name(second) and re.fullmatch(rf"{re.escape(second)}\W*", chunks[1]):
            return second
    return first


# nouns for what a person says or writes: "X's words", "X's promise of “…”"
_SPEECH_NOUNS = ("words|phrase|message|vision|promise|pledge|call|claim|warning|statement|remarks?|comments?|speech|"
                 "letter|testimony|assertion|argument|prediction|slogan|motto|plea|demand|vow|description|"
                 "characterization|advice|answer|reply|response|question|complaint|accusation|declaration|"
                 "announcement|verdict|assessment|explanation|memo|note|order|instructions?|boast|joke|quip|refrain")
_ACCORDING = re.compile(rf"\b[Aa]ccording to\s+(?P<src>{SPEAKER})")


# a source quoted by a medium: "Interfax quoted Yeltsin as saying", "Yeltsin was quoted (by Interfax) as saying"
_QUOTED_AS = re.compile(
    rf"\bquoted\s+(?P<spk>{SPEAKER})\s+as\s+(?:saying|telling|writing)\b"
    rf"|(?P<spk2>{SPEAKER})\s+(?:was|were|is|has\s+been|had\s+been)\s+(?:also\s+)?quoted\s+(?:by\s+[^,“”\"]{{1,60}}?\s+)?"
    rf"as\s+(?:saying|telling|writing)\b")


def _speaker_around(text, q, sent_start, sent_end):
    """(speaker phrase, cue span, addressee phrase) from the words around a quotation."""
    close_end = (q["close"] + 1) if q["close"] is not None else q["end"]
    right = text[close_end:sent_end]
    left = text[sent_start:q["open"]]
    # "X was quoted as saying" / "the agency quoted X as saying": X is the speaker, the quoting medium a channel
    for zone, base in ((left, sent_start), (right, close_end)):
        m = _QUOTED_AS.search(zone)
        if m and not re.search(r"[“”\"]", zone[m.end():] if base == sent_start else zone[:m.start()]):
            g = "spk" if m.group("spk") else "spk2"
            return _clean_np(m.group(g)), _span(text, base + m.start(), base + m.end()), None
    # after the quote, inverted: ", said Putin" / ", said the company's president, John Smith"
    # words after a quotation attribute it when the quotation ends its clause: a comma, ?, ! inside or after the
    # mark, or a quotation that opens the sentence (not "… in teacher X's remark that …")
    # (a sentence adverb before the quotation does not count: 'Still, “…” said X')
    ends_clause = bool(re.search(r"[,?!—-]$", q["text"]) or re.match(r"[\s’'-]*,", right)
                       or not _LEADING.sub("", left.strip(" “\"‘(") + " ").strip(" ,“\"‘("))
    m = re.match(rf"[\s,’'-]*(?:{_FILLER}\s+)?(?P<cue>{CUE_VERBS})\b(?P<rest>.*)", right, re.S)
    if m and ends_clause and not re.match(r"\s+(?:that|to|in|on|by|it|this)\b", m.group("rest")):
        spk = _speaker_after_cue(m.group("rest"))
        if spk:
            return spk, _span(text, close_end + m.start("cue"), close_end + m.end("cue")), None
    # after the quote: ", Putin told al-Assad" / ", a local rescue worker, Yusuf Hamdan, told"
    m = re.match(rf"[\s,’'-]*(?P<zone>[^“”\"]{{1,200}}?)(?<![\w’'-])(?P<cue>{_LEFT_CUES})\b(?:\s+(?P<addr>(?:[\w’'-]+\s+){{0,3}}[\w’'-]+))?",
                 right, re.S)
    if m and ends_clause and len(m.group("zone").split()) <= 20 and not _ends_sentence(m.group("zone")):
        zone = m.group("zone")
        spk = _subject_before(zone)
        if re.search(r",\s*$", zone) and not any(_pure_np(c) for c in zone.split(",")):
            # "… ” in Asia, says J. Michael Farren": the cue after a comma is inverted
            spk = _speaker_after_cue(right[m.end("cue"):]) or spk
        if spk and not re.fullmatch(rf"(?:{CUE_VERBS})", spk):
            cue = _span(text, close_end + m.start("cue"), close_end + m.end("cue"))
            addr = m.group("addr") if m.group("cue") in ADDRESSEE_VERBS else None
            return spk, cue, addr
    # "“…,” Mrs. Savic rails": a quotation ending in , ? ! is attributed by the subject of the next verb
    if re.search(r"[,?!]$", q["text"]):
        m = re.match(rf"[\s’'-]*(?P<spk>{SPEAKER})(?:\s*,[^,“”\"]{{1,80}}(?:,[^,“”\"]{{1,40}}){{0,2}},)?\s+(?:{_FILLER}\s+)*(?P<cue>[a-z]{{2,}}(?:ed|s))\b", right)
        if m and m.group("cue") not in ("is", "was", "has", "as", "its", "his", "this"):
            return _clean_np(m.group("spk")), _span(text, close_end + m.start("cue"), close_end + m.end("cue")), None
    # the sentence ends with an inverted attribution after its last quotation mark ("“The report” released on
    # Friday “makes a cut likely” this month, said Lena Fisk."): every quoted fragment of the sentence is hers
    tail_at = max(text.rfind(mk, close_end - 1, sent_end) for mk in "“”\"") + 1
    tail_at = max(tail_at, close_end)
    m = re.search(rf",\s*(?P<cue>said|says|adds|added|notes|noted|argues|argued|explains|explained)\s+(?P<rest>[^“”\"]+?)\s*[.!?]?\s*$",
                  text[tail_at:sent_end])
    if m and not re.search(r"[.;!?]\s", text[tail_at:tail_at + m.start()]):
        spk = _speaker_after_cue(m.group("rest"))
        if spk and _name_part(spk):
            return spk, _span(text, tail_at + m.start("cue"), tail_at + m.end("cue")), None
    # a sentence opening with an inverted cue: "Says Gayle Key, a mathematics teacher, “…”"
    # (also after a conjunction: "But, says the manager of a local station, “…”")
    _inv = '|'.join(w for w in ('says', 'said', 'asks', 'asked', 'adds', 'added', 'writes', 'wrote', 'recalls', 'notes', 'explains'))
    m = re.match(rf"\s*(?:(?:But|And|Yet|Still|So|Or|Now|However)\s*,?\s+(?P<cue>{_inv})|(?P<cue2>{_inv.title()}))\s+(?!(?:about|whether|if|why|how|what|when|where|who|to|by|for|on|in)\b)(?P<rest>[^“”\"]+)", left)
    if m:
        spk = _speaker_after_cue(m.group("rest"))
        if spk:
            cue = "cue" if m.group("cue") else "cue2"
            return spk, _span(text, sent_start + m.start(cue), sent_start + m.end(cue)), None
    # before the quote: the subject of the last cue verb in the sentence ("As Ryan acknowledges: “…”")
    # (a cue word that is also a noun is a verb when "that" follows it: "X notes that", "Y charges that")
    # a verb of belief before an object and a quoted infinitive reports the subject's view too ("Mr. Evans
    # expects the storm “to take a hunk out of growth”")
    belief_to = rf"|(?:{_BELIEF_THAT}|wants?|wanted)(?=\s[^“”\".;]{{1,60}}$)" if re.match(r"to\s", q["text"]) else ""
    cues = list(re.finditer(rf"(?<![\w’'-])(?P<cue>{_LEFT_CUES}|(?:{_NOUNY_CUES}|{_BELIEF_THAT})(?=\s+that\b)|point(?:s|ed)?\s+out|puts?\s+it{belief_to})\b", left))
    # a possessive owner of a speech noun just before the quotation says it ("Mr. Reagan's vision of an “…”",
    # "Mrs. Lee's message to X was blunt: “…”"), unless a cue verb comes between them
    poss = None
    for pm in re.finditer(rf"(?<![\w’'-])(?P<owner>{NAME})(?:’s|'s|’|')\s+(?:[a-z][\w-]*\s+){{0,2}}(?:{_SPEECH_NOUNS})\b", left):
        poss = pm
    if (poss and len(left[poss.end():].split()) <= 8 and not re.search(r"[.;!?]\s", left[poss.end():])
            and (_is_person(_LEADING.sub("", poss.group("owner")), set()) or re.match(_TITLE_ABBREV, poss.group("owner")))
            and not (cues and cues[-1].start() > poss.end())):
        return _LEADING.sub("", poss.group("owner")), None, None
    if cues:
        c = cues[-1]
        # a clause starts after ; or : or a closing quote mark, but not after a scare quote of a few words
        # inside the sentence ('Carr, who rails at Statehouse “hacks” and nepotism, argued that …')
        scare = [m.end() for m in re.finditer(r"(?<=\w )“[^“”]{1,30}(?<![,.!?])”(?=\s+[a-z])", left[:c.start()])
                 if len(m.group().split()) <= 3]
        closes = [i for i in range(len(left[:c.start()])) if left[i] == "”" and i + 1 not in scare]
        clause_start = max(left.rfind(";", 0, c.start()), left.rfind(":", 0, c.start()),
                           max(closes, default=-1)) + 1
        subject_zone = left[clause_start:c.start()]
        # a dashed aside between the subject and the verb ("Mike Barnicle -- in his second attack -- averred")
        subject_zone = re.sub(r"\s+(?:--|—)\s[^“”\"]{1,100}?\s(?:--|—)\s*$", " ", subject_zone)
        spk = None
        participle = c.group("cue").endswith("ing") and re.search(r",\s*$", subject_zone)
        # "X asked … and, on hearing the answer, responded: “…”": a verb coordinated past an interrupting phrase
        # shares the clause's subject (found below), not a name inside the interruption
        interrupted = re.search(r"\band\s*,[^,“”\"]{1,80},\s*$", subject_zone)
        # "X, who heads the union, has said": a relative clause in apposition closes with a comma before the verb
        relative = re.fullmatch(rf"\s*(?P<np>[^,“”\"]+?),\s*(?:who|whose)\b[^,“”\"]*,(?:\s+{_FILLER})*\s*", subject_zone)
        if relative and _pure_np(_LEADING.sub("", relative.group("np").strip())):
            spk = _pure_np(_LEADING.sub("", relative.group("np").strip()))
        elif not participle and not interrupted and (not re.search(r"(?:^|\s)(?:and|,)\s*$", _FILLERS_AT_END.sub("", subject_zone))
                               or subject_zone.rstrip().endswith(",")):
            spk = _subject_before(subject_zone)
        inverted = re.match(rf"\s+(?P<spk>[^,“”\"]+?)\s*,", left[c.end():])
        if (not subject_zone.strip(" ,") or re.search(r",\s*$", subject_zone) and not spk or spk and re.fullmatch(r"[A-Z][a-z]+", spk)
                and spk.lower() in _english()) and inverted and _pure_np(inverted.group("spk")):
            spk = _pure_np(inverted.group("spk"))  # "Nevertheless, said Brenda Negus, editor of …, yields “…”"
        elif (inverted and c.start() > 0 and left[c.start() - 2:c.start()].strip() == ","
              and re.fullmatch(r"\s*", left[c.end() + inverted.end():]) and _name_part(_pure_np(inverted.group("spk")) or "")
              and c.group("cue") in _CUE_SET):
            # "…, said Mr. Seidman, “including fraud actions.”": an inverted cue right before the quotation
            spk = _pure_np(inverted.group("spk"))
        if (not spk or spk == "who") and re.search(r"\bwho\s+(?:[a-z]+ly\s+)?$", subject_zone):
            # "A. Donald Anderson, a 59-year-old Los Angeles investor who says …": the person named before "who"
            named = [n for n in (m.group() for m in re.finditer(NAME, subject_zone)) if _is_person(_LEADING.sub("", n), set())]
            spk = _LEADING.sub("", named[0]) if named else spk
        if not spk or re.fullmatch(r"(?:who|which|that)", spk):
            # a coordinated or participle verb ("described … and said", "appeared in person saying"):
            # the subject of the nearest earlier verb
            subjects = [mm for mm in re.finditer(
                rf"(?P<spk>{SPEAKER})(?:\s+(?:of|from)\s+{NAME})?(?:\s*,[^,“”\"]{{1,80}}(?:,[^,“”\"]{{1,40}}){{0,2}},)?\s+(?:{_FILLER}\s+)*(?:{_LEFT_CUES}|[a-z]{{2,}}ed|(?!(?:this|its|was|has|his|is|as)\b)[a-z]{{2,}}s|is|was|has|had|have|will|would|can|could|may|[a-z]+n[’']t)\b",
                left[clause_start:c.start()])]
            spk = _clean_np(subjects[0].group("spk")) if subjects else None
            if spk and not _name_part(spk) and subjects:
                # 'The vicar, W.D. Jones, refuses …, saying': the name in apposition to a description
                appo = re.match(rf"\s*,\s*(?P<n>{NAME})\s*,", left[clause_start + subjects[0].end("spk"):])
                if appo and _name_part(appo.group("n")):
                    spk = appo.group("n")
            if not spk and re.search(r"\band\s*(?:,[^,“”\"]{1,80},\s*)?$", left[:c.start()]):
                # "they sang … and chanted “…”": a verb coordinated with an irregular one shares the clause's
                # subject, the noun phrase that opens the clause (after an introductory phrase and its comma)
                m0 = re.match(rf"\s*(?:[^,“”\"]{{0,40}},\s*)?(?P<spk>{SPEAKER})\s+(?:{_FILLER}\s+)*[a-z]{{2,}}\b",
                              left[clause_start:c.start()])
                spk = _clean_np(m0.group("spk")) if m0 else None
        after = left[c.end():]
        am = re.match(r"\s+(?P<addr>(?:[\w’'-]+\s+){0,3}[\w’'-]+)", after) if c.group("cue") in ADDRESSEE_VERBS else None
        return spk, _span(text, sent_start + c.start(), sent_start + c.end()), (am.group("addr") if am else None)
    # "For X, the answer is simple: “…”", "To X, the plan is “a scam.”": the view framed as X's is X's
    m = re.match(rf"\s*(?:For|To)\s+(?P<spk>{NAME}),", left)
    if m and _is_person(m.group("spk"), set()):
        return m.group("spk"), None, None
    # a colon introduction without a cue verb ("as the coach put it: “…”"): the clause's subject
    if left.rstrip().endswith(":"):
        m = re.search(rf"(?P<spk>{SPEAKER})(?:\s*,[^,“”\"]{{1,80}}(?:,[^,“”\"]{{1,40}}){{0,2}},)?\s+(?:{_FILLER}\s+)*(?:[a-z]{{2,}}(?:ed|s)|put|wrote|said|is|was)\b",
                      _LEADING.sub("", left.strip()))
        if m:
            return _clean_np(m.group("spk")), None, None
    # "according to X" anywhere in the sentence
    m = _ACCORDING.search(text[sent_start:sent_end])
    if m:
        return _clean_np(m.group("src")), None, None
    return None, None, None


def _words(s):
    """Stems of the content words (so 'controls' matches 'Control')."""
    from nltk.stem import PorterStemmer

    stem = PorterStemmer().stem
    return {stem(w) for w in re.findall(r"[a-z]+", s.lower()) if len(w) > 3}


def _is_subhead(text, q):
    """A paragraph that is only a short quotation without end punctuation is a subheading
    ('“Complete liberation”'), not a quotation in the body."""
    return (q["kind"] == "headline" and q["close"] is not None and len(q["text"].split()) <= 8
            and not re.search(r"[.!?,;:…]$", q["text"]))


# nouns that name a person (or a group of people) by role: "a Vexor spokesman", "the student", "the MP";
# together with TITLES they let a description be the antecedent of a pronoun
PERSON_NOUNS = set(TITLES) - {"prime", "foreign", "defense", "defence", "finance", "interior", "trade", "state",
                                "labor", "health", "general", "vice", "crown", "executive", "major"} | {
    "spokesperson", "official", "student", "teacher", "member", "worker", "resident", "man", "woman", "boy", "girl",
    "mother", "wife", "husband", "son", "daughter", "owner", "investor", "trader", "legislator", "lawmaker",
    "policeman", "policewoman", "officer", "witness", "victim", "doctor", "nurse", "farmer", "driver", "soldier",
    "author", "writer", "editor", "reporter", "scientist", "researcher", "expert", "critic", "historian",
    "candidate", "voter", "customer", "employee", "head", "banker", "broker", "dealer", "specialist", "consultant",
    "adviser", "advisor", "aide", "diplomat", "mp", "politician", "activist", "official", "executive", "strategist",
    "partner", "physician", "surgeon", "engineer", "architect", "pilot", "priest", "monk", "nun", "actor",
    "actress", "singer", "player", "athlete", "businessman", "businesswoman", "entrepreneur", "publisher",
    "president", "vice-president", "chairman", "negotiator", "mediator", "prosecutor", "defendant", "plaintiff",
    "juror", "mayor", "councilman", "councilwoman", "congressman", "congresswoman", "refugee", "protester",
    "demonstrator", "leader", "founder", "manager", "spokesman", "spokeswoman", "analyst", "economist",
    "lawyer", "attorney", "director", "officer", "source", "observer", "planner", "designer", "ringer", "vicar"}
_FEMALE_NOUNS = {"spokeswoman", "woman", "girl", "mother", "wife", "daughter", "sister", "queen", "actress", "nun",
                 "chairwoman", "businesswoman", "policewoman", "congresswoman", "councilwoman", "mrs", "ms"}
_MALE_NOUNS = {"spokesman", "man", "boy", "father", "husband", "son", "brother", "king", "prince", "monk", "priest",
               "chairman", "businessman", "policeman", "congressman", "councilman", "mr", "sheik", "sheikh"}
def _noun_gender(np_text: str | None) -> str | None:
    """The gender a description's head noun tells ('her husband' → male, 'a spokeswoman' → female)."""
    head = re.sub(r"[^a-z]", "", (np_text or "").split()[-1].lower()) if (np_text or "").split() else ""
    if not re.match(r"(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[A-Z][\w-]*(?:’s|'s))\s", np_text or ""):
        return None  # a name, not a description
    return "female" if head in _FEMALE_NOUNS else "male" if head in _MALE_NOUNS else None


def _could_be_person(sp: str) -> bool:
    """Whether a quotation's speaker can be what 'he' or 'she' refers to: a person's name, or a description
    whose head is a person noun ('a company spokesman'), not a document or a group ('His speech', 'the report')."""
    if _org_like(sp):
        return False
    if re.match(r"(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Oo]ne|[Aa]nother|[A-Z][\w-]*(?:’s|'s))\s", sp):
        head = re.split(r"\s+(?:of|for|at|with|from|in)\s+", sp)[0].split()[-1].lower()
        return head in PERSON_NOUNS or head in TITLES or re.search(r"(?:man|woman|person|ist|ian|or|er)$", head) is not None
    return True


# a description that is the subject of a verb: determiner, up to three modifiers, a person noun (and "of/for/at X")
_DESCRIPTION_SUBJECT = re.compile(
    rf"(?<![\w’'-])(?P<np>(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[A-Z][\w-]*(?:’s|'s))\s+(?:[\w’'.-]+\s+){{0,3}}?"
    rf"(?P<head>[A-Za-z-]+))(?:\s+(?:of|for|at|with|from|in)\s+(?:the\s+)?(?:[A-Z][\w&.’'-]*\s*){{1,4}})?"
    rf"(?:\s*,[^,“”\"]{{1,60}},)?\s+(?:{_FILLER}\s+)*(?:{_LEFT_CUES}|[a-z]{{2,}}ed|(?!(?:this|its|was|has|his|is|as)\b)[a-z]{{2,}}s|was|is|has|had|will|would|could|can|[a-z]+n[’']t)\b")


def _description_subjects(text, start, end):
    """(offset, description, gender) of the descriptions of people that are the subject of a verb in
    text[start:end] ('A Vexor spokesman said …', 'The student surrendered …'): a pronoun can refer back to
    them even though they have no name."""
    out = []
    for m in _DESCRIPTION_SUBJECT.finditer(text, start, end):
        head = m.group("head").lower()
        if head not in PERSON_NOUNS and not re.search(r"(?:man|woman|person|ist|ian)$", head):
            continue  # not a person: "The report said …" (an organisation or a document is for "it")
        prefix = text[max(start, m.start() - 12):m.start()]
        if re.search(r"\b(?:to|of|for|by|with|from|at|on|in|than|like|told|asked)\s+$", prefix):
            continue  # the object of a preposition or a verb, not a subject
        g = "female" if head in _FEMALE_NOUNS else "male" if head in _MALE_NOUNS else None
        out.append((m.start(), m.group("np"), g))
    return out


_ORG_NOUNS = ("company|firm|agency|government|group|bank|ministry|department|party|report|newspaper|union|court|"
              "committee|council|board|organization|organisation|administration|army|police|airline|network|"
              "station|magazine|paper|institute|association|commission|exchange|fund|center|centre|statement")
_ORG_SUBJECT = re.compile(
    rf"(?<![\w’'-])(?P<np>(?:[Tt]he\s+)?(?:[A-Z][\w&.’'-]*[^\S\n]+){{0,4}}[A-Z][\w&’'-]*\.?"
    rf"|[Tt]he\s+(?:[\w’'-]+\s+){{0,2}}(?:{_ORG_NOUNS}))" + _VERB_AFTER)


def _it_antecedent(text, before, spans, people):
    """What 'it' refers to as a speaker: an organisation (a name that is no person's, or 'the company',
    'the report') that is the subject of a verb earlier in the sentence or in the previous one
    ('Control Data also said it is developing what it called a “supermainframe”')."""
    idx = next((k for k, (s, e) in enumerate(spans) if s <= before <= e), None)
    if idx is None:
        return None
    for k in range(idx, max(-1, idx - 2), -1):
        s, e = spans[k]
        for m in _ORG_SUBJECT.finditer(text, s, min(e, before)):
            np_text = _LEADING.sub("", m.group("np")).strip()
            if (not np_text or np_text.lower() in PRONOUNS or np_text.split()[0].lower() in ("it", "its", "this", "that")
                    or re.fullmatch(rf"{_WEEKDAY}|{_MONTH}", np_text)):
                continue
            if _is_person(np_text, people.known()) or np_text in people.known() or re.fullmatch(NAME, np_text) and _names().get(np_text.split()[0]):
                continue
            return np_text
    return None


def _pronoun_antecedent(text, pronoun, before, spans, people, speakers_at, max_back=4):
    """The nearest person a pronoun can refer to: the people (quotation speakers first, then the
    subject, i.e. the leftmost person) of the current sentence's earlier part and of the previous
    sentences, nearest sentence first; 'he'/'she' skip people of the other known gender."""
    want = {"he": "male", "she": "female"}.get(pronoun.lower())
    idx = next((k for k, (s, e) in enumerate(spans) if s <= before <= e), None)
    if idx is None:
        return None
    pending = None  # a definite description waiting for the named person it refers back to
    weak = None  # a one-word name of unknown gender that is no known person
    for k in range(idx, max(-1, idx - max_back - 1), -1):
        s, e = spans[k]
        e = min(e, before)
        if k < idx and re.match(rf"(?:[^,“”\"]{{0,40}},\s*)?{pronoun}\b", text[s:e], re.I):
            continue  # "In 1995, she fled …": the same pronoun is the subject, so the chain goes further back
        # speakers of quotations in the sentence (already people), then the people it names, leftmost first
        cands = [sp for off, sp in speakers_at if s <= off < e and _could_be_person(sp)][::-1]
        named = [(off, n) for off, n, subj in _person_mentions(text, s, e, people) if subj]
        # a description of a person as subject ('A Vexor spokesman said …') competes with the named subjects by
        # position (the leftmost subject is the most salient), unless a name stands in apposition to it
        described = []
        for off, d, g in _description_subjects(text, s, e):
            if any(off <= o <= off + len(d) + 40 for o, _ in named):
                continue
            appo = re.match(rf"\s*,\s*(?P<n>{NAME})\s*,", text[off + len(d):e])
            if appo and _name_part(appo.group("n")):  # "The author, William Stern, praises …": the name
                named.append((off, people.add(appo.group("n"), appo.group("n"))))
            else:
                described.append((off, d, g))
        gender_of = {d: g for _, d, g in described}
        # an age or a relative clause after a one-word name marks a person ("Okello, 26, said", "Vos, who …")
        strong = {n for off, n in named if re.match(rf"{NAME}\s*,\s*(?:who\b|whose\b|\d{{1,3}}\s*,)", text[off:e])}
        cands += [c for _, c in sorted(named + [(off, d) for off, d, _ in described])]
        for c in cands:
            if c not in gender_of and want and len(c.split()) == 1:
                c = people.canonical(c, want)  # a shared surname: the person of the pronoun's gender
            g = gender_of[c] if c in gender_of else people.gender.get(c) or _noun_gender(c)
            if not c or c.lower() in PRONOUNS or not (want is None or g in (None, want)):
                continue
            if c not in gender_of:
                if pending and (k < idx - 1 or len(c.split()) < 2):
                    return pending  # the named person must be a full name in the sentence just before
                if (want and len(c.split()) == 1 and c not in people.known() and c not in people.titled and g is None
                        and c not in strong
                        and c not in {sp for _, sp in speakers_at}):
                    # a lone capitalised word met as a subject ("Microsoft disputed …") may be a firm: a person
                    # already known in reach comes first, the word only when there is none
                    weak = weak or c
                    continue
                return c
            if pending:
                continue
            named_as = people.describe(c)
            if named_as != c:
                return named_as
            head = c.split()[-1].lower()
            if (k == idx and re.match(r"[Tt]he\s", c) and head in TITLES
                    and not re.search(rf"\b(?:an?|one|another)\s+(?:[\w’'-]+\s+){{0,3}}{re.escape(head)}\b", text[:before], re.I)):
                # a definite title description not introduced before, in the pronoun's own sentence ("Abdel
                # Fattah al-Sisi met … The Egyptian president praised what he called …") is the person named as
                # subject of the sentence just before, if there is one
                pending = c
                continue
            return c
    if pending:
        return pending
    if weak:
        return weak
    # nobody in reach as a subject: the nearest earlier quotation speaker, then the nearest person named
    for off, sp in reversed(speakers_at):
        if off < before and _could_be_person(sp) and (want is None or (people.gender.get(sp) or _noun_gender(sp)) in (None, want)):
            return sp
    for _, n, _ in reversed(_person_mentions(text, 0, before, _People())):
        if want is None or _gender(n) in (None, want):
            return people.canonical(n)
    return None


# roles that are seldom the person just named: a spokesman speaks for someone else, an aide or a lawyer works for them
_OTHER_ROLES = {"spokesman", "spokeswoman", "spokesperson", "aide", "official", "source", "lawyer", "attorney",
                "adviser", "advisor", "deputy", "assistant", "analyst", "witness", "officer", "counsel", "member",
                "worker", "resident", "man", "woman", "boy", "girl", "victim", "expert", "observer", "diplomat"}


def _role_antecedent(text, np_text, before, spans, people):
    """The person a definite description of a role refers to when nobody was given that role before: the named
    subject of the sentence just before (or of this sentence before the quotation), as news writes a second
    reference ("Yeltsin fired his cabinet. “…,” the Russian president said"; "Ann Lee … the coach said").
    Not when the role was introduced as someone new ("a coach"), nor for roles that speak for others."""
    m = re.fullmatch(r"[Tt]he\s+(?:[\w-]+\s+){0,3}(?P<head>[a-z]+)", np_text or "")
    if not m or m.group("head") in _OTHER_ROLES or not (m.group("head") in PERSON_NOUNS or m.group("head") in TITLES
                                                          or re.search(r"..(?:or|ist|ian)$", m.group("head"))):
        return None
    head = m.group("head")
    if re.search(rf"\b(?:an?|one|another)\s+(?:[\w’'-]+\s+){{0,3}}{head}\b", text[:before], re.I):
        return None
    want = _noun_gender(np_text)
    idx = next((k for k, (s, e) in enumerate(spans) if s <= before <= e), None)
    if idx is None:
        return None
    for k in (idx, idx - 1):
        if k < 0:
            break
        s, e = spans[k]
        named = [n for _, n, subj in _person_mentions(text, s, min(e, before), people) if subj
                 and (want is None or people.gender.get(n) in (None, want))]
        if named:
            return named[0]
    return None


# a short bracketed affiliation after a name ("Rep. Pat Holm (D., Mont.) said", "Lim Kit Siang (DAP-Tanjung)")
_AFFILIATION = re.compile(r"(?<=[A-Za-z.])(,?[^\S\n]*)\((?=[A-Z])[A-Za-z.,’' -]{1,30}\)(?=[\s,])")


# a wire story's dateline before its first sentence: "NAIROBI, Kenya (AP) _ ", "BEIJING (AP) -- "
_DATELINE = re.compile(r"^[A-Z][A-Z .’'-]+(?:,\s*[A-Z][\w. ]+)?\s*(?:\([A-Za-z ]+\)\s*)?(?:_|--|—|-)\s+")


def _mask_affiliations(text: str) -> str:
    """The text with short bracketed affiliations after a name blanked out (same length, so offsets hold):
    a party and state, a constituency or an agency between a name and its verb is no part of the attribution
    ("Rep. Pat Holm (D., Mont.) said" reads as "Rep. Pat Holm said")."""
    return _AFFILIATION.sub(lambda m: " " * len(m.group()), text)


def attribute(text: str, actors: bool = True) -> list[dict]:
    """Every quotation with kind, speaker, cue, channel and addressee.

    actors=True resolves speakers to the course's actor ids where its registry knows them (the article);
    actors=False (for any other text) returns the speaker's name as the document gives it, the fullest
    earlier form of it when the quote gives only a surname or a pronoun ('Kibwana', 'he' → 'Kivutha Kibwana'),
    or the description ('a government spokesman')."""
    if not isinstance(text, str):
        raise TypeError(f"attribute() needs the text as a str, not {type(text).__name__}")
    original, text = text, _mask_affiliations(text)
    quotes = find_quotations(text)
    for q in quotes:
        q["text"] = original[q["start"]:q["end"]]
    spans = sentence_spans(text)
    people = _People()
    speakers_at: list[tuple[int, str]] = []  # (offset of the quote, canonical speaker) for pronouns
    # paragraphs holding more than a quotation: a quotation paragraph after one of them is in the body
    body_starts = [s for s, e in _paragraphs(text) if re.sub(r"“[^”]*”?|\"[^\"]*\"?", "", text[s:e]).strip(" .“”\"\n")]
    last = None  # the previous attributed quotation
    scanned = 0  # people are registered from the text up to here
    paras = list(_paragraphs(text))

    def para_index(i):
        return next((k for k, (s, e) in enumerate(paras) if s <= i <= e), -1)

    def canon(np_text):
        if actors:
            return _resolve(np_text)
        name = _name_part(np_text)
        # (a one-word name that looks like a place is a person already named in full: 'Park' for 'Park Ji-hoon')
        if name and (not _org_like(name) or len(name.split()) == 1 and people.canonical(name) != name):
            return people.add(name, np_text)
        # a definite description naming a role met earlier: 'the judge' → 'Raul A. Ramirez'
        m = re.fullmatch(r"[Tt]he\s+(?:[\w-]+\s+){0,2}(?P<head>[a-z]+)", np_text or "")
        if m and m.group("head") in people.roles:
            return people.roles[m.group("head")]
        return name or np_text

    for q in quotes:
        q.update(speaker=None, speaker_text=None, cue=None, channel=None, addressee=None)
        if q["kind"] == "headline":
            # a quotation paragraph in the body is a quotation (its speaker continues); only a subheading,
            # or a quotation before any body text, is a headline
            # a quotation paragraph opening a story with a whole sentence of six or more words is the story's
            # first quotation (features often open with one), not a headline
            lead = len(q["text"].split()) >= 6 and re.search(r"[.!?]$", q["text"]) and q["close"] is not None
            if (any(b < q["open"] for b in body_starts) or lead) and not _is_subhead(text, q):
                q["kind"] = "direct" if len(q["text"].split()) >= 6 and q["text"][:1].isupper() else "partial"
            else:
                continue
        sent_start, _ = _sentence_of(spans, q["open"])
        _, sent_end = _sentence_of(spans, q["close"] if q["close"] is not None else q["end"])
        # people named before the quotation in this document (for surnames and pronouns)
        _person_mentions(text, scanned, q["open"], people)
        scanned = max(scanned, q["open"])
        spk, cue, addr = _speaker_around(text, q, sent_start, sent_end)
        channel, _ = _channel_of(text, sent_start, sent_end, spk)
        if spk and spk.lower() in PRONOUNS:
            if spk.lower() in ("he", "she"):
                found = _pronoun_antecedent(text, spk, q["open"], spans, people, speakers_at)
                want = "male" if spk.lower() == "he" else "female"
                if (not actors and cue and re.fullmatch(r"add(?:s|ed)|continu(?:es|ed)|went on|goes on", cue["text"])
                        and last is not None and last["speaker"] and _could_be_person(last["speaker"])
                        and (people.gender.get(last["speaker"]) or _noun_gender(last["speaker"])) in (None, want)
                        and para_index(q["open"]) - para_index(last["open"]) <= 2
                        and not re.search(rf"(?<![\w’'-])(?:{_LEFT_CUES})\b", text[_sentence_of(spans, last["close"] or last["end"])[1]:q["open"]])):
                    # "he added", "she continued": the speaker goes on, so the pronoun is the last quotation's
                    # speaker even when someone else was named in between (but not past someone else's reported
                    # speech: "…, Mr. Ross asserted. “…,” he added.")
                    found = last["speaker"]
                if found:  # the pronoun tells the person's gender, which later pronouns and titles can use
                    people.gender.setdefault(found, "male" if spk.lower() == "he" else "female")
                q["speaker"] = (_resolve(found) if actors and found else found) or (last and last["speaker"])
            else:
                # they / it: a plural or collective subject opening the previous sentence ("Many economists
                # aren't predicting …. They cite …"), else the previous speaker
                k = next((i for i, (a, b) in enumerate(spans) if a <= q["open"] <= b), 0)
                prev = text[spans[k - 1][0]:spans[k - 1][1]] if k > 0 else ""
                prev = _DATELINE.sub("", prev)  # "NAIROBI, Kenya (AP) _ Thousands of …"
                # the group may also be counted ("Thousands of farmers, students and workers on Saturday marched";
                # "The 5,000 protesters voted"), with time phrases between it and its verb
                m = re.match(rf"(?:(?:Yet|But|And|Still|However|Now),?\s+)?(?P<np>(?:[Mm]any|[Ss]ome|[Mm]ost|[Ss]everal|[Oo]ther|[Tt]he|[Tt]hese|[Tt]hose)"
                             r"\s+(?:[\d,]+\s+)?(?:[a-z-]+\s+){0,2}[a-z-]+s"
                             r"|(?:[Tt]housands|[Hh]undreds|[Dd]ozens|[Mm]illions|[Ss]cores|[\d,]+)\s+of\s+(?:[a-z-]+(?:,\s*|\s+and\s+|\s+)){0,6}?[a-z-]+s"
                             # a bare plural ("Union leaders met …", "Residents say …")
                             r"|(?P<bare>[A-Z][a-z-]+)(?:\s+[a-z-]+){0,2}?(?<=[a-z]s))"
                             rf"(?:[\s,]+{_FILLER})*[\s,]+(?:are|were|have|had|aren't|weren't|haven't|say|said|[a-z]+ed|met|made|took|gave|"
                             r"went|came|spent|sent|held|left|told|began|won|lost|got|saw|knew|thought|found|kept|stood|fought)\b", prev)
                bare = (m.group("bare") or "").lower() if m else ""
                if bare and (not {bare, bare[:-1], re.sub(r"ies$", "y", bare)} & _english() or m.group("bare") in _names()
                             or m.group("bare")[:-1] in _names() or m.group("bare") in people.known()):
                    m = None  # a bare plural opens with a common word, not a name ("Union leaders", not "Jones")
                org = _it_antecedent(text, q["open"], spans, people) if spk.lower() == "it" and not actors else None
                if spk.lower() == "they" and m and not re.search(r"ss$", m.group("np")):
                    # a group is no person's name: without the registry it stays as written
                    q["speaker"] = canon(m.group("np")) if actors else m.group("np")
                elif org:
                    q["speaker"] = org
                else:
                    q["speaker"] = last["speaker"] if last else None
            channel = channel or (last and last["channel"])
        elif spk:
            q["speaker"] = canon(spk)
            if not actors and q["speaker"] == spk:
                q["speaker"] = _role_antecedent(text, spk, q["open"], spans, people) or spk
        else:
            # no attribution in the sentence: the quotation continues the speaker of the previous quotation
            # (a multi-paragraph quotation, "“A.” … “B,” he said.") or, for a quotation paragraph, of the
            # reported speech that ends the paragraph before ("X said demand had doubled.\n\n“…”")
            k = para_index(q["open"])
            reported = None
            if k > 0 and text[paras[k][0]:q["open"]].strip() == "":
                prev_s, prev_e = paras[k - 1]
                cues = list(re.finditer(rf"(?P<spk>{SPEAKER})(?:\s*,[^,“”\"]{{1,80}}(?:,[^,“”\"]{{1,40}}){{0,2}},)?\s+(?:{_FILLER}\s+)*(?:{_LEFT_CUES})\b",
                                        text[prev_s:prev_e]))
                # words inside a quotation are the speaker's, not a reporting clause ("“People thought …")
                cues = [c for c in cues if not any(o2["open"] < prev_s + c.start() < (o2["close"] or o2["end"])
                                                   for o2 in quotes)]
                # the previous paragraph ended inside an open quotation: this one continues it
                continued = last is not None and last["close"] is None and para_index(last["open"]) == k - 1
                if cues and not continued and not (last is not None and last["open"] > prev_s + cues[-1].start()):
                    reported = _clean_np(cues[-1].group("spk"))
            elif k >= 0 and not text[sent_start:q["open"]].strip():
                # a quotation opening a sentence right after reported speech in its paragraph ("…, says Robert
                # Persky of the Collector. “When I see prints …”") continues that reporting clause's speaker
                i_s = next((i for i, (a, b) in enumerate(spans) if a == sent_start), 0)
                p_s, p_e = spans[i_s - 1] if i_s > 0 else (0, 0)
                if i_s > 0 and p_s >= paras[k][0] and not (last is not None and last["open"] >= p_s):
                    prev = text[p_s:p_e]
                    inv = re.search(rf",\s*(?:says|said|adds|added|notes|noted)\s+(?P<spk>(?:[a-z]+\s+){{0,3}}{NAME})", prev)
                    if inv and _name_part(inv.group("spk")):
                        reported = _clean_np(inv.group("spk"))
            if reported and reported.lower() in PRONOUNS:
                found = _pronoun_antecedent(text, reported, paras[k - 1][0] + cues[-1].start() + 1, spans, people, speakers_at)
                q["speaker"] = (_resolve(found) if actors and found else found)
            elif reported:
                q["speaker"] = canon(reported)
            elif last is not None and (k - para_index(last["open"]) <= 1):
                q["speaker"] = last["speaker"]
                channel = channel or last["channel"]
            elif k > 0 and not re.sub(r"“[^”]*”?", "", text[paras[k][0]:paras[k][1]]).strip():
                # a stand-alone quotation paragraph after a paragraph about someone ("Reilly has run the shop
                # since 1980. ¶ “It is all I know.”") is that person's; else the last speaker, if not far back
                prev_s, prev_e = paras[k - 1]
                opener = re.match(r"\s*(?P<p>He|She)\b", text[prev_s:prev_e])
                if opener:
                    topic = _pronoun_antecedent(text, opener.group("p"), prev_s + 1, spans, people, speakers_at)
                else:
                    subj = [n for _, n, is_subj in _person_mentions(text, prev_s, prev_e, people) if is_subj]
                    topic = subj[0] if subj else None
                if topic:
                    q["speaker"] = topic
                elif last is not None and k - para_index(last["open"]) <= 3:
                    q["speaker"] = last["speaker"]
        q.update(speaker_text=spk, cue=cue, channel=channel, addressee=_resolve(addr) if addr else None)
        if q["speaker"]:
            speakers_at.append((q["open"], q["speaker"]))
            last = q
    # a quotation without a cue of its own followed, in the same paragraph, by an attributed one ("“A.” “B,” X said.")
    for i, q in enumerate(quotes):
        if q["kind"] != "headline" and q["speaker"] is None and i + 1 < len(quotes):
            nxt = quotes[i + 1]
            if nxt["speaker"] and para_index(nxt["open"]) == para_index(q["open"]) and nxt["kind"] != "headline":
                q["speaker"] = nxt["speaker"]
    # a quotation left open at the end of its paragraph continues in the next paragraph, which opens with a
    # quote mark (the news convention for a quotation over several paragraphs): the attribution usually comes
    # only in a later paragraph, so an open paragraph without a cue of its own takes the continuation's speaker
    for i in range(len(quotes) - 2, -1, -1):
        q, nxt = quotes[i], quotes[i + 1]
        if (q["close"] is None and q["kind"] != "headline" and nxt["kind"] != "headline" and nxt["speaker"]
                and q["cue"] is None and q["speaker_text"] is None
                and para_index(nxt["open"]) == para_index(q["open"]) + 1
                and not text[paras[para_index(nxt["open"])][0]:nxt["open"]].strip()):
            q["speaker"] = nxt["speaker"]
    # a quotation paragraph that opens the story without attribution is introduced by the paragraph after it
    # ("“…” ¶ Ruth Ames, 84, stood at the front of the crowd …"): the first person named as subject there
    for q in quotes:
        k = para_index(q["open"])
        if (q["speaker"] is None and q["kind"] != "headline" and k + 1 < len(paras)
                and not any(q2["speaker"] and q2["open"] < q["open"] for q2 in quotes)
                and not re.sub(r"“[^”]*”?", "", text[paras[k][0]:paras[k][1]]).strip()):
            subj = [n for _, n, is_subj in _person_mentions(text, paras[k + 1][0], paras[k + 1][1], people) if is_subj]
            q["speaker"] = subj[0] if subj else None
    # a person first described and named only later ("The 29-year-old member … said …. He identified himself as
    # Chen Jin"; "“…,” said a nurse. … The nurse, Ana Ruiz, …"): the description's quotations take the name
    if not actors:
        for d in dict.fromkeys(q["speaker"] for q in quotes if q["speaker"] and q["kind"] != "headline"):
            m = re.match(r"(?:[Tt]he|[Aa]n?)\s+(?:[\w’'-]+\s+){0,3}?(?P<head>[a-z]+)(?:\s+(?:of|for|at|in|from)\s.*)?$", d)
            if not m or not (m.group("head") in PERSON_NOUNS or m.group("head") in _MALE_NOUNS | _FEMALE_NOUNS):
                continue
            first = min(q["open"] for q in quotes if q["speaker"] == d)
            later = text[first:]
            named = (re.search(rf"\b[Tt]he\s+(?:[\w’'-]+\s+){{0,2}}{m.group('head')},\s+(?P<n>{NAME}),", later)
                     or re.search(rf"\b(?:identified\s+(?:himself|herself)|gave\s+(?:his|her)\s+name(?:\s+only)?)\s+as\s+(?P<n>{NAME})", later))
            others = {q["speaker"] for q in quotes if q["open"] > first and q["speaker"] != d and q["speaker"]
                      and re.match(r"(?:[Tt]he|[Aa]n?)\s", q["speaker"]) and named and q["open"] < first + named.start()}
            name = _name_part(named.group("n")) if named else None
            if name and not others:
                canon_name = people.add(name, named.group("n"))
                for q in quotes:
                    if q["speaker"] == d:
                        q["speaker"] = canon_name
    # headlines: the speaker of the body quotation sharing most words (ties: the nearest)
    for q in quotes:
        if q["kind"] != "headline":
            continue
        best = max(
            (q2 for q2 in quotes if q2["kind"] != "headline" and q2["speaker"]),
            key=lambda q2: (len(_words(q["text"]) & _words(q2["text"])), -abs(q2["start"] - q["start"])),
            default=None,
        )
        if best and _words(q["text"]) & _words(best["text"]):
            q["speaker"] = best["speaker"]
    return quotes


REPORTED = re.compile(
    rf"(?P<spk>{SPEAKER})\s+(?:(?:also|later|have|has|had)\s+)*(?P<cue>said|told|denounced|praised|thanked|qualified|described|claimed|warned|announced|accused)\s+(?P<content>.*?[^\s,.])(?=\s*(?:,\s*according to|,\s*quoted by|\.\s+[A-Z]|[.;]?$|,\s*saying|\s+and\s+(?:said|told)\s))"
)
AND_SAID = re.compile(r"\s+and\s+(?P<cue>said|told)\s+(?P<content>.*?[^\s,.])(?=\s*(?:,\s*according to|\.\s+[A-Z]|[.;]?$))")


def reported_speech(text: str) -> list[dict]:
    """Speech without quote marks: speaker, cue and content of '… said (that) …' clauses
    whose content does not start with a quotation, plus ', saying …' clauses."""
    out = []
    last = None

    def add(spk, cue_start, cue_end, c_start, c_end):
        nonlocal last
        speaker = last if spk.lower() in PRONOUNS else _resolve(spk)  # "He praised …": the previous speaker
        out.append({"speaker": speaker, "speaker_text": spk, "cue": _span(text, cue_start, cue_end),
                    "content": _span(text, c_start, c_end)})
        last = speaker

    def scan(start, end):
        zone = text[start:end]
        for m in REPORTED.finditer(zone):
            if zone[m.start("content"):m.start("content") + 1] in "“\"":
                continue  # a direct quotation, not reported speech
            if zone[:m.start("spk")].rstrip().endswith(("”", ",”", '"', ',"')):
                continue  # the attribution after a quotation ("…,” Putin told al-Assad)
            spk = _clean_np(m.group("spk"))
            add(spk, start + m.start("cue"), start + m.end("cue"), start + m.start("content"), start + m.end("content"))
            speaker = out[-1]["speaker"]
            scan(start + m.start("content"), start + m.end("content"))  # nested: "The Kremlin said al-Assad thanked …"
            more = AND_SAID.match(zone, m.end("content"))
            if more:  # "… described it as … and said the two …": same speaker
                add(spk, start + more.start("cue"), start + more.end("cue"), start + more.start("content"), start + more.end("content"))
                out[-1]["speaker"] = speaker

    for p_start, p_end in _paragraphs(text):
        para = text[p_start:p_end]
        scan(p_start, p_end)
        for m in re.finditer(r"^(?P<spk>(?:The\s+)?(?:[A-Z][\w-]*\s+)*[A-Z][\w-]*)\s+[a-z][^.]*?,\s*(?P<cue>saying)\s+(?P<content>[^.]+)", para):
            spk = _clean_np(m.group("spk"))
            out.append({"speaker": _resolve(spk), "speaker_text": spk,
                        "cue": _span(text, p_start + m.start("cue"), p_start + m.end("cue")),
                        "content": _span(text, p_start + m.start("content"), p_start + m.end("content"))})
    return out
