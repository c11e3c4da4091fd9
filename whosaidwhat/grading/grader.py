"""Grade a class with one command: autograde every submission of one or more
assignments, write feedback without hidden tests, export the grades.

    bin/grade-class                      # every assignment that has submissions
    bin/grade-class a1_named_entities --jobs 2
    bin/grade-class a2_who_said_what --student alice --no-sandbox

What it guarantees (tests/test_grade_class.py checks each):

* one student's failure (a broken file, a hang, a crash) is reported in the
  summary and in grading/grading_report.csv, and the others are graded;
  that student's earlier autograded notebook and feedback are put back;
* the gradebook is backed up before every run (grading/backups/) and manual
  grades are kept; they stay reviewed unless the student resubmitted;
* student code runs in the sandbox of ``whosaidwhat.grading.sandbox``
  unless ``--no-sandbox`` is given;
* workers run in parallel (one per core by default), each grading one
  submission at a time; every gradebook write is a short sqlite transaction.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import select
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from queue import Empty, Queue

from ..paths import REPO_ROOT
from . import checks, safefs, tamper
from . import sandbox as sb

EXIT_SOME_ERRORS = 3  # the batch finished, but some submissions could not be graded
KEEP_BACKUPS = 20


@dataclass
class Settings:
    root: Path = REPO_ROOT
    grading: Path = REPO_ROOT / "grading"
    jobs: int = max(1, len(os.sched_getaffinity(0)))  # the cores this process may use
    sandbox: bool = True
    feedback: bool = True
    cell_timeout: int = 60           # seconds per cell, then interrupt (then restart)
    submission_timeout: int = 900    # seconds per submission, then the worker is killed
    max_output_chars: int = 100_000  # per cell
    limits: sb.Limits = field(default_factory=sb.Limits)

    def __post_init__(self):
        # where everything is: the course's sources, and this run's folders under `grading`
        self.source, self.release = self.root / "solutions", self.root / "notebooks"
        g = self.grading
        self.submitted, self.autograded, self.feedback_dir = g / "submitted", g / "autograded", g / "feedback"
        self.gradebook, self.logs = g / "gradebook.db", g / "logs"
        self.grades_csv, self.report_csv = g / "grades.csv", g / "grading_report.csv"
        self.db_url = f"sqlite:///{self.gradebook}"


@dataclass
class Outcome:
    assignment: str
    student: str
    status: str = "graded"           # graded | error
    score: float | None = None
    max_score: float | None = None
    needs_manual_grading: bool = False
    notes: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)  # possible tampering, for a manual review
    seconds: float = 0.0

    def row(self) -> dict:
        return {
            "assignment": self.assignment, "student": self.student, "status": self.status,
            "score": "" if self.score is None else round(self.score, 2),
            "max_score": "" if self.max_score is None else self.max_score,
            "needs_manual_grading": "yes" if self.needs_manual_grading else "no",
            "notes": "; ".join(self.notes), "flags": "; ".join(self.flags), "seconds": round(self.seconds, 1),
        }


# ---------------------------------------------------------------- helpers
def nbgrader_env() -> dict:
    """nbgrader starts `alembic` by name: the environment's bin folder goes first on PATH."""
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    return env


def course_args(s: Settings) -> list[str]:
    return [
        f"--CourseDirectory.submitted_directory={s.submitted}",
        f"--CourseDirectory.autograded_directory={s.autograded}",
        f"--CourseDirectory.feedback_directory={s.feedback_dir}",
        f"--CourseDirectory.db_url={s.db_url}",
    ]


def nbgrader(s: Settings, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nbgrader", *args, *course_args(s)], cwd=s.root,
                          capture_output=True, text=True, env=nbgrader_env())


def backup_gradebook(s: Settings) -> Path | None:
    """A consistent copy (sqlite's backup API) before anything is written."""
    if not s.gradebook.exists():
        return None
    folder = s.grading / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"gradebook-{datetime.now(timezone.utc):%Y%m%d-%H%M%S-%f}.db"
    with sqlite3.connect(s.gradebook) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    for old in sorted(folder.glob("gradebook-*.db"))[:-KEEP_BACKUPS]:
        old.unlink()
    return target


