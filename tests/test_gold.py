"""The gold annotations are valid, consistent and point at the right text."""

import hashlib
import json
from pathlib import Path

import jsonschema
import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
SHARED_ARTICLE = DATA.parents[1] / "shared" / "article" / "article.txt"

ARTICLE = (DATA / "article.txt").read_text(encoding="utf-8")
GOLD = json.loads((DATA / "gold.json").read_text(encoding="utf-8"))
SCHEMA = json.loads((DATA / "gold.schema.json").read_text(encoding="utf-8"))
ACTORS = {a["id"] for a in GOLD["actors"]}
CHANNELS = {c["id"] for c in GOLD["channels"]}
SENTENCES = {s["id"]: s for s in GOLD["sentences"]}


def _spans(node, where="gold"):
    """Every {start, end, text} object anywhere in the gold, with its path."""
    if isinstance(node, dict):
        if {"start", "end", "text"} <= node.keys():
            yield where, node
        for k, v in node.items():
            yield from _spans(v, f"{where}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _spans(v, f"{where}[{v.get('id', i) if isinstance(v, dict) else i}]")


def test_article_is_byte_identical_to_the_shared_original():
    if not SHARED_ARTICLE.exists():
        pytest.skip("../shared/article/article.txt is not beside this checkout")
    assert (DATA / "article.txt").read_bytes() == SHARED_ARTICLE.read_bytes()


def test_article_sha256_is_recorded():
    digest = hashlib.sha256((DATA / "article.txt").read_bytes()).hexdigest()
    assert (DATA / "article.sha256").read_text().split()[0] == digest
    assert GOLD["article"]["sha256"] == digest
    assert json.loads((DATA / "metadata.json").read_text())["sha256"] == digest


def test_gold_matches_its_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    errors = sorted(jsonschema.Draft202012Validator(SCHEMA).iter_errors(GOLD), key=str)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def test_schema_rejects_a_bad_label():
    bad = json.loads(json.dumps(GOLD))
    bad["mentions"][0]["label"] = "ORGANIZATION"  # NLTK's label, not ours
    assert not jsonschema.Draft202012Validator(SCHEMA).is_valid(bad)


def test_every_span_text_equals_the_article_at_its_offsets():
    wrong = [(w, s) for w, s in _spans(GOLD) if ARTICLE[s["start"]:s["end"]] != s["text"]]
    assert not wrong, f"{len(wrong)} spans do not match the article, e.g. {wrong[:3]}"
    assert sum(1 for _ in _spans(GOLD)) > 200


@pytest.mark.parametrize("key", ["sentences", "actors", "channels", "mentions", "quotations", "reported_speech", "sentiment", "bias_cues"])
def test_ids_are_unique(key):
    ids = [x["id"] for x in GOLD[key]]
    dupes = {i for i in ids if ids.count(i) > 1}
    assert not dupes, f"duplicate ids in {key}: {dupes}"


def test_every_reference_exists():
    missing = []
    for m in GOLD["mentions"]:
        if m["actor"] is not None and m["actor"] not in ACTORS:
            missing.append((m["id"], m["actor"]))
    for q in GOLD["quotations"] + GOLD["reported_speech"]:
        for field in ("speaker", "addressee"):
            if q[field] is not None and q[field] not in ACTORS:
                missing.append((q["id"], q[field]))
        if q["channel"] is not None and q["channel"] not in CHANNELS:
            missing.append((q["id"], q["channel"]))
    for t in GOLD["sentiment"]:
        missing += [(t["id"], a) for a in (t["holder"], t["target"]) if a != "narrator" and a not in ACTORS]
    for b in GOLD["bias_cues"]:
        missing += [(b["id"], a) for a in (b["voice"], b["refers_to"]) if a not in (None, "narrator") and a not in ACTORS]
    missing += [(c["id"], c["owner"]) for c in GOLD["channels"] if c["owner"] not in ACTORS]
    for key in ("mentions", "quotations", "reported_speech", "sentiment", "bias_cues"):
        missing += [(x["id"], x["sentence"]) for x in GOLD[key] if x["sentence"] not in SENTENCES]
    assert not missing, f"references to unknown actors/channels/sentences: {missing}"


def test_sentences_cover_the_text_in_order_without_overlap():
    prev = 0
    for s in GOLD["sentences"]:
        assert s["start"] >= prev and ARTICLE[prev:s["start"]].strip() == "", f"{s['id']} overlaps or skips text"
        prev = s["end"]
    assert ARTICLE[prev:].strip() == ""


def test_annotations_lie_inside_their_sentence():
    outside = []
    for key, span_of in (("mentions", lambda x: x), ("quotations", lambda x: x["content"]),
                         ("reported_speech", lambda x: x["content"]), ("bias_cues", lambda x: x)):
        for x in GOLD[key]:
            s, sp = SENTENCES[x["sentence"]], span_of(x)
            if not (s["start"] <= sp["start"] and sp["end"] <= s["end"]):
                outside.append(x["id"])
    assert not outside, f"annotations outside their sentence: {outside}"


def test_quotation_content_excludes_the_marks():
    marks = "“”\"‘’"
    bad = [q["id"] for q in GOLD["quotations"]
           if q["content"]["text"][0] in marks or q["content"]["text"][-1] in marks
           or q["open_mark"]["end"] > q["content"]["start"]
           or (q["close_mark"] and q["close_mark"]["start"] < q["content"]["end"])]
    assert not bad, f"quotations whose content includes a mark: {bad}"
    assert all(q["open_mark"]["text"] in marks for q in GOLD["quotations"])


def test_every_quote_mark_in_the_article_belongs_to_a_quotation():
    used = {q["open_mark"]["start"] for q in GOLD["quotations"]} | {q["close_mark"]["start"] for q in GOLD["quotations"] if q["close_mark"]}
    marks = [i for i, ch in enumerate(ARTICLE) if ch in "“”\""]
    assert sorted(used) == marks, "a quote mark in the article is not part of any gold quotation"


def test_mentions_do_not_overlap_and_sentiment_is_three_valued():
    ms = sorted((m["start"], m["end"]) for m in GOLD["mentions"])
    assert all(a[1] <= b[0] for a, b in zip(ms, ms[1:])), "overlapping mentions"
    assert {t["polarity"] for t in GOLD["sentiment"]} == {-1, 0, 1}


def test_metadata_invents_no_outlet():
    meta = json.loads((DATA / "metadata.json").read_text(encoding="utf-8"))
    assert meta["outlet"] is None and meta["author"] is None
    assert meta["event"]["date"] == "2021-09-13" and meta["source_statement"]["date"] == "2021-09-14"
    assert meta["translation"]["source_language"] == "fr"
