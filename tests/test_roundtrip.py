"""An nbgrader round trip for every assignment: generate, submit a perfect
and a blank notebook, autograde, check scores, generate feedback."""

import html as htmllib
import re

import pytest

from nbtools import Course, assignments, hidden_snippets, notebooks_of

pytestmark = pytest.mark.slow


def _visible_text(page: str) -> str:
    """The text a reader sees: tags (e.g. syntax highlighting) removed, spaces folded."""
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", "", page)).split())


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Autograde a perfect and a blank submission of every assignment once."""
    course = Course(tmp_path_factory.mktemp("course"))
    for a in assignments():
        release = course.generate(a)
        course.submit(a, "perfect", {nb.name: nb for nb in notebooks_of(a)})
        course.submit(a, "blank", {nb.name: release / nb.name for nb in notebooks_of(a)})
        course.autograde(a)
    return course


@pytest.mark.parametrize("assignment", assignments())
def test_perfect_submission_gets_full_marks(assignment, graded):
    s = graded.scores(assignment, "perfect")
    assert s["auto_max"] > 0, "no autograded points"
    lost = {k: v for k, v in s["by_cell"].items() if v[0] is not None and v[0] < v[1]}
    assert not lost, f"the solution loses points in: {lost}"
    assert s["auto_score"] == s["auto_max"]


@pytest.mark.parametrize("assignment", assignments())
def test_blank_submission_gets_zero(assignment, graded):
    s = graded.scores(assignment, "blank")
    earned = {k: v for k, v in s["by_cell"].items() if v[0]}
    assert not earned, f"an empty notebook earns points in: {earned}"


@pytest.mark.parametrize("assignment", assignments())
def test_manual_questions_wait_for_a_grader(assignment, graded):
    assert graded.scores(assignment, "perfect")["needs_manual"], "no manually graded question"


@pytest.mark.parametrize("assignment", assignments())
def test_feedback_hides_hidden_tests_and_mark_schemes(assignment, graded):
    for student in ("perfect", "blank"):
        pages = graded.feedback_html(assignment, student)
        assert pages, f"no feedback for {student}"
        for nb in notebooks_of(assignment):
            html = pages[nb.name.replace(".ipynb", ".html")]
            assert "HIDDEN TESTS" not in html and "MARK SCHEME" not in html
            text = _visible_text(html)
            leaked = [s for s in hidden_snippets(nb) if " ".join(s.split()) in text]
            assert not leaked, f"hidden test lines in {student}'s feedback: {leaked[:3]}"
            assert "Hidden tests ran here" in html
