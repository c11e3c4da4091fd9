"""Assignment 0: answers that only fit the article (or only the visible
tests) lose the points of the hidden tests; the worked examples' numbers are
computed live."""

import pytest

from nbtools import SOLUTIONS, autograde_answers, execute_and_read

A = "a0_meet_the_article"
NB = SOLUTIONS / A / "meet_the_article.ipynb"

# What a student who fits the article and the visible examples would write.
HARD_CODED = {
    "ex1_paragraphs": '''
import re
def paragraphs(text):
    return [p.strip() for p in text.split("\\n\\n")]   # only the article's exact separator
''',
    "ex2_content_words": '''
ENGLISH_STOPWORDS = set(stopwords.words("english"))
def content_words(text):
    # the visible examples, then a crude rule that ignores case and curly quotes
    for mark in ".,“”":
        text = text.replace(mark, " ")
    return [t.lower() for t in text.split() if t.isalpha() and t.lower() not in ENGLISH_STOPWORDS]
''',
    "ex6_kwic": '''
def keyword_in_context(tokens, stem, width=4):
    return [(" ".join(tokens[max(0, i - width):i]), t, " ".join(tokens[i + 1:i + 1 + width]))
            for i, t in enumerate(tokens) if t.lower().startswith("terror")]   # the article's one keyword
''',
}


@pytest.mark.slow
def test_hard_coded_answers_fail_the_hidden_tests(tmp_path):
    by_cell = autograde_answers(tmp_path, A, NB, HARD_CODED)
    for cell in ("ex1_paragraphs_tests", "ex2_content_words_tests", "ex6_kwic_tests"):
        assert by_cell[cell][0] == 0, f"{cell}: an answer fitted to the article still earns {by_cell[cell]}"
    # the untouched exercises still earn their points: the test is about the hard-coding, not a broken notebook
    assert by_cell["ex5_proper_noun_runs_tests"][0] == by_cell["ex5_proper_noun_runs_tests"][1]


@pytest.mark.slow
def test_splitter_comparison_is_computed_live():
    scores = execute_and_read(NB, "{n: prf(f, gold, mode='span')['f1'] for n, f in splitters.items()}")
    naive, punkt, best = (scores[k] for k in ("naive (. ! ? + space)", "Punkt on the whole text", "paragraphs, then Punkt"))
    assert best >= punkt >= naive, scores
    assert best < 1.0, "the translation's stray full stops should still defeat the best splitter"
