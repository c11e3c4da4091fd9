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


# --- issue 14: every number in the prose is recomputed here; points; rubrics students can see ---------------------

import re

from nbtools import NOTEBOOKS, ROOT
from prose_numbers import cell_source, literal, prose_numbers


def _cells():
    return json.loads(NB.read_text(encoding="utf-8"))["cells"]


def _cell(gid=None, starts=None):
    return cell_source(NB, gid, starts)


_literal = literal


def test_prose_numbers():
    from nltk.sentiment import SentimentIntensityAnalyzer

    from whosaidwhat.data import load_article, load_gold
    from whosaidwhat.reference import sentiment as ref

    lexicon = SentimentIntensityAnalyzer().lexicon
    article = load_article()
    gold = load_gold()
    dev = _literal(_cell(starts="DEV_SENTENCES = ["), "DEV_SENTENCES")
    dev_scores = [(ref.vader(s), g) for s, g in dev]
    threshold = _literal(_cell(gid="ex6_threshold"), "MY_THRESHOLD")
    wrong_neutral = [abs(s) for s, g in dev_scores if g == 0 and ref.to_polarity(s, 0.05) != 0]
    text = "\n".join("".join(c["source"]) for c in _cells())
    # section 6: the clause scores of the narrator's gold-neutral dev pairs that Exercise 5 calls polar
    ex5 = _solution_functions()
    narrator_false = [abs(ref.vader(ex5["clause_of"](s, t))) for s, t, h, g in _dev_pairs()
                      if h == "narrator" and g == 0 and ex5["polarity_toward"](s, t, h) != 0]
    checks = {
        "2014": "Hutto & Gilbert, 2014" in text,                              # citations, as cited
        "2021": "Hamborg & Donnay, 2021" in text,
        "0.83": "macro-F1 ≈ 0.83 on NewsMTSC" in text,
        "7,500": abs(len(lexicon) - 7500) < 100,                              # VADER's lexicon size
        "−4": min(lexicon.values()) >= -4, "+4": max(lexicon.values()) <= 4,  # its rating scale
        "0.05": ref.THRESHOLD == 0.05 and "def to_polarity(score, threshold=0.05)" in text,
        "−0.05": ref.THRESHOLD == 0.05,
        "3": "CLASSES = (-1, 0, 1)" in text,                                  # a 3 × 3 matrix
        "0": "else 0.0" in text,                                              # 0 when a denominator is 0
        "0.5": "0.5 if narrator else 0.3" in text, "0.3": "0.5 if narrator else 0.3" in text,
        "20": len(dev) == 20,
        "0.4": threshold == 0.4,
        # 0.8: the dev sentences of section 5, and the narrator clauses of section 6 with the threshold of Exercise 8
        "0.8": round(max(wrong_neutral), 1) == 0.8 and round(max(narrator_false), 1) == 0.8
               and "0.8 if narrator else 0.3" in _cell(gid="ex8_my_polarity_toward"),
        "−0.79": any(round(s, 2) == -0.79 and g == 0 for s, g in dev_scores),
        "+0.40": any(round(s, 2) == 0.40 and g == 0 for s, g in dev_scores),
        "−0.42": any(round(s, 2) == -0.42 and g == -1 for s, g in dev_scores),
        "+0.46": any(round(s, 2) == 0.46 and g == 1 for s, g in dev_scores),
        "90%": "90% of the territor" in article,                              # quoted from the article
    }
    stated = prose_numbers(NB)
    unchecked = sorted({n for _, n in stated} - set(checks))
    assert not unchecked, f"numbers in the Markdown that no test recomputes: {unchecked}"
    wrong = [n for _, n in stated if not checks[n]]
    assert not wrong, f"numbers in the Markdown that the recomputation contradicts: {wrong}"
    # the claim in words: the baseline calls gold-neutral pairs positive about as often as negative
    sentences = {s["id"]: s["text"] for s in gold["sentences"]}
    pred = [ref.baseline(sentences[e["sentence"]]) for e in gold["sentiment"] if e["polarity"] == 0]
    pos, neg = pred.count(1), pred.count(-1)
    assert min(pos, neg) > 0 and max(pos, neg) <= 1.5 * min(pos, neg), (pos, neg)
    assert "about as often positive as\nnegative" in text








