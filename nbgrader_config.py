# nbgrader (command line and the JupyterLab extension) reads nbgrader_config.py
# from the folder it starts in; the course's settings live in course/.
c = get_config()  # noqa: F821
load_subconfig("course/nbgrader_config.py")  # noqa: F821