def registered(s: Settings, assignment: str) -> bool:
    if not s.gradebook.exists():
        return False
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(s.db_url) as gb:
        try:
            gb.find_assignment(assignment)
            return True
        except MissingEntry:
            return False


def register(s: Settings, assignment: str) -> None:
    """Put the assignment's test cells into the gradebook (nbgrader autograde
    needs them); the student version goes to a throw-away folder."""
    with tempfile.TemporaryDirectory() as tmp:
        proc = nbgrader(s, "generate_assignment", assignment, "--force",
                        f"--CourseDirectory.release_directory={tmp}")
    if proc.returncode != 0:
        raise RuntimeError(f"could not register {assignment} in the gradebook:\n{proc.stderr[-2000:]}")


def students_of(s: Settings, assignment: str) -> list[str]:
    """Every entry of submitted/ that has something named `assignment`, dot-prefixed
    ones and links included (precheck refuses links with a reason)."""
    if not s.submitted.is_dir():
        return []
    return sorted(p.name for p in s.submitted.iterdir() if os.path.lexists(p / assignment))


def known_assignments(s: Settings) -> list[str]:
    return sorted(p.name for p in s.source.iterdir() if p.is_dir() and not p.name.startswith("."))


def assignments_with_submissions(s: Settings) -> list[str]:
    return [a for a in known_assignments(s) if students_of(s, a)]


def strays(s: Settings) -> list[Outcome]:
    """Entries of submitted/ that hold no assignment at all: reported, never skipped silently."""
    if not s.submitted.is_dir():
        return []
    known = known_assignments(s)
    found = []
    for p in sorted(s.submitted.iterdir()):
        if not any(os.path.lexists(p / a) for a in known):
            o = Outcome("?", p.name, status="error")
            o.notes.append(safefs.link_problem(p, "the student folder")
                           or f"{p.name!r} holds none of the assignments ({', '.join(known)}): nothing graded")
            found.append(o)
    return found


def precheck(s: Settings, outcome: Outcome) -> bool:
    """Notes on what the student changed; False when the submission cannot be graded at all."""
    folder = s.submitted / outcome.student / outcome.assignment
    if outcome.student != outcome.student.strip():
        # nbgrader strips the id it is given, then finds no such folder
        outcome.status = "error"
        outcome.notes.append(f"the student id {outcome.student!r} begins or ends with a space, which nbgrader "
                             "strips: rename the folder and grade again")
        return False
    if set(outcome.student) & set("*?[]"):
        # nbgrader globs ids and the paths it found: such an id would grade other students (or nothing)
        outcome.status = "error"
        outcome.notes.append(f"the student id {outcome.student!r} contains * ? [ or ], which nbgrader reads as a "
                             "glob pattern (it would grade other students): rename the folder and grade again")
        return False
    problem = (safefs.link_problem(s.submitted / outcome.student, "the student folder")
               or safefs.link_problem(folder, "the assignment folder"))
    if problem:
        outcome.status = "error"
        outcome.notes.append(problem)
        return False
    # nbgrader copies and chmods what it finds: a link in the folder must not reach it
    try:
        removed = safefs.sweep(folder)
    except safefs.UnsafeTree as err:
        outcome.status = "error"
        outcome.notes.append(f"the submission folder cannot be graded safely: {err}")
        return False
    if removed:
        outcome.notes.append("removed from the submission (links and special files are never followed): "
                             + ", ".join(removed))
    expected = sorted((s.source / outcome.assignment).glob("*.ipynb"))
    if not any((folder / nb.name).exists() for nb in expected):
        found = ", ".join(sorted(p.name for p in folder.iterdir())) or "nothing"
        outcome.status = "error"
        outcome.notes.append(f"none of the assignment's notebooks ({', '.join(nb.name for nb in expected)}) "
                             f"was submitted; found: {found}. Rename the file and grade again")
        return False
    for source_nb in expected:
        path = folder / source_nb.name
        if not path.exists():
            outcome.notes.append(f"{source_nb.name} was not submitted (0 points for it)")
            continue
        nb, problem = checks.read_notebook(path)
        if not problem:
            outcome.flags += tamper.scan_notebook(nb)
        if problem:
            outcome.status = "error"
            outcome.notes.append(problem + ": ask the student to submit it again")
            return False
        released = s.release / outcome.assignment / source_nb.name
        if released.exists():
            outcome.notes += checks.compare(nb, json.loads(released.read_text(encoding="utf-8")))
    return True


