"""Cold execution time of each solution notebook next to its floor.

The floor is a notebook that only starts a kernel and runs the same import
lines (so a notebook is not blamed for the cost of importing NLTK or
matplotlib).  Target: every notebook at most 2x its floor.

    .venv/bin/python benchmarks/notebook_speed.py [--repeat 3]

Each measurement starts a fresh kernel; the best of --repeat runs is kept.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
IMPORT = re.compile(r"^(import \S|from \S+ import )")
TARGET = 2.0


def run(nb, folder: Path) -> float:
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=False,
                   resources={"metadata": {"path": str(folder)}}).execute()
    return time.perf_counter() - start


def floor_notebook(nb):
    lines = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            # top-level imports only; multi-line imports are rare in the course
            lines += [ln for ln in cell.source.splitlines() if IMPORT.match(ln) and not ln.rstrip().endswith("(")]
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("\n".join(dict.fromkeys(lines)))])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    rows, worst = [], 0.0
    for path in sorted((ROOT / "solutions").glob("*/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        full = min(run(nbformat.read(path, as_version=4), path.parent) for _ in range(args.repeat))
        floor = min(run(floor_notebook(nb), path.parent) for _ in range(args.repeat))
        ratio = full / floor
        worst = max(worst, ratio)
        rows.append((f"{path.parent.name}/{path.name}", full, floor, ratio))
    print(f"{'notebook':<60}{'cold run s':>11}{'floor s':>9}{'ratio':>7}")
    for name, full, floor, ratio in rows:
        flag = "" if ratio <= TARGET else f"  > {TARGET}x target"
        print(f"{name:<60}{full:>11.2f}{floor:>9.2f}{ratio:>7.2f}{flag}")
    print(f"worst ratio {worst:.2f} (target <= {TARGET})")
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
