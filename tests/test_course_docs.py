"""The instructor documents cover every assignment and every manual question."""

import json
import re

from nbtools import ROOT, assignments, notebooks_of

COURSE = ROOT / "course"


def test_every_mark_scheme_is_in_the_rubrics_word_for_word():
    rubrics = (COURSE / "rubrics.md").read_text(encoding="utf-8")
    for a in assignments():
        for nb in notebooks_of(a):
            for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
                src = "".join(cell["source"])
                for scheme in re.findall(r"### BEGIN MARK SCHEME\n(.*?)\n### END MARK SCHEME", src, re.S):
                    gid = cell["metadata"]["nbgrader"]["grade_id"]
                    assert f"`{gid}`" in rubrics, f"{a}/{gid} has no section in course/rubrics.md"
                    assert scheme in rubrics, f"the mark scheme of {a}/{gid} differs from course/rubrics.md"


def test_every_manual_question_has_a_mark_scheme():
    for a in assignments():
        for nb in notebooks_of(a):
            for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
                meta = cell.get("metadata", {}).get("nbgrader", {})
                if meta.get("grade") and meta.get("solution") and cell["cell_type"] == "markdown":
                    assert "BEGIN MARK SCHEME" in "".join(cell["source"]), f"{a}/{meta['grade_id']} has no mark scheme"


def test_syllabus_and_guide_cover_every_assignment():
    syllabus = (COURSE / "syllabus.md").read_text(encoding="utf-8")
    for a in assignments():
        assert a.split("_")[0] in syllabus, f"{a} is missing from the syllabus"
    guide = (COURSE / "instructor_guide.md").read_text(encoding="utf-8")
    for cmd in ("nbgrader generate_assignment", "nbgrader autograde", "nbgrader generate_feedback", "nbgrader export", "bin/build"):
        assert cmd in guide
