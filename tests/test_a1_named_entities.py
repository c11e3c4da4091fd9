"""Assignment 1: the targets hold (computed live in the solution notebook),
the improved recognizer generalises to unseen news at least as well as NLTK's
binary detector, and answers fitted to the article lose the hidden tests."""

import json
import re

import pytest

from nbtools import SOLUTIONS, autograde_answers, execute_and_read

from whosaidwhat.reference.actors import Registry, normalize_name, resolve

A = "a1_named_entities"
NB = SOLUTIONS / A / "named_entities.ipynb"

# A copy of the hidden test's unseen sentences (the notebook's copy is removed for students).
UNSEEN = [
    ("German Chancellor Olaf Scholz met French President Emmanuel Macron in Berlin on Friday.",
     [("German", "NORP"), ("Olaf Scholz", "PERSON"), ("French", "NORP"), ("Emmanuel Macron", "PERSON"), ("Berlin", "GPE")]),
    ("Saudi Crown Prince Mohammed bin Salman received the Iraqi delegation in Riyadh.",
     [("Saudi", "NORP"), ("Mohammed bin Salman", "PERSON"), ("Iraqi", "NORP"), ("Riyadh", "GPE")]),
    ("Hezbollah leader Hassan Nasrallah said Israel would pay a heavy price.",
     [("Hezbollah", "ORG"), ("Hassan Nasrallah", "PERSON"), ("Israel", "GPE")]),
    ("The European Union imposed new sanctions on Belarus over the forced landing of a Ryanair jet.",
     [("European Union", "ORG"), ("Belarus", "GPE"), ("Ryanair", "ORG")]),
    ("Egypt’s President Abdel Fattah al-Sisi spoke with Jordanian King Abdullah by phone.",
     [("Egypt", "GPE"), ("Abdel Fattah al-Sisi", "PERSON"), ("Jordanian", "NORP"), ("Abdullah", "PERSON")]),
    ("Ukrainian forces shelled positions near Donetsk, the Russian Defence Ministry said.",
     [("Ukrainian", "NORP"), ("Donetsk", "GPE"), ("Russian Defence Ministry", "ORG")]),
    ("Lebanese Prime Minister Najib Mikati visited Paris to ask for French support.",
     [("Lebanese", "NORP"), ("Najib Mikati", "PERSON"), ("Paris", "GPE"), ("French", "NORP")]),
    ("Kurdish fighters of the Syrian Democratic Forces captured the town of Manbij.",
     [("Kurdish", "NORP"), ("Syrian Democratic Forces", "ORG"), ("Manbij", "GPE")]),
    ("Turkish President Recep Tayyip Erdogan warned Washington against arming the militia.",
     [("Turkish", "NORP"), ("Recep Tayyip Erdogan", "PERSON"), ("Washington", "GPE")]),
    ("Iran’s Foreign Minister Hossein Amir-Abdollahian arrived in Damascus on Tuesday.",
     [("Iran", "GPE"), ("Hossein Amir-Abdollahian", "PERSON"), ("Damascus", "GPE")]),
    ("The World Health Organization sent vaccines to the northern province of Aleppo.",
     [("World Health Organization", "ORG"), ("Aleppo", "GPE")]),
    ("Qatari mediators hosted talks between the Taliban and American envoys in Doha.",
     [("Qatari", "NORP"), ("Taliban", "ORG"), ("American", "NORP"), ("Doha", "GPE")]),
    ("Israeli Prime Minister Naftali Bennett flew to Sochi to meet Vladimir Putin.",
     [("Israeli", "NORP"), ("Naftali Bennett", "PERSON"), ("Sochi", "GPE"), ("Vladimir Putin", "PERSON")]),
    ("UN envoy Geir Pedersen said the constitutional committee would meet in Geneva.",
     [("UN", "ORG"), ("Geir Pedersen", "PERSON"), ("Geneva", "GPE")]),
    ("Algerian authorities accused Morocco of supporting separatists.",
     [("Algerian", "NORP"), ("Morocco", "GPE")]),
    ("The Red Sea port of Hodeidah remains under Houthi control.",
     [("Red Sea", "LOC"), ("Hodeidah", "GPE"), ("Houthi", "NORP")]),
    ("Chinese Foreign Minister Wang Yi met his Pakistani counterpart in Islamabad.",
     [("Chinese", "NORP"), ("Wang Yi", "PERSON"), ("Pakistani", "NORP"), ("Islamabad", "GPE")]),
    ("Fighters loyal to Khalifa Haftar withdrew from the outskirts of Tripoli.",
     [("Khalifa Haftar", "PERSON"), ("Tripoli", "GPE")]),
    ("The Arab League suspended Syria’s membership in 2011.",
     [("Arab League", "ORG"), ("Syria", "GPE")]),
    ("Iraqi Kurds voted in a referendum organised by the Kurdistan Regional Government.",
     [("Iraqi", "NORP"), ("Kurds", "NORP"), ("Kurdistan Regional Government", "ORG")]),
    ("British officials said Boris Johnson would travel to Kyiv next week.",
     [("British", "NORP"), ("Boris Johnson", "PERSON"), ("Kyiv", "GPE")]),
    ("NATO Secretary General Jens Stoltenberg called on Moscow to pull back its troops.",
     [("NATO", "ORG"), ("Jens Stoltenberg", "PERSON"), ("Moscow", "GPE")]),
]

