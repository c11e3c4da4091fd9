"""The unseen-news set (data/unseen): the texts are rebuilt from NLTK's data exactly, the splits are what the
course says they are, and the gold annotations are valid, honest in size, and point at real text."""

import json
from collections import Counter

import pytest

from whosaidwhat import unseen


def test_rebuilding_from_nltk_data_gives_the_committed_documents():
    docs = unseen.build()
    assert unseen.dumps([d for d in docs if d["split"] == "dev"]) == unseen.DOCUMENTS.read_text(encoding="utf-8")
    assert unseen.dumps([d for d in docs if d["split"] == "test"]) == unseen.HELDOUT_DOCUMENTS.read_text(encoding="utf-8")


def test_the_test_split_is_held_out_in_its_own_folder():
    assert unseen.annotation_file("quotations", "test").parent == unseen.HELDOUT_DIR
    assert unseen.annotation_file("sentiment", "dev").parent == unseen.UNSEEN_DIR
    assert all(d["split"] == "dev" for d in json.loads(unseen.DOCUMENTS.read_text(encoding="utf-8"))["documents"])


def test_splits():
    docs = unseen.documents()
    by = Counter((d["source"], d["split"], d["id"].split("/")[1][:3]) for d in docs)
    assert all(split == "test" for (src, split, pre) in by if pre == "NYT")
    assert all(split == "dev" for (src, split, pre) in by if pre in ("APW", "wsj"))
    assert {d["split"] for d in docs} == {"dev", "test"}
    with pytest.raises(ValueError, match="split"):
        unseen.documents("train")


def test_text_is_running_text_with_entity_offsets():
    for d in unseen.documents(source="ieer"):
        assert "``" not in d["text"] and "<b_" not in d["text"] and "&UR;" not in d["text"], d["id"]
        for e in d["entities"]:
            assert d["text"][e["start"]:e["end"]] == e["text"] and e["label"] in unseen.ENTITY_LABELS, (d["id"], e)


@pytest.mark.parametrize("kind", ["quotations", "sentiment"])
@pytest.mark.parametrize("split", ["dev", "test"])
def test_annotation_files_are_valid(kind, split):
    data = json.loads(unseen.annotation_file(kind, split).read_text(encoding="utf-8"))
    assert unseen.validate_annotations(data) == []
    assert data["split"] == split and data["kind"] == kind and data["note"]


def test_annotation_floors():
    quotes = {s: unseen.annotations("quotations", s) for s in unseen.SPLITS}
    pairs = {s: unseen.annotations("sentiment", s) for s in unseen.SPLITS}
    assert sum(map(len, quotes.values())) >= 150 and len(quotes["test"]) >= 60
    assert sum(map(len, pairs.values())) >= 250
    assert all(len(pairs[s]) >= 100 for s in unseen.SPLITS)
    # named and pronoun sources are both represented where speaker accuracy is measured
    types = Counter(q["speaker"]["type"] for q in quotes["test"])
    assert types["name"] >= 30 and types["pronoun"] >= 20, types
    # every polarity occurs in both splits
    assert all({p["polarity"] for p in pairs[s]} == {-1, 0, 1} for s in unseen.SPLITS)


def test_validator_catches_a_span_that_moved():
    data = json.loads(unseen.annotation_file("quotations", "dev").read_text(encoding="utf-8"))
    data["items"][0]["content"]["start"] += 1
    assert any("content" in p for p in unseen.validate_annotations(data))


def test_missing_file_gives_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(unseen, "UNSEEN_DIR", tmp_path)
    with pytest.raises(FileNotFoundError, match="sentiment annotations for the dev split"):
        unseen.annotations("sentiment", "dev")


def test_a_copy_without_the_held_out_folder_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(unseen, "HELDOUT_DOCUMENTS", tmp_path / "heldout" / "documents.json")
    monkeypatch.setattr(unseen, "HELDOUT_DIR", tmp_path / "heldout")
    unseen._load.cache_clear()
    try:
        with pytest.raises(FileNotFoundError, match="held out"):
            unseen.documents("test")
        assert unseen.documents("dev")
    finally:
        unseen._load.cache_clear()


@pytest.mark.slow
def test_reference_scores_are_current():
    """data/unseen/reference_scores.json (shown in the notebooks) equals a fresh run of the benchmark."""
    from benchmarks_generalization import REFERENCE_SCORES, table

    stored = json.loads(REFERENCE_SCORES.read_text(encoding="utf-8"))["scores"]
    assert stored == table(["article", "dev"])
    assert "test" not in json.dumps(stored)


@pytest.mark.parametrize("kind", ["quotations", "sentiment"])
@pytest.mark.parametrize("split", ["dev", "test"])
def test_the_header_note_names_guidelines_that_exist(kind, split):
    """Each gold file says which guidelines it was labelled under: that file and section must exist."""
    import re
    from whosaidwhat.paths import REPO_ROOT

    path = unseen.annotation_file(kind, split)
    note = json.loads(path.read_text(encoding="utf-8"))["note"]
    named = re.search(r"under (data/\S+\.md), '([^']+)', '([^']+)'", note)
    assert named, f"{path.name}: the note should name its guidelines as data/<file>.md, '<section>', '<subsection>'"
    guide = (REPO_ROOT / named[1]).read_text(encoding="utf-8")
    assert named[2] in guide and f"\n{named[3]}" in guide, f"{path.name}: {named[1]} has no {named[2]!r} / {named[3]!r}"
