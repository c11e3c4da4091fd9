"""Assignment 3's battery of typical wrong answers (issue 14, convention 7).

Each run puts wrong answers into several exercises that do not build on one
another's *tested* code (later tests use the course's versions of earlier
functions), then checks that each wrong exercise fails its visible test with a
course message and that every other exercise's test cells still pass. Run A
breaks the exercises that Exercises 5, 6 and 8 build on, so it also proves that
those do not cascade; run B breaks Exercise 5 under a right Exercise 8."""

import pytest

from battery import check_battery, check_coverage, run_with_answers
from nbtools import SOLUTIONS

NB = SOLUTIONS / "a3_sentiment_toward_actors" / "sentiment_toward_actors.ipynb"

EVALUATE_BODY = '''CLASSES = (-1, 0, 1)


def evaluate(pred, gold):
    if len(pred) != len(gold):
        raise ValueError("lengths differ")
    confusion = [[sum(1 for p, g in zip(pred, gold) if g == gc and p == pc) for pc in CLASSES] for gc in CLASSES]
    per_class = {}
    for k, c in enumerate(CLASSES):
        tp = confusion[k][k]
        predicted = sum(row[k] for row in confusion)
        actual = sum(confusion[k])
        p = tp / predicted if predicted else 0.0
        r = tp / actual if actual else 0.0
        per_class[c] = {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}
    accuracy = sum(p == g for p, g in zip(pred, gold)) / len(gold) if gold else 0.0
    result = {"accuracy": accuracy, "per_class": per_class,
              "macro_f1": sum(v["f1"] for v in per_class.values()) / 3, "confusion": confusion}
'''

POLARITY_BODY = '''def polarity_toward(sentence, target, holder="narrator"):
    narrator = holder in (None, "narrator")
    if {speaker_only}:
        verdict = praise_or_blame(sentence, target)
        if verdict:
            return verdict
    low = sentence.lower()
    if target and target.lower() in low:
        before = " ".join(low[:low.index(target.lower())].split()[-2:])
        if NEGATIVE_LABELS.search(target) or NEGATIVE_LABELS.search(before):
            return -1
    score = vader.polarity_scores(clause_of(sentence, target))["compound"]
    return to_polarity(score, {threshold})
'''

CLAUSE_BODY = '''def clause_of(sentence, target):
    if not target or target{low} not in sentence{low}:
        return sentence
    i = sentence{low}.{find}(target{low})
    start = max((m.end() for m in re.finditer(r"[,;:–—“”\\"]", sentence[:i])), default=0)
    m = re.search(r"[,;:–—“”\\"]", sentence[i + len(target):])
    end = i + len(target) + m.start() if m else len(sentence)
    return sentence[start:end]
'''

PRAISE_BODY = '''def praise_or_blame(sentence, target):
    low = sentence.lower()
    if target and target.lower() in low and {use_window}:
        zone = " ".join(low[:low.index(target.lower())].split()[-{window}:])
    else:
        zone = low
    if re.search(rf"\\b(?:{{BLAME}})\\b", zone):
        return -1
    if re.search(rf"\\b(?:{{PRAISE}})\\b", zone):
        return 1
    return 0
'''

ERROR_TABLE_BODY = '''def error_table(items, predictions):
    if len(items) != len(predictions):
        raise ValueError("lengths differ")
    table = Counter()
    for (_, _, holder, gold), predicted in zip(items, predictions):
        if {counted}:
            kind = "narrator" if holder in (None, "narrator") else "speaker"
            table[{key}] += 1
    return dict(table)
'''

MY_POLARITY_FLOAT = '''def my_polarity_toward(sentence, target, holder="narrator"):
    narrator = holder in (None, "narrator")
    if not narrator:
        verdict = praise_or_blame(sentence, target)
        if verdict:
            return verdict
    score = vader.polarity_scores(clause_of(sentence, target))["compound"]
    return float(to_polarity(score, 0.8 if narrator else 0.3))
'''

RUNS = {
    # A: the exercises that Exercises 5 and 6 build on, all wrong
    "A": {
        "ex1_to_polarity": "def to_polarity(score, threshold=0.05):\n"   # boundaries on the wrong side
                           "    return 1 if score > threshold else -1 if score < -threshold else 0\n",
        "ex3_clause_of": CLAUSE_BODY.format(low="", find="index"),       # case-sensitive
        "ex4_praise_or_blame": PRAISE_BODY.format(use_window="True", window=7),  # a window of seven words
        "concept_one_score": 'answer = "a"\n',
        "ex7_error_table": ERROR_TABLE_BODY.format(counted="predicted != gold", key="(kind, predicted, gold)"),  # swapped
    },
    # B: the later exercises wrong, the earlier ones right
    "B": {
        "ex2_evaluate": EVALUATE_BODY + '    result["confusion"] = [list(col) for col in zip(*confusion)]  # transposed\n'
                                        '    return result\n',
        "ex5_polarity_toward": POLARITY_BODY.format(speaker_only="not narrator", threshold="0.3"),  # one threshold for all
        "ex6_threshold": "MY_THRESHOLD = 0.95\n",                         # everything neutral
        "ex7_error_table": ERROR_TABLE_BODY.format(counted="True", key="(kind, gold, predicted)"),  # right ones too
    },
    # C: other typical mistakes in the same exercises as A
    "C": {
        "ex1_to_polarity": 'def to_polarity(score, threshold=0.05):\n'     # a label instead of an int
                           '    return "positive" if score >= threshold else "negative" if score <= -threshold else "neutral"\n',
        "ex3_clause_of": CLAUSE_BODY.format(low=".lower()", find="rindex"),  # the last occurrence, not the first
        "ex4_praise_or_blame": PRAISE_BODY.format(use_window="False", window=6),  # the whole sentence every time
        "concept_one_score": "answer = 2\n",
        "ex8_my_polarity_toward": MY_POLARITY_FLOAT,                       # a float, not an int
    },
    # D: other typical mistakes in the same exercises as B
    "D": {
        "ex2_evaluate": EVALUATE_BODY + '    return tuple(result.values())\n',           # a tuple, not a dict
        "ex5_polarity_toward": POLARITY_BODY.format(speaker_only="True", threshold="0.5 if narrator else 0.3"),
        "ex6_threshold": 'MY_THRESHOLD = "0.4"\n',
        "ex8_my_polarity_toward": 'def my_polarity_toward(sentence, target, holder="narrator"):\n'
                                  '    return polarity_toward(sentence, target, holder)\n',   # no change at all
    },
}


@pytest.fixture(scope="module", params=sorted(RUNS))
def run(request, tmp_path_factory):
    answers = RUNS[request.param]
    return request.param, answers, run_with_answers(tmp_path_factory.mktemp(f"a3_{request.param}"), NB, answers)


@pytest.mark.slow
def test_each_wrong_answer_costs_only_its_own_exercise(run):
    label, answers, results = run
    check_battery(results, answers, f"a3 run {label}")


def test_the_battery_covers_every_exercise():
    check_coverage(NB, RUNS)
