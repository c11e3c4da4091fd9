"""Write the student bundle: what a class receives (``bash bin/build --student DIR``).

The bundle is a list of folders, not a filter over files; the layout of the
repository already says who gets what:

* ``STUDENT_FOLDERS`` and ``STUDENT_FILES``: everyone, always (the article and
  its gold annotations, the set-up scripts, JupyterLab's student settings);
* ``notebooks/<assignment>``: the student versions, up to ``--through``;
* ``whosaidwhat/`` (its own modules, not its subpackages): the course helpers;
* ``whosaidwhat/reference/<module>.py``: the answers of an earlier assignment,
  released with the assignment named in ``reference.RELEASED_WITH`` and not before;
* never: ``solutions/`` (solutions, hidden tests, mark schemes), ``whosaidwhat/grading/``,
  ``course/``'s instructor documents and nbgrader configuration, ``tests/``,
  ``benchmarks/``, ``grading/`` (the gradebook and the class's work).

Before it finishes, the build reads every file of the bundle and refuses (and
deletes the half-written bundle) if any line of a solution, a hidden test or a
mark scheme from ``solutions/`` turns up in it.

Run it as ``python -m whosaidwhat.bundle DIR [--through a2]`` (bin/build --student does).
This module is instructor-side: it is not part of the bundle itself.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

from .paths import REPO_ROOT
from .reference import RELEASED_WITH

STUDENT_FOLDERS = ("data", "course/jupyter")
# folders inside those that only instructors get: the unseen-news test split, which hidden tests score on
INSTRUCTOR_FOLDERS = ("data/unseen/heldout",)
STUDENT_FILES = (
    "requirements.txt", "environment.yml", "pyproject.toml", "postBuild",
    "bin/setup", "bin/start", "LICENSE", "LICENSE-CONTENT.md",
)
HELPERS = "whosaidwhat"
REFERENCE = "whosaidwhat/reference"
# modules of whosaidwhat/ that are instructor tools, not helpers a notebook imports
INSTRUCTOR_MODULES = ("bundle.py",)

# What students' nbgrader needs: Validate runs the notebook with the class's time limit.
STUDENT_NBGRADER_CONFIG = '''\
# nbgrader settings for students (written by bin/build --student): Validate runs a
# notebook from the top with the same time limit per cell as the instructor's grader.
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "who-said-what"
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
'''

BUNDLE_README = '''\
# Who Said What — student materials

Open the course with one command (it sets everything up the first time: Python {python}+ and `git` needed):

```bash
bash bin/start
```

It opens JupyterLab on [START_HERE.md](START_HERE.md). The assignments are in `notebooks/`, in order.
This bundle holds assignments {first} to {last}; your instructor releases the next ones (and the course's
helpers that go with them) as the course goes on.

Offline with a copy of the NLTK data: `NLTK_DATA=/path/to/nltk_data bash bin/start`.
'''

_SOLUTION_RE = re.compile(r"BEGIN (SOLUTION|HIDDEN TESTS|MARK SCHEME)(.*?)END \1", re.S)


class BundleError(RuntimeError):
    """The bundle cannot be written as asked (bad arguments, or answers would leak)."""


def assignments(root: Path = REPO_ROOT) -> list[str]:
    return sorted(p.name for p in (root / "solutions").iterdir() if p.is_dir() and not p.name.startswith("."))


def resolve_through(through: str | None, all_ids: list[str]) -> list[str]:
    """The assignments up to and including `through` ('a2' or 'a2_who_said_what'); all when None."""
    if through is None:
        return list(all_ids)
    hits = [i for i, a in enumerate(all_ids) if a == through or a.split("_")[0] == through]
    if not hits:
        raise BundleError(f"--through {through!r} names no assignment; the course has: {', '.join(all_ids)}")
    return all_ids[: hits[0] + 1]


def released_reference_modules(released: list[str], all_ids: list[str]) -> list[str]:
    """Reference modules whose first assignment is among `released` (every module must be listed)."""
    modules = sorted(p.stem for p in (REPO_ROOT / REFERENCE).glob("*.py") if p.stem != "__init__")
    unlisted = [m for m in modules if m not in RELEASED_WITH]
    if unlisted:
        raise BundleError(f"whosaidwhat/reference/{unlisted[0]}.py is not in RELEASED_WITH: say which assignment releases it")
    bad = {m: a for m, a in RELEASED_WITH.items() if a not in all_ids}
    if bad:
        raise BundleError(f"RELEASED_WITH names unknown assignments: {bad}")
    return [m for m in modules if RELEASED_WITH[m] in released]


# A core helper that holds an exercise's answer and is nevertheless given from the first
# assignment on, because earlier notebooks import it as given code. Listed here so that
# the decision is visible and tested; every other overlap with a solution fails the build.
#   spans.py: a0 scores its sentence splitters with spans.prf; a1 asks students to write
#   align_tokens (Ex1) and span_prf (Ex3) and then, in its given cells, uses the course's
#   tested versions (spans.align_tokens, spans.prf) so that one wrong answer does not break
#   the rest of the notebook. Removing this needs a change to a0's and a1's teaching code.
GIVEN_EARLY = {"whosaidwhat/spans.py": ("a1_named_entities",)}


def secrets(root: Path = REPO_ROOT) -> list[tuple[str, str, str]]:
    """(assignment, kind, text) for every distinctive piece of a solution, mark scheme or hidden test.

    Solutions and mark schemes: every run of three consecutive non-comment lines (60+ characters
    together), since single lines of code ("for p in pred:") are common to any Python.
    Hidden tests: every line of 25+ characters that the student version does not show anyway.
    Lines are compared stripped, blank lines ignored (see `_normalise`)."""
    found = []
    # code every student gets anyway (the top-level helpers): a hidden test that repeats a line of it hides nothing
    given_code = {ln.strip() for py in (root / HELPERS).glob("*.py") for ln in py.read_text(encoding="utf-8").splitlines()}
    # and what some released notebook gives (`with using(globals(), **_COURSE):` is given code in a3)
    given_code |= {ln.strip() for nb in (root / "notebooks").glob("*/*.ipynb")
                   for c in json.loads(nb.read_text(encoding="utf-8"))["cells"] for ln in "".join(c["source"]).splitlines()}
    for nb_path in sorted((root / "solutions").glob("*/*.ipynb")):
        assignment = nb_path.parent.name
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        sources = ["".join(c["source"]) for c in nb["cells"]]
        visible = {ln.strip() for src in sources for ln in _SOLUTION_RE.sub("", src).splitlines()}
        # a mark-scheme line that a student-visible "**Rubric**" cell repeats is public by design
        public = {ln.strip() for cell, src in zip(nb["cells"], sources) if cell["cell_type"] == "markdown"
                  and not cell.get("metadata", {}).get("nbgrader", {}).get("solution")
                  and src.lstrip().startswith("**Rubric**") for ln in src.splitlines()}
        for cell, src in zip(nb["cells"], sources):
            regions = [(m.group(1), m.group(2)) for m in _SOLUTION_RE.finditer(src)]
            if cell["cell_type"] == "markdown" and cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
                regions.append(("SOLUTION", src))  # a written answer cell is a solution as a whole
            for kind, region in regions:
                lines = [ln.strip() for ln in region.splitlines()
                         if ln.strip() and not ln.strip().startswith("#") and ln.strip() not in public]
                if kind == "HIDDEN TESTS":
                    found += [(assignment, kind, ln) for ln in lines
                              if len(ln) >= 25 and ln not in visible and ln not in given_code]
                    continue
                windows = ["\n".join(lines[i:i + 3]) for i in range(max(len(lines) - 2, 0))]
                if len(lines) in (1, 2):
                    windows.append("\n".join(lines))
                found += [(assignment, kind, w) for w in windows if len(w) >= 60]
    return found


def _normalise(text: str) -> str:
    return "\n".join(ln.strip() for ln in text.splitlines() if ln.strip())


def _allowed(rel: str, assignment: str, kind: str, all_ids: list[str]) -> bool:
    """May this file of the bundle contain this assignment's solution? Only a reference module
    released after that assignment, or a listed GIVEN_EARLY helper.  Hidden tests only where they
    repeat that reference module's own code (a hidden test may run the course's version of an
    earlier exercise, and the module that holds it is released later anyway)."""
    if assignment in GIVEN_EARLY.get(rel, ()) and kind != "HIDDEN TESTS":
        return True
    m = re.fullmatch(re.escape(REFERENCE) + r"/(\w+)\.py", rel)
    if m and m.group(1) in RELEASED_WITH:
        return all_ids.index(assignment) < all_ids.index(RELEASED_WITH[m.group(1)])
    return False


def leaks(bundle: Path, root: Path = REPO_ROOT) -> list[tuple[str, str, str, str]]:
    """(file, assignment, kind, text) for every solution, mark scheme or hidden test found in
    a file of the bundle where it may not be. Notebooks are read cell by cell (not as JSON)."""
    all_ids = assignments(root)
    found_secrets = secrets(root)
    found = []
    for path in sorted(p for p in Path(bundle).rglob("*") if p.is_file()):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if path.suffix == ".ipynb":
            text = "\n".join("".join(c.get("source", "")) for c in json.loads(text).get("cells", []))
        text, rel = _normalise(text), path.relative_to(bundle).as_posix()
        found += [(rel, a, kind, s) for a, kind, s in found_secrets if s in text and not _allowed(rel, a, kind, all_ids)]
    return found


def _start_page(text: str, released_notebooks: set[str]) -> str:
    """START_HERE.md for the bundle: no rows for notebooks not released yet, and no
    paragraph or line that points at solutions/ or course/ (the bundle has neither)."""
    out = []
    for para in text.split("\n\n"):
        lines = para.split("\n")
        kept = [ln for ln in lines
                if "solutions/" not in ln and "`course/`" not in ln
                and all(t in released_notebooks for t in re.findall(r"\]\((notebooks/[^)\s]+)\)", ln))]
        if len(kept) == len(lines) or kept and any(ln.lstrip().startswith(("|", "-", "*")) for ln in kept):
            out.append("\n".join(kept))
    return "\n\n".join(p for p in out if p.strip()) + "\n"


def build(dest: Path, through: str | None = None, root: Path = REPO_ROOT) -> dict:
    """Write the bundle into `dest` (which must not exist or be empty). Returns a summary."""
    dest = Path(dest).resolve()
    if dest.exists() and any(dest.iterdir()):
        raise BundleError(f"{dest} is not empty: give a new folder (nothing was written)")
    if dest == root or root in dest.parents and dest.relative_to(root).parts[0] in ("notebooks", "solutions", "whosaidwhat"):
        raise BundleError(f"{dest} is inside the course's own folders: give a folder elsewhere")
    all_ids = assignments(root)
    released = resolve_through(through, all_ids)
    modules = released_reference_modules(released, all_ids)
    missing = [a for a in released if not (root / "notebooks" / a).is_dir()]
    if missing:
        raise BundleError(f"notebooks/{missing[0]} does not exist: run bash bin/build first")

    dest.mkdir(parents=True, exist_ok=True)
    try:
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")
        def ignore_instructor_folders(folder, names):
            held = {Path(f).name for f in INSTRUCTOR_FOLDERS if (root / f).parent == Path(folder)}
            return set(ignore(folder, names)) | (held & set(names))

        for folder in STUDENT_FOLDERS:
            shutil.copytree(root / folder, dest / folder, ignore=ignore_instructor_folders)
        for name in STUDENT_FILES:
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / name, dest / name)
        for a in released:
            shutil.copytree(root / "notebooks" / a, dest / "notebooks" / a, ignore=ignore)
        (dest / HELPERS).mkdir(parents=True)
        for module in sorted((root / HELPERS).glob("*.py")):
            if module.name not in INSTRUCTOR_MODULES:
                shutil.copy2(module, dest / HELPERS / module.name)
        (dest / REFERENCE).mkdir(parents=True)
        shutil.copy2(root / REFERENCE / "__init__.py", dest / REFERENCE / "__init__.py")
        for m in modules:
            shutil.copy2(root / REFERENCE / f"{m}.py", dest / REFERENCE / f"{m}.py")
        notebooks = {p.relative_to(dest).as_posix() for p in (dest / "notebooks").glob("*/*.ipynb")}
        (dest / "START_HERE.md").write_text(_start_page((root / "START_HERE.md").read_text(encoding="utf-8"), notebooks),
                                            encoding="utf-8")
        (dest / "README.md").write_text(BUNDLE_README.format(python="3.11", first=released[0].split("_")[0],
                                                             last=released[-1].split("_")[0]), encoding="utf-8")
        (dest / "nbgrader_config.py").write_text(STUDENT_NBGRADER_CONFIG, encoding="utf-8")
        (dest / ".gitignore").write_text(".venv/\n.nltk_data/\n__pycache__/\n*.egg-info/\n.ipynb_checkpoints/\n")
        found = leaks(dest, root)
        if found:
            raise BundleError("answers would leak into the bundle (nothing was kept):\n" + "\n".join(
                f"  {f}: {kind.lower()} of {a}: {text.splitlines()[0][:80]}" for f, a, kind, text in found[:10]))
    except BaseException:
        shutil.rmtree(dest, ignore_errors=True)
        raise
    return {"dest": str(dest), "assignments": released, "reference": modules}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bin/build --student", description="Write the student bundle.")
    parser.add_argument("dest", help="a new (or empty) folder")
    parser.add_argument("--through", help="the last assignment to release, e.g. a2 (default: all)")
    args = parser.parse_args(argv)
    try:
        summary = build(Path(args.dest), args.through)
    except BundleError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    print(f"Student bundle in {summary['dest']}: " + ", ".join(summary["assignments"])
          + "; reference modules: " + (", ".join(summary["reference"]) or "none yet"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
