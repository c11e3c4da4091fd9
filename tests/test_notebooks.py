"""Every solution notebook runs top to bottom in a fresh kernel with every
test passing and nothing on stderr; every student version runs to the end
with only the answer stubs (and the tests that need them) failing."""

import pytest

from nbtools import NOTEBOOKS, all_solution_notebooks, errors, execute, is_grade_cell, nbgrader_meta, stderr_outputs

SOLUTIONS = all_solution_notebooks()
IDS = [f"{p.parent.name}/{p.name}" for p in SOLUTIONS]


@pytest.mark.slow
@pytest.mark.parametrize("path", SOLUTIONS, ids=IDS)
def test_solution_runs_clean(path):
    nb = execute(path, allow_errors=True)
    errs = errors(nb)
    assert not errs, "\n\n".join(
        f"cell {i} raised {o['ename']}: {o['evalue']}\n{''.join(c['source'])[:300]}" for i, c, o in errs
    )
    noisy = stderr_outputs(nb)
    assert not noisy, f"cells write to stderr (nbgrader fails such test cells): {noisy[:3]}"
    graded = [c for c in nb.cells if is_grade_cell(c)]
    assert graded, "no autograded test cells"


@pytest.mark.slow
@pytest.mark.parametrize("path", SOLUTIONS, ids=IDS)
def test_student_version_fails_only_in_stubs(path):
    released = NOTEBOOKS / path.parent.name / path.name
    nb = execute(released, allow_errors=True)
    errs = errors(nb)
    assert errs, "the blank student version raised nothing: are the stubs missing?"
    bad = []
    for i, cell, out in errs:
        if out["ename"] == "NotImplementedError":
            continue  # a stub, or code that calls one
        if is_grade_cell(cell) and out["ename"] in ("AssertionError", "NameError", "TypeError"):
            continue  # a test of an exercise the student has not done yet
        bad.append(f"cell {i} ({nbgrader_meta(cell).get('grade_id', 'no nbgrader id')}) raised {out['ename']}: {out['evalue']}")
    assert not bad, "cells that are not answer stubs fail in the student version:\n" + "\n".join(bad)
