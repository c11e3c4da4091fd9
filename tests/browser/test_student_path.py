"""The student's path in a real browser (JupyterLab started by bin/start, Debian's Chromium):

- the start page opens, rendered, with no pop-up and nothing restored from an earlier session;
- every student notebook opens from the start page's link, runs (Run All, then Run Selected Cell and
  All Below after each stop, as a student does), shows its explanations and plots, and fails only in
  the answer stubs;
- every solution notebook runs clean, shows each figure with its text description, and passes
  nbgrader's Validate button.

Screenshots go to .artifacts/screenshots/ (the figures, the start page, the Validate result, a stub's message).
"""

from __future__ import annotations

import re

import pytest

import labdriver as lab_ui
from labdriver import SCREENSHOTS, artifact_name, markdown_headings, plain
from nbtools import NOTEBOOKS, ROOT, all_solution_notebooks

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SOLUTIONS = all_solution_notebooks()
IDS = [p.parent.name for p in SOLUTIONS]
# What a test cell of an exercise the student has not done yet may raise (as in tests/test_notebooks.py).
TEST_CELL_ERRORS = {"AssertionError", "NameError", "TypeError"}


def _rel(path):
    return path.relative_to(ROOT).as_posix()


def _expected_headings(cells) -> list[str]:
    return [plain(t) for c in cells if c["cell_type"] == "markdown" for _, t in markdown_headings(c["source"])]


def _is_test_cell(cell) -> bool:
    nb = cell["nbgrader"]
    return bool(nb.get("grade")) and not nb.get("solution")


def _check_explanations_render(page, cells, where):
    shown = [plain(h) for h in lab_ui.rendered_headings(page)]
    expected = _expected_headings(cells)
    assert expected, f"{where}: no Markdown headings at all"
    assert shown == expected, f"{where}: headings on screen differ from the notebook's:\n{shown}\n!=\n{expected}"
    n_md = sum(c["cell_type"] == "markdown" for c in cells)
    rendered = page.locator(f"{lab_ui.PANEL} .jp-MarkdownCell.jp-mod-rendered").count()
    assert rendered == n_md, f"{where}: {n_md - rendered} Markdown cells are not rendered"
    for c in cells:
        if c["cell_type"] == "markdown" and "<details" in c["source"]:
            n = page.locator(f"{lab_ui.PANEL} [data-course-index='{c['index']}'] details").count()
            assert n, f"{where}: the hint block in cell {c['index']} is not rendered as a <details> element"


def _image_cells(cells):
    return [c for c in cells if any(m.startswith("image/") for o in c["outputs"] for m in o["mimes"])]


def _check_images_render(page, cells, where):
    for c in _image_cells(cells):
        imgs = lab_ui.images_in_cell(page, c["index"])
        n_model = sum(any(m.startswith("image/") for m in o["mimes"]) for o in c["outputs"])
        assert len(imgs) == n_model, f"{where}: cell {c['index']} has {n_model} images but shows {len(imgs)}"
        for img in imgs:
            assert img["w"] > 50 and img["h"] > 50 and img["shown"] > 50, f"{where}: cell {c['index']}: broken image {img}"


def test_start_page_opens_rendered_without_popups(page, lab):
    url = lab.start_page_url()
    assert "/lab/tree/START_HERE.md" in url, url
    lab_ui.goto(page, url)
    page.wait_for_selector(".jp-RenderedMarkdown h1", timeout=60_000)
    page.wait_for_timeout(3000)  # pop-ups (news, updates, build) come a moment after loading
    assert lab_ui.popups(page) == [], "a dialog or notification covers the start page"
    assert lab_ui.main_area_tabs(page) == ["START_HERE.md"], "other tabs were opened or restored"
    page.screenshot(path=str(SCREENSHOTS / "start_page.png"))
    hrefs = page.evaluate("() => [...document.querySelectorAll('.jp-RenderedMarkdown a')].map(a => a.getAttribute('href'))")
    for nb in SOLUTIONS:
        student = _rel(NOTEBOOKS / nb.parent.name / nb.name)
        assert any(h and re.split(r"[?#]", h)[0].endswith(student) for h in hrefs), f"START_HERE.md does not link to {student}: {hrefs}"
    assert not page.js_errors, page.js_errors


