"""Shared tools for the notebook tests: find assignments, run notebooks in a
fresh kernel, and drive an nbgrader round trip in a temporary folder."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
NOTEBOOKS = ROOT / "notebooks"
NBGRADER = [sys.executable, "-m", "nbgrader"]

HIDDEN_RE = re.compile(r"BEGIN HIDDEN TESTS(.*?)END HIDDEN TESTS", re.S)
SOLUTION_RE = re.compile(r"BEGIN SOLUTION(.*?)END SOLUTION", re.S)
MARK_SCHEME_RE = re.compile(r"BEGIN MARK SCHEME(.*?)END MARK SCHEME", re.S)


def assignments() -> list[str]:
    return sorted(p.name for p in SOLUTIONS.iterdir() if p.is_dir() and not p.name.startswith("."))


def notebooks_of(assignment: str, root: Path = SOLUTIONS) -> list[Path]:
    return sorted((root / assignment).glob("*.ipynb"))


def all_solution_notebooks() -> list[Path]:
    return [nb for a in assignments() for nb in notebooks_of(a)]


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def is_grade_cell(cell) -> bool:
    return bool(nbgrader_meta(cell).get("grade")) and not nbgrader_meta(cell).get("solution")


def is_solution_cell(cell) -> bool:
    return bool(nbgrader_meta(cell).get("solution"))


def execute(path: Path, allow_errors: bool = False, timeout: int = 180):
    """Run a notebook top to bottom in a fresh kernel, in its own folder."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=allow_errors,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return nb


def errors(nb) -> list[tuple[int, dict, dict]]:
    """(index, cell, error output) for every cell that raised."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append((i, cell, out))
    return found


def stderr_outputs(nb) -> list[tuple[int, str]]:
    return [
        (i, out.get("text", ""))
        for i, cell in enumerate(nb.cells)
        for out in cell.get("outputs", [])
        if out.get("output_type") == "stream" and out.get("name") == "stderr"
    ]


def hidden_snippets(path: Path, min_len: int = 25) -> list[str]:
    """Distinctive lines of hidden tests (to prove they never leak)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    sources = ["".join(cell["source"]) for cell in nb["cells"]]
    # a line that is also visible (e.g. a loop body repeated in the hidden part) is not a secret
    visible = {ln.strip() for src in sources for ln in HIDDEN_RE.sub("", src).splitlines()}
    lines = []
    for src in sources:
        for region in HIDDEN_RE.findall(src):
            lines += [ln.strip() for ln in region.splitlines() if len(ln.strip()) >= min_len and ln.strip() not in visible]
    return lines


def solution_snippets(path: Path, min_len: int = 25) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    # a mark-scheme line that the student-visible "**Rubric**" cell repeats is public by design (issue 14)
    rubric = {ln.strip() for cell in nb["cells"] if cell["cell_type"] == "markdown" and not cell.get("metadata", {}).get(
        "nbgrader", {}).get("solution") and "".join(cell["source"]).lstrip().startswith("**Rubric**")
              for ln in "".join(cell["source"]).splitlines()}
    lines = []
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        for region in SOLUTION_RE.findall(src) + MARK_SCHEME_RE.findall(src):
            lines += [ln.strip() for ln in region.splitlines() if len(ln.strip()) >= min_len and ln.strip() not in rubric]
        # a markdown answer cell is a solution as a whole
        if cell["cell_type"] == "markdown" and cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            lines += [ln.strip() for ln in src.splitlines() if len(ln.strip()) >= min_len and ln.strip() not in rubric]
    return lines


