"""The class grader (bin/grade-class) on a simulated class, hostile submissions
included: every expected outcome, a batch that always finishes, an intact
gradebook, feedback that leaks nothing, manual grades that survive a re-run,
and the command as the instructor guide gives it.

a0 gets the full simulated class (34 submissions).  The other assignments get
the submissions whose outcome depends on their own cells (PER_ASSIGNMENT in
simulated_class); hangs, crashes, broken files and the sandbox's walls test
the grader itself, the same for every assignment, so they run once, on a0."""

from __future__ import annotations

import hashlib
import stat
import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from nbtools import ROOT, assignments, clean_env, hidden_snippets, notebooks_of, solution_snippets
from whosaidwhat.grading import grader, sandbox, simulated_class
from whosaidwhat.grading.grader import Settings, grade_class

try:
    sandbox.check()
    SANDBOX = None
except sandbox.SandboxUnavailable as err:
    SANDBOX = str(err)

pytestmark = [pytest.mark.slow, pytest.mark.skipif(SANDBOX is not None, reason=f"no grading sandbox: {SANDBOX}")]

CELL_TIMEOUT = 15  # the slowest graded cell of the course takes ~3 s; hangs cost this much each


def tree_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(folder)).encode() + p.read_bytes())
    return h.hexdigest()


def by_cell(s: Settings, assignment: str, student: str) -> dict[str, tuple[float | None, float]]:
    from nbgrader.api import Gradebook

    with Gradebook(s.db_url) as gb:
        sub = gb.find_submission(assignment, student)
        # a deleted test cell has no autograder score: it counts as 0
        return {g.name: (g.score, g.max_score) for nb in sub.notebooks for g in nb.grades
                if g.cell.cell_type == "code"}


