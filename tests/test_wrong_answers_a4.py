"""Assignment 4's battery of typical wrong answers (issue 14, convention 7).

Each run puts wrong answers into several exercises at once (no test cell of a4
uses another exercise's function: Exercise 6 runs the course's pattern matcher),
then checks that each wrong exercise fails its visible test with a course
message and that every other exercise's test cells still pass."""


import pytest

from battery import check_battery, check_coverage, run_with_answers
from nbtools import SOLUTIONS

NB = SOLUTIONS / "a4_bias_detection" / "bias_detection.ipynb"

FIND_LABELS = '''def find_labels(text):
    terms = sorted(LABEL_TERMS, key=len, reverse=True)
    pattern = r"(?<![\\w-])(?:\\S*(?:" + "|".join(re.escape(p) for p in LABEL_PREFIXES) + r")\\S*\\s+)?(?:" \\
        + "|".join(re.escape(t) for t in terms) + r")(?:-\\w+)*(?!\\w)"
    return sorted((m.start(), m.end(), m.group()) for m in re.finditer(pattern, text{flags}))
'''

SCARE = '''def find_scare_quotes(text):
    out = []
    for q in find_quotations(text):
        if q["kind"] == "partial" and q["close"] is not None and len(q["text"].split()) {limit}:
            out.append({span})
    return out
'''

HEDGES_SOURCING = '''def find_hedges(text):
    found = set()
    for p in HEDGE_PATTERNS:
        for m in re.finditer(rf"(?<!\\w){{p}}(?!\\w)", text{flags}):
            found.add({item})
    return sorted(found)


def find_sourcing(text):
    patterns = [
        r"according to (?:(?:a|an|the) )?(?:[A-Z][\\w-]*)(?: [A-Z][\\w-]*){{0,2}}(?: statement)?",
        r"quoted by (?:the )?[A-Z][\\w-]*(?: \\w+)?",
        rf"(?:The )?(?:[A-Z][\\w-]*\\s+)+(?:[a-z]+\\s+){{{{0,3}}}}(?:{{SOURCE_NOUNS}})(?:\\s+[A-Z][\\w-]*)?\\s+(?:have |has )?said",
    ]
    return sorted({{(m.start(), m.end(), m.group()) for p in patterns for m in re.finditer(p, text)}})
'''

EVALUATE = '''def evaluate_detectors(detectors, gold_cues):
    out = {{}}
    for category, predicted in detectors.items():
        g = [(c["start"], c["end"], "") for c in gold_cues {filter}]
        p = [(s, e, {label}) for s, e, _x in predicted]
        out[category] = {{"strict": prf(p, g, "{strict}"), "lenient": prf(p, g, "lenient")}}
    return out
'''

SHARES = '''def quoted_word_shares(quotes):
    words = Counter()
    for q in quotes:
        if q["kind"] == "headline"{skip}:
            continue
        words[q["speaker"] if q["speaker"] is not None else "unattributed"] += {count}
    n = sum(words.values())
    return {{"n": n, "by_speaker": {{s: {{"words": w, "share": w / n}} for s, w in words.items() if n}}}}
'''

RUNS = {
    "A": {
        "ex1_find_labels": FIND_LABELS.format(flags=""),                                  # case-sensitive
        "ex3_find_scare_quotes": SCARE.format(limit="< 5", span='(q["open"], q["close"] + 1, text[q["open"]:q["close"] + 1])'),
        "ex5_evaluate_detectors": EVALUATE.format(filter="", label='""', strict="span"),  # gold of every category
        "ex7_quoted_word_shares": SHARES.format(skip="", count='len(q["text"])'),          # characters, not words
    },
    "B": {
        "ex2_voice_of": 'def voice_of(start, quotes):\n'                                  # the end counted inside
                        '    for q in quotes:\n'
                        '        if q["start"] <= start <= q["end"]:\n'
                        '            return q["speaker"] or "narrator"\n'
                        '    return "narrator"\n',
        "ex4_hedges_sourcing": HEDGES_SOURCING.format(flags="", item="(m.start(), m.end(), m.group())"),  # case-sensitive
        "concept_who_chose": 'answer = "b"\n',
        "ex6_hedges": 'MY_HEDGES = [r"\\w+"]\n',                                          # matches every word
    },
    "C": {
        "ex1_find_labels": 'def find_labels(text):\n'                                     # term by term: overlaps, duplicates
                           '    out = []\n'
                           '    for term in LABEL_TERMS:\n'
                           '        for m in re.finditer(rf"(?<![\\w-]){re.escape(term)}(?!\\w)", text, re.I):\n'
                           '            out.append((m.start(), m.end(), m.group()))\n'
                           '    return sorted(out)\n',
        "ex3_find_scare_quotes": SCARE.format(limit="<= 5", span='(q["start"], q["end"], q["text"])'),  # marks left out
        "ex5_evaluate_detectors": EVALUATE.format(filter='if c["category"] == category', label="_x", strict="strict"),
        "ex7_quoted_word_shares": SHARES.format(skip=' or q["speaker"] is None', count='len(q["text"].split())'),  # unattributed dropped
    },
    "D": {
        "ex2_voice_of": 'def voice_of(start, quotes):\n'                                  # None instead of "narrator"
                        '    for q in quotes:\n'
                        '        if q["start"] <= start < q["end"]:\n'
                        '            return q["speaker"]\n'
                        '    return "narrator"\n',
        "ex4_hedges_sourcing": HEDGES_SOURCING.format(flags=", re.I", item="[m.start(), m.end(), m.group()]").replace(
            "found = set()", "found = []").replace("found.add(", "found.append("),     # lists, not tuples
        "concept_who_chose": "answer = 3\n",
        "ex6_hedges": 'MY_HEDGES = [r"(?:likely)?"]\n',                                   # matches the empty string
    },
}


@pytest.fixture(scope="module", params=sorted(RUNS))
def run(request, tmp_path_factory):
    answers = RUNS[request.param]
    return request.param, answers, run_with_answers(tmp_path_factory.mktemp(f"a4_{request.param}"), NB, answers)


@pytest.mark.slow
def test_each_wrong_answer_costs_only_its_own_exercise(run):
    label, answers, results = run
    check_battery(results, answers, f"a4 run {label}")


def test_the_battery_covers_every_exercise():
    check_coverage(NB, RUNS)
