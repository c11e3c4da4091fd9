"""Holder → target bookkeeping: for every sentence of a text and every actor
named in it, who holds the opinion (the speaker if the actor is named inside
a quotation, else the narrator) and which polarity a given method assigns.

It holds no sentiment method of its own: the method is an argument, so
assignment 3 can run the students' own ``polarity_toward`` through it, and
``whosaidwhat.reference.sentiment`` (released with assignment 4) runs the
course's.  Uses the course's actor registry (a1) and quotation attribution (a2).
"""

from __future__ import annotations

import re
from typing import Callable


def target_sentiment(text: str, method: Callable[[str, str, str], int],
                     targets: dict[str, list[str]] | None = None) -> list[dict]:
    """One dict per (sentence, actor named in it): sentence offsets, holder,
    target actor id, the name as written and ``method(sentence, name, holder)``.

    `targets` maps an actor id to its names (default: the registry's actors)."""
    if not callable(method):
        raise TypeError(f"method should be a function (sentence, target, holder) → polarity, got {type(method).__name__}")
    from .reference.actors import registry
    from .reference.quotes import attribute
    from .text import sentence_bounds

    reg = registry()
    aliases = targets or {aid: [a["name"], *a.get("aliases", [])] for aid, a in reg.actors.items()}
    quotes = [q for q in attribute(text) if q["speaker"]]
    out, seen, pos = [], set(), 0
    while pos < len(text):
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            break
        s, e = sentence_bounds(text, pos)
        sentence = text[s:e]
        for aid, names in aliases.items():
            hit = next((n for n in sorted(names, key=len, reverse=True)
                        if re.search(rf"(?<![\w-]){re.escape(n)}(?!\w)", sentence)), None)
            if not hit:
                continue
            at = s + sentence.index(hit)
            quote = next((q for q in quotes if q["start"] <= at < q["end"]), None)
            holder = quote["speaker"] if quote else "narrator"
            if (s, aid) not in seen:
                seen.add((s, aid))
                out.append({"sentence_start": s, "sentence_end": e, "holder": holder, "target": aid,
                            "target_text": hit, "polarity": method(sentence, hit, holder)})
        pos = max(e, pos + 1)
    return out
