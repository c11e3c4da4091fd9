"""Shared by the test_prose_numbers tests: the numbers a notebook's Markdown
states, after the structural ones (exercise and section numbers, points,
polarity classes, word limits, list markers, code) are set aside. Each test
then recomputes every number that is left."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

NUMBER = re.compile(r"(?<![\w.])[−+-]?\d[\d,]*(?:\.\d+)?%?(?![\w])")
STRUCTURAL = [
    r"`[^`]*`",                                            # code
    r"### BEGIN MARK SCHEME.*?### END MARK SCHEME",        # instructor-only, mirrored in course/rubrics.md
    r"\*\*Points:\*\*[^\n]*",                              # checked against the cells' points
    r"\*\*Estimated time:\*\*[^.]*\.",
    r"^#+ [^\n]*",                                         # headings: section and exercise numbers, points
    r"\(\d+ points?[^)]*\)|\b\d+ points?\b|\(\d+\)",       # points and rubric scores
    r"\b\d+[–-]\d+\s+words\b",                             # length instructions
    r"\b(?:[Ee]xercises?|[Aa]ssignments?|[Ss]ections?|[Ss]teps?|[Pp]anels?)\s+\d+(?:\s*[–-]\s*\d+)?(?:(?:,\s*|\s+and\s+|\s+or\s+)\d+)*",
    r"^\s*\d+\.\s",                                        # numbered list items
    r"(?<![\w.])[−+-]?[01](?:\.0)?(?![\w.%])",             # the polarity classes −1, 0, +1 and 0.0
]


def prose_numbers(notebook: Path) -> list[tuple[int, str]]:
    """(cell index, number as written) for every non-structural number in Markdown."""
    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    found = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"])
        for pattern in STRUCTURAL:
            text = re.sub(pattern, " ", text, flags=re.S | re.M)
        found += [(i, n.rstrip(",")) for n in NUMBER.findall(text)]
    return found


def cell_source(notebook: Path, gid: str | None = None, starts: str | None = None) -> str:
    """The source of the notebook cell with this nbgrader grade_id, or the first one starting with `starts`."""
    for c in json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]:
        src = "".join(c["source"])
        if (gid and c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == gid) or (starts and src.startswith(starts)):
            return src
    raise AssertionError(f"no cell {gid or starts!r} in {Path(notebook).name}")


def literal(source: str, name: str):
    """The value of `name = <literal>` in a cell's source (solution markers ignored)."""
    for node in ast.parse(re.sub(r"^###.*$", "", source, flags=re.M)).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == name:
            return ast.literal_eval(node.value)
    raise AssertionError(f"no {name} in the cell")
