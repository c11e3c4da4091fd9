"""The data helpers refuse a changed or missing article with a clear message."""

import pytest

from whosaidwhat import data, paths


def test_article_loads_and_keeps_its_artifacts():
    text = data.load_article()
    assert "Poutine" in text and "al -Assad" in text and "organizations “." in text


def test_a_changed_article_is_refused(tmp_path, monkeypatch):
    fake = tmp_path / "article.txt"
    fake.write_text(paths.ARTICLE.read_text(encoding="utf-8").replace("Poutine", "Putin"), encoding="utf-8")
    monkeypatch.setattr(paths, "ARTICLE", fake)
    data.load_article.cache_clear()
    try:
        with pytest.raises(data.CourseDataError, match="git checkout"):
            data.load_article()
    finally:
        data.load_article.cache_clear()


def test_a_missing_file_says_how_to_restore_it(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "METADATA", tmp_path / "nope.json")
    with pytest.raises(data.CourseDataError, match="missing"):
        data.load_metadata()


def test_load_gold_returns_a_copy():
    g = data.load_gold()
    g["sentences"].clear()
    assert data.load_gold()["sentences"], "changing the returned gold must not change the cache"