class GradedClass:
    def __init__(self, assignment: str, tmp: Path):
        self.assignment = assignment
        self.s = Settings(grading=tmp, jobs=2, cell_timeout=CELL_TIMEOUT, submission_timeout=300)
        self.fakes = simulated_class.simulated_class(assignment, gradebook=self.s.gradebook, full=assignment == A0)
        simulated_class.write(self.fakes, assignment, self.s.submitted)
        self.protected = {p: tree_hash(p) for p in (ROOT / "solutions", ROOT / "data")}
        self.outcomes = {o.student: o for o in grade_class(self.s, [assignment], echo=lambda *a: None)}
        self.builder = simulated_class.Builder(assignment, notebooks_of(assignment)[0].name)

    def cells(self, student: str) -> dict:
        return by_cell(self.s, self.assignment, student)

    def feedback(self, student: str) -> dict[str, str]:
        folder = self.s.feedback_dir / student / self.assignment
        return {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.html")}

    def autograded_text(self, student: str) -> str:
        folder = self.s.autograded / student / self.assignment
        return "\n".join(p.read_text(encoding="utf-8") for p in folder.glob("*.ipynb"))

    def expected(self, rule: str, student: str) -> dict[str, float]:
        """The points per test cell that `rule` gives (see simulated_class)."""
        full = {k: m for k, (_, m) in self.cells(student).items()}
        if rule == "max":
            return full
        if rule == "zero":
            return {k: 0 for k in full}
        kind, _, arg = rule.partition(":")
        if kind == "like":
            return {k: a for k, (a, _) in self.cells(arg).items()}
        if kind == "max_except":
            return {k: (0 if k == arg else m) for k, m in full.items()}
        if kind == "before":
            order = [c["metadata"]["nbgrader"]["grade_id"] for c in self.builder.release["cells"]
                     if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")]
            stop = order.index(arg)
            return {k: (m if order.index(k) < stop else 0) for k, m in full.items()}
        raise ValueError(rule)


A0 = "a0_meet_the_article"


def class_of(assignment: str) -> list[str]:
    return [f.student for f in simulated_class.simulated_class(assignment, full=assignment == A0)]


def pytest_generate_tests(metafunc):
    """`graded` is the graded class of one assignment.  Tests marked `grader_only` need a
    case of the full class and run on a0 only; a test taking `student` runs once per
    submission of each class."""
    if "graded" not in metafunc.fixturenames:
        return
    which = [A0] if metafunc.definition.get_closest_marker("grader_only") else assignments()
    if "student" in metafunc.fixturenames:
        pairs = [(a, st) for a in which for st in class_of(a)]
        metafunc.parametrize(("graded", "student"), pairs, indirect=["graded"], ids=[f"{a}-{st}" for a, st in pairs])
    else:
        metafunc.parametrize("graded", which, indirect=True)


@pytest.fixture(scope="module")
def graded_classes() -> dict:
    return {}


@pytest.fixture
def graded(request, graded_classes, tmp_path_factory):
    """Each assignment's class is graded once and kept for the module (a module-scoped
    parametrized fixture would be torn down and graded again as pytest moves between
    differently parametrized tests)."""
    a = request.param
    if a not in graded_classes:
        graded_classes[a] = GradedClass(a, tmp_path_factory.mktemp(a))
    return graded_classes[a]


def test_the_simulated_class_is_big_and_hostile():
    for a in assignments():
        fakes = simulated_class.simulated_class(a)
        assert len(fakes) >= 30, a
        assert len({f.student for f in fakes}) == len(fakes)
        kinds = " ".join(f.student for f in fakes)
        for kind in ("perfect", "blank", "partial", "raises", "infinite_loop", "ignores_interrupt", "edited_tests",
                     "deleted_tests", "made_markdown", "duplicated", "corrupted", "stderr", "huge_output",
                     "reads_solutions", "reads_gradebook", "tampers_gradebook", "tampers_own"):
            assert kind in kinds, f"{a}: no '{kind}' submission in the simulated class"
        # what every assignment is graded on here: its own cells, tampered with in every way
        own = " ".join(class_of(a))
        for kind in ("perfect", "blank", "partial", "edited_tests", "deleted_tests", "deleted_one_test",
                     "deleted_answer", "made_markdown", "duplicated", "reads_solutions", "prints_history",
                     "raises_points", "reads_hidden_tests"):
            assert kind in own, f"{a}: no '{kind}' submission among those graded for every assignment"


def test_the_batch_finishes_with_one_outcome_per_submission(graded):
    assert sorted(graded.outcomes) == sorted(f.student for f in graded.fakes)
    report = (graded.s.report_csv).read_text(encoding="utf-8")
    for f in graded.fakes:
        assert f.student in report


def test_every_submission_gets_its_stated_outcome(graded, student):
    fake = next(f for f in graded.fakes if f.student == student)
    o = graded.outcomes[fake.student]
    notes = "; ".join(o.notes)
    assert o.status == fake.status, f"{fake.student} ({fake.expect}): {o.status}: {notes}"
    if fake.note:
        assert fake.note in notes, f"{fake.student}: the report should say '{fake.note}', it says: {notes}"
    if fake.status == "error":
        assert not (graded.s.autograded / fake.student).exists(), "a broken file must not be graded"
        return
    got = {k: a for k, (a, _) in graded.cells(fake.student).items()}
    want = graded.expected(fake.score, fake.student)
    assert got == pytest.approx(want), f"{fake.student} ({fake.expect}, rule {fake.score})"
    assert graded.feedback(fake.student), f"no feedback for {fake.student}"


def test_reference_submissions_are_what_they_claim(graded):
    """The relational rules above lean on s03: it must be a real partial score."""
    cells = graded.cells("s03_partial")
    total, top = sum(a for a, _ in cells.values()), sum(m for _, m in cells.values())
    assert 0 < total < top
    assert cells[graded.builder.tests[0]][0] == 0


@pytest.mark.grader_only
def test_hangs_and_crashes_are_explained_to_the_student(graded):
    text = graded.autograded_text("s06_ignores_interrupt")
    assert "did not stop when interrupted" in text
    assert "Python stopped while running this cell" in graded.autograded_text("s08_exits_python")


@pytest.mark.grader_only
def test_the_sandbox_blocks_network_memory_and_writes(graded):
    assert "network: no" in graded.autograded_text("s28_network")
    assert "MemoryError" in graded.autograded_text("s29_memory_hog")
    assert "Read-only file system" in graded.autograded_text("s31_writes_outside")


def test_the_graded_notebook_shows_no_hidden_test(graded):
    assert "hidden tests visible: False" in graded.autograded_text("s34_reads_hidden_tests")
    for folder, digest in graded.protected.items():
        assert tree_hash(folder) == digest, f"{folder} was changed during grading"


def test_the_gradebook_stays_intact(graded):
    from nbgrader.api import Gradebook

    with sqlite3.connect(graded.s.gradebook) as db:
        assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert db.execute("select max(auto_score) from grade").fetchone()[0] < 1000
    notebook = graded.builder.name.removesuffix(".ipynb")
    with Gradebook(graded.s.db_url) as gb:
        for cell in graded.builder.release["cells"]:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if meta.get("grade"):
                stored = gb.find_grade_cell(meta["grade_id"], notebook, graded.assignment).max_score
                assert stored == meta["points"], f"points of {meta['grade_id']} changed in the gradebook"
        students = {s.id for s in gb.students}
    assert students == {f.student for f in graded.fakes if f.status == "graded"}


def test_feedback_leaks_no_hidden_test_solution_or_mark_scheme(graded):
    source = notebooks_of(graded.assignment)[0]
    hidden = hidden_snippets(source)
    solutions = solution_snippets(source)
    assert hidden and solutions
    for fake in graded.fakes:
        for name, html in graded.feedback(fake.student).items():
            assert len(html.encode()) <= fake.feedback_max_bytes, f"{fake.student}/{name}: feedback too big"
            text = html.replace("&quot;", '"').replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
            text = text.replace("&amp;", "&")
            leaked = [h for h in hidden if h in text]
            assert not leaked, f"{fake.student}: hidden test in feedback: {leaked[:2]}"
            assert "BEGIN MARK SCHEME" not in text
            if fake.from_blank:
                leaked = [s for s in solutions if s in text]
                assert not leaked, f"{fake.student}: solution in feedback: {leaked[:2]}"


def test_grades_are_exported(graded):
    rows = graded.s.grades_csv.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("assignment,")
    assert any("s01_perfect" in r for r in rows)


# ---------------------------------------------------------------- re-runs and the command


@pytest.fixture(scope="module")
def small_class(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("rerun")
    s = Settings(grading=tmp, jobs=2, cell_timeout=CELL_TIMEOUT)
    fakes = {f.student: f for f in simulated_class.simulated_class(A0, gradebook=s.gradebook)}
    keep = [fakes["s01_perfect"], fakes["s02_blank"]]
    simulated_class.write(keep, A0, s.submitted)
    return s, fakes


def test_rerun_keeps_manual_grades_and_earlier_results(small_class):
    from nbgrader.api import Gradebook

    s, fakes = small_class
    first = {o.student: o for o in grade_class(s, [A0], echo=lambda *a: None)}
    assert first["s01_perfect"].status == "graded"
    # every written question of a0 gets a hand grade (a0 has more than one): 1.5 for the first, 1 for the others
    manual_cells = [c["metadata"]["nbgrader"]["grade_id"] for c in simulated_class.Builder(A0, notebooks_of(A0)[0].name).release["cells"]
                    if c["cell_type"] == "markdown" and c.get("metadata", {}).get("nbgrader", {}).get("grade")]
    manual_cell, manual_total = manual_cells[0], 1.5 + (len(manual_cells) - 1)
    with Gradebook(s.db_url) as gb:
        for k, gid in enumerate(manual_cells):
            grade = gb.find_grade(gid, notebooks_of(A0)[0].stem, A0, "s01_perfect")
            grade.manual_score = 1.5 if k == 0 else 1.0
            grade.needs_manual_grade = False  # what the formgrader does when a grader enters the score
        gb.db.commit()
    feedback_before = sorted((s.feedback_dir / "s02_blank" / A0).glob("*.html"))
    assert feedback_before

    # s02 now hands in a broken file: it is reported, its earlier results stay
    (s.submitted / "s02_blank" / A0 / notebooks_of(A0)[0].name).write_bytes(b'{"cells": [')
    second = {o.student: o for o in grade_class(s, [A0], echo=lambda *a: None)}
    assert second["s02_blank"].status == "error"
    assert sorted((s.feedback_dir / "s02_blank" / A0).glob("*.html")) == feedback_before
    assert (s.autograded / "s02_blank" / A0 / notebooks_of(A0)[0].name).exists()

    with Gradebook(s.db_url) as gb:
        grade = gb.find_grade(manual_cell, notebooks_of(A0)[0].stem, A0, "s01_perfect")
        assert grade.manual_score == 1.5, "re-running the grader lost a manual grade"
    assert second["s01_perfect"].score == pytest.approx(first["s01_perfect"].score + manual_total)
    assert not second["s01_perfect"].needs_manual_grading, "an unchanged, hand-graded submission was flagged again"
    total = second["s01_perfect"].score
    assert any(f"s01_perfect" in row and f"{total:g}" in row.split(",")
               for row in s.grades_csv.read_text(encoding="utf-8").splitlines()), "the manual grade is not in the CSV"

    # a resubmission after hand grading: the grade stays, nbgrader asks for a review
    path = s.submitted / "s01_perfect" / A0 / notebooks_of(A0)[0].name
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "One more thought."})
    path.write_text(json.dumps(nb), encoding="utf-8")
    third = {o.student: o for o in grade_class(s, [A0], students=["s01_perfect"], echo=lambda *a: None)}
    assert third["s01_perfect"].needs_manual_grading
    assert "resubmitted" in "; ".join(third["s01_perfect"].notes)
    assert third["s01_perfect"].score == pytest.approx(second["s01_perfect"].score)
    assert list((s.grading / "backups").glob("gradebook-*.db")), "no gradebook backup before the re-run"


def test_the_command_as_written_in_the_guide(small_class, tmp_path):
    s, fakes = small_class
    simulated_class.write([fakes["s01_perfect"]], A0, tmp_path / "submitted")
    proc = subprocess.run(["bash", "bin/grade-class", A0, "--grading-dir", str(tmp_path), "--jobs", "2",
                           "--cell-timeout", str(CELL_TIMEOUT)],
                          cwd=ROOT, capture_output=True, text=True, env=clean_env(), timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 graded, 0 error(s)" in proc.stdout
    assert (tmp_path / "grades.csv").exists() and (tmp_path / "grading_report.csv").exists()
    assert list((tmp_path / "feedback" / "s01_perfect" / A0).glob("*.html"))

    # an error anywhere gives exit code 3, after the rest was graded
    simulated_class.write([fakes["s16_corrupted"]], A0, tmp_path / "submitted")
    proc = subprocess.run([str(ROOT / ".venv/bin/python"), "-m", "whosaidwhat.grading", A0, "--grading-dir",
                           str(tmp_path), "--no-sandbox", "--cell-timeout", str(CELL_TIMEOUT)],
                          cwd=ROOT, capture_output=True, text=True, env=clean_env(), timeout=900)
    assert proc.returncode == grader.EXIT_SOME_ERRORS, proc.stdout + proc.stderr
    assert "sandbox OFF" in proc.stdout and "1 graded, 1 error(s)" in proc.stdout


def test_without_bubblewrap_the_grader_says_how_to_fix_it(monkeypatch, tmp_path):
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: None)
    with pytest.raises(sandbox.SandboxUnavailable, match="apt-get install bubblewrap"):
        grade_class(Settings(grading=tmp_path), [A0], echo=lambda *a: None)
    assert grader.main([A0, "--grading-dir", str(tmp_path)]) == 2


def test_the_sandbox_kernel_spec_runs_the_course_python(tmp_path):
    sandbox.write_kernelspec(tmp_path)
    spec = json.loads((tmp_path / "kernels" / sandbox.KERNEL_NAME / "kernel.json").read_text())
    assert spec["argv"][0] == os.sys.executable and "{connection_file}" in spec["argv"]
    # interrupts travel as messages: a signal from outside does not reliably reach the sandboxed kernel
    assert spec["interrupt_mode"] == "message"


def processes_in(folder: Path) -> list[int]:
    found = []
    for cwd in Path("/proc").glob("[0-9]*/cwd"):
        try:
            if str(cwd.readlink()).startswith(str(folder)):
                found.append(int(cwd.parent.name))
        except OSError:
            continue
    return found


def test_a_submission_over_its_time_limit_is_stopped_and_the_rest_go_on(tmp_path):
    fakes = {f.student: f for f in simulated_class.simulated_class(A0)}
    s = Settings(grading=tmp_path, jobs=1, cell_timeout=600, submission_timeout=25)
    simulated_class.write([fakes["s05_infinite_loop"], fakes["s01_perfect"], fakes["s02_blank"]], A0, s.submitted)
    outcomes = {o.student: o for o in grade_class(s, [A0], echo=lambda *a: None)}
    assert outcomes["s05_infinite_loop"].status == "error"
    assert "longer than 25 s" in "; ".join(outcomes["s05_infinite_loop"].notes)
    assert outcomes["s01_perfect"].status == outcomes["s02_blank"].status == "graded"
    assert outcomes["s02_blank"].score == 0 and outcomes["s01_perfect"].score > 0
    assert not processes_in(tmp_path), "the stopped worker left a kernel running"


# ---------------------------------------------------------------- the hostile class (issue 13)
def snapshot(*paths: Path) -> dict[str, tuple[int, str]]:
    """path -> (mode, sha256) of every file and folder below paths, links not followed."""
    found = {}
    for top in paths:
        for p in [top, *sorted(top.rglob("*"))] if top.is_dir() and not top.is_symlink() else [top]:
            st = os.lstat(p)
            digest = hashlib.sha256(p.read_bytes()).hexdigest() if stat.S_ISREG(st.st_mode) else ""
            found[str(p)] = (st.st_mode, digest)
    return found


def special_files(folder: Path) -> list[str]:
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            if not (stat.S_ISREG(os.lstat(p).st_mode) or stat.S_ISDIR(os.lstat(p).st_mode)):
                found.append(str(p))
    return found


def decoded(text: str) -> str:
    import base64
    import binascii
    import re

    out = []
    for token in re.findall(r"ENC:([A-Za-z0-9+/=]+)", text):
        try:
            out.append(base64.b64decode(token + "=" * (-len(token) % 4)).decode("utf-8", "replace"))
        except (binascii.Error, ValueError):
            continue
    return "\n".join(out)


class HostileClass(GradedClass):
    """s01/s02 graded first; then the hostile class (and s02 again, alongside it)."""

    def __init__(self, tmp: Path):
        self.assignment = A0
        self.s = Settings(grading=tmp / "grading", jobs=2, cell_timeout=CELL_TIMEOUT, submission_timeout=300)
        self.canary = tmp / "outside" / "canary.txt"
        self.canary.parent.mkdir()
        self.canary.write_text("the instructor's private file\n")
        self.canary.chmod(0o600)
        plain = {f.student: f for f in simulated_class.simulated_class(A0, gradebook=self.s.gradebook)}
        simulated_class.write([plain["s01_perfect"], plain["s02_blank"]], A0, self.s.submitted)
        grade_class(self.s, [A0], echo=lambda *a: None)
        self.fakes = simulated_class.hostile_class(A0, gradebook=self.s.gradebook, canary=self.canary,
                                                   submitted=self.s.submitted)
        simulated_class.write(self.fakes, A0, self.s.submitted)
        s01 = [base / "s01_perfect" for base in (self.s.submitted, self.s.autograded, self.s.feedback_dir)]
        self.before = snapshot(self.canary, ROOT / "solutions", ROOT / "data", *s01)
        self.s01_cells = by_cell(self.s, A0, "s01_perfect")
        self.gradebook_mode = os.stat(self.s.gradebook).st_mode
        self.lines: list[str] = []
        students = [f.student for f in self.fakes] + ["s02_blank"]
        self.outcomes = {o.student: o for o in grade_class(self.s, [A0], students=students,
                                                           echo=self.lines.append)}
        self.after = snapshot(self.canary, ROOT / "solutions", ROOT / "data", *s01)
        self.builder = simulated_class.Builder(A0, notebooks_of(A0)[0].name)

    def outputs_text(self, student: str) -> str:
        """Every output of the autograded notebooks (their sources hold the hidden tests, as they should)."""
        return "\n".join(json.dumps(c.get("outputs", [])) for p in (self.s.autograded / student / A0).glob("*.ipynb")
                         for c in json.loads(p.read_text(encoding="utf-8"))["cells"])


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return HostileClass(tmp_path_factory.mktemp("hostile"))


HOSTILE = simulated_class.hostile_class(A0)


def test_the_hostile_class_covers_every_case_of_issue_13():
    cases = " ".join(f.expect for f in HOSTILE)
    for number in range(1, 12):
        assert f"#{number} " in cases, f"no submission for case {number} of issue 13"


@pytest.mark.parametrize("index", range(len(HOSTILE)), ids=[f.student.strip() for f in HOSTILE])
def test_every_hostile_submission_gets_its_stated_outcome(hostile, index):
    fake = hostile.fakes[index]
    o = hostile.outcomes[fake.student]
    notes = "; ".join(o.notes)
    assert o.status == fake.status, f"{fake.student!r} ({fake.expect}): {o.status}: {notes}"
    if fake.note:
        assert fake.note in notes, f"{fake.student}: the report should say '{fake.note}', it says: {notes}"
    if fake.flag:
        assert any(fake.flag in f for f in o.flags), f"{fake.student}: no '{fake.flag}' flag in {o.flags}"
    text = hostile.autograded_text(fake.student) if fake.status == "graded" else ""
    for shown in fake.shows:
        assert shown in text, f"{fake.student}: the autograded notebook should show '{shown}'"
    if fake.status == "error":
        return
    if fake.score is not None:
        got = {k: a for k, (a, _) in hostile.cells(fake.student).items()}
        assert got == pytest.approx(hostile.expected(fake.score, fake.student)), \
            f"{fake.student} ({fake.expect}, rule {fake.score}): {got}"
    assert hostile.feedback(fake.student), f"no feedback for {fake.student}"


def test_clean_submissions_get_no_flags(hostile):
    for student in ("s02_blank", "s35_links_in_folder", "s41_fifo_and_loop", ".s55_dot_prefixed"):
        assert hostile.outcomes[student].flags == [], f"{student}: {hostile.outcomes[student].flags}"


def test_nothing_outside_the_sandbox_changes(hostile):
    """The canary, solutions/, data/ and another student's files: same bytes, same modes."""
    changed = [p for p in hostile.before if hostile.before[p] != hostile.after.get(p)]
    assert not changed, f"changed by grading the hostile class: {changed[:5]}"
    assert os.stat(hostile.s.gradebook).st_mode == hostile.gradebook_mode
    assert by_cell(hostile.s, A0, "s01_perfect") == hostile.s01_cells, "another student's grades changed"
    with sqlite3.connect(hostile.s.gradebook) as db:
        assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert hostile.outcomes["s02_blank"].score == 0, "a blank submission graded next to the hostile class scored"


def test_no_link_or_special_file_is_left_or_copied(hostile):
    for folder in (hostile.s.autograded, hostile.s.feedback_dir):
        assert special_files(folder) == []
    for student_folder in hostile.s.feedback_dir.iterdir():
        for p in student_folder.rglob("*"):
            assert p.is_dir() or p.suffix == ".html", f"feedback holds more than HTML: {p}"
    assert not (hostile.s.feedback_dir / "s35_links_in_folder" / A0 / "solutions").exists()
    leftovers = [p for p in special_files(hostile.s.submitted) if "s58_folder_is_link" not in p]
    assert leftovers == [], "links in submissions are removed before grading"
    text = "\n".join(hostile.autograded_text(s) for s in hostile.outcomes if hostile.outcomes[s].status == "graded")
    assert "PLANTED-BY-S37" not in text, "a file planted by one submission ran in another's kernel"


def test_hostile_feedback_leaks_no_hidden_test_even_encoded(hostile):
    hidden = hidden_snippets(notebooks_of(A0)[0])
    for student, o in hostile.outcomes.items():
        if o.status != "graded":
            continue
        texts = [hostile.outputs_text(student), *hostile.feedback(student).values()]
        for text in texts:
            plain = text + decoded(text)
            leaked = [h for h in hidden if h in plain]
            assert not leaked, f"{student}: hidden test in output: {leaked[:1]}"
    assert "ENC:" in hostile.autograded_text("s50_encoded_history"), "s50 must really have printed its history"


def test_the_sandbox_shows_nothing_of_the_host(hostile):
    text = hostile.autograded_text("s52_reads_host")
    env = next(line for line in text.split("\\n") if "environment:" in line).split("environment:")[1]
    names = set(env.replace('"', " ").replace(",", " ").split())
    assert names <= set(sandbox.allowed_env(sandbox.Limits())) | {"NLTK_DATA", "NBGRADER_EXECUTION", "WSW_DATA",
                                                                   "MPLBACKEND", "PYTHONHASHSEED", "TZ",
                                                                   "JPY_PARENT_PID", "PYDEVD_USE_FRAME_EVAL",
                                                                   "CLICOLOR", "PAGER", "GIT_PAGER",
                                                                   "FORCE_COLOR", "TERM", "COLUMNS", "LINES",
                                                                   # set inside: bwrap --chdir, ipykernel
                                                                   "PWD", "CLICOLOR_FORCE"}, names


def test_limits_are_per_submission(hostile):
    import re

    text = hostile.autograded_text("s53_fills_disk")
    sizes = [int(n) for n in re.findall(r"': (\d+)", text.split("disk MB:")[1].split("}")[0])]
    limits = sandbox.Limits()
    assert sizes and max(sizes) <= limits.tmp_mb, sizes
    started = int(re.search(r"processes started: (\d+)", hostile.autograded_text("s54_forks")).group(1))
    assert started <= limits.processes + 5, started


def test_report_and_csv_agree_and_formulas_are_escaped(hostile):
    import csv

    with open(hostile.s.grades_csv, newline="", encoding="utf-8") as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f)}
    with open(hostile.s.report_csv, newline="", encoding="utf-8") as f:
        report = {r["student"]: r for r in csv.DictReader(f)}
    for student, o in hostile.outcomes.items():
        key = "'" + student if student.startswith(("=", "+", "-", "@")) else student
        assert report[key]["status"] == o.status
        if o.status == "graded":
            assert rows[key]["status"] == "graded" and float(rows[key]["score"]) == pytest.approx(o.score)
            assert float(report[key]["score"]) == pytest.approx(o.score)
        elif key in rows:
            assert rows[key]["status"] == "error" and rows[key]["score"] == ""
    assert "'=1+2_formula" in rows and "=1+2_formula" not in rows
    flagged = [s for s, o in hostile.outcomes.items() if o.flags]
    assert flagged and all(rows[s]["flags"] for s in flagged if s in rows)
    errors = sum(o.status == "error" for o in hostile.outcomes.values())
    assert f"{len(hostile.outcomes) - errors} graded, {errors} error(s)" in "\n".join(hostile.lines)


