"""Accessibility of every notebook (solutions and student versions), read from the files:

- headings in order: one title (#), then no skipped level (## → ### is fine, # → ### is not),
  so that screen-reader users can navigate by headings and JupyterLab's table of contents is right;
- the course palette (colour-blind safe) is set once, by `use_course_style()`, before the first plot;
- every cell that draws a figure prints its text description with `describe(...)` after drawing it.

The same "Figure description:" line is checked next to each rendered image, at run time, by the
browser tests (tests/browser/test_student_path.py::test_solution_notebook_runs_and_validates).
"""

from __future__ import annotations

import re

import nbformat
import pytest

from browser.labdriver import markdown_headings
from nbtools import NOTEBOOKS, ROOT, all_solution_notebooks

SOLUTIONS = all_solution_notebooks()
ALL = SOLUTIONS + [NOTEBOOKS / p.parent.name / p.name for p in SOLUTIONS if (NOTEBOOKS / p.parent.name / p.name).exists()]
IDS = [p.relative_to(ROOT).as_posix() for p in ALL]

# A call that draws a figure (matplotlib's pyplot, an Axes or a Figure).
DRAWS = re.compile(r"\b(plt\.(subplots|figure|bar|barh|plot|scatter|hist|imshow|pie|show)|\.(barh?|plot|scatter|hist|imshow|pie|bar_label)\()")
STYLE_CALL = re.compile(r"\buse_course_style\(\)")


def _code_cells(nb):
    return [(i, c.source) for i, c in enumerate(nb.cells) if c.cell_type == "code"]


def _draws(src: str) -> bool:
    code = "\n".join(ln.split("#", 1)[0] for ln in src.splitlines())  # comments don't draw
    return bool(DRAWS.search(code))


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_headings_are_in_order(path):
    nb = nbformat.read(path, as_version=4)
    headings = [(i, lvl, text) for i, c in enumerate(nb.cells) if c.cell_type == "markdown" for lvl, text in markdown_headings(c.source)]
    assert headings, "no headings at all"
    assert headings[0][1] == 1, f"the first heading should be the title (#), not {'#' * headings[0][1]} {headings[0][2]}"
    titles = [t for _, lvl, t in headings if lvl == 1]
    assert len(titles) == 1, f"one title (#) per notebook, found {titles}"
    skipped = [
        f"cell {i}: {'#' * lvl} {text!r} follows a level-{prev} heading"
        for (_, prev, _), (i, lvl, text) in zip(headings, headings[1:])
        if lvl > prev + 1
    ]
    assert not skipped, "heading levels are skipped:\n" + "\n".join(skipped)


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_the_course_palette_is_set_once_before_the_first_plot(path):
    nb = nbformat.read(path, as_version=4)
    cells = _code_cells(nb)
    plotting = [i for i, src in cells if _draws(src)]
    styled = [i for i, src in cells if STYLE_CALL.search(src)]
    if not plotting:
        pytest.skip("no plots in this notebook")
    assert len(styled) == 1, f"use_course_style() should be called once; it is called in cells {styled}"
    assert styled[0] <= plotting[0], f"use_course_style() (cell {styled[0]}) comes after the first plot (cell {plotting[0]})"
    redefined = [i for i, src in cells if re.search(r"rcParams|plt\.style\.use|set_prop_cycle", src)]
    assert not redefined, f"cells {redefined} change the course style again"


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.relative_to(ROOT).as_posix() for p in SOLUTIONS])
def test_every_figure_is_described_in_words(path):
    nb = nbformat.read(path, as_version=4)
    missing = []
    for i, src in _code_cells(nb):
        if not _draws(src):
            continue
        code = "\n".join(ln.split("#", 1)[0] for ln in src.splitlines())
        last_draw = max(m.end() for m in DRAWS.finditer(code))
        if not re.search(r"\bdescribe\(", code[last_draw:]):
            missing.append(i)
    assert not missing, (
        f"cells {missing} draw a figure without a text description after it: end the cell with "
        "whosaidwhat.plotting.describe(...), computed from the data (what is largest, what the colours mean)"
    )
