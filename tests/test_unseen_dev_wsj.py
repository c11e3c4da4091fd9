"""The second dev set (data/unseen/dev-wsj): conll2000's WSJ text rebuilt exactly from NLTK's data, and a quotation
gold that is schema-valid, points at real text, is large enough, and never collides with the first dev set."""

import json
from collections import Counter

import pytest

from whosaidwhat import unseen

QUOTE_FLOOR = 550


@pytest.fixture(scope="module")
def gold():
    return json.loads(unseen.DEV_WSJ_QUOTES.read_text(encoding="utf-8"))


def test_rebuilding_from_nltk_data_gives_the_committed_documents():
    assert unseen.dumps(unseen.build_dev_wsj()) == unseen.DEV_WSJ_DOCUMENTS.read_text(encoding="utf-8")


@pytest.mark.parametrize("tokens, text", [
    (["``", "Hi", ",", "''", "he", "said", "."], "“Hi,” he said."),
    (["They", "do", "n't", "pay", "$", "5", "-LRB-", "or", "3", "%", "-RRB-", "."], "They don't pay $5 (or 3%)."),
    (["the", "company", "'s", "`", "best", "'", "year", "--", "so", "far", "..."],
     "the company's ‘best' year -- so far..."),
])
def test_detokenizing_undoes_the_tokenizer_spacing(tokens, text):
    assert unseen._detokenize(tokens) == text


def test_pseudo_documents_are_consecutive_sentences_of_the_wsj_sections():
    docs = unseen.dev_wsj_documents()
    for part in ("test", "train"):
        ours = [d for d in docs if d["file"] == f"conll2000/{part}.txt"]
        assert [d["id"] for d in ours] == [f"conll2000/{part}/{n:04d}" for n in range(1, len(ours) + 1)]
        # no sentence is lost or repeated between pseudo-documents, and each has DEV_WSJ_SENTENCES but the last
        assert all(a["sentences"][1] == b["sentences"][0] for a, b in zip(ours, ours[1:])), part
        assert {d["sentences"][1] - d["sentences"][0] for d in ours[:-1]} == {unseen.DEV_WSJ_SENTENCES}
    assert all(d["split"] == "dev" and d["source"] == "conll2000" for d in docs)
    assert not any("``" in d["text"] or "''" in d["text"] or "-LRB-" in d["text"] for d in docs)
    # no quotation of section 20 is cut by a pseudo-document boundary (no closing mark before the first opening one),
    # as data/ANNOTATION.md says
    for d in docs:
        if d["file"] == "conll2000/test.txt" and "”" in d["text"]:
            assert "“" in d["text"] and d["text"].index("”") > d["text"].index("“"), d["id"]
    assert unseen.document("conll2000/test/0003")["text"] == docs[2]["text"]
    # the set is apart from the first dev split (the treebank sample is WSJ sections 00-01)
    assert not {d["id"] for d in docs} & {d["id"] for d in unseen.documents("dev")}


def test_quote_gold_is_valid_and_points_at_the_text(gold):
    assert gold["split"] == "dev" and gold["kind"] == "quotations" and gold["note"]
    assert unseen.validate_annotations(gold, docs=tuple(unseen.dev_wsj_documents())) == []
    assert unseen.dev_wsj_quotes() == gold["items"]


def test_quote_gold_is_large_enough_and_mixed(gold):
    items = gold["items"]
    assert len(items) >= QUOTE_FLOOR, len(items)
    types = Counter(q["speaker"]["type"] for q in items)
    assert types["name"] >= 50 and types["pronoun"] >= 10 and types["description"] >= 10, types
    assert {q["kind"] for q in items} == {"direct", "partial"}


def test_every_item_is_a_real_quotation_between_its_marks(gold):
    docs = {d["id"]: d["text"] for d in unseen.dev_wsj_documents()}
    for q in gold["items"]:
        text = docs[q["doc"]]
        assert q["open_mark"]["text"] == "“" and q["open_mark"]["end"] <= q["content"]["start"], q["id"]
        if q["close_mark"]:
            assert q["close_mark"]["text"] == "”" and q["close_mark"]["start"] >= q["content"]["end"], q["id"]
            assert "”" not in text[q["content"]["start"]:q["content"]["end"]], q["id"]
        assert q["content"]["text"] == q["content"]["text"].strip(), q["id"]
        if q["speaker"]["type"] == "none":
            assert q["speaker"]["name"] is None and q["speaker"]["mention"] is None, q["id"]
        elif q["speaker"]["name"] is None:
            # data/ANNOTATION.md, conll2000 rule "Cut-off context": a speaker named only before the pseudo-document
            # (a pronoun's antecedent, a quote continuing one there) has no name; the earlier name is an alias,
            # and the note says so
            assert q["speaker"].get("aliases") and "pseudo-document" in (q["note"] or ""), q["id"]
        else:
            assert q["speaker"]["name"], q["id"]


def test_every_document_listed_as_annotated_has_items_in_text_order(gold):
    by_doc = {}
    for q in gold["items"]:
        by_doc.setdefault(q["doc"], []).append(q["open_mark"]["start"])
    listed = gold["note"].split("annotated completely (in this order): ")[1].split(". ")[0].split(", ")
    assert listed == list(by_doc)
    assert all(starts == sorted(set(starts)) for starts in by_doc.values())


def test_section_20_is_annotated_completely(gold):
    # every pseudo-document of test.txt is either annotated or passed over (no quotation), and one with items
    # holds no quotation mark that is left unexplained: every opening mark is an item's or was skipped by the guidelines
    note = gold["note"]
    annotated = note.split("annotated completely (in this order): ")[1].split(". ")[0].split(", ")
    passed = note.split("Passed over in that range")[1].split(": ", 1)[1].rstrip(".").split(", ")
    section20 = [d for d in unseen.dev_wsj_documents() if d["file"] == "conll2000/test.txt"]
    assert sorted(d for d in annotated + passed if d.startswith("conll2000/test/")) == [d["id"] for d in section20]
    # train.txt is taken in id order after section 20: a contiguous run from its first pseudo-document
    train = sorted(d for d in annotated + passed if d.startswith("conll2000/train/"))
    assert train == [f"conll2000/train/{n:04d}" for n in range(1, len(train) + 1)]
    items = Counter(q["doc"] for q in gold["items"])
    for d in section20:
        assert items[d["id"]] <= d["text"].count("“"), d["id"]
        if d["id"] in passed:
            assert not items[d["id"]], d["id"]


def test_ids_never_clash_with_the_first_dev_set(gold):
    ids = [q["id"] for q in gold["items"]]
    assert len(set(ids)) == len(ids)
    assert not set(ids) & {q["id"] for q in unseen.annotations("quotations", "dev")}


def test_validator_catches_a_span_that_moved(gold):
    data = json.loads(json.dumps(gold))
    data["items"][0]["speaker"]["mention"]["start"] += 1
    assert any("speaker.mention" in p for p in unseen.validate_annotations(data, docs=tuple(unseen.dev_wsj_documents())))
