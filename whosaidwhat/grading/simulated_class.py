"""A simulated class: 34 submissions per assignment, from a perfect one to
hostile ones, each with the outcome the class grader must produce.

Used by the tests (tests/test_grade_class.py), by the grading benchmark
(benchmarks/grading_speed.py), and by instructors who want to rehearse:

    python -m whosaidwhat.grading.simulated_class a0_meet_the_article --out /tmp/rehearsal/submitted
    bin/grade-class a0_meet_the_article --grading-dir /tmp/rehearsal

Every submission is built from the assignment's own notebooks (the released
version, with answers from the solutions), so the class follows the course
as it changes.  Expected scores are rules, checked against the gradebook:

    max            every test cell gets its full points
    zero           every test cell gets 0
    like:<name>    the same points, cell by cell, as submission <name>
    before:<id>    full points for the test cells above answer cell <id>, 0 from there on
    max_except:<id>  full points except test cell <id>, which gets 0
"""

from __future__ import annotations

import argparse
import copy
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..paths import REPO_ROOT

MARKERS = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", re.M)


@dataclass
class Fake:
    student: str
    files: dict[str, bytes]       # notebook file name -> content (maybe not even JSON)
    expect: str                   # the outcome, in words
    score: str | None = "max"     # a rule (see the module doc); None for an error
    status: str = "graded"        # graded | error
    note: str | None = None       # a phrase the grader's notes must contain
    feedback_max_bytes: int = 2_000_000
    from_blank: bool = False      # its feedback must not contain any solution either


def _meta(cell: dict) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _cell(source: str, cell_type: str = "code") -> dict:
    cell = {"cell_type": cell_type, "metadata": {}, "source": source}
    if cell_type == "code":
        cell.update(outputs=[], execution_count=None)
    return cell


def _dump(nb: dict) -> bytes:
    return json.dumps(nb, indent=1, ensure_ascii=False).encode("utf-8")


class Builder:
    """Makes variants of one notebook of an assignment."""

    def __init__(self, assignment: str, notebook: str, root: Path = REPO_ROOT):
        self.name = notebook
        self.release = json.loads((root / "notebooks" / assignment / notebook).read_text(encoding="utf-8"))
        solution = json.loads((root / "solutions" / assignment / notebook).read_text(encoding="utf-8"))
        self.answers = {
            _meta(c)["grade_id"]: MARKERS.sub("", "".join(c["source"]))
            for c in solution["cells"] if _meta(c).get("solution") and c["cell_type"] == "code"
        }
        cells = self.release["cells"]
        self.code_answers = [_meta(c)["grade_id"] for c in cells
                             if _meta(c).get("solution") and c["cell_type"] == "code"]
        self.tests = [_meta(c)["grade_id"] for c in cells if _meta(c).get("grade") and not _meta(c).get("solution")]

    def blank(self) -> dict:
        return copy.deepcopy(self.release)

    def perfect(self) -> dict:
        nb = self.blank()
        for cell in nb["cells"]:
            gid = _meta(cell).get("grade_id")
            if gid in self.answers:
                cell["source"] = self.answers[gid]
            elif _meta(cell).get("solution"):
                cell["source"] = "A written answer, graded by hand."
        return nb

    def cell(self, nb: dict, grade_id: str) -> dict:
        return next(c for c in nb["cells"] if _meta(c).get("grade_id") == grade_id)

    def set_answer(self, nb: dict, grade_id: str, source: str) -> dict:
        self.cell(nb, grade_id)["source"] = source
        return nb

    def insert(self, nb: dict, source: str, at: int | None = None) -> dict:
        """A new code cell just before the first test cell (at=None) or at an index."""
        if at is None:
            at = next(i for i, c in enumerate(nb["cells"]) if _meta(c).get("grade_id") in self.tests)
        nb["cells"].insert(at, _cell(source))
        return nb