def _page_runs_script(html_path: Path) -> tuple[str, object]:
    """(title, window.pwned) after loading the page in Chromium. Playwright's sync API refuses to run where
    an asyncio loop is running (earlier tests in the same process may leave one): run it in its own thread."""
    import threading

    result: dict = {}

    def look():
        try:
            result["value"] = _look_at_page(html_path)
        except BaseException as err:  # re-raised in the test's thread
            result["error"] = err

    thread = threading.Thread(target=look)
    thread.start()
    thread.join(300)
    if "error" in result:
        raise result["error"]
    assert "value" in result, "the browser did not answer within 300 s"
    return result["value"]


def _look_at_page(html_path: Path) -> tuple[str, object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(html_path.as_uri())
            page.wait_for_timeout(1500)
            for img in page.query_selector_all("img"):  # fire any handler that waits for an event
                try:
                    img.dispatch_event("error")
                    img.dispatch_event("load")
                except Exception:
                    pass
            for link in page.query_selector_all("a[href]"):
                href = link.get_attribute("href") or ""
                assert not href.replace(" ", "").lower().startswith(("javascript:", "data:", "vbscript:")), href
            return page.title(), page.evaluate("window.pwned")
        finally:
            browser.close()


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="no /usr/bin/chromium")
def test_feedback_and_formgrader_views_are_inert_in_a_browser(hostile, tmp_path):
    feedback = sorted((hostile.s.feedback_dir / "s40_injects_script" / A0).glob("*.html"))
    assert feedback
    for html in feedback:
        title, pwned = _page_runs_script(html)
        assert pwned is None and title != "PWNED", f"a script ran in {html.name}"
    # the Formgrader renders the autograded notebook itself (no CSP): its content must be inert
    import nbformat
    from nbconvert import HTMLExporter

    for nb_path in (hostile.s.autograded / "s40_injects_script" / A0).glob("*.ipynb"):
        nb = nbformat.read(nb_path, as_version=4)
        mimes = {m for c in nb.cells if c.cell_type == "code" for o in c.outputs for m in o.get("data", {})}
        assert mimes <= {"text/plain", "image/png", "image/jpeg", "image/gif"}, mimes
        body, _ = HTMLExporter().from_notebook_node(nb)
        page = tmp_path / "formgrader.html"
        page.write_text(body, encoding="utf-8")
        title, pwned = _page_runs_script(page)
        assert pwned is None and title != "PWNED", "a script ran in the autograded notebook's HTML"


