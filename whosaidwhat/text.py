"""Paragraphs and sentences as character offsets: plain text plumbing that
every assignment may use (it holds no exercise's answer)."""

from __future__ import annotations

import re


def paragraphs(text: str):
    """(start, end) of each paragraph (blocks separated by a blank line)."""
    pos = 0
    for para in text.split("\n\n"):
        start = text.find(para, pos)
        yield start, start + len(para)
        pos = start + len(para)


def paragraph_of(text: str, i: int) -> tuple[int, int]:
    """(start, end) of the paragraph that holds offset i."""
    for s, e in paragraphs(text):
        if s <= i <= e:
            return s, e
    return 0, len(text)


def sentence_bounds(text: str, i: int) -> tuple[int, int]:
    """Start and end of the sentence around offset i (a paragraph break or . ! ? + capital/quote ends one)."""
    p_start, p_end = paragraph_of(text, i)
    start = p_start
    for m in re.finditer(r"[.!?][”\"]?\s+(?=[A-Z“\"])", text[p_start:i]):
        start = p_start + m.end()
    m = re.search(r"[.!?][”\"]?(?=\s+[A-Z“\"]|\s*$)", text[i:p_end])
    end = i + m.end() if m else p_end
    return start, end