SCORE_UNSEEN = """
def _score_unseen(cases):
    pred, binary, gold, off = [], [], [], 0
    for sent, ents in cases:
        pos = 0
        for surf, lab in ents:
            i = sent.index(surf, pos)
            gold.append((off + i, off + i + len(surf), lab))
            pos = i + len(surf)
        pred += [(off + s, off + e, l) for s, e, l in recognize(sent)]
        binary += [(off + s, off + e, l) for s, e, l in binary_ne(sent)]
        off += 1000
    return {"improved_span": span_prf(pred, gold, "span")["f1"], "improved_strict": span_prf(pred, gold, "strict")["f1"],
            "binary_span": span_prf(binary, gold, "span")["f1"]}
"""


@pytest.fixture(scope="module")
def results():
    return execute_and_read(
        NB,
        "{'binary': binary_scores['span']['f1'], 'strict': improved['strict']['f1'], 'span': improved['span']['f1'],"
        f" 'unseen': _score_unseen({json.dumps(UNSEEN)}),"
        " 'errors': [[k, article[(g or p)[0]:(g or p)[1]], article[p[0]:p[1]] if p else None] for k, p, g in binary_errors],"
        " 'n_person': sum(l == 'PERSON' for _, _, l in gold_mentions),"
        " 'top_method': [a for a, _ in per_actor.most_common(4)], 'top_gold': [a for a, _ in gold_per_actor.most_common(4)],"
        " 'chunk_f': [round(chunk_score(book_grammar, dev_sents).f_measure(), 2), round(chunk_score(NP_GRAMMAR, dev_sents).f_measure(), 2)],"
        " 'n_dev': len(dev_sents),"
        " 'beyond': {'n_dev': len(dev_docs), 'n_dev_all': len(documents('dev', source='ieer')), 'ids': [d['id'] for d in dev_docs],"
        "  'typed': [before['typed'], after['typed']], 'article': [art_before['f1'], art_after['f1']],"
        "  'loc_person': dev_counts.get(('LOCATION', 'PERSON')), 'loc_person_names': sorted(examples[('LOCATION', 'PERSON')]),"
        "  'largest_typing_error': max((n, k) for k, n in dev_counts.items() if k[0] and k[1] and k[0] != k[1])[1],"
        "  'gazetteer': {w: w in GAZETTEER_PLACES for w in ('mogadishu', 'jordan', 'georgia', 'washington', 'chicago', 'boston')}}}",
        setup=SCORE_UNSEEN,
    )


@pytest.mark.slow
def test_article_targets_computed_live(results):
    assert results["strict"] >= 0.90, results
    assert results["span"] >= 0.95, results
    assert results["span"] > results["binary"], results
    assert 0.75 <= results["binary"] <= 0.90, f"the binary detector's span F1 should be near 0.84: {results}"


@pytest.mark.slow
def test_improved_recognizer_is_at_least_as_good_as_binary_on_unseen_news(results):
    assert len(UNSEEN) >= 20
    u = results["unseen"]
    assert u["improved_span"] >= u["binary_span"], u
    assert u["improved_strict"] >= 0.85, u


ARTICLE_LOOKUPS = '''
from whosaidwhat.data import load_gold as _lg, load_article as _la
_A, _G = _la(), _lg()
_LABEL = {_A[m["start"]:m["end"]]: m["label"] for m in _G["mentions"]}
_ACTOR = {_A[m["start"]:m["end"]]: m["actor"] for m in _G["mentions"]}
'''
HARD_CODED = {
    "ex5_is_demonym": "def is_demonym(word):\n    return word in ('Russian', 'Syrian', 'Turkish', 'Kurds')\n",
    "ex7_type_entity": ARTICLE_LOOKUPS + "def type_entity(text, start, end):\n    return _LABEL.get(text[start:end], 'PERSON')\n",
    "ex9_link_actor": ARTICLE_LOOKUPS + (
        "def link_actor(surface, actors):\n"
        "    return _ACTOR.get(surface) or {'the Kremlin': 'kremlin', 'Al-Assad’s': 'assad'}.get(surface)\n"),
    # not fitted, but a typical wrong design: "most dev errors are PERSON", so every PERSON becomes an ORG
    "ex12_one_rule": "def recognize_tuned(text):\n"
                     "    return [(s, e, 'ORG' if l == 'PERSON' else l) for s, e, l in recognize(text)]\n",
}