# ---------------------------------------------------------------- earlier results
class Previous:
    """Keeps a student's earlier autograded notebook and feedback, to put back if this run fails."""

    def __init__(self, s: Settings, o: Outcome, store: Path):
        # the store is private to this run (scratch, 0700) and never mounted into a sandbox
        self.pairs = [(base / o.student / o.assignment, store / kind / o.student / o.assignment)
                      for kind, base in (("autograded", s.autograded), ("feedback", s.feedback_dir))]
        self.problems: list[str] = []
        for base in (s.autograded, s.feedback_dir):
            for path in (base / o.student, base / o.student / o.assignment):
                if os.path.islink(path) or (os.path.lexists(path) and not os.path.isdir(path)):
                    os.unlink(path)  # nbgrader would walk, chmod and copy through it
                    self.problems.append(f"removed {path.relative_to(s.grading)}: it was not a real folder")
        for live, kept in self.pairs:
            if os.path.lexists(live):
                try:  # earlier runs may have left links or FIFOs: copy what is real, name the rest
                    removed = safefs.sweep(live)
                    skipped = safefs.copy_tree(live, kept)
                    if removed or skipped:
                        self.problems.append(f"removed from the earlier results: {', '.join(removed + skipped)}")
                except (safefs.UnsafeTree, OSError) as err:
                    self.problems.append(f"the earlier results could not be kept ({err})")
                    safefs.remove_tree(kept)

    def restore(self) -> bool:
        restored = False
        for live, kept in self.pairs:
            if kept.exists():
                safefs.remove_tree(live)
                safefs.copy_tree(kept, live)
                restored = True
        return restored


# ---------------------------------------------------------------- manual grades
def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.glob("*.ipynb")):
        if p.is_file() and not p.is_symlink():
            h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()


class ManualGrades:
    """nbgrader flags every manually graded cell for review again when it
    re-autogrades a submission, even an unchanged one.  A grade a grader has
    given stays "done" here when the submitted files did not change since the
    last run; after a resubmission nbgrader's flag stands."""

    def __init__(self, s: Settings, outcomes: list[Outcome]):
        from nbgrader.api import Gradebook, MissingEntry

        self.s, self.file = s, s.grading / "graded_submissions.json"
        self.seen = json.loads(self.file.read_text(encoding="utf-8")) if self.file.exists() else {}
        self.done: dict[tuple[str, str], list[tuple[str, str]]] = {}
        if not s.gradebook.exists():
            return
        with Gradebook(s.db_url) as gb:
            for o in outcomes:
                try:
                    sub = gb.find_submission(o.assignment, o.student)
                except MissingEntry:
                    continue
                self.done[o.assignment, o.student] = [
                    (g.name, nb.name) for nb in sub.notebooks for g in nb.grades
                    if g.manual_score is not None and not g.needs_manual_grade]

    def keep(self, outcomes: list[Outcome]) -> None:
        from nbgrader.api import Gradebook

        with Gradebook(self.s.db_url) as gb:
            for o in outcomes:
                if o.status != "graded":
                    continue
                key = f"{o.assignment}/{o.student}"
                digest = _digest(self.s.submitted / o.student / o.assignment)
                if self.seen.get(key) == digest:
                    for grade_id, notebook in self.done.get((o.assignment, o.student), []):
                        gb.find_grade(grade_id, notebook, o.assignment, o.student).needs_manual_grade = False
                elif self.done.get((o.assignment, o.student)):
                    o.notes.append("resubmitted since it was graded by hand: nbgrader asks for a review")
                self.seen[key] = digest
            gb.db.commit()
        self.file.write_text(json.dumps(self.seen, indent=1, sort_keys=True), encoding="utf-8")


