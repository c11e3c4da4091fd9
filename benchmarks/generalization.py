"""How well do the course's methods carry over from the one article to unseen news?

    .venv/bin/python benchmarks/generalization.py            # article and dev only
    .venv/bin/python benchmarks/generalization.py --test     # also the test split: run it ONCE, for a finished method
    .venv/bin/python benchmarks/generalization.py --write    # store the article and dev figures for the notebooks

Prints one table: method × {article, dev, test}, plus a dev-wsj column for the quotation
methods (the second dev set, conll2000 WSJ, which has quotation gold only).  Named entities: span F1
(boundaries only) and typed F1 (PERSON / ORGANIZATION / LOCATION; GPE and LOC
count as LOCATION; NORP is not scored, as IEER does not annotate it).  IEER's
optional entities are left out of the gold, and predictions that overlap one
are not counted.  The test split is the IEER NYT files: tuning on it would
make its figure worthless, so it is only printed with --test.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from whosaidwhat.data import load_article, load_gold  # noqa: E402
from whosaidwhat.reference import entities  # noqa: E402
from whosaidwhat.spans import prf  # noqa: E402
import re  # noqa: E402

from whosaidwhat.evaluate import match_quotes, speaker_matches  # noqa: E402
from whosaidwhat.reference import quotes, sentiment  # noqa: E402
from whosaidwhat.unseen import annotations, dev_wsj_documents, dev_wsj_quotes, documents  # noqa: E402

ARTICLE_COARSE = {"PERSON": "PERSON", "ORG": "ORGANIZATION", "GPE": "LOCATION", "LOC": "LOCATION",
                  "FAC": "LOCATION"}


def _corpus(split: str):
    """(text, gold, optional spans) per document of the split that has entity gold."""
    if split == "article":
        g = load_gold()
        gold = [(m["start"], m["end"], ARTICLE_COARSE[m["label"]]) for m in g["mentions"] if m["label"] != "NORP"]
        norp = [(m["start"], m["end"]) for m in g["mentions"] if m["label"] == "NORP"]
        return [(load_article(), gold, norp)]
    out = []
    for d in documents(split, source="ieer"):
        gold = [(e["start"], e["end"], e["label"]) for e in d["entities"] if not e["optional"]]
        optional = [(e["start"], e["end"]) for e in d["entities"] if e["optional"]]
        out.append((d["text"], gold, optional))
    return out


def score_entities(method, split: str) -> dict:
    """Span and typed P/R/F1 of `method(text) -> [(start, end, label)]` over a split (documents pooled)."""
    preds, golds = [], []
    for k, (text, gold, ignore) in enumerate(_corpus(split)):
        shift = k * 10_000_000  # pool documents without their offsets colliding

        def kept(s, e):
            return not any(s < ie and i_s < e for i_s, ie in ignore)

        preds += [(s + shift, e + shift, lab) for s, e, lab in method(text) if kept(s, e)]
        golds += [(s + shift, e + shift, lab) for s, e, lab in gold]
    return {"span": prf(preds, golds, "span"), "typed": prf(preds, golds, "strict")}


def ne_chunk_baseline(text: str):
    spans, _ = entities._chunks(text, proper_noun_runs=False)
    return [(s, e, "NE") for s, e in spans]


def course_recognizer(text: str):
    return entities.to_coarse(entities.recognize(text))


def macro_f1(pairs: list[tuple[int, int]]) -> float:
    """Mean F1 over the classes −1, 0, +1 of (gold, predicted) pairs."""
    scores = []
    for c in (-1, 0, 1):
        tp = sum(g == c and p == c for g, p in pairs)
        fp = sum(g != c and p == c for g, p in pairs)
        fn = sum(g == c and p != c for g, p in pairs)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / 3


def _sentiment_items(split: str):
    """(sentence, target mention, holder, gold polarity) for the article or a split of the unseen set."""
    if split == "article":
        g = load_gold()
        text, sents = load_article(), {s["id"]: s for s in g["sentences"]}
        names = {a["id"]: [a["name"], *a.get("aliases", [])] for a in g["actors"]}
        out = []
        for t in g["sentiment"]:
            sent = text[sents[t["sentence"]]["start"]:sents[t["sentence"]]["end"]]
            mention = next((n for n in sorted(names.get(t["target"], []), key=len, reverse=True) if n in sent), None)
            out.append((sent, mention, t["holder"], t["polarity"]))
        return out
    return [(i["sentence"]["text"], i["target"]["mention"]["text"], i["holder"]["name"], i["polarity"])
            for i in annotations("sentiment", split)]


def score_sentiment(method, split: str) -> dict:
    pairs = [(gold, method(sentence, target, holder)) for sentence, target, holder, gold in _sentiment_items(split)]
    return {"macro_f1": macro_f1(pairs), "accuracy": sum(g == p for g, p in pairs) / len(pairs), "n": len(pairs)}


def nearest_name_attribution(text: str, actors: bool = True) -> list[dict]:
    """Baseline: every quotation's speaker is the nearest capitalised name in its paragraph
    (no cue verbs, no pronouns, no descriptions)."""
    out = []
    for q in quotes.find_quotations(text):
        para_start = text.rfind("\n\n", 0, q["start"]) + 2 if "\n\n" in text[:q["start"]] else 0
        para_end = text.find("\n\n", q["end"])
        para_end = len(text) if para_end == -1 else para_end
        names = [m for m in re.finditer(r"(?<![“\"])\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+", text[para_start:para_end])
                 if not (q["start"] <= para_start + m.start() < q["end"])]
        best = min(names, key=lambda m: min(abs(para_start + m.start() - q["end"]),
                                            abs(para_start + m.end() - q["start"])), default=None)
        out.append({**q, "speaker": best.group() if best else None})
    return out


def score_quote_speakers(method, split: str) -> dict:
    """Speaker accuracy over the gold quotations whose source is named or a pronoun (each counted once;
    a quotation the method does not find counts as wrong), and content-span F1."""
    if split == "article":  # the article's gold speakers are actor ids, as attribute() gives them there
        gold = load_gold()["quotations"]
        pred = method(load_article())
        pairs = dict((id(a), b) for a, b in match_quotes(pred, gold))
        right = sum(1 for q in gold if id(q) in pairs and pairs[id(q)].get("speaker") == q["speaker"])
        return {"speaker_accuracy": right / len(gold), "f1": 2 * len(pairs) / (len(pred) + len(gold)), "n": len(gold)}
    if split == "dev-wsj":  # the second dev set (conll2000 WSJ pseudo-documents): quotations only
        gold, docs = dev_wsj_quotes(), dev_wsj_documents()
    else:
        gold, docs = annotations("quotations", split), documents(split)
    scored = [q for q in gold if q["speaker"]["type"] in ("name", "pronoun") and q["speaker"]["name"]]
    right = n_pred = n_match = 0
    for doc_id in sorted({q["doc"] for q in gold}):
        text = next(d["text"] for d in docs if d["id"] == doc_id)
        pred = [p for p in method(text, actors=False) if p.get("kind") != "headline"]
        doc_gold = [q for q in gold if q["doc"] == doc_id]
        pairs = dict((id(a), b) for a, b in match_quotes(pred, doc_gold))
        n_pred, n_match = n_pred + len(pred), n_match + len(pairs)
        right += sum(1 for q in doc_gold if q in scored and id(q) in pairs and speaker_matches(
            pairs[id(q)].get("speaker"), q["speaker"]["name"], q["speaker"].get("aliases", [])))
    return {"speaker_accuracy": right / len(scored), "f1": 2 * n_match / (n_pred + len(gold)), "n": len(scored)}


QUOTE_METHODS = {
    "Quotes: nearest name (baseline)": nearest_name_attribution,
    "Quotes: course attribute": quotes.attribute,
}

SENTIMENT_METHODS = {
    "Sentiment: majority class (0)": lambda sentence, target, holder: 0,
    "Sentiment: sentence VADER": sentiment.baseline,
    "Sentiment: course polarity_toward": sentiment.polarity_toward,
}

METHODS = {
    "NER: ne_chunk(binary=True)": ne_chunk_baseline,
    "NER: course entities.recognize": course_recognizer,
}


def table(splits: list[str]) -> dict:
    """{method: {measure: {split: value}}} for every method of this benchmark."""
    out: dict = {}
    for name, method in METHODS.items():
        scores = {s: score_entities(method, s) for s in splits}
        for measure in ("span", "typed"):
            if not (measure == "typed" and "ne_chunk" in name):
                out.setdefault(name, {})[f"{measure} F1"] = {s: round(scores[s][measure]["f1"], 3) for s in splits}
    for name, method in QUOTE_METHODS.items():
        out[name] = {"speaker accuracy": {s: round(score_quote_speakers(method, s)["speaker_accuracy"], 3)
                                          for s in splits + (["dev-wsj"] if "dev" in splits else [])}}
    for name, method in SENTIMENT_METHODS.items():
        out[name] = {"macro-F1": {s: round(score_sentiment(method, s)["macro_f1"], 3) for s in splits}}
    return out


REFERENCE_SCORES = Path(__file__).resolve().parents[1] / "data" / "unseen" / "reference_scores.json"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--test", action="store_true", help="also score the test split (once, for a finished method)")
    ap.add_argument("--write", action="store_true",
                    help=f"write the article and dev figures to {REFERENCE_SCORES.relative_to(REFERENCE_SCORES.parents[2])}")
    args = ap.parse_args(argv)
    if args.write:
        import json

        data = {"note": "The course's methods and baselines on the article and the dev split, written by "
                        "benchmarks/generalization.py --write (tests check it is current). No test-split figures.",
                "scores": table(["article", "dev"])}
        REFERENCE_SCORES.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {REFERENCE_SCORES}")
        return 0
    splits = ["article", "dev"] + (["test"] if args.test else [])
    columns = splits + ["dev-wsj"]
    print(f"{'method':36} {'measure':17} " + " ".join(f"{s:>8}" for s in columns))
    for name, measures in table(splits).items():
        for measure, by_split in measures.items():
            print(f"{name:36} {measure:17} " + " ".join(f"{by_split[s]:8.3f}" if s in by_split else f"{'':>8}"
                                                        for s in columns))
    print("dev-wsj: the second dev set (conll2000 WSJ, quotations only; data/unseen/README.md).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