class Course:
    """A throw-away nbgrader course: the repository's config and solutions,
    every output folder and the gradebook in a temporary directory."""

    def __init__(self, tmp: Path):
        self.tmp = Path(tmp)
        self.release = self.tmp / "release"
        self.submitted = self.tmp / "submitted"
        self.autograded = self.tmp / "autograded"
        self.feedback = self.tmp / "feedback"
        self.db_url = f"sqlite:///{self.tmp / 'gradebook.db'}"

    def args(self) -> list[str]:
        return [
            f"--CourseDirectory.release_directory={self.release}",
            f"--CourseDirectory.submitted_directory={self.submitted}",
            f"--CourseDirectory.autograded_directory={self.autograded}",
            f"--CourseDirectory.feedback_directory={self.feedback}",
            f"--CourseDirectory.db_url={self.db_url}",
        ]

    def run(self, *cmd: str, check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run(
            [*NBGRADER, *cmd, *self.args()], cwd=ROOT, capture_output=True, text=True, timeout=1800, env=clean_env()
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"nbgrader {' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
        return proc

    def generate(self, assignment: str) -> Path:
        self.run("generate_assignment", assignment, "--force")
        return self.release / assignment

    def submit(self, assignment: str, student: str, notebooks: dict[str, Path | dict]) -> Path:
        """notebooks maps a notebook file name to a path or a notebook dict."""
        folder = self.submitted / student / assignment
        folder.mkdir(parents=True, exist_ok=True)
        for name, nb in notebooks.items():
            if isinstance(nb, (str, Path)):
                shutil.copy(nb, folder / name)
            else:
                nbformat.write(nbformat.from_dict(nb), folder / name)
        return folder

    def autograde(self, assignment: str, student: str | None = None) -> subprocess.CompletedProcess:
        extra = [f"--student={student}"] if student else []
        return self.run("autograde", assignment, "--force", *extra)

    def feedback_html(self, assignment: str, student: str) -> dict[str, str]:
        self.run("generate_feedback", assignment, f"--student={student}", "--force")
        folder = self.feedback / student / assignment
        return {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.html")}

    def scores(self, assignment: str, student: str) -> dict:
        from nbgrader.api import Gradebook

        with Gradebook(self.db_url) as gb:
            sub = gb.find_submission(assignment, student)
            autograded = [g for nb in sub.notebooks for g in nb.grades if g.auto_score is not None]
            return {
                "auto_score": sum(g.auto_score for g in autograded),
                "auto_max": sum(g.max_score for g in autograded if g.cell.cell_type == "code"),
                "by_cell": {g.name: (g.auto_score, g.max_score) for nb in sub.notebooks for g in nb.grades},
                "needs_manual": sub.needs_manual_grade,
            }


def clean_env() -> dict:
    """The environment for nbgrader: it starts `alembic` by name, so the
    virtual environment's bin folder must come first on PATH."""
    from whosaidwhat.grading.grader import nbgrader_env

    env = nbgrader_env()
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def execute_and_read(path: Path, expression: str, timeout: int = 180, setup: str = ""):
    """Run a notebook in a fresh kernel, then (after optional `setup` code)
    evaluate `expression` in that kernel and return its value (it must be
    JSON-serialisable).  This is how tests read the numbers a notebook computes live."""
    nb = nbformat.read(path, as_version=4)
    probe = nbformat.v4.new_code_cell(f"{setup}\nimport json as _json\nprint('__RESULT__' + _json.dumps({expression}))")
    nb.cells.append(probe)
    NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    for out in nb.cells[-1].outputs:
        if out.get("output_type") == "stream" and "__RESULT__" in out.get("text", ""):
            return json.loads(out["text"].split("__RESULT__", 1)[1])
    raise AssertionError(f"no result for {expression!r} from {path.name}")


def replace_answers(path: Path, answers: dict[str, str]) -> dict:
    """A copy of a notebook whose answer cells (by grade_id) hold other code:
    used to build hard-coded, partial or broken submissions."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell["source"] = answers[gid]
    missing = set(answers) - {c.get("metadata", {}).get("nbgrader", {}).get("grade_id") for c in nb["cells"]}
    assert not missing, f"no cells with grade_id {missing} in {path.name}"
    return nb


def autograde_answers(tmp: Path, assignment: str, source: Path, answers: dict[str, str], student: str = "hardcoder") -> dict:
    """Autograde a copy of `source` whose answer cells hold `answers`; return the
    points per test cell ({grade_id: (score, max)})."""
    course = Course(tmp)
    course.generate(assignment)
    course.submit(assignment, student, {source.name: replace_answers(source, answers)})
    course.autograde(assignment)
    return course.scores(assignment, student)["by_cell"]


def exercise_of(grade_id: str) -> str:
    """The exercise a grade id belongs to: 'ex3' for ex3_span_prf(_tests), the whole id for a concept check."""
    m = re.match(r"(ex\d+)_", grade_id)
    return m.group(1) if m else re.sub(r"_tests$", "", grade_id)


def run_wrong_answers(path: Path, answers: dict[str, str], timeout: int = 300) -> dict[str, dict | None]:
    """Execute (once, in a fresh kernel) a copy of a solution notebook whose answer cells hold `answers`.
    The test cells of the exercises given wrong answers lose their hidden part, so a failure there comes from
    the visible test a student sees. Returns {test cell grade_id: its error output or None}."""
    nb = replace_answers(path, answers)
    wrong = {exercise_of(gid) for gid in answers}
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if is_grade_cell(cell) and cell["cell_type"] == "code" and exercise_of(meta["grade_id"]) in wrong:
            cell["source"] = HIDDEN_RE.sub("", "".join(cell["source"]))  # leaves a bare '### ' comment
    node = nbformat.reads(json.dumps(nb), as_version=4)  # joins list-of-lines sources
    NotebookClient(node, timeout=timeout, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    result = {}
    for cell in node.cells:
        if is_grade_cell(cell) and cell.cell_type == "code":
            errs = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            result[nbgrader_meta(cell)["grade_id"]] = errs[0] if errs else None
    return result


def assert_wrong_answers_cost_only_their_exercise(path: Path, answers: dict[str, str], exempt: set[str] = frozenset(),
                                                  words: dict[str, str] | None = None) -> None:
    """(a) every exercise given a wrong answer fails its visible test with an AssertionError whose message names the
    function (or 'Exercise'/'Concept check'), never a bare TypeError/KeyError/IndexError/ValueError; (b) every other
    exercise's test cells (visible and hidden) still pass, except the `exempt` exercises (declared integration tests)."""
    outcome = run_wrong_answers(path, answers)
    wrong = {exercise_of(gid): gid for gid in answers}
    for ex, gid in wrong.items():
        errs = [(g, e) for g, e in outcome.items() if exercise_of(g) == ex and e is not None]
        assert errs, f"{path.name}: the wrong answer for {gid} passes every visible test of {ex}"
        for g, e in errs:
            assert e["ename"] == "AssertionError", \
                f"{g}: the wrong answer for {gid} gives a bare {e['ename']}: {e['evalue']}"
            need = (words or {}).get(ex, "")
            assert e["evalue"].strip() and (need in e["evalue"] or "Exercise" in e["evalue"] or "Concept check" in e["evalue"]), \
                f"{g}: the message for the wrong answer {gid} is not a course message: {e['evalue']!r}"
    others = {g: e for g, e in outcome.items() if exercise_of(g) not in wrong and exercise_of(g) not in exempt}
    broken = {g: f"{e['ename']}: {e['evalue'][:200]}" for g, e in others.items() if e is not None}
    assert not broken, f"{path.name}: wrong answers for {sorted(answers)} also fail other exercises: {broken}"