def test_a3_does_not_import_its_own_answers():
    # whosaidwhat.reference.sentiment holds a3's answers: it is released with a4
    assert "reference.sentiment" not in NB.read_text(encoding="utf-8")


def test_targets_runs_the_method_it_is_given():
    from whosaidwhat.targets import target_sentiment as drive

    calls = []

    def method(sentence, target, holder):
        calls.append((target, holder))
        return 1

    pairs = drive("“The militants have been crushed,” Ana Silva said. The army entered Homs.", method,
                  targets={"militants": ["The militants"], "army": ["The army"]})
    assert [p["polarity"] for p in pairs] == [1, 1] and calls == [("The militants", "Ana Silva"), ("The army", "narrator")]
    with pytest.raises(TypeError, match="method should be a function"):
        drive("The army entered Homs.", "polarity_toward")


# --- issue 12: "Beyond the article" (section 6) ----------------------------------------------------------------------

def _dev_pairs():
    from whosaidwhat.unseen import annotations

    return [(i["sentence"]["text"], i["target"]["mention"]["text"], i["holder"]["name"], i["polarity"])
            for i in annotations("sentiment", "dev")]


def _solution_functions():
    """The solution notebook's Exercises 1, 3, 4, 5 and 8, run in one namespace (no kernel)."""
    from nltk.sentiment import SentimentIntensityAnalyzer

    ns = {"re": re, "vader": SentimentIntensityAnalyzer()}
    for c in _cells():
        gid = c.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        src = "".join(c["source"])
        if gid in ("ex1_to_polarity", "ex3_clause_of", "ex4_praise_or_blame", "ex5_polarity_toward",
                   "ex8_my_polarity_toward") or src.startswith("PRAISE ="):
            exec(src, ns)
    return ns


def _hidden_test_items():
    src = _cell(gid="ex8_my_polarity_toward_hidden_tests")
    sentences, pairs = _literal(src, "TEST_SENTENCES"), _literal(src, "TEST_PAIRS")
    return [(sentences[k], t, h, g) for k, t, h, g in pairs]


def test_hidden_test_split_cell_holds_the_test_gold_exactly():
    import json as _json

    from whosaidwhat.unseen import annotation_file

    gold = _json.loads(annotation_file("sentiment", "test").read_text(encoding="utf-8"))["items"]
    assert _hidden_test_items() == [(i["sentence"]["text"], i["target"]["mention"]["text"], i["holder"]["name"],
                                     i["polarity"]) for i in gold]


def test_student_visible_code_never_loads_test_gold():
    released = (NOTEBOOKS / A / NB.name).read_text(encoding="utf-8")
    for marker in ('"test")', "'test')", "sentiment.test", "TEST_SENTENCES", "NYT19980315"):
        assert marker not in released, f"{marker!r} in the student version of a3"
    assert 'annotations(\\"sentiment\\", \\"dev\\")' in released


def test_the_change_of_exercise_8_is_measured_on_dev_only_and_helps_there():
    from whosaidwhat.reference.sentiment import to_polarity

    ns = _solution_functions()
    dev = _dev_pairs()
    gold = [g for *_, g in dev]

    def macro(method):
        from benchmarks_generalization import _mod

        return _mod.macro_f1([(g, method(s, t, h)) for (s, t, h, _), g in zip(dev, gold)])

    before, after = macro(ns["polarity_toward"]), macro(ns["my_polarity_toward"])
    baseline = macro(lambda s, t, h: to_polarity(ns["vader"].polarity_scores(s)["compound"]))
    assert after > before > baseline, (before, after, baseline)


@pytest.mark.slow
def test_no_test_split_credit_for_the_majority_class(tmp_path):
    """Credit on the test split grows with macro-F1 above the baselines' dev level: a method that says 0 for
    every pair (the majority class) earns nothing there (the solution earns it all: test_roundtrip)."""
    neutral = {"ex8_my_polarity_toward": "def my_polarity_toward(sentence, target, holder='narrator'):\n"
                                         "    return 0\n"}
    by_cell = autograde_answers(tmp_path, A, NB, neutral)
    assert by_cell["ex8_my_polarity_toward_hidden_tests"][0] == 0, by_cell["ex8_my_polarity_toward_hidden_tests"]
    assert by_cell["ex8_my_polarity_toward_tests"][0] == 0, "all-neutral lowers the dev macro-F1 of Exercise 5"
