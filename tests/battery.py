"""Run a solution notebook with wrong answers in some answer cells and read,
for every autograded test cell, whether it failed and with which message
(issue 14's wrong-answer batteries: tests/test_wrong_answers_<aN>.py)."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from nbtools import execute, nbgrader_meta, replace_answers

BARE = ("TypeError", "KeyError", "IndexError", "ValueError", "AttributeError", "ZeroDivisionError", "NameError")


def run_with_answers(tmp: Path, source: Path, answers: dict[str, str]) -> dict[str, dict | None]:
    """{test cell grade_id: None if it passed, else {"ename", "evalue"}} for one execution."""
    path = Path(tmp) / source.name
    path.write_text(json.dumps(replace_answers(source, answers)), encoding="utf-8")
    nb = execute(path, allow_errors=True)
    result = {}
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            err = next((o for o in cell.get("outputs", []) if o.get("output_type") == "error"), None)
            result[meta["grade_id"]] = None if err is None else {"ename": err["ename"], "evalue": err["evalue"]}
    return result


def check_battery(results: dict[str, dict | None], wrong: dict[str, str], label: str) -> None:
    """Every exercise with a wrong answer fails its visible test with a course message
    (an AssertionError that explains itself); every other exercise's test cells pass."""
    wrong_prefixes = {gid.split("_")[0] for gid in wrong}
    for gid, err in results.items():
        prefix = gid.split("_")[0]
        if prefix in wrong_prefixes:
            if gid.endswith("_hidden_tests"):
                continue  # hidden-only cells of a wrong exercise may fail or not
            assert err is not None, f"{label}: the wrong answer for {prefix} passes its visible test {gid}"
            assert err["ename"] == "AssertionError", \
                f"{label}: {gid} fails with a bare {err['ename']}: {err['evalue']}"
            assert len(err["evalue"].strip()) > 15, f"{label}: {gid} fails without a message that explains it"
        else:
            assert err is None, f"{label}: {gid} fails although its exercise is right (a cascade): {err}"


def check_coverage(notebook: Path, runs: dict[str, dict[str, str]], per_exercise: int = 2) -> None:
    """Every code answer cell of the notebook gets a wrong answer in `per_exercise` runs or more, and no run
    names a cell that is not an answer cell."""
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    answer_ids = {c["metadata"]["nbgrader"]["grade_id"] for c in cells
                  if c.get("metadata", {}).get("nbgrader", {}).get("solution") and c["cell_type"] == "code"}
    covered = [gid for answers in runs.values() for gid in answers]
    assert answer_ids == set(covered), answer_ids ^ set(covered)
    assert all(covered.count(gid) >= per_exercise for gid in answer_ids), f"{per_exercise} wrong answers per exercise"
