"""Class grading time next to its floor, and the same grades serial or parallel.

For each assignment a simulated class (whosaidwhat.grading.simulated_class:
34 submissions, hostile ones included, 4 of them not valid notebooks) is
graded three ways, each in a fresh folder:

    bare      every gradable submission notebook run once with nbclient,
              serially, one fresh "python3" kernel each: the floor
    serial    grade_class(..., jobs=1), sandbox on, feedback on
    parallel  grade_class(..., jobs=--jobs)

Targets: serial <= 1.3x bare; parallel at least 1.6x faster than serial (2 cores).
Then both gradebooks must hold the same auto_score for every grade cell of
every student and pass sqlite's integrity_check (exit 1 if not).

    export NLTK_DATA=/path/to/nltk_data   # if the course's NLTK data is not in .nltk_data
    .venv/bin/python benchmarks/grading_speed.py                       # every assignment, ~20 min
    .venv/bin/python benchmarks/grading_speed.py --assignments a0_meet_the_article --students 8
    .venv/bin/python benchmarks/grading_speed.py --keep /tmp/bench     # keep the grading folders

Read the numbers with these in mind:

* The gradebook is registered (nbgrader generate_assignment, a few seconds)
  before the clock starts, so the serial and parallel times are the grading
  of an already-set-up assignment: backup, checks, autograde, feedback,
  export, report.  Registration is printed separately.
* The grader also writes HTML feedback, which bare execution does not
  (--no-feedback measures without it).
* The same cell timeout (--cell-timeout) is used for bare execution and
  grading, so the infinite loops cost the same wait in both.  Bare nbclient
  does not interrupt: at a timeout (CellTimeoutError) or a dead kernel
  (os._exit) it stops that notebook, while the grader interrupts or restarts
  and runs the remaining cells.  The exception is caught and the time up to it
  counted, so for those few submissions the floor does a little less work.
* A kernel that does not exit within 2.5 s of nbclient's shutdown request
  gets SIGTERM from jupyter_client: always for the stuck loops, now and then
  for a plain kernel.  Bare execution counts it, like the grader, and reports
  how many shutdowns took that long.
* Bare kernels get the sandbox's memory, CPU and file-size limits when the
  sandbox is on (like with like; no 6 GB allocation on the grader's machine).
  Each bare notebook runs in a forked child, because one submission kills
  its kernel's parent process: its time is counted up to that kill.
* Run it on a quiet machine: on 2 cores another test run makes every number
  meaningless.  Each phase counts the CPU time of processes that are not the
  benchmark's and warns when they took more than 10% of the machine.
* No run can touch the repository: the submissions that write to the course's
  article or read the solutions use a shadow course root in the work folder,
  and without the sandbox those that tamper with the gradebook aim at a decoy.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import multiprocessing
import os
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from whosaidwhat.grading import sandbox as sb
from whosaidwhat.grading import simulated_class as sim
from whosaidwhat.grading.grader import Settings, grade_class, register

ROOT = Path(__file__).resolve().parents[1]

RATIO_TARGET = 1.3     # serial grading / bare execution, at most
SPEEDUP_TARGET = 1.6   # serial / parallel, at least (2 cores)
STALL = 2.0            # seconds: a graceful kernel shutdown this slow waited for jupyter_client's SIGTERM


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- other load on the machine
def cpu_by_process() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, CPU ticks of it and of the children it has reaped).
    Not init's children: it reaps orphans, and the sandbox leaves some of ours."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid, f = int(stat.parent.name), stat.read_text().rsplit(")", 1)[1].split()
            found[pid] = (int(f[1]), sum(int(x) for x in f[11:13 if pid == 1 else 15]))
        except (OSError, IndexError, ValueError):
            continue
    return found


def _ours(snapshot: dict[int, tuple[int, int]]) -> set[int]:
    mine, grew = {os.getpid()}, True
    while grew:
        new = {pid for pid, (ppid, _) in snapshot.items() if ppid in mine} - mine
        mine |= new
        grew = bool(new)
    return mine


class OtherLoad:
    """CPU seconds used meanwhile by processes that are not this benchmark's
    (another test run on a 2-core machine makes every number here meaningless)."""

    def __init__(self):
        self.before, self.start = cpu_by_process(), time.monotonic()

    def seconds(self) -> tuple[float, float]:
        """(CPU seconds of other processes, wall seconds)."""
        after = cpu_by_process()
        ours = _ours(self.before) | _ours(after)
        ticks = sum(after[pid][1] - self.before[pid][1] for pid in after.keys() & self.before.keys() - ours)
        return ticks / os.sysconf("SC_CLK_TCK"), time.monotonic() - self.start


# ---------------------------------------------------------------- bare execution
def _bare_child(conn, path: str, timeout: int, limits: sb.Limits | None) -> None:
    if limits:  # inherited by the kernel this process starts
        mb = 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_mb * mb,) * 2)
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_mb * mb,) * 2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)  # the kernel's start-up warnings (plain TCP), once per notebook
    conn.send(time.monotonic())  # system-wide clock: the parent can time a child that gets killed
    start, error, shutdown = time.perf_counter(), "", 0.0
    try:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                                resources={"metadata": {"path": str(Path(path).parent)}})
        cleanup = client._async_cleanup_kernel

        async def timed_cleanup():  # the kernel's shutdown, timed on its own (see the stall note)
            nonlocal shutdown
            began = time.perf_counter()
            try:
                await cleanup()
            finally:
                shutdown += time.perf_counter() - began

        client._async_cleanup_kernel = timed_cleanup
        client.execute()
    except Exception as err:  # CellTimeoutError (SIGINT ignored), DeadKernelError (os._exit), ...
        error = type(err).__name__
    conn.send((time.perf_counter() - start, error, shutdown))


def run_bare(path: Path, timeout: int, limits: sb.Limits | None) -> tuple[float, str, float]:
    """Seconds for one notebook in a fresh kernel, the exception that stopped it ("" if none),
    and the seconds of those that the kernel's shutdown took."""
    ctx = multiprocessing.get_context("fork")  # no import cost, nothing to pickle
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_bare_child, args=(send, str(path), timeout, limits))
    child.start()
    send.close()
    with receive:
        started = receive.recv()
        try:
            return receive.recv()
        except EOFError:  # s30 kills its kernel's parent, this child: count up to the kill
            seconds = time.monotonic() - started
            child.join()
            why = f"runner killed by signal {-child.exitcode}" if child.exitcode < 0 else "runner died"
            return seconds, why, 0.0
        finally:
            child.join()


