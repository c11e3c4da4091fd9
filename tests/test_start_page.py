"""START_HERE.md, the page JupyterLab opens on (bin/start, Binder): it links every assignment's
student notebook, in course order, with the time each notebook itself announces; every relative link
works; and it explains Validate and where the solutions are."""

from __future__ import annotations

import re

import nbformat

from nbtools import NOTEBOOKS, ROOT, SOLUTIONS, assignments

PAGE = ROOT / "START_HERE.md"
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def _rows():
    """(link target, time) of each row of the assignments table."""
    rows = []
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        cols = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cols) >= 4 and (m := LINK.search(cols[1])) and m.group(2).startswith("notebooks/"):
            rows.append((m.group(2), cols[-1]))
    return rows


def _estimated_time(nb_path) -> str:
    for cell in nbformat.read(nb_path, as_version=4).cells[:3]:
        if m := re.search(r"\*\*Estimated time:\*\*\s*(.+?)\.(\s|$)", cell.source):
            return m.group(1).strip()
    raise AssertionError(f"{nb_path.relative_to(ROOT)} does not state its estimated time")


def test_every_assignment_is_linked_in_order_with_its_time():
    rows = _rows()
    linked = [target for target, _ in rows]
    expected = [
        (NOTEBOOKS / a / nb.name).relative_to(ROOT).as_posix()
        for a in assignments()
        for nb in sorted((SOLUTIONS / a).glob("*.ipynb"))
    ]
    assert linked == expected, f"START_HERE.md's table should link, in order:\n{expected}\nit links:\n{linked}"
    for target, time in rows:
        assert time == _estimated_time(ROOT / target), f"{target}: the start page says {time!r}, the notebook says {_estimated_time(ROOT / target)!r}"


def test_every_relative_link_works():
    for text, target in LINK.findall(PAGE.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        assert (ROOT / target.split("#")[0]).exists(), f"link [{text}]({target}) points at nothing"


def test_it_explains_validate_and_where_the_solutions_are():
    text = PAGE.read_text(encoding="utf-8")
    assert "**Validate**" in text and "Success! Your notebook passes all the tests." in text
    assert "](solutions/)" in text and "Run All Cells" in text
