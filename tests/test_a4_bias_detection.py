"""Assignment 4: detector scores against the gold are computed live, the
report card comes from the student's functions, the detectors are general,
and article-fitted answers fail the hidden tests."""

import pytest

from nbtools import SOLUTIONS, autograde_answers, execute_and_read

A = "a4_bias_detection"
NB = SOLUTIONS / A / "bias_detection.ipynb"

UNSEEN = {
    "labels": ("Pro-government militias clashed with insurgents, while the regime blamed extremists.",
               ["Pro-government militias", "insurgents", "regime", "extremists"]),
    "hedges": ("The strike reportedly killed nearly 40 people; it may have been a mistake.",
               ["reportedly", "nearly 40", "may have"]),
    "sources": ("Local officials said 12 died, according to the UN, quoted by Reuters news.",
                ["Local officials said", "according to the UN", "quoted by Reuters news"]),
}


@pytest.fixture(scope="module")
def results():
    return execute_and_read(
        NB, "{'scores': {c: {m: s[m]['f1'] for m in s} for c, s in detector_scores.items()},"
            " 'labels': [x for _, _, x in find_labels(%r)], 'hedges': [x for _, _, x in find_hedges(%r)],"
            " 'sources': [x for _, _, x in find_sourcing(%r)], 'quoted_by_side': dict(quoted_words_by_side),"
            " 'loaded': loaded_rate}" % (UNSEEN["labels"][0], UNSEEN["hedges"][0], UNSEEN["sources"][0]))


@pytest.mark.slow
def test_detector_scores_against_the_gold_are_computed(results):
    assert set(results["scores"]) == {"label", "scare_quote", "hedge", "sourcing"}
    for cat, s in results["scores"].items():
        assert 0.5 <= s["lenient"] <= 1.0 and s["strict"] <= s["lenient"], (cat, s)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["labels", "hedges", "sources"])
def test_detectors_find_unseen_labels_hedges_and_sources(results, kind):
    assert results[kind] == UNSEEN[kind][1]


@pytest.mark.slow
def test_report_card_measures_come_from_the_tools(results):
    assert results["quoted_by_side"].get("government_camp", 0) > 0
    assert results["loaded"]["quoted"] > results["loaded"]["narrator"]


HARD_CODED = {
    "ex1_find_labels": (
        "ARTICLE_LABELS = ['rebels', 'terrorist organizations', 'rebel-held', 'anti-al-Assad rebels', 'terrorism', 'terrorists']\n"
        "def find_labels(text):\n"
        "    out = []\n"
        "    for term in ARTICLE_LABELS:\n"
        "        for m in re.finditer(re.escape(term), text):\n"
        "            if not any(s <= m.start() < e for s, e, _ in out):\n"
        "                out.append((m.start(), m.end(), m.group()))\n"
        "    return sorted(out)\n"),
    "ex4_hedges_sourcing": (
        "def find_hedges(text):\n"
        "    return [(m.start(), m.end(), m.group()) for m in re.finditer(r'Around four million|many of whom', text)]\n"
        "def find_sourcing(text):\n"
        "    return [(m.start(), m.end(), m.group()) for m in re.finditer(\n"
        "        r'according to a Kremlin statement|quoted by Syrian television|Syrian opposition activists have said', text)]\n"),
}


@pytest.mark.slow
def test_answers_fitted_to_the_article_fail_the_hidden_tests(tmp_path):
    by_cell = autograde_answers(tmp_path, A, NB, HARD_CODED)
    for cell in ("ex1_find_labels_tests", "ex4_hedges_sourcing_tests"):
        assert by_cell[cell][0] == 0, f"{cell}: an answer fitted to the article still earns {by_cell[cell]}"
