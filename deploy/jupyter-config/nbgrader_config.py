# nbgrader settings every user of the course's JupyterHub reads (the hub puts this folder on
# JUPYTER_CONFIG_PATH): one course, and nbgrader's exchange in a shared folder.
# The instructor's own course settings (solutions/, gradebook …) come from the course folder's
# nbgrader_config.py, read when nbgrader runs there.
import os

c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "who-said-what"
c.Exchange.root = os.environ.get("COURSE_EXCHANGE", "/srv/nbgrader/exchange")
# Students see assignments in their home folder (fetched into ~/who-said-what/… would also work).
c.Exchange.path_includes_course = False