def cheat_from_solutions(solutions: Path, grade_id: str) -> str:
    return (
        "# a student who found the instructor's notebook\n"
        "import json\n"
        f"_nb = json.load(open({str(solutions)!r}))\n"
        f"exec(next(''.join(c['source']) for c in _nb['cells'] "
        f"if c['metadata'].get('nbgrader', {{}}).get('grade_id') == {grade_id!r}))\n"
    )


def cheat_from_gradebook(gradebook: Path, grade_id: str) -> str:
    return (
        "# a student who found the gradebook (it stores the source notebooks)\n"
        "import sqlite3\n"
        f"_db = sqlite3.connect({str(gradebook)!r})\n"
        f"exec(_db.execute(\"select source from source_cell where name = ?\", ({grade_id!r},)).fetchone()[0])\n"
    )


def tamper_gradebook(gradebook: Path) -> str:
    return (
        "import sqlite3\n"
        f"_db = sqlite3.connect({str(gradebook)!r})\n"
        "_db.execute('update grade set auto_score = 1000')\n"
        "_db.commit()\n"
        f"open({str(gradebook)!r}, 'ab').write(b'garbage')\n"
    )


TAMPER_OWN_NOTEBOOK = (
    "import glob, json\n"
    "for _path in glob.glob('*.ipynb'):\n"
    "    _nb = json.load(open(_path))\n"
    "    for _c in _nb['cells']:\n"
    "        _c['outputs'] = [] if _c['cell_type'] == 'code' else None\n"
    "        _c.get('metadata', {}).get('nbgrader', {})['points'] = 1000\n"
    "    json.dump(_nb, open(_path, 'w'))\n"
    "print('rewrote', glob.glob('*.ipynb'))\n"
)


