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
import os
import re
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

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
    prepare: Callable[[Path], None] | None = None  # changes its folder after writing (links, FIFOs)
    flag: str | None = None       # a phrase its tamper flags must contain
    shows: tuple[str, ...] = ()   # texts its autograded notebook must contain
    per_assignment: bool = False  # its outcome depends on the assignment's own cells (see PER_ASSIGNMENT)


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


# The submissions whose outcome depends on the assignment's own answer, test and hidden-test cells.
# The others (hangs, crashes, broken files, huge outputs, the sandbox's walls) test the grader, which
# is the same for every assignment: `simulated_class(..., full=False)` leaves them out, so a test
# suite can grade them on one assignment and the assignment-specific ones on all.
PER_ASSIGNMENT = ("s01_perfect", "s02_blank", "s03_partial", "s09_edited_tests", "s10_deleted_tests",
                  "s11_deleted_one_test", "s12_deleted_answer", "s13_answer_made_markdown",
                  "s14_test_made_markdown", "s15_duplicated_cells", "s22_reads_solutions", "s24_prints_history",
                  "s27_raises_points", "s34_reads_hidden_tests")


def simulated_class(assignment: str, root: Path = REPO_ROOT, gradebook: Path | None = None,
                    full: bool = True) -> list[Fake]:
    """The class for one assignment.  `gradebook` is where the hostile
    submissions look for the gradebook (the worst case: they know).
    `full=False`: only the submissions of PER_ASSIGNMENT."""
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

    fakes = [
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
    for f in fakes:
        f.per_assignment = f.student in PER_ASSIGNMENT
    return fakes if full else [f for f in fakes if f.per_assignment]


def leave_unix_socket(path: Path) -> None:
    """Leave a Unix socket file at `path`.  It is bound by a name relative to its folder:
    a socket address holds at most 107 bytes, and test folders can be longer."""
    cwd = os.getcwd()
    os.chdir(path.parent)
    try:
        with socket.socket(socket.AF_UNIX) as s:
            s.bind(path.name)
    finally:
        os.chdir(cwd)


def _append(nb: dict, source: str) -> dict:
    nb["cells"].append(_cell(source))
    return nb


def write(fakes: list[Fake], assignment: str, submitted: Path) -> None:
    for f in fakes:
        folder = submitted / f.student / assignment
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in f.files.items():
            (folder / name).write_bytes(content)
        if f.prepare:
            f.prepare(folder)


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


# ---------------------------------------------------------------- the hostile class (issue 13)
# Each case stands for a class of attack on the grader itself, not on one test.
# Their student code assumes the worst: it knows where the gradebook, the
# solutions and a private file of the instructor (the canary) are.

WRONG = '''
import types as _wsw_t
for _n in set(globals()) - _before:
    if not _n.startswith("_") and not isinstance(globals()[_n], _wsw_t.ModuleType):
        globals()[_n] = {fill}
'''
ANY_EQUAL = '''
class _Any:
    """equal to everything"""
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    def __hash__(self):
        return 0
'''
NOISY = '''
import sys as _sys, types as _wsw_t
def _noisy(_f):
    def _wrapped(*args, **kwargs):
        print("RuntimeWarning: invalid value encountered (from correct code)", file=_sys.stderr)
        print("y" * 150_000)
        return _f(*args, **kwargs)
    return _wrapped
for _n in set(globals()) - _before:
    if isinstance(globals()[_n], _wsw_t.FunctionType) and not _n.startswith("_"):
        globals()[_n] = _noisy(globals()[_n])
'''


def _wrap_answers(b: Builder, nb: dict, after: str) -> dict:
    """Every code answer: run as written, then `after` (which sees the names it defined)."""
    for gid in b.code_answers:
        cell = b.cell(nb, gid)
        cell["source"] = "_before = set(globals())\n" + "".join(cell["source"]) + "\n" + after
    return nb


def hostile_class(assignment: str, root: Path = REPO_ROOT, gradebook: Path | None = None,
                  canary: Path | None = None, submitted: Path | None = None) -> list[Fake]:
    """The attacks of issue 13 on the grader, with the outcome each must get.
    `canary` is a private file outside the course that no submission may read or change;
    `submitted` the folder the class is written to (for links to other students)."""
    notebooks = sorted(p.name for p in (root / "solutions" / assignment).glob("*.ipynb"))
    gradebook = gradebook or root / "grading" / "gradebook.db"
    canary = canary or Path("/tmp/wsw-canary")
    submitted = submitted or root / "grading" / "submitted"
    b = Builder(assignment, notebooks[0], root)
    others = {n: _dump(Builder(assignment, n, root).perfect()) for n in notebooks[1:]}
    solutions_nb = root / "solutions" / assignment / b.name
    perfect, blank = b.perfect, b.blank

    def fake(student, nb, expect, **kw) -> Fake:
        files = {b.name: nb if isinstance(nb, bytes) else _dump(nb), **others}
        return Fake(student, files, expect, **kw)

    def wrong() -> dict:
        return _wrap_answers(b, perfect(), WRONG.format(fill="(lambda *a, **k: None) if callable(globals()[_n]) "
                                                             "else None"))

    def links(folder: Path) -> None:
        for name, target in (("gradebook.db", gradebook), ("solutions", root / "solutions"), ("canary.txt", canary),
                             ("other_student", submitted / "s01_perfect")):
            os.symlink(target, folder / name)
        (folder / "notes.txt").write_text("a real file next to the links\n")

    def fifo_and_loop(folder: Path) -> None:
        os.mkfifo(folder / "pipe")
        os.symlink("loop", folder / "loop")
        leave_unix_socket(folder / "sock")

    def folder_is_link(folder: Path) -> None:
        student = folder.parent
        for p in sorted(student.rglob("*"), reverse=True):
            p.unlink() if p.is_file() else p.rmdir()
        student.rmdir()
        os.symlink(submitted / "s01_perfect", student)

    def notebook_is_link(folder: Path) -> None:
        (folder / b.name).unlink()
        os.symlink(solutions_nb, folder / b.name)

    plant = (
        "import os, socket\n"
        f"for _name, _target in [('gb.db', {str(gradebook)!r}), ('canary', {str(canary)!r}), "
        f"('sol', {str(root / 'solutions')!r}), ('loop', 'loop'), ('root', '/')]:\n"
        "    try:\n        os.symlink(_target, _name)\n    except OSError as err:\n        print(err)\n"
        "os.mkfifo('pipe')\n_s = socket.socket(socket.AF_UNIX)\n_s.bind('sock')\n"
        "print('planted', sorted(os.listdir('.')))\n"
    )
    plant_for_next = (
        "import os, glob\n"
        "from ipykernel.connect import get_connection_file\n"
        "_home = os.path.expanduser('~')\n"
        "_places = [os.path.join(os.environ.get('IPYTHONDIR', _home + '/.ipython'), 'profile_default', 'startup'),\n"
        "           os.path.dirname(get_connection_file()), os.environ.get('JUPYTER_RUNTIME_DIR', '/tmp'), '/tmp',\n"
        "           os.environ.get('MPLCONFIGDIR', _home + '/.config/matplotlib')]\n"
        "for _d in _places:\n"
        "    try:\n"
        "        os.makedirs(_d, exist_ok=True)\n"
        "        open(os.path.join(_d, '00-planted.py'), 'w').write(\"print('PLANTED' + '-BY-S37')\")\n"
        "        for _f in glob.glob(os.path.join(_d, 'fontlist-*.json')):\n"
        "            os.remove(_f)\n"
        f"        os.symlink({str(canary)!r}, os.path.join(_d, 'fontlist-v390.json'))\n"
        "    except OSError as err:\n"
        "        print(err)\n"
        "print('planted in', len(_places), 'places')\n"
    )
    hunt_history = (
        "import os, glob\n"
        "from ipykernel.connect import get_connection_file\n"
        "_found = []\n"
        "for _top in [os.path.expanduser('~'), '/tmp', '/dev/shm', os.path.dirname(get_connection_file())]:\n"
        "    for _p in glob.glob(_top + '/**/*', recursive=True):\n"
        "        try:\n"
        "            if os.path.isfile(_p) and b'HIDDEN TESTS' in open(_p, 'rb').read():\n"
        "                _found.append(_p)\n"
        "        except OSError:\n"
        "            pass\n"
        "print('files with hidden tests:', len(_found))\n"
    )
    hijack = (
        "import glob, os, stat\n"
        "from ipykernel.connect import get_connection_file\n"
        "_mine = os.path.realpath(get_connection_file())\n"
        "_files, _socks = set(), set()\n"
        "for _pat in ('/tmp/**', '/dev/shm/**', '/run/**', '/var/tmp/**', os.path.expanduser('~') + '/**',\n"
        "             os.path.dirname(os.path.dirname(_mine)) + '/**', '/proc/*/cwd/**'):\n"
        "    for _p in glob.glob(_pat, recursive=True):\n"
        "        try:\n"
        "            _st = os.lstat(_p)\n"
        "        except OSError:\n"
        "            continue\n"
        "        if stat.S_ISSOCK(_st.st_mode) and not os.path.realpath(_p).startswith(os.path.dirname(_mine)):\n"
        "            _socks.add(_p)\n"
        "        elif _p.endswith('.json') and os.path.realpath(_p) != _mine:\n"
        "            try:\n"
        "                if 'shell_port' in open(_p).read():\n"
        "                    _files.add(_p)\n"
        "            except OSError:\n"
        "                pass\n"
        "print('other kernels:', len(_files), 'other sockets:', len(_socks))\n"
    )
    payload = ("<script>window.pwned = 1; document.title = 'PWNED'</script>"
               "<img src=x onerror=\"window.pwned = 2; document.title = 'PWNED'\">")
    inject = (
        "from IPython.display import HTML, Javascript, SVG, Markdown, Latex, display\n"
        f"display(HTML({payload!r}))\n"
        "display(Javascript(\"window.pwned = 3; document.title = 'PWNED'\"))\n"
        "display(SVG('<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"window.pwned = 4\">"
        "<script>window.pwned = 5</script></svg>'))\n"
        "display(Markdown('<img src=x onerror=\"window.pwned = 6\"> [link](javascript:window.pwned=7)'))\n"
        "display({'text/html': '<iframe srcdoc=\"<script>parent.pwned = 8</script>\"></iframe>',\n"
        "         'image/png': '\"><script>window.pwned = 9</script>'}, raw=True)\n"
        "display({'image/png': 'iVBORw0KGgo='}, raw=True, metadata={'image/png': "
        "{'width': '1\" onerror=\"window.pwned = 10'}})\n"
        "print('<script>window.pwned = 11</script>')\n"
    )
    injected = _wrap_answers(b, perfect(), "")
    injected = b.insert(injected, inject)
    for cell in injected["cells"]:
        if cell["cell_type"] == "markdown" and _meta(cell).get("solution"):
            cell["source"] = f"My answer. {payload} [more](javascript:window.pwned=12) $\\href{{javascript:x}}{{y}}$"
    injected["cells"].insert(1, _cell(f"Notes {payload}<svg onload=\"window.pwned = 13\"></svg>", "markdown"))
    injected["cells"].insert(2, {"cell_type": "raw", "metadata": {"format": "text/html"},
                                 "source": "<script>window.pwned = 14</script>"})
    hook = (
        "import base64\n"
        "def _leak(*args):\n"
        "    info = getattr(args[0], 'info', args[0]) if args else None\n"
        "    print('ENC:' + base64.b64encode(str(getattr(info, 'raw_cell', '')).encode()).decode())\n"
        "get_ipython().events.register('pre_run_cell', _leak)\n"
        "get_ipython().events.register('post_run_cell', _leak)\n"
    )
    dump_history = (
        "import base64, linecache, glob, os\n"
        "_text = '\\n'.join(In) + '\\n'.join(''.join(v[2]) for v in list(linecache.cache.values()) if len(v) > 2)\n"
        "_text += '\\n'.join(str(v) for k, v in list(globals().items()) if k.startswith('_i'))\n"
        "for _p in glob.glob(os.path.expanduser('~') + '/**/history.sqlite', recursive=True):\n"
        "    _text += open(_p, 'rb').read().decode('latin-1')\n"
        "print('ENC:' + base64.b64encode(_text.encode()).decode())\n"
    )
    # the course folder itself (root) is mounted read-only on purpose, so it is not probed, only
    # what the sandbox hides inside it and the rest of the host
    read_host = (
        "import os\n"
        f"_root = {str(root)!r}\n"
        "_probe = [_root + '/solutions', _root + '/.git', _root + '/grading', _root + '/tests', _root + '/README.md',\n"
        f"          {str(gradebook)!r}, {str(canary)!r}, {str(submitted)!r}, '/etc/shadow', '/etc/hostname',\n"
        "          '/root/.bashrc', '/root/.ssh', '/var/log', '/opt', '/srv', '/home/' + 'root']\n"
        "print('host visible:', [p for p in _probe if os.path.exists(p)])\n"
        "print('environment:', ' '.join(sorted(os.environ)))\n"
    )
    fill_disk = (
        "import os\n"
        "def _fill(folder):\n"
        "    n, path = 0, os.path.join(folder, 'big.bin')\n"
        "    try:\n"
        "        with open(path, 'wb') as f:\n"
        "            for n in range(1, 1025):\n"
        "                f.write(b'x' * 2**20)\n"
        "                f.flush()\n"
        "    except OSError:\n"
        "        n -= 1\n"
        "    finally:\n"
        "        if os.path.exists(path):\n"
        "            os.remove(path)\n"
        "    return n\n"
        "print('disk MB:', {d: _fill(d) for d in ('/dev/shm', '/tmp', '.', os.path.expanduser('~'))})\n"
    )
    fork = (
        "import subprocess\n"
        "_procs = []\n"
        "try:\n"
        "    for _i in range(400):\n"
        "        _procs.append(subprocess.Popen(['sleep', '60']))\n"
        "except OSError as err:\n"
        "    print('stopped by', type(err).__name__)\n"
        "print('processes started:', len(_procs))\n"
        "for _p in _procs:\n"
        "    _p.kill()\n"
        "    _p.wait()\n"
    )
    redefine = "".join(f"def {n}(*args, **kwargs):\n    pass\n" for n in
                       ("expect_equal", "expect_true", "expect_type", "expect_close"))
    patch_code = ("import whosaidwhat.check as _c\n"
                  "for _n in ('expect_equal', 'expect_true', 'expect_type', 'expect_close'):\n"
                  "    getattr(_c, _n).__code__ = (lambda *a, **k: None).__code__\n")
    patch_builtins = ("import builtins\n_orig = builtins.isinstance\n"
                      "builtins.isinstance = lambda obj, kind: True if kind is list else _orig(obj, kind)\n"
                      "builtins.AssertionError = type('AssertionError', (Warning,), {})\n")
    patch_nltk = ("import nltk, whosaidwhat.check\n"
                  "nltk.word_tokenize = lambda text, *a, **k: text.split()\n"
                  "whosaidwhat.check.expect_equal = lambda *a, **k: None\n")
    transformer = "get_ipython().input_transformers_cleanup.append(lambda lines: ['pass\\n'])\n"
    custom_exc = ("def _swallow(shell, etype, value, tb, tb_offset=None):\n    return None\n"
                  "get_ipython().set_custom_exc((Exception,), _swallow)\n")
    rewire = (
        "import json, os\n"
        "from ipykernel.connect import get_connection_file\n"
        "_cf = get_connection_file()\n"
        "_info = json.load(open(_cf))\n"
        f"_info['ip'] = {str(root / 'solutions' / 'x')!r}\n"
        "os.remove(_cf)\n"
        f"os.symlink({str(canary)!r}, _cf)\n"
        "for _n in ('kernel.json', 'kernel-1.json'):\n"
        f"    os.symlink({str(gradebook)!r}, os.path.join(os.path.dirname(_cf), _n))\n"
        "os._exit(1)\n"
    )
    return [
        fake("s35_links_in_folder", perfect(), "#1 links to the gradebook, solutions/, a private file and another "
             "student in the submission folder: removed before grading and named; nothing is followed",
             score="max", note="removed from the submission", prepare=links),
        fake("s36_plants_links_while_graded", b.insert(perfect(), plant), "#1 student code makes links to the "
             "gradebook, the canary, solutions/ and /, a FIFO and a socket while graded: they stay in the sandbox's "
             "tmpfs, nothing reaches autograded/ or feedback/", score="max", shows=("planted",)),
        fake("s37_plants_for_next_kernel", b.insert(perfect(), plant_for_next), "#2 plants an IPython startup file "
             "and font-cache links in every runtime, home and tmp folder it can reach: all private and destroyed "
             "after it, no other student runs them, the canary is untouched", score="max",
             shows=("planted in",)),
        fake("s38_hunts_history", _append(perfect(), hunt_history), "#2 #7 looks for earlier kernels' history "
             "files (other students' code, hidden tests): finds none", score="max",
             shows=("files with hidden tests: 0",)),
        fake("s39_hijacks_kernels", b.insert(perfect(), hijack), "#3 looks for other kernels' connection files "
             "and sockets: sees none", score="max", shows=("other kernels: 0 other sockets: 0",)),
        fake("s40_injects_script", injected, "#4 HTML, JavaScript, SVG, Markdown and raw cells with scripts and "
             "event handlers: rendered inert in feedback and in the autograded notebook", score="max"),
        fake("s41_fifo_and_loop", perfect(), "#5 a FIFO, a socket and a self-referencing link in the submission "
             "folder: removed and named, graded", score="max", note="removed from the submission",
             prepare=fifo_and_loop),
        fake("s63_wrong_answers", wrong(), "reference: every answer defines its names with useless values",
             score="like:s63_wrong_answers"),
        fake("s42_redefines_helpers", b.insert(wrong(), redefine), "#6 redefines the check helpers as no-ops: "
             "the grader puts the course's back before each test; graded like s63, flagged",
             score="like:s63_wrong_answers", flag="check helper"),
        fake("s43_patches_code", b.insert(wrong(), patch_code), "#6 patches the helpers' __code__: flagged, "
             "graded like s63", score="like:s63_wrong_answers", flag="__code__"),
        fake("s44_always_equal", _wrap_answers(b, b.insert(perfect(), ANY_EQUAL, at=0), WRONG.format(
             fill="(lambda *a, **k: _Any()) if callable(globals()[_n]) else _Any()")),
             "#6 answers are objects equal to everything: the helpers compare types first (the visible tests "
             "fail); flagged for review", score="like:s63_wrong_answers", flag="equality"),
        fake("s45_patches_builtins", b.insert(wrong(), patch_builtins), "#6 patches builtins (isinstance, "
             "AssertionError): flagged", score=None, flag="builtins"),
        fake("s46_patches_nltk", b.insert(wrong(), patch_nltk), "#6 patches NLTK and the course's check module: "
             "flagged, graded like s63", score="like:s63_wrong_answers", flag="patch"),
        fake("s47_input_transformer", b.insert(wrong(), transformer), "#6 an input transformer that empties "
             "every later cell (the tests too): removed before each test, graded like s63, flagged",
             score="like:s63_wrong_answers", flag="input transformer"),
        fake("s48_custom_exc", b.insert(wrong(), custom_exc), "#6 a custom exception handler that hides failures: "
             "removed before each test, graded like s63, flagged", score="like:s63_wrong_answers",
             flag="exception handler"),
        fake("s49_leaks_through_hooks", b.insert(perfect(), hook), "#7 pre/post_run_cell hooks print every cell "
             "base64-encoded: removed before the tests, no hidden test in any output; flagged", score="max",
             flag="callback"),
        fake("s50_encoded_history", _append(perfect(), dump_history), "#7 prints In, the line cache and the "
             "history base64-encoded: test cells are not in them", score="max"),
        fake("s51_noisy_correct_code", _wrap_answers(b, perfect(), NOISY), "#8 correct answers that write a "
             "RuntimeWarning to stderr and 150,000 characters to stdout inside the test cells: full marks",
             score="max", shows=("output truncated by the grader",)),
        fake("s52_reads_host", b.insert(perfect(), read_host), "#9 looks at the rest of the host and the "
             "environment: sees neither", score="max", shows=("host visible: []",)),
        fake("s53_fills_disk", b.insert(perfect(), fill_disk), "#10 fills /dev/shm, /tmp, its folder and home: "
             "each capped (64-256 MB), nothing copied to feedback", score="max", shows=("disk MB:",),
             feedback_max_bytes=1_000_000),
        fake("s54_forks", b.insert(perfect(), fork), "#10 starts 400 processes: stopped at the per-submission "
             "process limit", score="max", shows=("processes started:",)),
        fake("s60_rewires_its_kernel", b.insert(perfect(), rewire), "#2 #3 replaces its connection file with a "
             "link to the canary (and points its sockets at solutions/), plants links to the gradebook where the "
             "next connection file could go, and crashes to get restarted: the launcher refuses the link, nothing "
             "outside changes; the submission is an ERROR", score=None, status="error", note="could not grade"),
        fake(".s55_dot_prefixed", perfect(), "#11 a dot-prefixed student folder: graded like any other",
             score="max"),
        fake("s56_glob[0-9]*", blank(), "#11 an id with glob characters (nbgrader would grade other students "
             "with it): reported, nobody else graded", score=None, status="error", note="glob pattern"),
        fake("s57_trailing_space ", perfect(), "#11 an id ending in a space (nbgrader strips it): reported as "
             "an ERROR, and the CSV agrees", score=None, status="error", note="space"),
        fake("s58_folder_is_link", perfect(), "#11 the student folder is a link to another student's: refused",
             score=None, status="error", note="symbolic link", prepare=folder_is_link),
        fake("s59_notebook_is_link", perfect(), "#11 the notebook is a link to the solutions: refused",
             score=None, status="error", note="symbolic link", prepare=notebook_is_link),
        fake("=1+2_formula", blank(), "#11 an id that a spreadsheet would run as a formula: escaped in both CSVs",
             score="zero"),
    ]


TAMPER_PHRASES = ("check helper", "__code__", "equality", "builtins", "patch", "input transformer",
                  "exception handler", "callback")
