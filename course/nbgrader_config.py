# nbgrader settings for the course.  The file at the repository root only
# loads this one, because nbgrader looks for nbgrader_config.py in the folder
# it is started from.
import os

from whosaidwhat.feedback import HideHiddenTests, MakeInert

c = get_config()  # noqa: F821  (provided by traitlets when it reads this file)

c.CourseDirectory.course_id = "who-said-what"
# The course root is the repository, wherever it is cloned.
c.CourseDirectory.root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
c.CourseDirectory.source_directory = "solutions"   # instructor notebooks: solutions + hidden tests
c.CourseDirectory.release_directory = "notebooks"  # generated student versions (committed)
# Student work and grades never go into git (see .gitignore).
c.CourseDirectory.submitted_directory = "grading/submitted"
c.CourseDirectory.autograded_directory = "grading/autograded"
c.CourseDirectory.feedback_directory = "grading/feedback"
c.CourseDirectory.solution_directory = "grading/released_solutions"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(c.CourseDirectory.root, "grading", "gradebook.db")
os.makedirs(os.path.join(c.CourseDirectory.root, "grading"), exist_ok=True)  # sqlite will not create the folder
# Only notebooks are part of an assignment; helpers come from the installed package.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".*"]

# A stuck cell must not block a whole class: 60 s per cell, then interrupt.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Feedback shows scores and visible tests, never hidden tests or mark schemes.
# Student HTML/JS/SVG/Markdown is made inert (see whosaidwhat/feedback.py).
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    MakeInert,
    HideHiddenTests,
    "nbgrader.preprocessors.ClearMarkScheme",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
# Mark schemes sit inside the manually graded answer cells of solutions/
# (generate_assignment replaces those cells whole). A submission that still
# holds one (e.g. a copied solution) must have it stripped from feedback, not crash.
c.ClearMarkScheme.enforce_metadata = False
c.MakeInert.release_dir = os.path.join(c.CourseDirectory.root, "notebooks")
