"""Checks on a submission before it is graded, so the instructor's report says
in plain words what is wrong with it (nbgrader only logs most of these)."""

from __future__ import annotations

import json
import warnings
from collections import Counter
from pathlib import Path

import nbformat


def _cells_by_id(nb: dict) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for cell in nb.get("cells", []):
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid:
            found.setdefault(gid, []).append(cell)
    return found


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def read_notebook(path: Path) -> tuple[dict | None, str | None]:
    """(notebook, None) or (None, why it cannot be graded)."""
    try:
        raw = path.read_bytes()
        if not raw.strip():
            return None, f"{path.name} is empty"
        with warnings.catch_warnings():  # duplicated cell ids: reported by compare(), nbgrader copes
            warnings.simplefilter("ignore")
            nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
            nbformat.validate(nb)
    except UnicodeDecodeError:
        return None, f"{path.name} is not UTF-8 text"
    except json.JSONDecodeError as err:
        return None, f"{path.name} is not a valid notebook (broken JSON at line {err.lineno}: {err.msg})"
    except Exception as err:  # nbformat raises several kinds for a malformed notebook
        first_line = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        return None, f"{path.name} is not a valid notebook ({first_line[:200]})"
    return nb, None


def compare(submitted: dict, released: dict) -> list[str]:
    """What the student changed in the cells nbgrader owns (test cells,
    answer cells' ids), compared with the released notebook."""
    notes = []
    mine, theirs = _cells_by_id(submitted), _cells_by_id(released)
    for gid, cells in theirs.items():
        meta = cells[0]["metadata"]["nbgrader"]
        is_test = meta.get("grade") and not meta.get("solution")
        if gid not in mine:
            notes.append(f"cell '{gid}' was deleted" + (" (its points are lost)" if is_test else ""))
            continue
        if len(mine[gid]) > 1:
            notes.append(f"cell '{gid}' appears {len(mine[gid])} times (only the first counts)")
        cell = mine[gid][0]
        if cell.get("cell_type") != cells[0]["cell_type"]:
            notes.append(f"cell '{gid}' was changed from {cells[0]['cell_type']} to {cell.get('cell_type')}")
        if is_test and _source(cell) != _source(cells[0]):
            notes.append(f"test cell '{gid}' was edited (graded with the original)")
    unknown = Counter(g for g in mine if g not in theirs)
    for gid in unknown:
        notes.append(f"cell id '{gid}' is not in the assignment (ignored)")
    return notes
