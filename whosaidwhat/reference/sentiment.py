"""Holder → target sentiment: a sentence-level VADER baseline and a
target-aware method.  Given to students after assignment 3 (where they
build it) and used by assignment 4.

    polarity_toward("Putin also praised him", "him", holder="putin")  →  1

The target-aware method looks, in order, for
1. a verb of praise or blame whose object is the target ("X praised Y" → +1,
   "X denounced / sanctioned Y", "sanctions against Y" → −1);
2. a stigmatising label on the target itself ("the terrorists", "occupiers") → −1;
3. otherwise VADER on the target's own clause only (not the whole sentence),
   with a stricter threshold when the holder is the narrator, whose factual
   reporting words ("killed", "war") say nothing about the target.
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache

from ..targets import target_sentiment as _target_sentiment

PRAISE = r"praised|praises|thanked|thanks|backed|backs|supported|supports|welcomed|hailed|congratulated|helping|helped|in favor of|in favour of|led by"
BLAME = (r"denounced|denounces|condemned|condemns|accused|accuses|criticised|criticized|attacked|blamed|"
         r"sanctioned|imposed sanctions on|sanctions against|sanctions on|forcing|against|obstacle|problem")
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


def polarity_toward(sentence: str, target: str | None, holder: str | None = "narrator") -> int:
    """−1, 0 or +1: the holder's attitude toward the target in this sentence."""
    low = sentence.lower()
    t = (target or "").lower()
    found = bool(t) and t in low
    speaker = holder not in (None, "narrator")  # a narrator reporting "X denounced Y" is not blaming Y
    if found:
        before = low[:low.index(t)]
        # 1. praise or blame aimed at the target: the verb shortly before it
        window = " ".join(before.split()[-6:])
        if speaker and re.search(rf"\b(?:{BLAME})\b", window):
            return -1
        if speaker and re.search(rf"\b(?:{PRAISE})\b", window):
            return 1
        # 2. a stigmatising label on the target itself
        if NEGATIVE_LABELS.search(target) or NEGATIVE_LABELS.search(" ".join(before.split()[-2:])):
            return -1
    elif speaker and (t in PRONOUN_TARGETS or not t):
        if re.search(rf"\b(?:{BLAME})\b", low):
            return -1
        if re.search(rf"\b(?:{PRAISE})\b", low):
            return 1
    # 3. VADER on the target's clause; the narrator needs a clearer signal
    threshold = 0.5 if holder in (None, "narrator") else 0.3
    return to_polarity(vader(clause_of(sentence, target)), threshold)


def target_sentiment(text: str, targets: dict[str, list[str]] | None = None, method=None) -> list[dict]:
    """Holder → target polarity for every sentence of `text` and every registry actor
    named in it (the bookkeeping is whosaidwhat.targets.target_sentiment).  The holder is
    the speaker when the actor is named inside a quotation, the narrator otherwise.
    `method(sentence, target, holder)` gives the polarity (default: polarity_toward)."""
    return _target_sentiment(text, method or polarity_toward, targets)
