# JupyterHub for one class of "Who Said What" on one machine (local system accounts).
#
#   sudo COURSE_DIR=/srv/who-said-what COURSE_INSTRUCTORS=alice COURSE_STUDENTS=bob,carol \
#        /srv/who-said-what/.venv/bin/jupyterhub -f /srv/who-said-what/deploy/jupyterhub_config.py
#
# - every user logs in with their system account (PAM) and gets a JupyterLab started as that
#   account, from the course's environment (COURSE_DIR/.venv: bash bin/setup --dev made it);
# - students: nbgrader's Validate and assignment list only (the environment's default,
#   course/jupyter/student-extensions); instructors: also Formgrader, Create Assignment, Course
#   List (course/jupyter/instructor/), and their server opens on the course folder;
# - nbgrader's exchange is a shared folder (COURSE_EXCHANGE, default /srv/nbgrader/exchange):
#   release, fetch, submit, collect and feedback all go through it (deploy/jupyter-config/nbgrader_config.py).
# Settings come from environment variables so that this one file serves a real class and the
# end-to-end test (tests/test_jupyterhub.py). See course/instructor_guide.md, "Running the course for a class".
import os
import sys

c = get_config()  # noqa: F821

COURSE_DIR = os.path.abspath(os.environ.get("COURSE_DIR", os.path.dirname(os.path.dirname(__file__))))
COURSE_ENV = os.environ.get("COURSE_ENV", os.path.join(COURSE_DIR, ".venv"))
EXCHANGE = os.environ.get("COURSE_EXCHANGE", "/srv/nbgrader/exchange")
INSTRUCTORS = {u for u in os.environ.get("COURSE_INSTRUCTORS", "").split(",") if u}
STUDENTS = {u for u in os.environ.get("COURSE_STUDENTS", "").split(",") if u}
if not INSTRUCTORS:
    sys.exit("Set COURSE_INSTRUCTORS (comma-separated system accounts) and COURSE_STUDENTS.")

c.JupyterHub.bind_url = os.environ.get("COURSE_HUB_URL", "http://:8000")
c.JupyterHub.hub_port = int(os.environ.get("COURSE_HUB_API_PORT", "8081"))
state = os.environ.get("COURSE_HUB_STATE", "/srv/jupyterhub")  # database, cookie secret, proxy token
os.makedirs(state, mode=0o700, exist_ok=True)
c.JupyterHub.db_url = f"sqlite:///{os.path.join(state, 'jupyterhub.sqlite')}"
c.JupyterHub.cookie_secret_file = os.path.join(state, "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = os.path.join(state, "jupyterhub-proxy.pid")
if os.environ.get("COURSE_PROXY_API_PORT"):  # the proxy's own API (JupyterHub's default: 8001)
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{int(os.environ['COURSE_PROXY_API_PORT'])}"
if os.environ.get("COURSE_PROXY"):  # configurable-http-proxy, if it is not on PATH (npm install configurable-http-proxy)
    c.ConfigurableHTTPProxy.command = [os.environ["COURSE_PROXY"]]

# Who may log in; instructors are hub admins (they can see the class's servers).
c.Authenticator.allowed_users = INSTRUCTORS | STUDENTS
c.Authenticator.admin_users = INSTRUCTORS

# An automation token (e.g. for a script that starts servers before a lab session); optional.
if os.environ.get("COURSE_HUB_API_TOKEN"):
    c.JupyterHub.services = [{"name": "course-admin", "api_token": os.environ["COURSE_HUB_API_TOKEN"]}]
    c.JupyterHub.load_roles = [{"name": "course-admin", "services": ["course-admin"],
                                "scopes": ["admin:users", "admin:servers", "access:servers", "read:users"]}]

# Every single-user server: the course's environment, as the user's own account.
c.Spawner.cmd = [os.path.join(COURSE_ENV, "bin", "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.http_timeout = 120
c.Spawner.start_timeout = 180
CONFIG_PATH = os.path.join(COURSE_DIR, "deploy", "jupyter-config")  # nbgrader's exchange and course id, for everyone
BASE_ENV = {
    "COURSE_EXCHANGE": EXCHANGE,
    "JUPYTER_CONFIG_PATH": CONFIG_PATH,
    "PATH": os.path.join(COURSE_ENV, "bin") + ":/usr/local/bin:/usr/bin:/bin",  # nbgrader runs alembic by name
}
if os.environ.get("NLTK_DATA"):  # a shared, read-only copy of the course's NLTK data
    BASE_ENV["NLTK_DATA"] = os.environ["NLTK_DATA"]


def pre_spawn_hook(spawner):
    env = dict(BASE_ENV)
    if spawner.user.name in INSTRUCTORS:
        # Formgrader & co. on (higher priority than the environment's student default), in the course folder
        env["JUPYTER_CONFIG_PATH"] = os.pathsep.join([os.path.join(COURSE_DIR, "course", "jupyter", "instructor"), CONFIG_PATH])
        spawner.notebook_dir = COURSE_DIR
        spawner.default_url = "/lab/tree/START_HERE.md"
    spawner.environment.update(env)


c.Spawner.pre_spawn_hook = pre_spawn_hook
