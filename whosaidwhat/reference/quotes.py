"""Who said what: find quotations, attribute them, and find reported speech.

The course's reference attribution, given to students after assignment 2 and
used by assignments 3 and 4.  It works on any English news text:

    >>> attribute("“We will win,” said Ana Silva, according to a party statement.")[0]["speaker"]
    'Ana Silva'

Speakers are resolved to actor ids through ``whosaidwhat.reference.actors`` where the
registry knows them ("Poutine" → "putin"); unknown people keep their name.
Rules, in brief (each is explained and built step by step in assignment 2):

* quote marks pair up left to right; an opening mark “ that stands after a
  space and before punctuation or the end of a line closes an open quote (a
  reversed closing mark);
* a paragraph that is only a quotation is a *headline*; a quotation of six or
  more words that starts with a capital is *direct*; anything else is *partial*;
* the speaker comes from a cue verb next to the quote: after it ("…,” Putin
  said / said Putin), before it ("Putin said: “…”"), or, for a partial quote,
  the subject of the last cue verb before it in the sentence; pronouns take
  the previous speaker; headlines take the speaker of the body quotation they
  share most words with;
* the channel comes from "according to X", "quoted by X", a reporting clause
  ("The Kremlin said …"), or a speaker that is itself a news outlet.
"""

from __future__ import annotations

import re

from ..text import paragraph_of as _para_of, paragraphs as _paragraphs, sentence_bounds
from .actors import registry

OPEN_MARKS, CLOSE_MARKS = "“\"", "”\""
CUE_VERBS = (
    "said|says|say|told|tells|added|adds|praised|praises|denounced|denounces|described|describes|qualified|called|"
    "calls|thanked|thanks|warned|warns|insisted|stressed|declared|announced|claimed|claims|argued|noted|explained|"
    "asked|replied|wrote|urged|accused|admitted|suggested|promised|vowed|added|saying|condemned|welcomed"
)
ADDRESSEE_VERBS = {"told", "tells", "thanked", "thanks", "asked", "urged"}
MEDIA_WORDS = re.compile(r"\b(?:agency|television|TV|radio|newspaper|news|channel|broadcaster|daily|press)\b", re.I)
PRONOUNS = {"he", "she", "they", "it"}
TITLES = {"president", "minister", "prime", "foreign", "defense", "defence", "secretary", "general", "chancellor",
          "king", "prince", "crown", "senator", "governor", "mayor", "ambassador", "spokesman", "spokeswoman",
          "commander", "envoy", "leader", "chief", "deputy", "mr", "mrs", "ms", "dr"}
