"""The student bundle (bash bin/build --student DIR [--through aN]) is what a class receives:

- no solution, mark scheme or hidden-test text anywhere in it (checked here with the notebook tests'
  own snippet finders, independently of the bundle's built-in check, which must also pass and must fail
  on a planted answer);
- none of solutions/, tests/, the grader, the gradebook, the instructor documents;
- staged helpers: a reference module (an assignment's answers) only from the assignment RELEASED_WITH names;
- a student notebook runs inside the bundle, against the bundle's own whosaidwhat, with only stubs failing.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from nbtools import NOTEBOOKS, ROOT, assignments, hidden_snippets, notebooks_of, solution_snippets
from whosaidwhat import bundle
from whosaidwhat.reference import RELEASED_WITH

IDS = assignments()
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


@pytest.fixture(scope="module")
def bundles(tmp_path_factory):
    """One bundle per --through value (they are small: a few MB, a second each)."""
    base = tmp_path_factory.mktemp("bundles")
    return {a: Path(bundle.build(base / a, through=a.split("_")[0])["dest"]) for a in IDS}


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def _text(path: Path) -> str:
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".ipynb":  # the cells' sources, not JSON-escaped text
        text = "\n".join("".join(c["source"]) for c in json.loads(text)["cells"])
    return text


def test_no_hidden_test_anywhere_and_no_solution_in_notebooks_or_documents(bundles):
    full = bundles[IDS[-1]]
    given_code = {ln.strip() for py in (full / "whosaidwhat").glob("*.py") for ln in py.read_text(encoding="utf-8").splitlines()}
    # a hidden test may repeat a line of the helpers every student has (text.py's paragraph loop): not a secret
    given_code |= {ln.strip() for a in IDS for nb in notebooks_of(a, NOTEBOOKS) for ln in _text(nb).splitlines()}
    hidden = {s for a in IDS for nb in notebooks_of(a) for s in hidden_snippets(nb)} - given_code
    solutions = {s for a in IDS for nb in notebooks_of(a) for s in solution_snippets(nb)}
    assert hidden and solutions, "the snippet finders found nothing to look for"
    # a line that one assignment's solution shares with code another assignment gives students
    # (`if q["kind"] == "headline":`) is common code, not a leak; test_release checks each notebook
    # against its own solutions line by line
    given = {ln.strip() for a in IDS for nb in notebooks_of(a, NOTEBOOKS) for ln in _text(nb).splitlines()}
    solutions = {s for s in solutions if s not in given}
    for path in _files(full):
        text = _text(path)
        rel = path.relative_to(full).as_posix()
        assert not [s for s in hidden if s in text], f"hidden-test text in the bundle's {rel}"
        if path.suffix in (".ipynb", ".md", ".json", ".txt", ".yml"):
            leaked = [s for s in solutions if s in text]
            assert not leaked, f"solution text in the bundle's {rel}: {leaked[:3]}"


def test_the_bundles_own_check_passes_and_catches_a_planted_answer(bundles, tmp_path):
    full = bundles[IDS[-1]]
    assert bundle.leaks(full) == []
    # plant one real solution (as a student notebook would look with it) into a copy of a helper
    src = json.loads(notebooks_of("a2_who_said_what")[0].read_text(encoding="utf-8"))
    solved = next("".join(c["source"]) for c in src["cells"] if "### BEGIN SOLUTION" in "".join(c["source"]))
    planted = tmp_path / "planted"
    (planted / "whosaidwhat").mkdir(parents=True)
    (planted / "whosaidwhat" / "extra.py").write_text(solved)
    found = bundle.leaks(planted)
    assert found and all(f == "whosaidwhat/extra.py" and a == "a2_who_said_what" for f, a, _, _ in found)


def test_a_leaking_build_is_refused_and_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(bundle, "STUDENT_FOLDERS", (*bundle.STUDENT_FOLDERS, "solutions"))
    with pytest.raises(bundle.BundleError, match="leak"):
        bundle.build(tmp_path / "b")
    assert not (tmp_path / "b").exists()


def test_instructor_material_is_not_in_the_bundle(bundles):
    full = bundles[IDS[-1]]
    names = {p.relative_to(full).as_posix() for p in full.rglob("*")}
    for forbidden in ("solutions", "tests", "grading", "benchmarks", "whosaidwhat/grading", "bin/grade-class",
                      "bin/test", "requirements-dev.txt", "whosaidwhat/bundle.py", "course/nbgrader_config.py",
                      "course/instructor_guide.md", "course/rubrics.md", "course/syllabus.md", "deploy",
                      "data/unseen/heldout"):
        assert forbidden not in names, f"{forbidden} is instructor material and must not be in the bundle"
    assert not [n for n in names if n.endswith(".db") or "gradebook" in n]
    # the unseen-news test split (texts and gold) is what hidden tests score on: students never get it
    assert not [n for n in names if n.startswith("data/unseen/heldout") or n.endswith(".test.json")]
    for needed in ("START_HERE.md", "README.md", "requirements.txt", "environment.yml", "postBuild", "bin/start",
                   "bin/setup", "data/article.txt", "data/gold.json", "nbgrader_config.py", "whosaidwhat/data.py",
                   "data/unseen/documents.json", "data/unseen/quotes.dev.json"):
        assert needed in names, f"the bundle lacks {needed}"
    assert (full / "requirements.txt").read_text() == (ROOT / "requirements.txt").read_text()


@pytest.mark.parametrize("through", IDS)
def test_staged_release(bundles, through):
    b = bundles[through]
    upto = IDS[: IDS.index(through) + 1]
    assert sorted(p.name for p in (b / "notebooks").iterdir()) == upto
    have = sorted(p.stem for p in (b / "whosaidwhat" / "reference").glob("*.py") if p.stem != "__init__")
    want = sorted(m for m, a in RELEASED_WITH.items() if a in upto and (ROOT / "whosaidwhat/reference" / f"{m}.py").exists())
    assert have == want, f"through {through}: reference modules {have}, RELEASED_WITH says {want}"
    # the start page links only what is there, and never solutions/
    page = (b / "START_HERE.md").read_text(encoding="utf-8")
    assert "solutions/" not in page
    for text, target in LINK.findall(page):
        if not re.match(r"[a-z]+:", target) and not target.startswith("#"):
            assert (b / target.split("#")[0]).exists(), f"through {through}: START_HERE.md links {target}, not in the bundle"


@pytest.mark.parametrize("assignment", IDS)
def test_every_notebook_imports_only_released_modules(assignment):
    upto = IDS[: IDS.index(assignment) + 1]
    for nb in notebooks_of(assignment, NOTEBOOKS):
        code = "\n".join("".join(c["source"]) for c in json.loads(nb.read_text())["cells"] if c["cell_type"] == "code")
        for module in re.findall(r"whosaidwhat\.reference\.(\w+)", code):
            assert RELEASED_WITH.get(module) in upto, f"{nb.name} imports reference.{module}, released with {RELEASED_WITH.get(module)}"


def _run_in_bundle(b: Path, assignment: str, tmp_path: Path) -> dict:
    """Execute the bundle's notebook in a fresh kernel whose whosaidwhat is the bundle's
    (PYTHONPATH first, the repository's editable install after it); report errors and the kernel's view."""
    nb_path = next((b / "notebooks" / assignment).glob("*.ipynb"))
    script = textwrap.dedent(f"""
        import json, sys, nbformat
        from nbclient import NotebookClient
        nb = nbformat.read({str(nb_path)!r}, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(
            "import importlib.util, json, whosaidwhat\\n"
            "print(json.dumps({{'file': whosaidwhat.__file__, 'modules': {{m: importlib.util.find_spec('whosaidwhat.reference.' + m) is not None "
            "for m in {sorted(RELEASED_WITH)!r}}}}}))"))
        NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                       resources={{"metadata": {{"path": {str(nb_path.parent)!r}}}}}).execute()
        errs = [(i, c.metadata.get("nbgrader", {{}}), o["ename"], o["evalue"]) for i, c in enumerate(nb.cells)
                for o in c.get("outputs", []) if o.get("output_type") == "error"]
        last = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("output_type") == "stream")
        print(json.dumps({{"errors": errs, "kernel": json.loads(last)}}))
    """)
    env = dict(os.environ, PYTHONPATH=str(b))
    proc = subprocess.run([sys.executable, "-c", script], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _non_stub_errors(result) -> list:
    bad = []
    for i, meta, ename, evalue in result["errors"]:
        if ename == "NotImplementedError":
            continue
        if meta.get("grade") and not meta.get("solution") and ename in ("AssertionError", "NameError", "TypeError"):
            continue  # a test of an exercise the student has not done yet
        bad.append(f"cell {i}: {ename}: {evalue[:200]}")
    return bad


@pytest.mark.slow
@pytest.mark.parametrize("assignment", [
    "a1_named_entities",
    "a2_who_said_what",
])
def test_student_notebook_runs_in_its_bundle_with_only_stubs_failing(bundles, assignment, tmp_path):
    b = bundles[assignment]
    result = _run_in_bundle(b, assignment, tmp_path)
    assert result["kernel"]["file"].startswith(str(b)), f"the kernel imported {result['kernel']['file']}, not the bundle's"
    upto = IDS[: IDS.index(assignment) + 1]
    for module, importable in result["kernel"]["modules"].items():
        released = RELEASED_WITH[module] in upto and (ROOT / "whosaidwhat/reference" / f"{module}.py").exists()
        assert importable == released, f"in the {assignment} bundle, whosaidwhat.reference.{module} importable={importable}"
    assert result["errors"], "the blank student notebook raised nothing: are the stubs missing?"
    bad = _non_stub_errors(result)
    assert not bad, "cells that are not answer stubs fail in the bundle:\n" + "\n".join(bad)


def test_bin_build_student_cli(tmp_path):
    dest = tmp_path / "class"
    proc = subprocess.run(["bash", "bin/build", "--student", str(dest), "--through", "a1"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (dest / "notebooks").iterdir()) == IDS[:2]
    again = subprocess.run(["bash", "bin/build", "--student", str(dest)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert again.returncode == 1 and "not empty" in again.stderr and "Traceback" not in again.stderr
    bad = subprocess.run(["bash", "bin/build", "--student", str(tmp_path / "x"), "--through", "a9"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert bad.returncode == 1 and "a9" in bad.stderr and "a0_meet_the_article" in bad.stderr
    assert not (tmp_path / "x").exists()