@pytest.mark.slow
def test_answers_fitted_to_the_article_fail_the_hidden_tests(tmp_path):
    by_cell = autograde_answers(tmp_path, A, NB, HARD_CODED)
    for cell in ("ex5_is_demonym_tests", "ex7_type_entity_tests", "ex9_link_actor_tests"):
        assert by_cell[cell][0] == 0, f"{cell}: an answer fitted to the article still earns {by_cell[cell]}"
    assert by_cell["ex8_recognize_unseen_tests"][0] < by_cell["ex8_recognize_unseen_tests"][1]
    assert by_cell["ex3_span_prf_tests"][0] == by_cell["ex3_span_prf_tests"][1], "untouched answers keep their points"
    assert by_cell["ex12_one_rule_tests"][0] == 0, "a change that lowers typed F1 on dev still earns Exercise 12's points"
    assert by_cell["ex11_typed_error_counts_tests"][0] == by_cell["ex11_typed_error_counts_tests"][1]


@pytest.mark.parametrize("surface, actor", [
    ("Poutine", "putin"), ("Al-Assad’s", "assad"), ("al -Assad", "assad"), ("the Russian leader", "putin"),
    ("Vladimir Poutine", "putin"), ("Meqdad", "meqdad"), ("SANA", "sana"), ("Syrian television", "syrian_state_tv"),
    ("Angela Merkel", None),
])
def test_resolve_maps_spelling_variants_to_actors(surface, actor):
    assert resolve(surface) == actor


def test_registry_works_for_unseen_actors_and_refuses_ambiguous_surnames():
    reg = Registry([
        {"id": "scholz", "name": "Olaf Scholz", "kind": "person", "aliases": ["the chancellor"]},
        {"id": "sisi", "name": "Abdel Fattah al-Sisi", "kind": "person", "aliases": []},
        {"id": "a", "name": "Ali Khan", "kind": "person", "aliases": []},
        {"id": "b", "name": "Imran Khan", "kind": "person", "aliases": []},
    ])
    assert reg.resolve("Scholz’s") == "scholz" and reg.resolve("The Chancellor") == "scholz"
    assert reg.resolve("al -Sisi") == "sisi" and reg.resolve("Sisi") == "sisi"
    assert reg.resolve("Khan") is None, "a surname two people share identifies neither"
    assert normalize_name("  Al-Assad’s ") == "al-assad"


def _markdown() -> str:
    return "\n".join("".join(c["source"]) for c in json.loads(NB.read_text(encoding="utf-8"))["cells"]
                     if c["cell_type"] == "markdown")


def _code() -> str:
    return "\n".join("".join(c["source"]) for c in json.loads(NB.read_text(encoding="utf-8"))["cells"]
                     if c["cell_type"] == "code")


@pytest.mark.slow
def test_prose_numbers(results):
    """Every number and claim about computed output in the Markdown is the one the notebook computes."""
    text, code = _markdown(), _code()
    kinds = {surface: kind for kind, surface, _ in results["errors"]}
    # "Kremlin" and "UN" appear in the error list as missed, not as boundary errors
    assert "**\"Kremlin\"** and **\"UN\"** appear in the list as **missed**" in text
    assert kinds.get("Kremlin") == "missed" and kinds.get("UN") == "missed", kinds
    # "Faisal is found without al-Meqdad"
    assert ["boundary", "Faisal al-Meqdad", "Faisal"] in results["errors"], results["errors"]
    # "Twenty-one PERSON mentions is not twenty-one people"
    assert results["n_person"] == 21 and "Twenty-one PERSON mentions" in text
    # "The two presidents and their two states dominate, in the method output and in the gold"
    for top in (results["top_method"], results["top_gold"]):
        assert set(top) == {"putin", "assad", "syria", "russia"}, results
    # chunking: "300 sentences" of dev, the test slices and the 0.75 floor, the model answer's 0.34 -> 0.83
    assert results["n_dev"] == 300 and "We develop on 300 sentences" in text
    assert "_conll_test[:300]" in code and "_conll_test[1000:1300]" in code and "needs an F-measure of at least 0.75" in text
    assert code.count(">= 0.75") >= 2
    low, high = results["chunk_f"]
    assert f"went from {low:.2f} with the\nbook's grammar to {high:.2f} with mine" in text, results["chunk_f"]
    # Exercise 8: "Full points from a strict F1 of 0.85"
    assert "Full points from a strict F1 of 0.85" in text and "_f1 / 0.85" in code
    _check_beyond_the_article_numbers(results["beyond"], text, code)