# ---------------------------------------------------------------- workers
def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def kill_tree(proc: subprocess.Popen) -> None:
    """The worker and every kernel it started (kernels run in their own sessions)."""
    for pid in [proc.pid, *_descendants(proc.pid)]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.wait()


class Worker:
    def __init__(self, s: Settings, number: int, scratch: Path, env: dict):
        self.s, self.number = s, number
        settings = {
            "scratch": str(scratch),  # each job makes its private folder here (short: Unix socket paths)
            "root": str(s.root), "submitted": str(s.submitted), "autograded": str(s.autograded),
            "feedback": str(s.feedback_dir), "db_url": s.db_url, "cell_timeout": s.cell_timeout,
            "max_output_chars": s.max_output_chars, "sandbox": s.sandbox, "kernel_name": sb.KERNEL_NAME,
        }
        s.logs.mkdir(parents=True, exist_ok=True)
        self.log = open(s.logs / f"worker-{number}.log", "a", encoding="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "whosaidwhat.grading.worker", json.dumps(settings)],
            cwd=s.root, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True,
        )

    def grade(self, o: Outcome, timeout: float) -> dict | None:
        """The worker's result, or None when it hung (killed) or died."""
        job = {"assignment": o.assignment, "student": o.student, "feedback": self.s.feedback}
        try:
            self.proc.stdin.write(json.dumps(job) + "\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            return None
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        line = self.proc.stdout.readline() if ready else ""
        return json.loads(line) if line else None

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self, kill: bool = False) -> None:
        if kill or not self.alive():
            kill_tree(self.proc)
        else:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                kill_tree(self.proc)
        self.log.close()


def _log_notes(log: str) -> list[str]:
    notes = []
    if "stopped the kernel; restarting" in log:
        notes.append("a cell hung or crashed Python; it was stopped and the cells below ran in a fresh kernel")
    return notes


def _grade_one(s: Settings, o: Outcome, store: Path, scratch: Path, env: dict, worker: "Worker | None",
               number: int) -> "Worker | None":
    """Grade one submission; returns the worker to use next (None: start a new one)."""
    previous = Previous(s, o, store)
    o.notes += previous.problems
    for attempt in range(2):
        if worker is None or not worker.alive():
            worker = Worker(s, number, scratch, env)
        result = worker.grade(o, s.submission_timeout)
        if result is None:
            hung = worker.alive()
            worker.stop(kill=True)
            worker = None
            o.status = "error"
            o.notes.append(f"grading took longer than {s.submission_timeout} s and was stopped" if hung
                           else "the grading process crashed on this submission (see grading/logs)")
            break
        auto = result["autograde"]
        log = auto.get("log", "") + auto.get("error", "")
        if not auto["success"] and "database is locked" in log and attempt == 0:
            continue  # another worker held the gradebook too long: once more
        (s.logs / o.assignment).mkdir(parents=True, exist_ok=True)
        safefs.remove_tree(s.logs / o.assignment / f"{o.student}.log")
        (s.logs / o.assignment / f"{o.student}.log").write_text(log, encoding="utf-8")
        o.flags += [f for f in result.get("flags", []) if f not in o.flags]
        if result.get("removed"):
            o.notes.append("removed after execution (never followed): " + ", ".join(result["removed"]))
        if not auto["success"]:
            o.status = "error"
            last = (auto.get("error") or "").strip().splitlines()[-1:] or ["unknown error"]
            o.notes.append(f"nbgrader could not grade it: {last[0][:300]} (log: grading/logs/"
                           f"{o.assignment}/{o.student}.log)")
        else:
            o.notes += _log_notes(log)
            fb = result.get("feedback")
            if fb is not None and not fb["success"]:
                o.notes.append("feedback could not be generated (see the log)")
        break
    if o.status == "error" and previous.restore():
        o.notes.append("the earlier autograded notebook and feedback were kept (the scores in the gradebook "
                       "are the earlier ones)")
    return worker


