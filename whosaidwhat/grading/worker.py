"""One grading worker: a long-lived process that autogrades submissions one
at a time, in-process through nbgrader's API (no start-up cost per student).

The class grader (``whosaidwhat.grading.grader``) starts one worker per core,
sends jobs as JSON lines on stdin and reads one JSON result line per job.
A worker that hangs or crashes is killed and replaced by the grader; the
student it was grading gets an error, the others are not affected.
"""

from __future__ import annotations

import json
import os
import sys

from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader


def nbgrader_config(settings: dict) -> Config:
    """The course's nbgrader configuration, pointed at this run's folders,
    with the hardened executor (and the sandbox kernel when it is on)."""
    cfg = PyFileConfigLoader("nbgrader_config.py", path=settings["root"]).load_config()
    over = Config()
    for name in ("submitted", "autograded", "feedback"):
        setattr(over.CourseDirectory, f"{name}_directory", settings[name])
    over.CourseDirectory.db_url = settings["db_url"]
    over.Autograde.sanitize_preprocessors = [
        "nbgrader.preprocessors.ClearOutput",
        "whosaidwhat.grading.preprocessors.DropDuplicateIds",
        "nbgrader.preprocessors.OverwriteKernelspec",
        "nbgrader.preprocessors.OverwriteCells",
        "nbgrader.preprocessors.CheckCellMetadata",
    ]
    over.Autograde.autograde_preprocessors = [
        "whosaidwhat.grading.preprocessors.SafeExecute",
        "nbgrader.preprocessors.IgnorePattern",
        "nbconvert.preprocessors.ClearMetadataPreprocessor",
        "nbgrader.preprocessors.LimitOutput",
        "nbgrader.preprocessors.SaveAutoGrades",
        "nbgrader.preprocessors.AssignLatePenalties",
        "nbgrader.preprocessors.CheckCellMetadata",
    ]
    over.Execute.timeout = settings["cell_timeout"]
    # every cell has run by then: a polite shutdown only costs time (and waits out a stuck kernel)
    over.SafeExecute.shutdown_kernel = "immediate"
    over.SafeExecute.max_output_chars = settings["max_output_chars"]
    if settings["sandbox"]:
        # Unix sockets instead of TCP: the sandbox has no network at all
        over.SafeExecute.kernel_name = settings["kernel_name"]
        over.KernelManager.transport = "ipc"
        over.KernelManager.ip = os.path.join(os.environ["JUPYTER_RUNTIME_DIR"], "kernel")
    cfg.merge(over)
    return cfg


def main() -> None:
    settings = json.loads(sys.argv[1])
    # results go to the real stdout; anything else printed to it (kernels, libraries) goes to the log
    results = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)

    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    cfg = nbgrader_config(settings)
    api = NbGraderAPI(coursedir=CourseDirectory(config=cfg), config=cfg)
    for line in sys.stdin:
        job = json.loads(line)
        result = {"autograde": api.autograde(job["assignment"], job["student"], force=True, create=True)}
        if result["autograde"]["success"] and job.get("feedback"):
            result["feedback"] = api.generate_feedback(job["assignment"], job["student"], force=True)
        results.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