def bare_class(fakes: list[sim.Fake], assignment: str, folder: Path, timeout: int,
               limits: sb.Limits | None) -> dict[str, tuple[float, str, float]]:
    submitted = folder / "submitted"
    sim.write(fakes, assignment, submitted)
    paths = {f.student: sorted((submitted / f.student / assignment / n) for n in f.files if n.endswith(".ipynb"))
             for f in fakes if f.status != "error"}  # not valid notebooks: the grader does not run them
    # untimed warm-up: the first run pays for cold disk caches and .pyc files
    run_bare(next(iter(paths.values()))[0], timeout, limits)
    times = {}
    for student, notebooks in paths.items():
        runs = [run_bare(p, timeout, limits) for p in notebooks]
        times[student] = (sum(r[0] for r in runs), ", ".join(r[1] for r in runs if r[1]), sum(r[2] for r in runs))
    return times


# ---------------------------------------------------------------- grading
def write_class(s: Settings, assignment: str, shadow: Path, decoy: Path, students: int | None) -> list[sim.Fake]:
    # with the sandbox the hostile ones aim at this run's own gradebook (the worst case: they know)
    fakes = sim.simulated_class(assignment, root=shadow, gradebook=s.gradebook if s.sandbox else decoy)[:students]
    sim.write(fakes, assignment, s.submitted)
    return fakes


def timed_grading(s: Settings, assignment: str) -> tuple[float, float, list]:
    """(registration seconds, grading seconds, outcomes)."""
    start = time.perf_counter()
    register(s, assignment)  # outside the clock: grade_class skips it for a registered assignment
    registration = time.perf_counter() - start
    start = time.perf_counter()
    # grade_class prints one progress line per submission itself (not through echo)
    with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
        outcomes = grade_class(s, [assignment], echo=lambda *a: None)
    return registration, time.perf_counter() - start, outcomes


