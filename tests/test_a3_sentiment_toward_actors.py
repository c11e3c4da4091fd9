"""Assignment 3: the target-aware method beats the baseline on the article's
gold (computed live) and on unseen sentences; hard-coded answers fail the
hidden tests."""

import json

import pytest

from nbtools import SOLUTIONS, autograde_answers, execute_and_read

from whosaidwhat.reference.sentiment import baseline, polarity_toward, target_sentiment

A = "a3_sentiment_toward_actors"
NB = SOLUTIONS / A / "sentiment_toward_actors.ipynb"

# A copy of the hidden test's unseen holder → target cases.
UNSEEN_SENTIMENT = [
    ("Erdogan praised Qatar for its mediation in the crisis.", "Qatar", "erdogan", 1),
    ("The foreign minister denounced the militias for attacking civilians.", "the militias", "minister", -1),
    ("“The terrorists have been crushed in the north,” the general said.", "The terrorists", "general", -1),
    ("Macron thanked Germany for its support during the summit.", "Germany", "macron", 1),
    ("The ministry condemned Israel after the strike on the port.", "Israel", "ministry", -1),
    ("The delegation arrived in Cairo on Monday for two days of talks.", "Cairo", "narrator", 0),
    ("Clashes killed dozens of people near Tripoli, where the government holds the centre.", "the government", "narrator", 0),
    ("The opposition accused Moscow of bombing hospitals in the province.", "Moscow", "opposition", -1),
    ("The president welcomed the Saudi crown prince, calling him a brother.", "the Saudi crown prince", "president", 1),
    ("Rebels lost ground as the army advanced in the south, the agency reported.", "Rebels", "narrator", 0),
    ("“Our partners in Beijing have always stood by us,” the spokesman said.", "Beijing", "spokesman", 1),
    ("Washington imposed sanctions on Caracas, which it blames for the crisis.", "Caracas", "washington", -1),
]


@pytest.fixture(scope="module")
def results():
    return execute_and_read(
        NB, "{'baseline': baseline_eval['accuracy'], 'improved': improved_eval['accuracy'], 'macro_f1': improved_eval['macro_f1'],"
            f" 'unseen': [polarity_toward(s, t, h) for s, t, h, p in {json.dumps(UNSEEN_SENTIMENT)}],"
            f" 'unseen_base': [baseline(s) for s, t, h, p in {json.dumps(UNSEEN_SENTIMENT)}]}}")


@pytest.mark.slow
def test_improved_method_beats_baseline_on_the_article(results):
    assert results["improved"] > results["baseline"], results
    assert 0 < results["macro_f1"] < 1


@pytest.mark.slow
def test_improved_method_beats_baseline_on_unseen_sentences(results):
    gold = [p for *_, p in UNSEEN_SENTIMENT]
    right = sum(a == b for a, b in zip(results["unseen"], gold))
    base = sum(a == b for a, b in zip(results["unseen_base"], gold))
    assert len(UNSEEN_SENTIMENT) >= 10 and right > base, (right, base)


def test_reference_module_beats_baseline_on_unseen_sentences():
    right = sum(polarity_toward(s, t, h) == p for s, t, h, p in UNSEEN_SENTIMENT)
    base = sum(baseline(s) == p for s, t, h, p in UNSEEN_SENTIMENT)
    assert right > base


def test_target_sentiment_takes_holders_from_quotations():
    pairs = target_sentiment("“The militants have been crushed,” Ana Silva said. The army entered Homs.",
                             targets={"militants": ["The militants"], "army": ["The army"]})
    by_target = {p["target"]: p for p in pairs}
    assert by_target["militants"]["holder"] == "Ana Silva" and by_target["militants"]["polarity"] == -1
    assert by_target["army"]["holder"] == "narrator"


HARD_CODED = {
    "ex4_praise_or_blame": (
        "def praise_or_blame(sentence, target):\n"
        "    return {'him': 1, 'Moscow': -1, 'the Russian leader': 1}.get(target, 0)\n"),
    "ex5_polarity_toward": (
        "from whosaidwhat.data import load_gold as _lg\n"
        "_G = _lg()\n"
        "_S = {s['id']: s['text'] for s in _G['sentences']}\n"
        "_LOOKUP = {(_S[e['sentence']], e['holder']): e['polarity'] for e in _G['sentiment']}\n"
        "def polarity_toward(sentence, target, holder='narrator'):\n"
        "    if target == 'The terrorists':\n"
        "        return -1\n"
        "    if target == 'him':\n"
        "        return 1\n"
        "    return _LOOKUP.get((sentence, holder), 0)\n"),
}


@pytest.mark.slow
def test_answers_fitted_to_the_article_fail_the_hidden_tests(tmp_path):
    by_cell = autograde_answers(tmp_path, A, NB, HARD_CODED)
    assert by_cell["ex4_praise_or_blame_tests"][0] == 0, by_cell
    assert by_cell["ex5_polarity_toward_tests"][0] < by_cell["ex5_polarity_toward_tests"][1], by_cell
