"""Character-offset spans: align tokens back to the text, and score predicted
spans against gold ones.

Students write their own alignment and scorer in assignment 1; from then on
the course gives them these tested versions so every later assignment speaks
the same language: a span is ``(start, end, label)`` with Python string
offsets (end exclusive) into the text.
"""

from __future__ import annotations

from typing import Iterable, NamedTuple

# word_tokenize rewrites quote marks: " and “ become `` and ” becomes ''.
_TOKEN_VARIANTS = {
    "``": ('"', "“", "``", "''", "”", "„"),
    "''": ('"', "”", "''", "“", "``"),
    '"': ('"', "“", "”"),
}


class Span(NamedTuple):
    start: int
    end: int
    label: str = ""


def align_tokens(text: str, tokens: Iterable[str], offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each token in ``text``, searching left to right from ``offset``.

    Handles the quote marks ``word_tokenize`` rewrites.  Raises ValueError
    naming the token when one cannot be found (e.g. the tokens are from
    another text), rather than returning wrong offsets silently.
    """
    spans, pos = [], offset
    for tok in tokens:
        best = None
        for form in _TOKEN_VARIANTS.get(tok, (tok,)):
            i = text.find(form, pos)
            if i != -1 and (best is None or i < best[0]):
                best = (i, i + len(form))
        if best is None:
            raise ValueError(f"token {tok!r} not found in the text after offset {pos}: {text[pos:pos + 40]!r}")
        spans.append(best)
        pos = best[1]
    return spans


def tokenize_with_offsets(text: str) -> list[tuple[str, int, int]]:
    """NLTK tokens of ``text`` with their character offsets (sentence by sentence)."""
    import nltk

    out, pos = [], 0
    for sent in nltk.sent_tokenize(text):
        start = text.find(sent, pos)
        if start == -1:  # punkt may normalise whitespace; fall back to aligning tokens from pos
            start = pos
        toks = nltk.word_tokenize(sent)
        for tok, (s, e) in zip(toks, align_tokens(text, toks, start)):
            out.append((text[s:e] if tok in _TOKEN_VARIANTS else tok, s, e))
        pos = out[-1][2] if out else pos
    return out


def _overlaps(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _match(pred, gold, mode: str) -> tuple[int, int, int]:
    """Greedy one-to-one matching; returns (tp, fp, fn)."""
    pred, gold = list(pred), list(gold)
    used, tp = set(), 0
    for p in pred:
        for j, g in enumerate(gold):
            if j in used:
                continue
            if mode == "strict":
                ok = (p[0], p[1], p[2]) == (g[0], g[1], g[2])
            elif mode == "span":
                ok = (p[0], p[1]) == (g[0], g[1])
            elif mode == "lenient":
                ok = _overlaps(p, g)
            else:
                raise ValueError(f"mode must be 'strict', 'span' or 'lenient', not {mode!r}")
            if ok:
                used.add(j)
                tp += 1
                break
    return tp, len(pred) - tp, len(gold) - tp


def prf(pred: Iterable, gold: Iterable, mode: str = "strict") -> dict:
    """Precision, recall and F1 of predicted spans against gold spans.

    strict: same start, end and label; span: same start and end;
    lenient: any character overlap (labels ignored).  Duplicates count once.
    """
    pred = sorted({tuple(p[:3]) if len(p) >= 3 else (p[0], p[1], "") for p in pred})
    gold = sorted({tuple(g[:3]) if len(g) >= 3 else (g[0], g[1], "") for g in gold})
    tp, fp, fn = _match(pred, gold, mode)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


def prf_by_label(pred: Iterable, gold: Iterable) -> dict[str, dict]:
    """Strict scores for each label that occurs in the gold or the prediction."""
    pred, gold = list(pred), list(gold)
    labels = sorted({x[2] for x in pred} | {x[2] for x in gold})
    return {lab: prf([x for x in pred if x[2] == lab], [x for x in gold if x[2] == lab]) for lab in labels}