def _run_jobs(s: Settings, outcomes: list[Outcome], store: Path, scratch: Path, env: dict, echo=print) -> None:
    queue: Queue[Outcome] = Queue()
    for o in outcomes:
        queue.put(o)
    lock = threading.Lock()
    finished: set[int] = set()

    def work(number: int) -> None:
        worker = None
        while True:
            try:
                o = queue.get_nowait()
            except Empty:
                break
            started = time.monotonic()
            try:
                worker = _grade_one(s, o, store, scratch, env, worker, number)
            except Exception as err:  # never lose a submission with its thread: it is an ERROR with the reason
                o.status = "error"
                o.notes.append(f"the grader failed on this submission: {type(err).__name__}: {err}")
                if worker is not None:
                    worker.stop(kill=True)
                    worker = None
            o.seconds = time.monotonic() - started
            finished.add(id(o))
            with lock:
                echo(f"  {o.assignment} / {o.student}: {o.status}")
        if worker is not None:
            worker.stop()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(max(1, s.jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for o in outcomes:  # belt and braces: a submission nobody finished is an error, never GRADED
        if id(o) not in finished:
            o.status = "error"
            o.notes.append("the grader did not get to this submission")


def read_scores(s: Settings, outcomes: list[Outcome]) -> None:
    """Scores of the submissions graded in this run; an ERROR has none (the report and
    grades.csv both leave it blank, whatever an earlier run left in the gradebook)."""
    from nbgrader.api import Gradebook, MissingEntry

    if not s.gradebook.exists():
        return
    with Gradebook(s.db_url) as gb:
        for o in outcomes:
            if o.status != "graded":
                continue
            try:
                sub = gb.find_submission(o.assignment, o.student)
            except MissingEntry:
                o.status = "error"
                o.notes.append("graded, but the gradebook has no submission for it")
                continue
            o.score, o.max_score = sub.score, sub.max_score
            o.needs_manual_grading = sub.needs_manual_grade


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """A cell a spreadsheet will not run as a formula (OWASP: prefix with a quote)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        try:
            float(value)
            return value  # a plain negative number
        except ValueError:
            return "'" + value
    return value


def export_grades(s: Settings, outcomes: list[Outcome], echo=print) -> None:
    """nbgrader's CSV export, in-process (a subprocess costs 3 s of imports), with this
    run's status and flags added, so that grades.csv agrees with the report."""
    from nbgrader.api import Gradebook
    from nbgrader.plugins import CsvExportPlugin

    try:
        with Gradebook(s.db_url) as gb:
            CsvExportPlugin(to=str(s.grades_csv)).export(gb)
        with open(s.grades_csv, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        columns = list(rows[0]) if rows else ["assignment", "student_id", "score", "max_score"]
        by_key = {(o.assignment, o.student): o for o in outcomes}
        for row in rows:
            o = by_key.get((row.get("assignment"), row.get("student_id")))
            row["status"] = o.status if o else "not graded in this run"
            row["flags"] = "; ".join(o.flags) if o else ""
            if o and o.status != "graded":
                for key in ("raw_score", "late_submission_penalty", "score"):
                    if key in row:
                        row[key] = ""
        with open(s.grades_csv, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=columns + ["status", "flags"])
            writer.writeheader()
            for row in rows:
                writer.writerow({k: csv_safe(v) for k, v in row.items()})
    except Exception as err:  # the grading itself is done and saved: say so, do not lose it
        echo(f"Could not export the grades to {s.grades_csv}: {err}")


def write_report(s: Settings, outcomes: list[Outcome]) -> None:
    columns = list(Outcome("", "").row())
    with open(s.report_csv, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        for o in outcomes:
            writer.writerow({k: csv_safe(v) for k, v in o.row().items()})


# ---------------------------------------------------------------- entry point
def grade_class(s: Settings, assignments: list[str] | None = None, students: list[str] | None = None,
                echo=print) -> list[Outcome]:
    if s.sandbox:
        sb.check()
    s.grading.mkdir(parents=True, exist_ok=True)
    backup = backup_gradebook(s)
    if backup:
        echo(f"Gradebook backed up to {backup}")
    assignments = assignments or assignments_with_submissions(s)
    for a in assignments:
        if not (s.source / a).is_dir():
            raise SystemExit(f"No assignment '{a}' in {s.source}")

    outcomes = [] if students else strays(s)
    todo = []
    for a in assignments:
        found = students_of(s, a)
        for student in students or found:
            o = Outcome(a, student)
            outcomes.append(o)
            if student not in found:
                o.status = "error"
                o.notes.append(f"no submission at {s.submitted / student / a}")
            elif precheck(s, o):
                todo.append(o)
        if any(o.assignment == a for o in todo) and not registered(s, a):
            echo(f"Registering {a} in the gradebook")
            register(s, a)

    manual = ManualGrades(s, todo)
    echo(f"Grading {len(todo)} submission(s) with {s.jobs} worker(s), sandbox {'on' if s.sandbox else 'OFF'}")
    env = nbgrader_env()
    # scratch: 0700, the run's private folders (earlier results, each job's sockets); no sandbox mounts it
    with tempfile.TemporaryDirectory(prefix="wsw-") as scratch:
        scratch = Path(scratch)
        if s.sandbox:
            sb.write_kernelspec(scratch / "jupyter")
            env["JUPYTER_PATH"] = os.pathsep.join([str(scratch / "jupyter"), env.get("JUPYTER_PATH", "")])
            env[sb.ENV] = s.limits.to_env()
        _run_jobs(s, todo, scratch / "previous", scratch, env, echo)

    manual.keep(todo)
    read_scores(s, outcomes)
    export_grades(s, outcomes, echo)
    write_report(s, outcomes)
    summarize(outcomes, s, echo)
    return outcomes


def summarize(outcomes: list[Outcome], s: Settings, echo=print) -> None:
    echo("")
    for o in outcomes:
        score = "" if o.score is None else f"{o.score:g}/{o.max_score:g}"
        manual = " (manual grading needed)" if o.needs_manual_grading and o.status == "graded" else ""
        echo(f"{o.status.upper():6} {o.assignment:28} {o.student:20} {score:>9}{manual}")
        for note in o.notes:
            echo(f"         - {note}")
    errors = sum(o.status == "error" for o in outcomes)
    echo(f"\n{len(outcomes) - errors} graded, {errors} error(s).  Grades: {s.grades_csv}  "
         f"Report: {s.report_csv}  Feedback: {s.feedback_dir}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bin/grade-class", description=__doc__.split("\n\n")[0])
    p.add_argument("assignments", nargs="*", help="assignment ids (default: every one with submissions)")
    p.add_argument("--student", action="append", help="grade only this student (repeatable)")
    p.add_argument("--jobs", type=int, default=Settings.jobs, help="parallel workers (default: one per core)")
    p.add_argument("--no-sandbox", action="store_true",
                   help="run student code without the sandbox (only on a machine you can throw away)")
    p.add_argument("--no-feedback", action="store_true", help="do not generate feedback")
    p.add_argument("--cell-timeout", type=int, default=Settings.cell_timeout, help="seconds per cell")
    p.add_argument("--submission-timeout", type=int, default=Settings.submission_timeout,
                   help="seconds per submission")
    p.add_argument("--memory-mb", type=int, default=sb.Limits.memory_mb, help="memory per notebook")
    p.add_argument("--cpu-seconds", type=int, default=sb.Limits.cpu_seconds, help="CPU time per notebook")
    p.add_argument("--grading-dir", type=Path, default=Settings.grading,
                   help="folder with submitted/ (and where everything else is written)")
    a = p.parse_args(argv)
    s = Settings(grading=a.grading_dir.resolve(), jobs=a.jobs, sandbox=not a.no_sandbox,
                 feedback=not a.no_feedback, cell_timeout=a.cell_timeout, submission_timeout=a.submission_timeout,
                 limits=sb.Limits(memory_mb=a.memory_mb, cpu_seconds=a.cpu_seconds))
    try:
        outcomes = grade_class(s, a.assignments, a.student)
    except sb.SandboxUnavailable as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if not outcomes:
        print(f"No submissions found in {s.submitted}/<student>/<assignment>/", file=sys.stderr)
        return 1
    return EXIT_SOME_ERRORS if any(o.status == "error" for o in outcomes) else 0