_NAME_WORD = r"(?:[A-Z](?:[\w’'-]|\.(?=\w))*|al-\w+|al -\w+|el-\w+|bin|ibn|de|van|von)"  # "U.S" but not "Monday."
NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD})*"
# a speaker noun phrase: a name, a pronoun, or a short description ("the Russian leader", "Syrian state television")
_LOWER = rf"(?!(?:also|later|then|have|has|had|and|but|that|who|which|for|to|of|in|on|at|by|with|{CUE_VERBS})\b)[a-z][\w-]*"
SPEAKER = (
    rf"(?<![\w’'-])(?:(?:[Tt]he\s+)?(?:[A-Z][\w-]*\s+)*(?:{_LOWER}\s+){{0,3}}{NAME}"  # the Syrian state news agency SANA
    rf"|(?:[Tt]he\s+)?(?:[A-Z][\w-]*\s+)+{_LOWER}(?:\s+{_LOWER}){{0,2}}"  # Syrian state television
    rf"|[Tt]he\s+(?:[A-Z]\w+\s+)?{_LOWER}(?:\s+{_LOWER})?"  # the Russian leader
    r"|[Hh]e|[Ss]he|[Tt]hey)"
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
    words = np_text.split()
    # the longest run of words the registry knows, leftmost first
    for n in range(len(words), 0, -1):
        for i in range(len(words) - n + 1):
            actor = registry().resolve(" ".join(words[i:i + n]))
            if actor:
                return actor
    names = re.findall(NAME, np_text)
    name = names[-1] if names else np_text
    # an unknown person: drop leading demonyms and titles ("Iraqi Prime Minister Mustafa al-Kadhimi")
    words = name.split()
    cut = max((i + 1 for i, w in enumerate(words[:-1]) if w.lower() in TITLES or re.search(r"(?:ian|ish|ese|i)$", w)), default=0)
    return " ".join(words[cut:])


def _previous_person(text, before):
    """The last full name (two or more name words) before offset `before` in its paragraph: who a
    pronoun refers to when no earlier quotation has a speaker."""
    p_start, _ = _para_of(text, before)
    names = [re.sub(r"^(?:The|A|An|In|On|At|But|And)\s+", "", n) for n in re.findall(NAME, text[p_start:before])]
    names = [n for n in names if len(n.split()) >= 2]
    return _resolve(names[-1]) if names else None


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
    np_text = re.sub(r"^(?:and|but|while|as)\s+", "", np_text.strip(" ,"))
    return np_text.strip()


def _speaker_around(text, q, sent_start, sent_end):
    """(speaker phrase, cue span, addressee phrase) from the words around a quotation."""
    close_end = (q["close"] + 1) if q["close"] is not None else q["end"]
    right = text[close_end:sent_end]
    left = text[sent_start:q["open"]]
    # after the quote: ", Putin told al-Assad" / "said al-Assad"
    m = re.match(rf"\s*,?\s*(?P<spk>{SPEAKER})\s+(?:also\s+)?(?P<cue>{CUE_VERBS})\b(?:\s+(?P<addr>(?:[\w’'-]+\s+){{0,3}}[\w’'-]+))?", right)
    if m and not re.match(rf"(?:{CUE_VERBS})$", m.group("spk")):
        cue = _span(text, close_end + m.start("cue"), close_end + m.end("cue"))
        addr = m.group("addr") if m.group("cue") in ADDRESSEE_VERBS else None
        return m.group("spk"), cue, addr
    m = re.match(rf"\s*,?\s*(?P<cue>{CUE_VERBS})\s+(?P<spk>{SPEAKER})", right)
    if m:
        return m.group("spk"), _span(text, close_end + m.start("cue"), close_end + m.end("cue")), None
    # before the quote: the subject of the last cue verb in the sentence
    cues = list(re.finditer(rf"\b(?P<cue>{CUE_VERBS})\b", left))
    if cues:
        c = cues[-1]
        subject_zone = left[:c.start()]
        m = re.search(rf"(?P<spk>{SPEAKER})\s+(?:(?:also|later|then|have|has|had)\s+)*$", subject_zone)
        if m and not re.search(r"(?:^|\s)(?:and|,)\s*$", subject_zone):
            spk = m.group("spk")
        else:
            # a coordinated verb ("described … and said"): the sentence's first subject
            first = re.match(rf"\s*(?P<spk>{SPEAKER})\s+(?:{CUE_VERBS}|[a-z]+ed)\b", left)
            spk = first.group("spk") if first else None
        after = left[c.end():]
        # a few words after the verb; _resolve picks the longest known name in them
        am = re.match(r"\s+(?P<addr>(?:[\w’'-]+\s+){0,3}[\w’'-]+)", after) if c.group("cue") in ADDRESSEE_VERBS else None
        return (_clean_np(spk) if spk else None), _span(text, sent_start + c.start(), sent_start + c.end()), \
            (am.group("addr") if am else None)
    return None, None, None


def _words(s):
    """Stems of the content words (so 'controls' matches 'Control')."""
    from nltk.stem import PorterStemmer

    stem = PorterStemmer().stem
    return {stem(w) for w in re.findall(r"[a-z]+", s.lower()) if len(w) > 3}


def attribute(text: str) -> list[dict]:
    """Every quotation with kind, speaker (actor id or name), cue, channel and addressee."""
    quotes = find_quotations(text)
    last_speaker, last_channel = None, None
    for q in quotes:
        q.update(speaker=None, speaker_text=None, cue=None, channel=None, addressee=None)
        if q["kind"] == "headline":
            continue
        sent_start, _ = sentence_bounds(text, q["open"])
        _, sent_end = sentence_bounds(text, q["close"] if q["close"] is not None else q["end"])
        spk, cue, addr = _speaker_around(text, q, sent_start, sent_end)
        channel, _ = _channel_of(text, sent_start, sent_end, spk)
        if spk and spk.lower() in PRONOUNS:
            q["speaker"] = last_speaker or _previous_person(text, q["open"])
            channel = channel or last_channel
        elif spk:
            q["speaker"] = _resolve(spk)
        q.update(speaker_text=spk, cue=cue, channel=channel, addressee=_resolve(addr) if addr else None)
        last_speaker, last_channel = q["speaker"] or last_speaker, channel
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
