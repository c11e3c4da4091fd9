"""Assignment 2: targets computed live in the solution notebook, the given
quotes module is general, and speakers hard-coded for the article fail the
hidden tests."""

import json

import pytest

from nbtools import SOLUTIONS, autograde_answers, execute_and_read

from whosaidwhat.data import load_article, load_gold
from whosaidwhat.reference.quotes import attribute, quote_pairs, reported_speech

A = "a2_who_said_what"
NB = SOLUTIONS / A / "who_said_what.ipynb"

# A copy of the hidden test's unseen cases (speaker before/after/inverted, split quote, pronoun,
# description, "according to", an unbalanced mark).
UNSEEN_QUOTES = [
    ("“We will not accept any foreign troops on our soil,” Iraqi Prime Minister Mustafa al-Kadhimi said on Sunday.",
     [("We will not accept any foreign troops on our soil,", "Mustafa al-Kadhimi")]),
    ("“The talks were constructive and frank,” said Maria Zakharova, the ministry's spokeswoman.",
     [("The talks were constructive and frank,", "Maria Zakharova")]),
    ("Olaf Scholz told reporters: “Germany stands with its partners in this difficult hour.”",
     [("Germany stands with its partners in this difficult hour.", "Olaf Scholz")]),
    ("“We are ready to talk,” Jens Stoltenberg said. “But we will defend every inch of allied territory.”",
     [("We are ready to talk,", "Jens Stoltenberg"), ("But we will defend every inch of allied territory.", "Jens Stoltenberg")]),
    ("Antony Blinken arrived in Ankara on Monday. He said: “Turkey is a vital ally and we need its help now.”",
     [("Turkey is a vital ally and we need its help now.", "Antony Blinken")]),
    ("“The humanitarian situation is catastrophic and getting worse,” Geir Pedersen told the Security Council, according to a UN statement.",
     [("The humanitarian situation is catastrophic and getting worse,", "Geir Pedersen")]),
    ("Abdel Fattah al-Sisi met the Saudi crown prince on Monday. The Egyptian president praised what he called the “historic partnership” between the two countries.",
     [("historic partnership", "Abdel Fattah al-Sisi")]),
    ("“This is a crime against our people,” the Lebanese prime minister Najib Mikati said, quoted by the state news agency NNA.",
     [("This is a crime against our people,", "Najib Mikati")]),
    ("Recep Tayyip Erdogan denounced the “terror corridor” on Turkey's southern border.",
     [("terror corridor", "Recep Tayyip Erdogan")]),
    ("“Our forces will respond to any attack without hesitation,” said Hossein Salami, according to the Tasnim news agency.",
     [("Our forces will respond to any attack without hesitation,", "Hossein Salami")]),
    ("Ebrahim Raisi said the sanctions had failed. “The enemy has been defeated in its economic war against Iran,” he added.",
     [("The enemy has been defeated in its economic war against Iran,", "Ebrahim Raisi")]),
    ("Khalifa Haftar called the agreement “a betrayal of the martyrs and of the whole nation.",
     [("a betrayal of the martyrs and of the whole nation.", "Khalifa Haftar")]),
]


@pytest.fixture(scope="module")
def results():
    return execute_and_read(
        NB, "{'scores': {k: v for k, v in scores.items() if k != 'errors'}, 'errors': scores['errors'],"
            f" 'unseen': [[(q['text'], q['speaker']) for q in my_attribute(t)] for t, _ in {json.dumps(UNSEEN_QUOTES)}]}}")


def _accuracy(predicted_lists):
    right = total = 0
    for (text, expected), got in zip(UNSEEN_QUOTES, predicted_lists):
        got = dict(map(tuple, got))
        for content, speaker in expected:
            total += 1
            right += got.get(content) == speaker
    return right / total


@pytest.mark.slow
def test_every_article_quotation_found_and_attributed(results):
    s = results["scores"]
    assert s["precision"] == 1.0 and s["recall"] == 1.0, results
    assert s["speaker_accuracy"] >= 0.95, results["errors"]
    assert s["channel_accuracy"] == 1.0, results["errors"]


@pytest.mark.slow
def test_students_pipeline_generalises_to_unseen_news(results):
    assert len(UNSEEN_QUOTES) >= 10
    assert _accuracy(results["unseen"]) >= 0.9


def test_reference_attribution_on_unseen_news():
    assert _accuracy([[(q["text"], q["speaker"]) for q in attribute(t)] for t, _ in UNSEEN_QUOTES]) >= 0.9


def test_reference_attribution_on_the_article():
    gold = load_gold()
    owner = {c["id"]: c["owner"] for c in gold["channels"]}
    pred = {(q["start"], q["end"]): q for q in attribute(load_article())}
    for g in gold["quotations"]:
        q = pred.get((g["content"]["start"], g["content"]["end"]))
        assert q, f"{g['id']} not found"
        assert (q["kind"], q["speaker"]) == (g["kind"], g["speaker"]), g["id"]
        assert q["channel"] == (owner[g["channel"]] if g["channel"] else None), g["id"]
        assert q["addressee"] == g["addressee"], g["id"]


def test_reported_speech_finds_every_gold_clause():
    gold = load_gold()["reported_speech"]
    found = reported_speech(load_article())
    for g in gold:
        assert any(r["speaker"] == g["speaker"] and r["content"]["start"] < g["content"]["end"]
                   and g["content"]["start"] < r["content"]["end"] for r in found), g["id"]


def test_structured_results_for_any_text():
    q = attribute("“We will win,” said Ana Silva, according to a party statement.")[0]
    assert set(q) >= {"start", "end", "text", "kind", "speaker", "cue", "channel", "addressee"}
    assert (q["speaker"], q["cue"]["text"], q["kind"]) == ("Ana Silva", "said", "partial")
    assert quote_pairs("“never closed") == [(0, None)]


HARD_CODED = {
    "ex3_speaker_after": (
        "def speaker_after(right):\n"
        "    for name, cue in (('Putin', 'told'), ('Putin', 'said'), ('al-Assad', 'said'), ('he', 'added')):\n"
        "        if name in right and cue in right:\n"
        "            return name, cue\n"
        "    return None, None\n"),
    "ex6_speaker_actor": (
        "ARTICLE_SPEAKERS = {'Russian Vladimir Poutine': 'putin', 'The Syrian state news agency SANA': 'sana', 'He': 'assad',\n"
        "                    'the Russian leader': 'putin', 'German Chancellor Olaf Scholz': 'Olaf Scholz'}\n"
        "def speaker_actor(phrase, previous=None):\n"
        "    return ARTICLE_SPEAKERS.get(phrase, resolve(phrase) if phrase else None)\n"),
}


@pytest.mark.slow
def test_speakers_hard_coded_for_the_article_fail_the_hidden_tests(tmp_path):
    by_cell = autograde_answers(tmp_path, A, NB, HARD_CODED)
    for cell in ("ex3_speaker_after_tests", "ex6_speaker_actor_tests"):
        assert by_cell[cell][0] == 0, f"{cell}: an answer fitted to the article still earns {by_cell[cell]}"
    assert by_cell["ex8_unseen_tests"][0] < by_cell["ex8_unseen_tests"][1]
