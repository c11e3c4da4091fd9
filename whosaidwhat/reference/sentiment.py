"""Holder → target sentiment: a sentence-level VADER baseline and a
target-aware method.  Given to students after assignment 3 (where they
build it) and used by assignment 4.

    polarity_toward("Putin also praised him", "him", holder="putin")  →  1

The target-aware method follows the annotation scheme (data/ANNOTATION.md):
the narrator's factual report is neutral, so for the narrator only the words on
the target itself count ("the troubled company"); a speaker's attitude shows
in their acts of praise or blame near the target ("accused X", "X has
stolen") and otherwise in the tone of their clause about the target.  A
stigmatising label on the target ("the terrorists") is −1 whoever speaks.
Thresholds and word lists were chosen on the dev split of the unseen-news set
(data/unseen), never on its test split.
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache

from ..targets import target_sentiment as _target_sentiment

# a holder's own act of judgement toward a target (any tense: praised, praises, praising …)
PRAISE = (r"prais\w*|thank\w*|back(?:s|ed|ing)?|support\w*|welcom\w*|hail\w*|congratulat\w*|applaud\w*|admir\w*|"
          r"lov(?:e|es|ed)|commend\w*|endors\w*|credit\w*|defend\w*|led by")
BLAME = (r"denounc\w*|condemn\w*|accus\w*|criticiz\w*|criticis\w*|attack\w*|blam\w*|sanction\w*|su(?:e|es|ed|ing)|"
         r"charg(?:e|es|ed|ing)|protest\w*|oppos\w*|reject\w*|complain\w*|angered|outrag\w*|dissatisf\w*|"
         r"derision|disappoint\w*|against|fault\w*|distrust\w*|stolen|corrupt\w*|mismanag\w*|fail(?:s|ed|ing)?|"
         r"obstacle|forcing")
NEGATIVE_LABELS = re.compile(r"\b(?:terrorists?|terrorism|terror|militants?|occupiers?|occupied|extremists?|jihadists?|thugs|regime)\b", re.I)
PRONOUN_TARGETS = {"him", "her", "them", "he", "she", "they", "you"}
THRESHOLD = 0.05  # VADER's own recommendation for the compound score


@lru_cache(maxsize=1)
def analyzer():
    from nltk.sentiment import SentimentIntensityAnalyzer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return SentimentIntensityAnalyzer()


def vader(text: str) -> float:
    """VADER's compound score in [-1, 1]."""
    return analyzer().polarity_scores(text)["compound"]


def to_polarity(score: float, threshold: float = THRESHOLD) -> int:
    return 1 if score >= threshold else -1 if score <= -threshold else 0


def baseline(sentence: str, target: str | None = None, holder: str | None = None) -> int:
    """Every actor in a sentence gets that sentence's VADER polarity."""
    return to_polarity(vader(sentence))


def clause_of(sentence: str, target: str | None) -> str:
    """The clause that contains the target: the sentence cut at , ; : – — and quote marks."""
    if not target or target.lower() not in sentence.lower():
        return sentence
    i = sentence.lower().index(target.lower())
    cuts = [m.end() for m in re.finditer(r"[,;:–—“”\"]", sentence[:i])]
    start = max(cuts, default=0)
    m = re.search(r"[,;:–—“”\"]", sentence[i + len(target):])
    end = i + len(target) + m.start() if m else len(sentence)
    return sentence[start:end]


# Chosen on the dev split of the unseen-news set (benchmarks/generalization.py), never on its test split.
NARRATOR_THRESHOLD = 0.3   # the narrator's words on the target must be clearly evaluative
SPEAKER_THRESHOLD = 0.2    # a speaker's clause about the target
PREMODIFIERS = 2           # words before the target that can evaluate it ("the troubled company")
WINDOW = 6                 # words around the target where a verb of praise or blame counts


def polarity_toward(sentence: str, target: str | None, holder: str | None = "narrator") -> int:
    """−1, 0 or +1: the holder's attitude toward the target in this sentence.

    * A stigmatising label on the target ("the terrorists") is −1 whoever speaks.
    * The narrator reports: their sentence says nothing about the target unless the words on the target
      itself evaluate it ("the troubled company", "a repressive government"), so only the target and the
      few words right before it are scored, with a high threshold.
    * A speaker judges: a verb or noun of praise or blame near the target ("accused X", "X has stolen",
      "dissatisfaction with X") decides; otherwise the tone of the speaker's clause about the target.
    """
    t = (target or "").lower()
    low = sentence.lower()
    if target and NEGATIVE_LABELS.search(target):
        return -1
    found = bool(t) and t in low
    if holder in (None, "narrator"):
        if not found:
            return 0
        i = low.index(t)
        lead = _premodifiers(sentence[:i])
        if NEGATIVE_LABELS.search(lead):
            return -1
        return to_polarity(vader(f"{lead} {target}"), NARRATOR_THRESHOLD)
    if found:
        i = low.index(t)
        near = " ".join(low[:i].split()[-WINDOW:]) + " | " + " ".join(low[i + len(t):].split()[:WINDOW])
    elif t in PRONOUN_TARGETS or not t:
        near = low
    else:
        near = ""
    if re.search(rf"\b(?:{BLAME})\b", near):
        return -1
    if re.search(rf"\b(?:{PRAISE})\b", near):
        return 1
    quoted = " ".join(m.group(1) for m in re.finditer(r"“([^”]*)”?", sentence))
    if found and quoted and t not in quoted.lower():
        # the target is named outside the speaker's quotation ("…,” she said of X): the quotation is about it
        if re.search(rf"\b(?:{BLAME})\b", quoted.lower()):
            return -1
        return to_polarity(vader(quoted), SPEAKER_THRESHOLD)
    return to_polarity(vader(clause_of(sentence, target)), SPEAKER_THRESHOLD)


_MODIFIER_TAGS = {"JJ", "JJR", "JJS", "VBN", "RB", "RBR", "RBS", "DT", "PRP$", "NN", "NNS", "NNP", "POS", "CD"}


def _premodifiers(before: str) -> str:
    """The last words before a target that belong to its noun phrase ("the troubled", "a repressive"),
    found by their part-of-speech tags: verbs and prepositions ("arrested", "at") end the phrase."""
    import nltk

    words = before.split()
    if not words or re.search(r"[,;:()“”\"]$", words[-1]):
        return ""
    tagged = nltk.pos_tag(words)[-PREMODIFIERS:]  # tagged in context, then cut
    kept = []
    for word, tag in reversed(tagged):
        if tag not in _MODIFIER_TAGS or re.search(r"[,;:()“”\"]", word):
            break
        kept.append(word)
    return " ".join(reversed(kept))


def target_sentiment(text: str, targets: dict[str, list[str]] | None = None, method=None) -> list[dict]:
    """Holder → target polarity for every sentence of `text` and every registry actor
    named in it (the bookkeeping is whosaidwhat.targets.target_sentiment).  The holder is
    the speaker when the actor is named inside a quotation, the narrator otherwise.
    `method(sentence, target, holder)` gives the polarity (default: polarity_toward)."""
    return _target_sentiment(text, method or polarity_toward, targets)
