"""whosaidwhat.reference.sentiment on news it was not written for. Floors are checked on the DEV split only;
the test split is scored once per finished method by benchmarks/generalization.py --test."""

import pytest

from benchmarks_generalization import score_sentiment
from whosaidwhat.reference.sentiment import baseline, polarity_toward


@pytest.mark.parametrize("sentence, target, holder, want", [
    # a narrator's factual report, even of bad news, is neutral
    ("Police arrested Tomas Varga on Monday after a violent protest.", "Tomas Varga", "narrator", 0),
    ("Profits at Keller Foods fell sharply in a terrible quarter.", "Keller Foods", "narrator", 0),
    # the narrator's own evaluative words on the target are not
    ("Shareholders of the troubled Keller Foods met on Monday.", "the troubled Keller Foods", "narrator", -1),
    # a speaker's act of blame or praise toward the target
    ("Ana Silva accused the mayor of hiding the report.", "the mayor", "Ana Silva", -1),
    ("Ana Silva praised the mayor for his courage.", "the mayor", "Ana Silva", 1),
    ("“He has stolen our future,” Ana Silva said of Tomas Varga.", "Tomas Varga", "Ana Silva", -1),
    # a stigmatising label on the target, whoever speaks
    ("The militants attacked the convoy.", "The militants", "narrator", -1),
])
def test_holder_aware_rules(sentence, target, holder, want):
    assert polarity_toward(sentence, target, holder) == want


def test_baseline_ignores_target_and_holder():
    s = "Ana Silva praised the mayor but hated the plan."
    assert baseline(s, "the mayor", "Ana Silva") == baseline(s)


@pytest.mark.slow
def test_dev_split_beats_sentence_vader_and_the_majority_class():
    ours = score_sentiment(polarity_toward, "dev")
    vader = score_sentiment(baseline, "dev")
    majority = score_sentiment(lambda s, t, h: 0, "dev")
    assert ours["macro_f1"] >= vader["macro_f1"] + 0.05, (ours, vader)
    assert ours["macro_f1"] >= majority["macro_f1"], (ours, majority)
