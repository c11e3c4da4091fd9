"""Load the article, its metadata and the gold annotations.

Every span in the gold file is ``{"start", "end", "text"}`` with character
offsets into ``article.txt`` (Python string indices, end exclusive).
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from . import paths


class CourseDataError(RuntimeError):
    """A data file is missing or damaged; the message says which and how to fix it."""


def _read(path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise CourseDataError(
            f"{path} is missing. Restore it with `git checkout -- data/` from the course folder."
        ) from None


@lru_cache(maxsize=None)
def load_article() -> str:
    """The article text, checked against its recorded sha256 (never 'fixed')."""
    raw = _read(paths.ARTICLE)
    expected = _read(paths.ARTICLE_SHA256).decode().split()[0]
    if hashlib.sha256(raw).hexdigest() != expected:
        raise CourseDataError(
            f"{paths.ARTICLE} has been changed (sha256 differs from {paths.ARTICLE_SHA256}). "
            "The course needs the original, artifacts included: `git checkout -- data/article.txt`."
        )
    return raw.decode("utf-8")


def _json(path) -> dict:
    try:
        return json.loads(_read(path).decode("utf-8"))
    except json.JSONDecodeError as exc:
        raise CourseDataError(f"{path} is not valid JSON ({exc}). Restore it with `git checkout -- data/`.") from None


@lru_cache(maxsize=None)
def _gold() -> dict:
    return _json(paths.GOLD)


def load_gold() -> dict:
    """The gold annotations (a fresh copy each call, so a notebook cannot damage the cache)."""
    return json.loads(json.dumps(_gold()))


def load_metadata() -> dict:
    return _json(paths.METADATA)


def gold_sentences() -> list[dict]:
    return load_gold()["sentences"]


def actors_by_id() -> dict[str, dict]:
    return {a["id"]: a for a in load_gold()["actors"]}