def _section(start: str, end: str) -> list[dict]:
    cells = json.loads(NB.read_text(encoding="utf-8"))["cells"]
    first = next(i for i, c in enumerate(cells) if "".join(c["source"]).startswith(start))
    last = next(i for i, c in enumerate(cells) if "".join(c["source"]).startswith(end))
    return cells[first:last]


def _check_beyond_the_article_numbers(b, text, code):
    """Section 7: every number its Markdown states is recomputed here (and nothing else is stated)."""
    from prose_numbers import prose_numbers

    section = _section("## 7. Beyond the article", "## 8. Reflection")
    first = json.loads(NB.read_text(encoding="utf-8"))["cells"].index(section[0])
    rubrics = {first + k for k, c in enumerate(section) if "".join(c["source"]).startswith("**Rubric**")}  # test_teaching
    stated = {n for i, n in prose_numbers(NB) if first <= i < first + len(section) and i not in rubrics}
    typed_before, typed_after = b["typed"]
    checks = {
        # "real 1998 newswire": every dev document is an APW story of 1998
        "1998": all(i.startswith("ieer/APW1998") for i in b["ids"]),
        # the model design note: the largest typing error, its count, the dev figures before → after
        "42": b["loc_person"] == 42 and tuple(b["largest_typing_error"]) == ("LOCATION", "PERSON")
              and "gold LOCATION typed PERSON (42 on the dev subset)" in text,
        "0.569": f"{typed_before:.3f}" == "0.569", "0.591": f"{typed_after:.3f}" == "0.591",
        # Exercise 12's hidden test: "full points from a typed F1 of 0.5"
        "0.5": "full points from a typed F1 of 0.5" in text and "_f1 / 0.5" in code,
    }
    unchecked = sorted(stated - set(checks))
    assert not unchecked, f"numbers in section 7's Markdown that no test recomputes: {unchecked}"
    wrong = sorted(n for n in stated if not checks[n])
    assert not wrong, f"numbers in section 7's Markdown that the recomputation contradicts: {wrong} ({b})"
    # "every second IEER dev document"
    assert b["n_dev"] == (b["n_dev_all"] + 1) // 2 and "every second IEER dev" in text and "[::2]" in code
    # the design note's claims in words: its examples are in that error cell, the article's strict F1 "stayed the
    # same", and the gazetteer holds the ambiguous names it warns about
    for name in ("Kosovo", "Guyana", "Mogadishu", "Yugoslavia"):
        assert name in b["loc_person_names"], (name, b["loc_person_names"])
    assert b["article"][0] == b["article"][1] and "the article's strict F1 stayed the same" in text
    gaz = b["gazetteer"]
    assert gaz["jordan"] and gaz["georgia"] and gaz["washington"] and gaz["chicago"] and gaz["boston"], gaz


def test_test_passages_are_the_ones_the_stated_rule_picks():
    """Exercise 12's hidden test copies passages of the test split by a fixed rule (not chosen by score):
    from every fifth NYT document, the first paragraph with at least three entities and no optional one."""
    import ast
    import re

    from whosaidwhat.unseen import documents

    cell = next("".join(c["source"]) for c in json.loads(NB.read_text(encoding="utf-8"))["cells"]
                if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "ex12_one_rule_hidden_tests")
    literal = re.search(r"^_TEST_PASSAGES = (\[.*?^\])", cell, re.S | re.M).group(1)
    embedded = ast.literal_eval(literal)
    want = []
    for d in documents("test", source="ieer")[::5]:
        pos = 0
        for para in d["text"].split("\n\n"):
            s = d["text"].index(para, pos)
            pos = s + len(para)
            ents = [x for x in d["entities"] if s <= x["start"] and x["end"] <= pos]
            if len(ents) >= 3 and not any(x["optional"] for x in ents):
                want.append((d["id"], para, [(x["start"] - s, x["end"] - s, x["label"]) for x in ents]))
                break
    assert [tuple(p) for p in embedded] == want
    assert all(d.startswith("ieer/NYT") for d, _, _ in embedded) and len(embedded) >= 10


def test_a1_does_not_import_its_own_answers():
    """a1's notebook must not use the course's recognizer or linker (they are a1's answers, released with a2)."""
    assert not re.search(r"reference(\.|\s+import\s+)(entities|actors)", _code())
    assert "whosaidwhat.entities" not in _code()
