"""nbgrader's preprocessors, made to survive hostile notebooks.

SafeExecute replaces nbgrader's Execute.

Plain nbgrader gives up on a whole submission when one cell ignores the
interrupt sent at its timeout (``signal.signal(SIGINT, SIG_IGN)``, or a loop
that catches KeyboardInterrupt) or when the kernel dies (``os._exit``, the
memory or CPU limit).  Here that cell gets an error output that says what
happened, Python is restarted, and the remaining cells still run, so the
cells above keep their points and the student sees why the rest failed.

Output is capped per cell: a cell that prints gigabytes must not fill the
grader's memory or the feedback file.
"""

from __future__ import annotations

from jupyter_core.utils import run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from traitlets import Integer

from nbgrader.preprocessors import DeduplicateIds, Execute

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

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        self._chars = 0
        self._truncated = False
        try:
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        except CellTimeoutError:
            cell.outputs.append(_error("CellTimeoutError", STUCK.format(timeout=self.timeout)))
        except DeadKernelError as err:
            cell.outputs.append(_error("DeadKernelError", DIED.format(reason=str(err) or "kernel died")))
        self.log.warning("Cell %d of the notebook stopped the kernel; restarting it for the rest", cell_index)
        await self._restart()
        return cell

    # nbclient binds execute_cell to its own async_execute_cell: rebind it to ours
    execute_cell = run_sync(async_execute_cell)

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
                outs.append(NotebookNode(output_type="stream", name="stderr",
                                         text=TRUNCATED.format(limit=self.max_output_chars)))
            return None
        return super().output(outs, msg, display_id, cell_index)


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