def simulated_class(assignment: str, root: Path = REPO_ROOT, gradebook: Path | None = None) -> list[Fake]:
    """The class for one assignment.  `gradebook` is where the hostile
    submissions look for the gradebook (the worst case: they know)."""
    notebooks = sorted(p.name for p in (root / "solutions" / assignment).glob("*.ipynb"))
    gradebook = gradebook or root / "grading" / "gradebook.db"
    b = Builder(assignment, notebooks[0], root)
    others = {n: _dump(Builder(assignment, n, root).perfect()) for n in notebooks[1:]}
    first, last = b.code_answers[0], b.code_answers[-1]
    first_test = b.tests[0]
    solutions = root / "solutions" / assignment / b.name

    def fake(student, nb, expect, **kw) -> Fake:
        files = {b.name: nb if isinstance(nb, bytes) else _dump(nb), **others}
        return Fake(student, files, expect, **kw)

    perfect, blank = b.perfect, b.blank
    every_cell_twice = perfect()
    every_cell_twice["cells"] = [copy.deepcopy(c) for c in every_cell_twice["cells"] for _ in (0, 1)]
    tests_edited = blank()
    for gid in b.tests:
        b.cell(tests_edited, gid)["source"] = "assert True  # the student made the test pass"
    tests_deleted = perfect()
    tests_deleted["cells"] = [c for c in tests_deleted["cells"] if _meta(c).get("grade_id") not in b.tests]
    one_test_deleted = perfect()
    one_test_deleted["cells"] = [c for c in one_test_deleted["cells"] if _meta(c).get("grade_id") != first_test]
    answer_deleted = perfect()
    answer_deleted["cells"] = [c for c in answer_deleted["cells"] if _meta(c).get("grade_id") != first]
    answer_markdown = perfect()
    b.cell(answer_markdown, first)["cell_type"] = "markdown"
    for key in ("outputs", "execution_count"):
        b.cell(answer_markdown, first).pop(key, None)
    test_markdown = perfect()
    b.cell(test_markdown, first_test)["cell_type"] = "markdown"
    for key in ("outputs", "execution_count"):
        b.cell(test_markdown, first_test).pop(key, None)
    points_raised = blank()
    for gid in b.tests:
        b.cell(points_raised, gid)["metadata"]["nbgrader"]["points"] = 1000
    other_kernel = perfect()
    other_kernel["metadata"]["kernelspec"] = {"name": "ir", "display_name": "R", "language": "R"}
    read_solutions = blank()
    read_gradebook = blank()
    for gid in b.code_answers:
        b.set_answer(read_solutions, gid, cheat_from_solutions(solutions, gid))
        b.set_answer(read_gradebook, gid, cheat_from_gradebook(gradebook, gid))
    valid = _dump(perfect())

    return [
        fake("s01_perfect", perfect(), "every test passes", score="max"),
        fake("s02_blank", blank(), "the released notebook unchanged: every test fails", score="zero", from_blank=True),
        fake("s03_partial", b.set_answer(perfect(), first, "# not done yet\nraise NotImplementedError()"),
             "the first exercise left undone: its test fails, the others pass", score="like:s03_partial"),
        fake("s04_raises", b.set_answer(perfect(), first, "raise ValueError('a bug in my code')"),
             "the first answer raises: graded like the undone first exercise", score="like:s03_partial"),
        fake("s05_infinite_loop", b.set_answer(perfect(), first, "while True:\n    pass"),
             "the first answer never ends: interrupted after the cell timeout, the rest graded",
             score="like:s03_partial"),
        fake("s06_ignores_interrupt", b.set_answer(perfect(), last,
             "import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    time.sleep(0.05)"),
             "the last answer ignores Ctrl-C: the cell is stopped, Python restarted; the tests above keep "
             "their points, the rest get 0", score=f"before:{last}", note="fresh kernel"),
        fake("s07_swallows_interrupt", b.set_answer(perfect(), last,
             "import signal\nsignal.signal(signal.SIGINT, lambda *args: None)\nwhile True:\n    pass"),
             "the last answer installs a Ctrl-C handler that does nothing, and loops: handled like s06",
             score=f"before:{last}", note="fresh kernel"),
        fake("s08_exits_python", b.insert(perfect(), "import os\nos._exit(1)", at=0),
             "the first cell kills Python: restarted, everything below runs normally", score="max"),
        fake("s09_edited_tests", tests_edited, "every test cell replaced by 'assert True': the originals are "
             "put back, so every test fails", score="zero", note="was edited", from_blank=True),
        fake("s10_deleted_tests", tests_deleted, "every test cell deleted: no points", score="zero",
             note="was deleted"),
        fake("s11_deleted_one_test", one_test_deleted, "the first test cell deleted: 0 for it, the rest pass",
             score=f"max_except:{first_test}", note="was deleted"),
        fake("s12_deleted_answer", answer_deleted, "the first answer cell deleted: graded like s03",
             score="like:s03_partial", note="was deleted"),
        fake("s13_answer_made_markdown", answer_markdown, "the first answer cell turned into Markdown: "
             "nbgrader puts the cell type back, so the answer runs and counts", score="max",
             note="changed from code"),
        fake("s14_test_made_markdown", test_markdown, "a test cell turned into Markdown: put back, all pass",
             score="max", note="changed from code"),
        fake("s15_duplicated_cells", every_cell_twice, "every cell twice: duplicates ignored, all pass",
             score="max", note="appears 2 times"),
        fake("s16_corrupted", valid[: len(valid) // 2], "a truncated file: reported, not graded",
             score=None, status="error", note="not a valid notebook"),
        fake("s17_empty_file", b"", "an empty file: reported, not graded", score=None, status="error",
             note="is empty"),
        fake("s18_not_a_notebook", b'{"hello": "world"}', "JSON that is not a notebook: reported",
             score=None, status="error", note="not a valid notebook"),
        fake("s19_stderr", b.insert(perfect(), "import sys\nprint('a warning', file=sys.stderr)"),
             "writes to stderr: no effect", score="max"),
        fake("s20_huge_output", b.insert(perfect(), "print('x' * 50_000_000)"),
             "prints 50 MB: truncated, the feedback stays small", score="max", feedback_max_bytes=1_000_000),
        fake("s21_many_lines", b.insert(perfect(), "for i in range(300_000):\n    print(i)"),
             "prints 300,000 lines: truncated", score="max", feedback_max_bytes=1_000_000),
        fake("s22_reads_solutions", read_solutions, "runs the instructor's solutions from solutions/: "
             "hidden by the sandbox, every test fails", score="zero", from_blank=True),
        fake("s23_reads_gradebook", read_gradebook, "runs the solutions stored in the gradebook: hidden by "
             "the sandbox, every test fails", score="zero", from_blank=True),
        fake("s24_prints_history", _append(perfect(), "print('\\n'.join(In))"),
             "prints IPython's input history (which holds the hidden tests): all pass, and the feedback "
             "shows no hidden test", score="max"),
        fake("s25_tampers_gradebook", b.insert(blank(), tamper_gradebook(gradebook)),
             "tries to set every score to 1000 in the gradebook: cannot see it, scores 0", score="zero",
             from_blank=True),
        fake("s26_tampers_own_notebook", b.insert(blank(), TAMPER_OWN_NOTEBOOK),
             "rewrites its notebook file while being graded: no effect, scores 0", score="zero", from_blank=True),
        fake("s27_raises_points", points_raised, "test cells claim 1000 points each: the gradebook's points "
             "count, scores 0", score="zero", from_blank=True),
        fake("s28_network", b.insert(perfect(), "import urllib.request\n"
             "try:\n    urllib.request.urlopen('https://pypi.org', timeout=5)\n    print('network: yes')\n"
             "except OSError as err:\n    print('network: no', err)"),
             "tries the network: no network in the sandbox, all pass", score="max"),
        fake("s29_memory_hog", b.insert(perfect(), "hog = bytearray(6 * 1024**3)"),
             "asks for 6 GB (the sandbox allows 4): MemoryError in that cell only, all pass", score="max"),
        fake("s30_kills_parent", b.insert(perfect(), "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)"),
             "tries to kill the process that started it: the sandbox's own init, not the grader; all pass",
             score="max"),
        fake("s31_writes_outside", b.insert(perfect(),
             f"try:\n    open({str(root / 'data' / 'article.txt')!r}, 'a').write('hacked')\n"
             "except OSError as err:\n    print(err)"),
             "tries to change the course's article: read-only, all pass", score="max"),
        Fake("s32_missing_notebook", {"my_notebook (1).ipynb": valid}, "the notebook saved under another name: "
             "reported with the name found, not graded", score=None, status="error", note="my_notebook (1).ipynb"),
        fake("s34_reads_hidden_tests", b.insert(perfect(), "import glob\n"
             "_text = ''.join(open(p).read() for p in glob.glob('*.ipynb'))\n"
             "print('hidden tests visible:', 'HIDDEN TESTS' in _text)"),
             "reads the notebook being graded (nbgrader put the hidden tests in it): the sandbox shows an "
             "empty file; all pass", score="max"),
        fake("s33_other_kernel", other_kernel, "the notebook names an R kernel: graded with Python, all pass",
             score="max"),
    ]


def _append(nb: dict, source: str) -> dict:
    nb["cells"].append(_cell(source))
    return nb


def write(fakes: list[Fake], assignment: str, submitted: Path) -> None:
    for f in fakes:
        folder = submitted / f.student / assignment
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in f.files.items():
            (folder / name).write_bytes(content)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description="Write a simulated class of submissions for one assignment.")
    p.add_argument("assignment")
    p.add_argument("--out", type=Path, required=True, help="a submitted/ folder (<out>/<student>/<assignment>/)")
    a = p.parse_args(argv)
    gradebook = a.out.resolve().parent / "gradebook.db"
    fakes = simulated_class(a.assignment, gradebook=gradebook)
    write(fakes, a.assignment, a.out)
    for f in fakes:
        print(f"{f.student:28} {f.expect}")


if __name__ == "__main__":
    main()