def test_rerun_over_leftover_links_grades_everyone_afresh(hostile, monkeypatch):
    """#5: a FIFO, a loop and links left in autograded/ and feedback/ by an earlier run, and a
    failure while keeping one student's earlier results: every submission ends GRADED with fresh
    scores or ERROR with a reason, and the summary says so."""
    s = hostile.s
    folder = s.autograded / "s02_blank" / A0
    os.mkfifo(folder / "pipe")
    os.symlink("loop", folder / "loop")
    os.symlink(ROOT / "solutions", folder / "solutions")
    os.symlink(hostile.canary, s.feedback_dir / "s02_blank" / A0 / "canary.html")
    real_previous = grader.Previous

    def failing(s_, o, store):
        if o.student == ".s55_dot_prefixed":
            raise OSError("simulated: the earlier results cannot be read")
        return real_previous(s_, o, store)

    monkeypatch.setattr(grader, "Previous", failing)
    lines: list[str] = []
    students = ["s02_blank", "s41_fifo_and_loop", ".s55_dot_prefixed"]
    outcomes = {o.student: o for o in grade_class(s, [A0], students=students, echo=lines.append)}
    assert outcomes["s02_blank"].status == outcomes["s41_fifo_and_loop"].status == "graded"
    assert "removed from the earlier results" in "; ".join(outcomes["s02_blank"].notes)
    assert outcomes[".s55_dot_prefixed"].status == "error"
    assert "simulated" in "; ".join(outcomes[".s55_dot_prefixed"].notes)
    assert "2 graded, 1 error(s)" in "\n".join(lines)
    assert special_files(s.autograded) == [] and special_files(s.feedback_dir) == []
    assert snapshot(hostile.canary) == {str(hostile.canary): hostile.before[str(hostile.canary)]}
