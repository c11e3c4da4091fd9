"""Class grading: one command that autogrades every submission in a sandbox,
writes feedback without hidden tests, and exports the grades.

grader.py          the command (bin/grade-class → python -m whosaidwhat.grading)
worker.py          a worker process that grades one submission at a time
preprocessors.py   nbgrader's Execute and DeduplicateIds, hardened (stuck cells, dead kernels,
                   huge output, duplicated cells)
sandbox.py         the kernel sandbox (bubblewrap + resource limits)
checks.py          what the student changed, in words, before grading
simulated_class.py a class of 34 submissions per assignment, hostile ones included
"""
