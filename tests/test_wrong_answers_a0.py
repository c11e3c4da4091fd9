"""Assignment 0: typical wrong answers, one or more per exercise, are each caught by the exercise's visible
test with a course message, and cost only that exercise (issue 14). Wrong answers for different exercises share
one notebook run: that they do not interact is the point."""

import pytest

from nbtools import SOLUTIONS, assert_wrong_answers_cost_only_their_exercise

NB = SOLUTIONS / "a0_meet_the_article" / "meet_the_article.ipynb"

# Mistakes in the logic: blank lines with spaces or CRLF, case, line breaks, a repeated sentence, the last run,
# case again, a wrong guess, a rule that merges everything.
LOGIC = {
    "ex1_paragraphs": 'def paragraphs(text):\n    return [p.strip() for p in text.split("\\n\\n") if p.strip()]\n',
    "ex2_content_words": '''ENGLISH_STOPWORDS = set(stopwords.words("english"))
def content_words(text):
    return [t.lower() for t in nltk.word_tokenize(text) if any(ch.isalpha() for ch in t) and t not in ENGLISH_STOPWORDS]
''',
    "ex3_naive_sentences": 'import re\ndef naive_sentences(text):\n    return [s.strip() for s in re.split(r"(?<=[.!?]) ", text) if s.strip()]\n',
    "ex4_sentence_spans": '''def sentence_spans(text):
    spans = []
    for para in paragraphs(text):
        for sent in nltk.sent_tokenize(para):
            start = text.find(sent)          # searches from the top every time
            spans.append((start, start + len(sent)))
    return spans
''',
    "ex5_proper_noun_runs": '''def proper_noun_runs(tagged):
    runs, current = [], []
    for token, tag in tagged:
        if tag in ("NNP", "NNPS"):
            current.append(token)
        elif current:
            runs.append(" ".join(current))
            current = []
    return runs                               # the run still open at the end is lost
''',
    "ex6_kwic": '''def keyword_in_context(tokens, stem, width=4):
    return [(" ".join(tokens[max(0, i - width):i]), t, " ".join(tokens[i + 1:i + 1 + width]))
            for i, t in enumerate(tokens) if t.startswith(stem)]      # case-sensitive
''',
    "concept_tokenizer": 'answer = "a"\n',
    "ex7_should_merge": 'def should_merge(left, right):\n    return True\n',
}

# Wrong types: a tuple, lists instead of tuples, a generator, a string instead of a bool, a number as the answer.
TYPES = {
    "ex1_paragraphs": 'def paragraphs(text):\n    return tuple(p.strip() for p in text.split("\\n\\n") if p.strip())\n',
    "ex3_naive_sentences": 'import re\ndef naive_sentences(text):\n    return (s.strip() for s in re.split(r"(?<=[.!?])\\s+", text) if s.strip())\n',
    "ex4_sentence_spans": '''def sentence_spans(text):
    spans, pos = [], 0
    for para in paragraphs(text):
        for sent in nltk.sent_tokenize(para):
            start = text.find(sent, pos)
            spans.append([start, start + len(sent)])
            pos = start + len(sent)
    return spans
''',
    "ex6_kwic": '''def keyword_in_context(tokens, stem, width=4):
    return [[" ".join(tokens[max(0, i - width):i]), t, " ".join(tokens[i + 1:i + 1 + width])]
            for i, t in enumerate(tokens) if t.lower().startswith(stem.lower())]
''',
    "concept_tokenizer": "answer = 2\n",
    "ex7_should_merge": 'def should_merge(left, right):\n    return "yes" if right[:1].islower() else ""\n',
}

WORDS = {"ex1": "paragraphs", "ex2": "content_words", "ex3": "naive_sentences", "ex4": "sentence_spans",
         "ex5": "proper_noun_runs", "ex6": "keyword_in_context", "ex7": "Exercise 7"}


@pytest.mark.slow
@pytest.mark.parametrize("answers", [LOGIC, TYPES], ids=["logic", "types"])
def test_wrong_answers_are_caught_and_cost_only_their_exercise(answers):
    assert_wrong_answers_cost_only_their_exercise(NB, answers, words=WORDS)
