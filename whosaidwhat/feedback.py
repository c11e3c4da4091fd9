"""nbgrader preprocessor for feedback: hidden tests stay hidden.

nbgrader's autograded notebook holds the hidden tests *and* their output
(a failing assertion's traceback quotes the hidden code and its data).
Feedback removes the hidden region and replaces the cell's output with a
short note, so a student learns *that* the code failed on unseen text, not
what the unseen text was.

A student's own cell can also print the hidden tests: IPython keeps every
executed cell's source in ``In``.  So every line of a hidden test is also
scrubbed from the outputs of all other cells.
"""

import re

from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests
from nbformat.v4 import new_output

NOTE = (
    "Hidden tests ran here on text that is not in the article; they are not shown. "
    "If you lost points in this cell, your code works on the article but not on new text: "
    "look for rules that only fit this one article."
)
SCRUBBED = "[a line of a hidden test was removed here]"
MIN_SECRET = 12  # shorter lines ("assert ok", "else:") give nothing away


class HideHiddenTests(ClearHiddenTests):
    def preprocess(self, nb, resources):
        self._secrets = self._hidden_lines(nb)
        return super().preprocess(nb, resources)

    def _hidden_lines(self, nb) -> set[str]:
        region = re.compile(re.escape(self.begin_test_delimeter) + r"(.*?)" + re.escape(self.end_test_delimeter), re.S)
        hidden, visible = set(), set()
        for cell in nb.cells:
            for part in region.findall(cell.source):
                hidden |= {ln.strip() for ln in part.splitlines()}
            visible |= {ln.strip() for ln in region.sub("", cell.source).splitlines()}
        return {ln for ln in hidden - visible if len(ln) >= MIN_SECRET}

    def _scrub(self, text: str) -> str:
        return "\n".join(SCRUBBED if any(s in line for s in self._secrets) else line for line in text.split("\n"))

    def preprocess_cell(self, cell, resources, cell_index):
        removed = self._remove_hidden_test_region(cell)
        if removed and cell.cell_type == "code":
            cell.outputs = [new_output("stream", name="stdout", text=NOTE)]
        elif removed and not utils.is_grade(cell) and self.enforce_metadata:
            raise RuntimeError("Hidden test region in a cell that is not a grade cell")
        elif cell.cell_type == "code" and self._secrets:
            for out in cell.get("outputs", []):
                if "text" in out:
                    out.text = self._scrub(out.text)
                if "traceback" in out:
                    out.traceback = [self._scrub(line) for line in out.traceback]
                    out.evalue = self._scrub(out.get("evalue", ""))
                for mime, value in out.get("data", {}).items():
                    if isinstance(value, str) and mime.startswith("text/"):
                        out.data[mime] = self._scrub(value)
        return cell, resources
