"""Scoring quotation attribution against the unseen-news gold (data/unseen/quotes.*.json).

    >>> pred = {doc["id"]: attribute(doc["text"], actors=False) for doc in documents("dev")}
    >>> score_quotes(pred, annotations("quotations", "dev"))["speaker_accuracy"]

* **Quotations** are matched one-to-one by overlapping content spans (a prediction
  may cut a quote a character shorter or longer than the annotator did).
* **Speaker accuracy** is computed over the matched gold quotations whose speaker has
  a name (``speaker.name`` is not null), each gold quotation counted once.  A predicted
  speaker is right when, after lower-casing and dropping titles and articles, its words
  are a non-empty subset of the words of the gold name (or of one alias) and it contains
  the gold name's last word, or it equals an alias.  So "Clinton" and "Mr. Clinton" are
  right for "Bill Clinton"; "Hillary Clinton" and "Bill" are not.
"""

from __future__ import annotations

import re

# words that are dropped before names are compared: articles and titles ("Mr.", "Sen.", "President")
ARTICLES = {"the", "a", "an"}
TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sen", "senator", "rep", "representative", "gov",
    "governor", "gen", "general", "col", "colonel", "lt", "capt", "captain", "maj", "major", "sgt", "adm",
    "admiral", "rev", "reverend", "father", "sir", "lord", "lady", "dame", "judge", "justice", "president",
    "vice", "prime", "minister", "secretary", "chancellor", "king", "queen", "prince", "princess", "mayor",
    "ambassador", "pope", "cardinal", "bishop", "rabbi", "sheik", "sheikh", "chairman", "chairwoman", "jr", "sr",
    "spokesman", "spokeswoman", "spokesperson", "chief", "executive", "deputy", "attorney", "commissioner",
}
SPEAKER_TYPES = ("name", "pronoun", "description", "organization")


def name_tokens(name: str | None) -> list[str]:
    """Lower-cased words of a name without articles and titles ('Mr. Bill Clinton' → ['bill', 'clinton']);
    a phrase made only of such words keeps its non-article words ('a spokesman' → ['spokesman'])."""
    if not name:
        return []
    words = [w for w in re.findall(r"[\w’'-]+", name.lower().replace("’", "'")) if w not in ARTICLES]
    words = [re.sub(r"'s$", "", w) for w in words]
    kept = [w for w in words if w not in TITLES]
    return kept or words


def speaker_matches(predicted: str | None, gold_name: str, aliases: list[str] | tuple = ()) -> bool:
    """Whether a predicted speaker names the gold speaker (see the module docstring)."""
    pred = name_tokens(predicted)
    gold = name_tokens(gold_name)
    if not pred or not gold:
        return False
    alias_tokens = [t for t in map(name_tokens, aliases) if t]
    if any(pred == t for t in alias_tokens):
        return True
    subset = set(pred) <= set(gold) or any(set(pred) <= set(t) for t in alias_tokens)
    return subset and gold[-1] in pred


def _overlap(a_start, a_end, b_start, b_end) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def _prf(tp, n_pred, n_gold):
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def match_quotes(pred: list[dict], gold: list[dict]) -> list[tuple[dict, dict]]:
    """One-to-one (gold, prediction) pairs whose content spans overlap, largest overlaps first."""
    candidates = sorted(
        ((_overlap(g["content"]["start"], g["content"]["end"], p["start"], p["end"]), gi, pi)
         for gi, g in enumerate(gold) for pi, p in enumerate(pred)),
        reverse=True)
    used_g, used_p, pairs = set(), set(), []
    for ov, gi, pi in candidates:
        if ov <= 0:
            break
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gold[gi], pred[pi]))
    return pairs


def score_quotes(pred_by_doc: dict[str, list[dict]], gold_items: list[dict]) -> dict:
    """Content-span P/R/F1 and speaker accuracy (overall and by gold speaker type), with the errors.

    pred_by_doc maps a document id to attribute()'s output for it (dicts with start, end, speaker);
    gold_items are quotation items of data/unseen/quotes.<split>.json.  Documents without gold
    items count only when they appear in gold_items; predictions for other documents are ignored."""
    if not isinstance(pred_by_doc, dict):
        raise TypeError("pred_by_doc must map a document id to a list of predicted quotations")
    gold_by_doc: dict[str, list[dict]] = {}
    for g in gold_items:
        gold_by_doc.setdefault(g["doc"], []).append(g)
    tp = n_pred = n_gold = 0
    right = {t: 0 for t in SPEAKER_TYPES}
    total = {t: 0 for t in SPEAKER_TYPES}
    errors = []
    for doc, gold in gold_by_doc.items():
        pred = [p for p in pred_by_doc.get(doc, []) if p.get("kind") != "headline"]
        pairs = match_quotes(pred, gold)
        tp += len(pairs)
        n_pred += len(pred)
        n_gold += len(gold)
        matched = {id(g) for g, _ in pairs}
        for g in gold:
            if id(g) not in matched:
                errors.append({"kind": "missed", "doc": doc, "id": g["id"], "gold": g["content"]["text"],
                               "gold_speaker": g["speaker"]["name"]})
        for g, p in pairs:
            spk = g["speaker"]
            if spk.get("name") is None:
                continue
            t = spk.get("type", "name")
            total.setdefault(t, 0)
            right.setdefault(t, 0)
            total[t] += 1
            if speaker_matches(p.get("speaker"), spk["name"], spk.get("aliases", [])):
                right[t] += 1
            else:
                errors.append({"kind": "speaker", "doc": doc, "id": g["id"], "gold": g["content"]["text"],
                               "gold_speaker": spk["name"], "type": t, "predicted": p.get("speaker"),
                               "predicted_text": p.get("speaker_text")})
        taken = {id(p) for _, p in pairs}
        for p in pred:
            if id(p) not in taken:
                errors.append({"kind": "spurious", "doc": doc, "predicted": p.get("text"),
                               "start": p.get("start")})
    precision, recall, f1 = _prf(tp, n_pred, n_gold)
    n_right, n_total = sum(right.values()), sum(total.values())
    return {
        "precision": precision, "recall": recall, "f1": f1,
        "n_gold": n_gold, "n_pred": n_pred, "n_matched": tp,
        "speaker_accuracy": n_right / n_total if n_total else 0.0,
        "speaker_total": n_total,
        "by_type": {t: {"right": right[t], "total": total[t],
                        "accuracy": right[t] / total[t] if total[t] else None} for t in total},
        "errors": errors,
    }
