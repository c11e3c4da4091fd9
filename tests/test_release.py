"""notebooks/ is generated from solutions/ by nbgrader: prove it is in sync
and that no solution, hidden test or mark scheme reaches a student."""

import json

import pytest

from nbtools import NOTEBOOKS, Course, assignments, hidden_snippets, notebooks_of, solution_snippets


def _cells(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [(c["cell_type"], "".join(c["source"]), c.get("metadata", {}).get("nbgrader")) for c in nb["cells"]]


@pytest.fixture(scope="module")
def fresh_build(tmp_path_factory):
    course = Course(tmp_path_factory.mktemp("build"))
    for a in assignments():
        course.generate(a)
    return course.release


def test_every_assignment_is_released():
    assert assignments(), "solutions/ holds no assignment"
    for a in assignments():
        for src in notebooks_of(a):
            assert (NOTEBOOKS / a / src.name).exists(), f"{a}/{src.name} has no student version: run bin/build"


@pytest.mark.parametrize("assignment", assignments())
def test_committed_notebooks_equal_a_fresh_build(assignment, fresh_build):
    for src in notebooks_of(assignment):
        built, committed = fresh_build / assignment / src.name, NOTEBOOKS / assignment / src.name
        assert committed.exists(), f"missing {committed}: run bin/build"
        assert _cells(committed) == _cells(built), f"{committed} is out of date with solutions/: run bin/build"


@pytest.mark.parametrize("assignment", assignments())
def test_no_solution_hidden_test_or_mark_scheme_leaks(assignment):
    for src in notebooks_of(assignment):
        released = (NOTEBOOKS / assignment / src.name).read_text(encoding="utf-8")
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "BEGIN MARK SCHEME"):
            assert marker not in released, f"{marker!r} found in the student version of {src.name}"
        leaked = [s for s in hidden_snippets(src) + solution_snippets(src) if json.dumps(s)[1:-1] in released]
        assert not leaked, f"solution/hidden-test lines reach the student version of {src.name}: {leaked[:3]}"


@pytest.mark.parametrize("assignment", assignments())
def test_student_version_has_exercises_and_tests(assignment):
    for src in notebooks_of(assignment):
        nb = json.loads((NOTEBOOKS / assignment / src.name).read_text(encoding="utf-8"))
        meta = [c.get("metadata", {}).get("nbgrader", {}) for c in nb["cells"]]
        assert any(m.get("solution") for m in meta), f"{src.name}: no answer cells"
        assert any(m.get("grade") and not m.get("solution") for m in meta), f"{src.name}: no test cells"
        assert all(m.get("locked") for m in meta if m.get("grade") and not m.get("solution")), "test cells must be locked"
