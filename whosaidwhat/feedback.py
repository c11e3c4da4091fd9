"""nbgrader preprocessor for feedback: hidden tests stay hidden.

nbgrader's autograded notebook holds the hidden tests *and* their output
(a failing assertion's traceback quotes the hidden code and its data).
Feedback removes the hidden region and replaces the cell's output with a
short note, so a student learns *that* the code failed on unseen text, not
what the unseen text was.
"""

from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests
from nbformat.v4 import new_output

NOTE = (
    "Hidden tests ran here on text that is not in the article; they are not shown. "
    "If you lost points in this cell, your code works on the article but not on new text: "
    "look for rules that only fit this one article."
)


class HideHiddenTests(ClearHiddenTests):
    def preprocess_cell(self, cell, resources, cell_index):
        removed = self._remove_hidden_test_region(cell)
        if removed and cell.cell_type == "code":
            cell.outputs = [new_output("stream", name="stdout", text=NOTE)]
        elif removed and not utils.is_grade(cell) and self.enforce_metadata:
            raise RuntimeError("Hidden test region in a cell that is not a grade cell")
        return cell, resources