def report_seconds(s: Settings) -> dict[str, float]:
    with open(s.report_csv, newline="", encoding="utf-8") as f:
        return {row["student"]: float(row["seconds"]) for row in csv.DictReader(f)}


# ---------------------------------------------------------------- consistency
def auto_scores(s: Settings, assignment: str, students: list[str]) -> dict[str, dict | None]:
    from nbgrader.api import Gradebook, MissingEntry

    scores = {}
    with Gradebook(s.db_url) as gb:
        for student in students:
            try:
                sub = gb.find_submission(assignment, student)
            except MissingEntry:
                scores[student] = None  # not graded (an invalid file): must be so in both
                continue
            scores[student] = {(nb.name, g.name): g.auto_score for nb in sub.notebooks for g in nb.grades}
    return scores


def full_marks(s: Settings, assignment: str, student: str) -> bool:
    """Every test cell (code) got its points: the course's notebooks ran as they should."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(s.db_url) as gb:
        try:
            sub = gb.find_submission(assignment, student)
        except MissingEntry:
            return False
        return all(g.auto_score == g.max_score for nb in sub.notebooks for g in nb.grades
                   if g.cell.cell_type == "code")


def integrity(s: Settings) -> str:
    with contextlib.closing(sqlite3.connect(s.gradebook)) as db:
        return "; ".join(row[0] for row in db.execute("PRAGMA integrity_check"))


def consistency(serial: Settings, parallel: Settings, assignment: str, students: list[str]) -> list[str]:
    """Problems found; none when both runs agree."""
    problems = [f"{name} gradebook integrity_check: {result}"
                for name, s in (("serial", serial), ("parallel", parallel))
                if (result := integrity(s)) != "ok"]
    if problems:
        return problems
    a, b = auto_scores(serial, assignment, students), auto_scores(parallel, assignment, students)
    return [f"{student}: serial {a[student]} != parallel {b[student]}"
            for student in students if a[student] != b[student]]


# ---------------------------------------------------------------- report
def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def table(rows: list[tuple]) -> None:
    print(f"{'assignment':<28}{'subs':>5}{'bare s':>9}{'serial s':>10}{'parallel s':>12}"
          f"{'serial/bare':>13}{'':>5}{'speed-up':>10}{'':>5}")
    for name, subs, bare, serial, parallel in rows:
        # judged as printed: "1.30 MISS" would read as a contradiction
        ratio, speedup = round(serial / bare, 2), round(serial / parallel, 2)
        print(f"{name:<28}{subs:>5}{bare:>9.1f}{serial:>10.1f}{parallel:>12.1f}"
              f"{ratio:>13.2f} {verdict(ratio <= RATIO_TARGET):<4}"
              f"{speedup:>10.2f} {verdict(speedup >= SPEEDUP_TARGET):<4}")
    print(f"targets: serial/bare <= {RATIO_TARGET}, speed-up >= {SPEEDUP_TARGET}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--assignments", nargs="+", metavar="ID",
                    default=sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir()
                                   and not p.name.startswith(".")))
    ap.add_argument("--cell-timeout", type=int, default=10, help="seconds per cell, bare and graded (default 10)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="workers of the parallel run")
    ap.add_argument("--no-sandbox", action="store_true",
                    help="grade without the sandbox (and bare without limits)")
    ap.add_argument("--no-feedback", action="store_true", help="grade without writing feedback")
    ap.add_argument("--students", type=int, metavar="N", help="only the first N submissions of each class")
    ap.add_argument("--per-student", action="store_true", help="also print bare and serial seconds per student")
    ap.add_argument("--keep", type=Path, metavar="DIR", help="grade in DIR (new or empty) and keep it")
    args = ap.parse_args(argv)
    for a in args.assignments:
        if not (ROOT / "solutions" / a).is_dir():
            ap.error(f"no assignment {a!r} in {ROOT / 'solutions'}")
    sandbox = not args.no_sandbox
    if sandbox:
        try:
            sb.check()
        except sb.SandboxUnavailable as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
    limits = sb.Limits() if sandbox else None

    with contextlib.ExitStack() as stack:
        if args.keep:
            work = args.keep.resolve()
            if work.exists() and any(work.iterdir()):
                ap.error(f"--keep {work}: not empty (every run needs fresh folders)")
            work.mkdir(parents=True, exist_ok=True)
        else:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="wsw-bench-")))
        # kernels' connection files out of the user's runtime folder
        os.environ["JUPYTER_RUNTIME_DIR"] = str(work / "runtime")
        shadow = work / "course"  # what the hostile submissions see as the course root
        shadow.mkdir()
        for name in ("notebooks", "solutions"):
            (shadow / name).symlink_to(ROOT / name)

        rows, inconsistent, noisy = [], False, False
        for a in args.assignments:
            log(f"{a}: bare execution …")
            fakes = sim.simulated_class(a, root=shadow, gradebook=work / a / "decoy.db")[:args.students]
            load = OtherLoad()
            bare = bare_class(fakes, a, work / a / "bare", args.cell_timeout, limits)
            noise = {"bare": load.seconds()}
            runs = {}
            for mode, jobs in (("serial", 1), ("parallel", args.jobs)):
                s = Settings(grading=work / a / mode, jobs=jobs, cell_timeout=args.cell_timeout,
                             sandbox=sandbox, feedback=not args.no_feedback)
                write_class(s, a, shadow, work / a / "decoy.db", args.students)
                log(f"{a}: grading, {mode} ({jobs} worker(s)) …")
                load = OtherLoad()
                registration, seconds, outcomes = timed_grading(s, a)
                noise[mode] = load.seconds()
                runs[mode] = (s, seconds, outcomes)
                log(f"{a}: {mode} {seconds:.1f} s (+ {registration:.1f} s registration, not counted)")
            (serial, serial_s, _), (parallel, parallel_s, _) = runs["serial"], runs["parallel"]
            rows.append((a, len(fakes), sum(r[0] for r in bare.values()), serial_s, parallel_s))

            if fakes[0].score == "max" and not full_marks(serial, a, fakes[0].student):
                print(f"WARNING {a}: {fakes[0].student} did not get every test's points; the times mean "
                      "little (NLTK data missing? see NLTK_DATA)")
            for phase, (other, wall) in noise.items():
                if other > 0.1 * wall * (os.cpu_count() or 1):
                    noisy = True
                    share = min(1.0, other / wall / (os.cpu_count() or 1))
                    print(f"WARNING {a}: during {phase}, other processes used {other:.0f} CPU-s in {wall:.0f} s "
                          f"({share:.0%} of the machine): its times are not reliable")
            stalls = [r[2] for r in bare.values() if r[2] > STALL]
            if stalls:
                print(f"note {a}: {len(stalls)} of {len(bare)} bare kernels took over {STALL:g} s to shut down "
                      f"({sum(stalls):.1f} s in all, counted in the floor)")
            stopped = {st: r[1] for st, r in bare.items() if r[1]}
            if stopped:
                print(f"note {a}: bare execution stopped early for "
                      + ", ".join(f"{st} ({e})" for st, e in stopped.items()))
            if args.per_student:
                graded = report_seconds(serial)
                print(f"{'student':<28}{'bare s':>9}{'serial s':>10}{'extra s':>9}")
                for f in fakes:
                    b = bare.get(f.student, (0.0,))[0]
                    g = graded.get(f.student, 0.0)
                    print(f"{f.student:<28}{b:>9.1f}{g:>10.1f}{g - b:>9.1f}")

            problems = consistency(serial, parallel, a, [f.student for f in fakes])
            inconsistent |= bool(problems)
            print(f"{a}: {'INCONSISTENT' if problems else 'CONSISTENT'} (serial vs parallel auto_score, "
                  "integrity_check)")
            for p in problems:
                print(f"  - {p}")
            sys.stdout.flush()

        print()
        if len(rows) > 1:
            rows.append(("overall", *(sum(r[i] for r in rows) for i in range(1, 5))))
        print(f"cell timeout {args.cell_timeout} s, sandbox {'on' if sandbox else 'OFF'}, feedback "
              f"{'off' if args.no_feedback else 'on'}, parallel jobs {args.jobs}, cores {os.cpu_count()}")
        table(rows)
        if noisy:
            print("other processes were busy during some measurements (see the warnings): "
                  "run again on a quiet machine")
        print("CONSISTENT" if not inconsistent else "INCONSISTENT")
        if args.keep:
            print(f"grading folders kept in {work}")
    return 1 if inconsistent else 0


if __name__ == "__main__":
    sys.exit(main())
