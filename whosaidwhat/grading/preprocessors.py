"""nbgrader's preprocessors, made to survive hostile notebooks.

SafeExecute replaces nbgrader's Execute.

Plain nbgrader gives up on a whole submission when one cell ignores the
interrupt sent at its timeout (``signal.signal(SIGINT, SIG_IGN)``, or a loop
that catches KeyboardInterrupt) or when the kernel dies (``os._exit``, the
memory or CPU limit).  Here that cell gets an error output that says what
happened, Python is restarted, and the remaining cells still run, so the
cells above keep their points and the student sees why the rest failed.

Output is capped per cell: a cell that prints gigabytes must not fill the
grader's memory or the feedback file.  The grader's own note about it goes
to stdout: nbgrader counts any stderr output of a test cell as a failure.

Test cells run without entering IPython's history (``In``, ``_i``, the
history database), and right before each one a hidden integrity check runs
in the kernel (``whosaidwhat.grading.tamper``): it reports and undoes
patched check helpers and IPython hooks.  Its findings are collected in
``FLAGS`` for the worker.

SaveAutoGradesIgnoringStderr grades a test cell on whether it raised: a
warning on stderr (numpy's RuntimeWarning, a DeprecationWarning) is not a
failure.
"""

from __future__ import annotations

import ast
import json
import os

from jupyter_core.utils import run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from traitlets import Bool, Integer

from nbgrader import utils
from nbgrader.preprocessors import DeduplicateIds, Execute, SaveAutoGrades

from . import tamper

FLAGS: list[str] = []  # tamper flags of the submission being graded (the worker resets it per job)

STUCK = (
    "The grader stopped this cell: it was still running after {timeout} s and did not stop when interrupted. "
    "Python was restarted, so the cells below run without the variables defined above them."
)
DIED = (
    "Python stopped while running this cell ({reason}). It was restarted, so the cells below run without "
    "the variables defined above them. Common causes: os._exit() or exit(), using more memory or CPU time "
    "than the grader allows."
)
TRUNCATED = "\n... output truncated by the grader: this cell printed more than {limit:,} characters ...\n"


def _error(ename: str, text: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=ename, evalue=text, traceback=[f"{ename}: {text}"])


class SafeExecute(Execute):
    max_output_chars = Integer(
        100_000, help="Characters of output kept per cell; the rest is dropped with a note."
    ).tag(config=True)

    integrity_check = Bool(True, help="Run the hidden integrity check before every test cell.").tag(config=True)

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        self._chars = 0
        self._truncated = False
        is_test = cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell)
        try:
            if is_test:
                if self.integrity_check:
                    await self._integrity()
                # not in In/_i/history: later answer cells cannot read the hidden tests back
                store_history = False
            result = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
            if is_test:
                await self._silent(FORGET)
            return result
        except CellTimeoutError:
            cell.outputs.append(_error("CellTimeoutError", STUCK.format(timeout=self.timeout)))
        except DeadKernelError as err:
            cell.outputs.append(_error("DeadKernelError", DIED.format(reason=str(err) or "kernel died")))
        self.log.warning("Cell %d of the notebook stopped the kernel; restarting it for the rest", cell_index)
        await self._restart()
        return cell

    # nbclient binds execute_cell to its own async_execute_cell: rebind it to ours
    execute_cell = run_sync(async_execute_cell)

    async def _silent(self, code: str, expressions: dict | None = None) -> dict | None:
        """Run code the notebook does not see: no history, no events, no output."""
        if self.kc is None:
            return None
        msg_id = self.kc.execute(code, silent=True, store_history=False, user_expressions=expressions or {},
                                 allow_stdin=False)
        reply = await self.async_wait_for_reply(msg_id)
        return reply["content"] if reply else None

    async def _integrity(self) -> None:
        # evaluated as a user expression: IPython's input transformers (which a notebook can
        # install to empty the test cells) never see it
        code = tamper.integrity_code(os.path.dirname(os.path.dirname(os.path.abspath(tamper.__file__))))
        expression = (f"(lambda g: (exec(compile({code!r}, '<grader>', 'exec'), g), "
                      "__import__('json').dumps(g.pop('__wsw_flags')))[1])(get_ipython().user_ns)")
        content = await self._silent("", {"wsw": expression})
        try:
            value = content["user_expressions"]["wsw"]
            found = json.loads(ast.literal_eval(value["data"]["text/plain"]))
            if not isinstance(found, list) or not all(isinstance(f, str) for f in found):
                raise ValueError(found)
        except Exception:
            found = ["the grader's integrity check could not run before a test cell (the kernel was changed)"]
        for flag in found:
            flag = f"dynamic: {flag}"
            if flag not in FLAGS:
                FLAGS.append(flag)

    async def _restart(self) -> None:
        await self.km.restart_kernel(now=True)
        await self.kc.wait_for_ready(timeout=self.startup_timeout)

    def output(self, outs, msg, display_id, cell_index):
        # count text and data of every new output; past the cap keep one note only
        content = msg.get("content", {})
        size = len(content.get("text", "")) + sum(len(str(v)) for v in content.get("data", {}).values())
        self._chars = getattr(self, "_chars", 0) + size
        if self._chars > self.max_output_chars and msg.get("msg_type") != "error":
            if not getattr(self, "_truncated", False):
                self._truncated = True
                outs.append(NotebookNode(output_type="stream", name="stdout",
                                         text=TRUNCATED.format(limit=self.max_output_chars)))
            return None
        return super().output(outs, msg, display_id, cell_index)


# run after every test cell: IPython's line cache keeps each executed cell's source for tracebacks
FORGET = """
import linecache as __wsw_lc
for __wsw_cache in (__wsw_lc.cache, getattr(__wsw_lc, "_ipython_cache", {})):
    for __wsw_key in [k for k, v in list(__wsw_cache.items()) if "HIDDEN TESTS" in "".join(v[2] if len(v) > 2 else [])]:
        __wsw_cache.pop(__wsw_key, None)
del __wsw_lc, __wsw_cache
"""


class SaveAutoGradesIgnoringStderr(SaveAutoGrades):
    """nbgrader scores a test cell 0 when it wrote anything to stderr.  Here only an
    error (the cell raised) fails it: warnings from correct code cost nothing."""

    def _add_score(self, cell, resources):
        if cell.cell_type != "code":
            return super()._add_score(cell, resources)
        kept = cell.outputs
        cell.outputs = [o for o in kept if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
        try:
            return super()._add_score(cell, resources)
        finally:
            cell.outputs = kept


class DropDuplicateIds(DeduplicateIds):
    """nbgrader's DeduplicateIds empties a duplicate cell's nbgrader metadata,
    which its next check then rejects as "an old metadata format", failing the
    whole submission.  Dropping the metadata makes the copy an ordinary cell:
    the first copy is graded, the second just runs."""

    def preprocess_cell(self, cell, resources, cell_index):
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if "nbgrader" in cell.metadata and not cell.metadata.nbgrader:
            del cell.metadata["nbgrader"]
        return cell, resources
