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


def _markdown(nb_path) -> str:
    import json
    return "\n".join("".join(c["source"]) for c in json.loads(nb_path.read_text(encoding="utf-8"))["cells"]
                     if c["cell_type"] == "markdown")


@pytest.fixture(scope="module")
def prose_facts():
    return execute_and_read(NB, """{
        'rule_f1': [round(prf(course_sentence_spans(article), gold, mode='span')['f1'], 2),
                    round(prf(merge_pieces(article, course_sentence_spans(article), should_merge), gold, mode='span')['f1'], 2)],
        'next_words': [article[e:].split()[0] for s, e in sentence_spans(article) if (s, e) not in gold
                       and any(gs <= s and e < ge for gs, ge in gold)],
        'year': metadata['event']['date'][:4],
    }""")


@pytest.mark.slow
def test_prose_numbers(prose_facts):
    """Every number and count the Markdown states is the one the notebook computes."""
    text = _markdown(NB)
    before, after = prose_facts["rule_f1"]
    # the design note's model answer quotes measure_rule's output
    assert f"span F1 of {before:.2f}\nwithout the rule and {after:.2f} with it" in text, prose_facts
    # "every cut printed above falls after a full stop ... the next word starts with a lower-case letter"
    assert prose_facts["next_words"] and all(w[0].islower() for w in prose_facts["next_words"]), prose_facts
    assert "every splitter above sees two" in text
    # "a 2021 wire report"
    assert f"a {prose_facts['year']} wire report" in text
    # the stray full stops quoted in the prose are in the article
    from whosaidwhat.data import load_article
    article = load_article()
    for quoted in ("lost to his hands. armed groups.", "and US forces. in the east"):
        assert quoted in article
