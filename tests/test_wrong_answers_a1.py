"""Assignment 1: typical wrong answers, one or more per exercise, are each caught by the exercise's visible
test with a course message, and cost only that exercise (issue 14). Exercise 8 runs the student's whole
recognizer by design (tree_to_spans, is_demonym, repair_spans, type_entity): it is exempt in the run whose wrong
answers feed it, and must pass in the run whose wrong answers do not. Exercise 12's visible test compares the tuned
recognizer with the student's own `recognize`, so it must pass in the logic run too (where that recognizer is
broken); its hidden test-split cell is an integration test like Exercise 8, scaled, and must not fail either.
Exercise 11 (typed error counts) runs on fixed data. A tuned rule that lowers the dev figure is caught in
tests/test_a1_named_entities.py (autograded)."""

import pytest

from nbtools import SOLUTIONS, assert_wrong_answers_cost_only_their_exercise

NB = SOLUTIONS / "a1_named_entities" / "named_entities.ipynb"

# Mistakes in the logic; ex2, ex5, ex6 and ex7 feed Exercise 8.
LOGIC = {
    "ex1_align_tokens": '''def align_tokens(text, tokens, offset=0):
    spans, pos = [], offset
    for tok in tokens:                        # no quote forms: `` and '' are never found
        i = text.find(tok, pos)
        if i == -1:
            raise ValueError(f"token {tok!r} not found")
        spans.append((i, i + len(tok)))
        pos = i + len(tok)
    return spans
''',
    "ex2_tree_to_spans": '''def tree_to_spans(tree, offsets):
    spans = []
    for i, node in enumerate(tree):           # a chunk of n tokens counted as one token
        if isinstance(node, nltk.Tree):
            spans.append((offsets[i][0], offsets[i + len(node) - 1][1], node.label()))
    return spans
''',
    "ex3_span_prf": '''def span_prf(pred, gold, mode="strict"):
    if mode not in ("strict", "span", "lenient"):
        raise ValueError(mode)
    pred, gold = sorted(set(pred)), sorted(set(gold))
    def fits(p, g):
        return p == g if mode == "strict" else p[:2] == g[:2] if mode == "span" else p[0] < g[1] and g[0] < p[1]
    tp = sum(any(fits(p, g) for g in gold) for p in pred)       # no one-to-one matching
    fp, fn = len(pred) - tp, max(0, len(gold) - tp)
    pr = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    return {"precision": pr, "recall": rc, "f1": f1, "tp": tp, "fp": fp, "fn": fn}
''',
    "ex4_classify_errors": '''def classify_errors(pred, gold):
    errors = []
    for g in gold:
        if g in pred:
            continue
        over = [p for p in pred if p[0] < g[1] and g[0] < p[1]]
        errors += [("boundary", p, g) for p in over] or [("missed", None, g)]   # a label error called boundary
    errors += [("spurious", p, None) for p in pred if not any(p[0] < g[1] and g[0] < p[1] for g in gold)]
    return errors
''',
    "ex5_is_demonym": 'def is_demonym(word):\n    return word in DEMONYMS or (word.endswith("s") and word[:-1] in DEMONYMS)\n',
    "ex6_repair_spans": '''def _words(text, start, end):
    return [(m.start() + start, m.end() + start, m.group()) for m in re.finditer(r"\\S+", text[start:end])]


def repair_spans(text, spans):
    return sorted(set(spans))                 # no rule applied
''',
    "ex7_type_entity": '''def type_entity(text, start, end):
    name = text[start:end].lower()
    if is_demonym(text[start:end]):
        return "NORP"
    if name in COUNTRIES or name in CITIES:
        return "GPE"
    return "PERSON"                           # most rules missing
''',
    "ex9_link_actor": '''def link_actor(surface, actors):
    for actor in actors:                      # no normalisation, no surnames
        if surface in [actor["name"], *actor.get("aliases", [])]:
            return actor["id"]
    return None
''',
    "ex10_np_grammar": 'NP_GRAMMAR = r"NP: {<[CDJNP].*>+}"   # the NLTK book\'s first try\n',
    "ex11_typed_error_counts": '''def typed_error_counts(pred, gold):
    pred_at = {(s, e): label for s, e, label in pred}
    gold_at = {(s, e): label for s, e, label in gold}
    counts = Counter()
    for span, label in gold_at.items():
        counts[(pred_at.get(span), label)] += 1   # transposed: (predicted, gold)
    for span, label in pred_at.items():
        if span not in gold_at:
            counts[(label, None)] += 1
    return dict(counts)
''',
    "concept_iob": 'answer = "a"\n',
}

# Wrong types and shapes; none of them feeds Exercise 8, which must therefore pass.
TYPES = {
    "ex1_align_tokens": '''def align_tokens(text, tokens, offset=0):
    from whosaidwhat.spans import align_tokens as _course_align
    return [[s, e] for s, e in _course_align(text, tokens, offset)]
''',
    "ex3_span_prf": '''def span_prf(pred, gold, mode="strict"):
    tp = len(set(pred) & set(gold))
    return tp, len(set(pred)) - tp, len(set(gold)) - tp       # a tuple, not a dict
''',
    "ex4_classify_errors": 'def _overlap(a, b):\n    return a[0] < b[1] and b[0] < a[1]\n\n\ndef classify_errors(pred, gold):\n    return {"missed": [g for g in gold if g not in pred]}\n',
    "ex9_link_actor": 'def link_actor(surface, actors):\n    return [a["id"] for a in actors if a["name"] == surface]\n',
    "ex10_np_grammar": 'NP_GRAMMAR = "NP: {<DT>?<NN.*"\n',
    "ex11_typed_error_counts": '''def typed_error_counts(pred, gold):
    gold_at = {(s, e): label for s, e, label in gold}
    return [(label, gold_at.get((s, e))) for s, e, label in pred]   # a list of pairs, not a dict of counts
''',
    "ex12_one_rule": '''def recognize_tuned(text):
    return [[s, e, label] for s, e, label in recognize(text)]   # lists, not (start, end, label) tuples
''',
    "concept_iob": "answer = 2\n",
}

WORDS = {"ex1": "align_tokens", "ex2": "tree_to_spans", "ex3": "span_prf", "ex4": "classify_errors", "ex5": "is_demonym",
         "ex6": "repair_spans", "ex7": "type", "ex9": "link_actor", "ex10": "Exercise 10", "ex11": "typed_error_counts",
         "ex12": "Exercise 12"}


@pytest.mark.slow
def test_logic_mistakes_are_caught_and_cost_only_their_exercise():
    assert_wrong_answers_cost_only_their_exercise(NB, LOGIC, exempt={"ex8"}, words=WORDS)


@pytest.mark.slow
def test_wrong_types_get_a_course_message_and_exercise_8_still_passes():
    assert_wrong_answers_cost_only_their_exercise(NB, TYPES, words=WORDS)
