"""One grading worker: a long-lived process that autogrades submissions one
at a time, in-process through nbgrader's API (no start-up cost per student).

The class grader (``whosaidwhat.grading.grader``) starts one worker per core,
sends jobs as JSON lines on stdin and reads one JSON result line per job.
A worker that hangs or crashes is killed and replaced by the grader; the
student it was grading gets an error, the others are not affected.

Every job gets a fresh private folder (0700, in the run's scratch folder):
the kernels' connection files and Unix sockets go there, the sandbox of that
submission mounts it and no other does, and it is deleted after the job,
with the submission's cgroup.  Before feedback (and so before nbgrader copies
anything) the autograded folder is swept of links and special files.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader


def nbgrader_config(settings: dict, private: str | None = None) -> Config:
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
        "whosaidwhat.feedback.MakeInert",
        "whosaidwhat.grading.preprocessors.SaveAutoGradesIgnoringStderr",
        "nbgrader.preprocessors.AssignLatePenalties",
        "nbgrader.preprocessors.CheckCellMetadata",
    ]
    over.Execute.timeout = settings["cell_timeout"]
    # every cell has run by then: a polite shutdown only costs time (and waits out a stuck kernel)
    over.SafeExecute.shutdown_kernel = "immediate"
    over.SafeExecute.max_output_chars = settings["max_output_chars"]
    folder = private or os.environ.get("JUPYTER_RUNTIME_DIR")
    if settings["sandbox"]:
        # Unix sockets instead of TCP: the sandbox has no network at all
        over.SafeExecute.kernel_name = settings["kernel_name"]
        over.KernelManager.transport = "ipc"
        over.KernelManager.ip = os.path.join(folder, "k")
    cfg.merge(over)
    return cfg


def feedback_config(cfg: Config) -> Config:
    """Feedback is the HTML of the notebook, nothing else: nbgrader would copy every
    other file of the autograded folder into feedback/ (a 2 GB file, a link's target)."""
    over = Config()
    over.CourseDirectory.ignore = list(cfg.CourseDirectory.get("ignore", [])) + ["*"]
    merged = Config(cfg)
    merged.merge(over)
    return merged


def grade(settings: dict, job: dict, scratch: str) -> dict:
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    from . import preprocessors, safefs
    from . import sandbox as sb

    student = job["student"]
    private = tempfile.mkdtemp(prefix="s-", dir=scratch)  # 0700, unpredictable name
    os.environ["JUPYTER_RUNTIME_DIR"] = private
    os.environ[sb.PRIVATE] = private
    preprocessors.FLAGS.clear()
    result: dict = {"removed": []}
    # jupyter_client makes each kernel's connection file (with its key) with mkstemp: a new random
    # name per kernel, in the private folder, never through a link student code could have left there
    tempfile.tempdir = private
    try:
        cfg = nbgrader_config(settings, private)
        api = NbGraderAPI(coursedir=CourseDirectory(config=cfg), config=cfg)
        # nbgrader globs the student id: escaped, "s[0-9]*" is one student, not six
        result["autograde"] = api.autograde(job["assignment"], glob.escape(student), force=True, create=True)
        autograded = Path(settings["autograded"]) / student / job["assignment"]
        try:
            result["removed"] = safefs.sweep(autograded)
        except safefs.UnsafeTree as err:
            result["autograde"] = {"success": False, "log": result["autograde"].get("log", ""),
                                   "error": f"the autograded folder cannot be used safely: {err}"}
        if result["autograde"]["success"] and job.get("feedback"):
            fcfg = feedback_config(cfg)
            fapi = NbGraderAPI(coursedir=CourseDirectory(config=fcfg), config=fcfg)
            result["feedback"] = fapi.generate_feedback(job["assignment"], glob.escape(student), force=True)
            feedback = Path(settings["feedback"]) / student / job["assignment"]
            from ..feedback import lock_html

            for html in feedback.glob("*.html"):
                lock_html(html)
    finally:
        tempfile.tempdir = None
        sb.remove_cgroup(os.path.basename(private))
        shutil.rmtree(private, ignore_errors=True)
    result["flags"] = list(preprocessors.FLAGS)
    return result


def main() -> None:
    settings = json.loads(sys.argv[1])
    # results go to the real stdout; anything else printed to it (kernels, libraries) goes to the log
    results = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)

    scratch = settings["scratch"]
    for line in sys.stdin:
        job = json.loads(line)
        try:
            result = grade(settings, job, scratch)
        except Exception as err:  # reported as this submission's error; the worker goes on
            result = {"autograde": {"success": False, "log": "", "error": f"{type(err).__name__}: {err}"}}
        results.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
