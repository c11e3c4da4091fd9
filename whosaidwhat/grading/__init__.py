"""Class grading: one command that autogrades every submission in a sandbox,
writes feedback without hidden tests, and exports the grades.

grader.py          the command (bin/grade-class → python -m whosaidwhat.grading)
worker.py          a worker process that grades one submission at a time
preprocessors.py   nbgrader's Execute, DeduplicateIds and SaveAutoGrades, hardened (stuck cells, dead
                   kernels, huge output, duplicated cells, stderr, the integrity check before tests)
sandbox.py         the kernel sandbox: one per submission (bubblewrap, tmpfs, cgroup limits)
safefs.py          file handling that never follows a link (sweeps, no-follow copies)
tamper.py          tamper flags: static scan of answer cells, integrity check in the kernel
checks.py          what the student changed, in words, before grading
simulated_class.py a class of 34 submissions per assignment, and a hostile class (issue 13)
"""
