"""The README's generalization table: its article and dev figures are the benchmark's (stored in
data/unseen/reference_scores.json, which tests/test_unseen.py proves current)."""

import re

from nbtools import ROOT
from whosaidwhat.unseen import reference_scores

README_NAMES = {  # README row → benchmark method
    "NER: `ne_chunk(binary=True)`": "NER: ne_chunk(binary=True)",
    "NER: course `entities.recognize`": "NER: course entities.recognize",
    "Quotes: nearest name (baseline)": "Quotes: nearest name (baseline)",
    "Quotes: course `attribute`": "Quotes: course attribute",
    "Sentiment: majority class (all neutral)": "Sentiment: majority class (0)",
    "Sentiment: sentence VADER": "Sentiment: sentence VADER",
    "Sentiment: course `polarity_toward`": "Sentiment: course polarity_toward",
}


def test_readme_article_and_dev_figures_are_the_benchmarks():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    scores = reference_scores()
    rows = re.findall(r"^\| (NER|Quotes|Sentiment)(: [^|]+?) \| ([^|]+?) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \|$", text, re.M)
    assert len(rows) == 8, rows
    for kind, name, measure, article, dev, _test in rows:
        method = scores[README_NAMES[kind + name]]
        key = next(k for k in method if k.split()[0] in measure)
        assert (float(article), float(dev)) == (method[key]["article"], method[key]["dev"]), (name, measure)


def test_readme_second_dev_set_figures_are_the_benchmarks():
    from whosaidwhat.unseen import dev_wsj_quotes

    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    scores = reference_scores()
    said = re.search(r"second dev set of (\d+) quotations .*?nearest name (\d\.\d+), course `attribute` (\d\.\d+)", text)
    assert said, "the README should give the second dev set's size and both quotation methods' figures"
    assert int(said[1]) == len(dev_wsj_quotes())
    assert float(said[2]) == scores["Quotes: nearest name (baseline)"]["speaker accuracy"]["dev-wsj"]
    assert float(said[3]) == scores["Quotes: course attribute"]["speaker accuracy"]["dev-wsj"]