@pytest.mark.parametrize("solution", SOLUTIONS, ids=IDS)
def test_student_notebook_in_jupyterlab(page, lab, solution):
    assignment = solution.parent.name
    student = _rel(NOTEBOOKS / assignment / solution.name)
    where = student

    # the way in: the start page's link
    lab_ui.goto(page, lab.url("START_HERE.md", workspace=page.workspace))
    page.wait_for_selector(".jp-RenderedMarkdown h1", timeout=60_000)
    page.locator(f".jp-RenderedMarkdown a[href*='/{student}']").first.click()
    assert lab_ui.wait_for_notebook(page) == student

    cells, stops = lab_ui.run_all_like_a_student(page)
    _check_explanations_render(page, cells, where)

    unrun = [c["index"] for c in cells if c["cell_type"] == "code" and c["source"].strip() and c["execution_count"] is None]
    assert not unrun, f"{where}: cells {unrun} never ran"
    errors = [(c, o) for c in cells for o in c["outputs"] if o["output_type"] == "error"]
    assert errors, f"{where}: nothing failed: are the answer stubs missing?"
    bad = [
        f"cell {c['index']} ({c['nbgrader'].get('grade_id', 'no nbgrader id')}) raised {o['ename']}: {o['evalue']}"
        for c, o in errors
        if o["ename"] != "NotImplementedError" and not (_is_test_cell(c) and o["ename"] in TEST_CELL_ERRORS)
    ]
    assert not bad, f"{where}: cells that are not answer stubs fail:\n" + "\n".join(bad)
    stderr = [c["index"] for c in cells for o in c["outputs"] if o["output_type"] == "stream" and o["name"] == "stderr"]
    assert not stderr, f"{where}: cells {stderr} write to stderr"
    _check_images_render(page, cells, where)

    # what a student sees at the first stub
    first = errors[0][0]["index"]
    lab_ui.screenshot_cell(page, first, SCREENSHOTS / artifact_name("student", assignment, "first_stub.png"))
    assert "NotImplementedError" in lab_ui.output_text(page, first)
    assert lab_ui.popups(page) == [], "a dialog or notification appeared"
    assert not page.js_errors, page.js_errors


@pytest.mark.parametrize("solution", SOLUTIONS, ids=IDS)
def test_solution_notebook_runs_and_validates(page, lab, solution):
    assignment = solution.parent.name
    path = _rel(solution)
    where = path
    lab_ui.goto(page, lab.url(path, workspace=page.workspace))
    assert lab_ui.wait_for_notebook(page) == path

    cells, stops = lab_ui.run_all_like_a_student(page)
    errors = [f"cell {c['index']} raised {o['ename']}: {o['evalue']}" for c in cells for o in c["outputs"] if o["output_type"] == "error"]
    assert not errors, f"{where}: " + "\n".join(errors)
    unrun = [c["index"] for c in cells if c["cell_type"] == "code" and c["source"].strip() and c["execution_count"] is None]
    assert not unrun, f"{where}: cells {unrun} never ran"
    stderr = [c["index"] for c in cells for o in c["outputs"] if o["output_type"] == "stream" and o["name"] == "stderr"]
    assert not stderr, f"{where}: cells {stderr} write to stderr"
    _check_explanations_render(page, cells, where)
    _check_images_render(page, cells, where)

    figures = _image_cells(cells)
    assert figures, f"{where}: no plot"
    k = 0
    for c in figures:
        # the text description sits next to the figure, in the same output area
        text = lab_ui.output_text(page, c["index"])
        assert "Figure description:" in text, f"{where}: the figure in cell {c['index']} has no 'Figure description:' line"
        n = sum(any(m.startswith("image/") for m in o["mimes"]) for o in c["outputs"])
        names = [SCREENSHOTS / artifact_name(assignment, f"figure{k + j + 1}.png") for j in range(n)]
        lab_ui.screenshot_images(page, c["index"], names)
        k += n

    result = lab_ui.press_validate(page)
    page.screenshot(path=str(SCREENSHOTS / artifact_name(assignment, "validate.png")))
    assert "validation-success" in result["class"] and "Success" in result["text"], (
        f"{where}: Validate says: {result['header']}\n{result['text'][:2000]}"
    )
    result["locator"].get_by_role("button", name=re.compile("ok", re.I)).click()
    assert lab_ui.popups(page) == [], "a dialog or notification is still open"
    assert not page.js_errors, page.js_errors
