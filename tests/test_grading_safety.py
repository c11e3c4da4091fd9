"""Fast checks of the class grader's safety pieces (the slow, end-to-end ones are in
tests/test_grade_class.py): no-follow file handling, CSV escaping, tamper flags,
exact-type check helpers, inert feedback."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

from whosaidwhat import check
from whosaidwhat.feedback import MakeInert, inert_markdown, inert_output, lock_html
from whosaidwhat.grading import safefs, simulated_class, tamper
from whosaidwhat.grading.grader import csv_safe


def test_sweep_removes_links_fifos_and_sockets_and_never_follows(tmp_path):
    target = tmp_path / "private.txt"
    target.write_text("secret")
    target.chmod(0o600)
    folder = tmp_path / "sub"
    (folder / "deep").mkdir(parents=True)
    (folder / "answer.ipynb").write_text("{}")
    os.symlink(target, folder / "link")
    os.symlink(tmp_path, folder / "deep" / "dirlink")
    os.symlink("loop", folder / "loop")
    os.mkfifo(folder / "pipe")
    simulated_class.leave_unix_socket(folder / "sock")
    removed = safefs.sweep(folder)
    assert len(removed) == 5 and any("symbolic link" in r for r in removed) and any("FIFO" in r for r in removed)
    assert sorted(p.name for p in folder.rglob("*")) == ["answer.ipynb", "deep"]
    assert target.read_text() == "secret" and (target.stat().st_mode & 0o777) == 0o600


def test_copy_tree_copies_regular_files_only(tmp_path):
    src, dst = tmp_path / "src", tmp_path / "dst"
    src.mkdir()
    (src / "a.txt").write_text("a")
    os.symlink("/etc/passwd", src / "passwd")
    os.mkfifo(src / "pipe")  # opening it would block forever
    skipped = safefs.copy_tree(src, dst)
    assert sorted(p.name for p in dst.iterdir()) == ["a.txt"] and len(skipped) == 2


def test_a_link_in_place_of_a_student_folder_or_notebook_is_refused(tmp_path):
    (tmp_path / "real").mkdir()
    os.symlink(tmp_path / "real", tmp_path / "alias")
    assert "symbolic link" in safefs.link_problem(tmp_path / "alias", "the student folder")
    assert safefs.link_problem(tmp_path / "real", "the student folder") is None
    (tmp_path / "file").write_text("x")
    assert "is a file" in safefs.link_problem(tmp_path / "file", "the student folder")


@pytest.mark.parametrize("value", ["=1+2", "+cmd", "-2+3", "@SUM(A1)", "\t=x"])
def test_csv_cells_that_a_spreadsheet_would_run_are_escaped(value):
    assert csv_safe(value) == "'" + value


def test_csv_numbers_and_plain_text_stay():
    assert csv_safe("-1.5") == "-1.5" and csv_safe("alice") == "alice" and csv_safe(3.0) == 3.0


@pytest.mark.parametrize("source, phrase", [
    ("def expect_equal(*a):\n    pass", "check helper"),
    ("expect_true = lambda *a: None", "check helper"),
    ("import whosaidwhat.check as c\nc.expect_equal.__code__ = (lambda: 0).__code__", "__code__"),
    ("from whosaidwhat import check\ncheck.expect_equal = print", "check helper"),
    ("import builtins\nbuiltins.len = lambda x: 0", "builtins"),
    ("import nltk as n\nn.word_tokenize = str.split", "nltk"),
    ("get_ipython().input_transformers_cleanup.append(lambda l: [])", "input transformer"),
    ("ip = get_ipython()\nip.ast_transformers.append(None)", "AST transformer"),
    ("get_ipython().set_custom_exc((Exception,), print)", "exception handler"),
    ("get_ipython().events.register('post_run_cell', print)", "event callback"),
    ("class A:\n    def __eq__(self, o):\n        return True", "__eq__"),
    ("class A(str):\n    __hash__ = None", "__hash__"),
    ("setattr(__import__('whosaidwhat').check, 'expect_equal', print)", "setattr"),
    ("print(In[-1])", "history"),
    ("%time x = 1\nimport sys\nsys.settrace(print)", "trace"),
])
def test_the_static_scan_flags_each_kind_of_tampering(source, phrase):
    flags = tamper.scan_source(source)
    assert any(phrase in f for f in flags), (source, flags)


def test_the_static_scan_leaves_ordinary_answers_alone():
    source = ("import re\nfrom collections import Counter\nfrom whosaidwhat.check import expect_equal\n"
              "def paragraphs(text):\n    return [p.strip() for p in re.split(r'\\n\\s*\\n', text) if p.strip()]\n"
              "counts = Counter(paragraphs('a\\n\\nb'))\nresult = sorted(counts)\nprint(result)\n%matplotlib inline\n")
    assert tamper.scan_source(source) == []


def test_the_check_helpers_compare_exact_types_first():
    class Any:
        def __eq__(self, other):
            return True

        __hash__ = object.__hash__

    class Liar(str):
        __module__ = "builtins"  # lying about where it comes from does not help

        def __eq__(self, other):
            return True

        __hash__ = str.__hash__

    for got, expected in [(Any(), "x"), ([Any()], ["x"]), (Liar("a"), "b"), ({"k": Liar("a")}, {"k": "b"}),
                          ((1, Any()), (1, 2))]:
        with pytest.raises(AssertionError, match="expected"):
            check.expect_equal(got, expected, "the answer")
    with pytest.raises(AssertionError, match="should be a list"):
        check.expect_type(type("L", (list,), {"__eq__": lambda s, o: True})(), list, "the answer")
    with pytest.raises(AssertionError):
        check.expect_true(Any(), "a real truth value is needed")


def test_the_check_helpers_still_accept_equivalent_builtin_values():
    import collections

    import numpy as np

    check.expect_equal(collections.defaultdict(int, a=1), {"a": 1}, "x")
    check.expect_equal(np.float64(0.5), 0.5, "x")
    check.expect_equal(2, 2.0, "x")
    check.expect_equal([("a", 1)], [("a", 1)], "x")
    check.expect_close(np.float64(0.25), 0.25, "x")
    check.expect_true(np.bool_(True), "x")
    with pytest.raises(AssertionError, match="missing"):  # the course-style message is kept
        check.expect_equal(["a"], ["a", "b"], "the tokens")


def test_student_output_and_markdown_become_inert(tmp_path):
    out = nbformat.v4.new_output("display_data", data={
        "text/html": "<script>alert(1)</script>", "application/javascript": "alert(2)",
        "image/png": '"><script>x</script>'}, metadata={"image/png": {"width": '1" onerror="x'}})
    inert_output(out)
    assert set(out["data"]) == {"text/plain"} and "<script>" in out["data"]["text/plain"] and out["metadata"] == {}
    md = inert_markdown('Hi <img src=x onerror="alert(1)"> [x](java\tscript:alert(1)) [y]( JAVASCRIPT:z)')
    assert "<img" not in md and "javascript" not in md.lower().replace("\t", "")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("<script>alert(1)</script>"),
                                         nbformat.v4.new_raw_cell("<script>x</script>", metadata={"format": "text/html"})])
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    nb, _ = MakeInert().preprocess(nb, {})
    assert "<script>" not in nb.cells[0].source and "format" not in nb.cells[1].metadata and "widgets" not in nb.metadata
    page = tmp_path / "f.html"
    page.write_text("<html><head><script>alert(1)</script></head><body></body></html>")
    lock_html(page)
    text = page.read_text()
    assert text.index("Content-Security-Policy") < text.index("<script>") and "default-src 'none'" in text


def test_the_guide_states_the_grader_s_real_numbers():
    from whosaidwhat.grading import sandbox, simulated_class

    guide = (Path(__file__).resolve().parents[1] / "course" / "instructor_guide.md").read_text(encoding="utf-8")
    section = guide.split("### What happens to broken and hostile submissions")[1].split("## 3.")[0]
    limits = sandbox.Limits()
    assert f"a hostile class\nof {len(simulated_class.hostile_class('a0_meet_the_article'))} more" in section
    assert f"{len(simulated_class.simulated_class('a0_meet_the_article'))} submissions" in section
    assert f"the {len(simulated_class.PER_ASSIGNMENT)}\nwhose outcome depends" in section
    assert f"more than {safefs.MAX_ENTRIES:,} entries" in section
    assert f"home (`/home/student`, {limits.home_mb} MB), `/tmp` ({limits.tmp_mb} MB), `/dev/shm` ({limits.shm_mb} MB)" \
        in section.replace("\n", " ").replace("  ", " ")
    assert f"{limits.processes} processes" in section and f"({limits.memory_mb // 1024} GB)" in section


def test_data_paths_given_through_a_link_reach_the_sandbox_resolved(tmp_path, monkeypatch):
    """NLTK_DATA through a symlink (../shared linked beside a clone): the sandbox mounts real paths,
    so the kernel must get the real path too, or NLTK finds nothing inside."""
    from whosaidwhat.grading import sandbox

    real = tmp_path / "real_nltk_data"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    monkeypatch.setenv("NLTK_DATA", str(tmp_path / "link"))
    env = sandbox.allowed_env(sandbox.Limits())
    assert env["NLTK_DATA"] == str(real)
    assert str(real) in sandbox.visible_paths()
