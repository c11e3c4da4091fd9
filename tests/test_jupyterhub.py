"""The course on a real JupyterHub (deploy/jupyterhub_config.py), end to end, on this machine:

JupyterHub from PyPI (requirements-dev.txt), configurable-http-proxy from npm (installed into
.artifacts/npm), three local system accounts made for the test (one instructor, two students),
nbgrader's exchange in a shared folder. No mocks:

1. the hub starts the instructor's and a student's JupyterLab (REST API), each as its own account:
   the instructor's has the Formgrader, the student's does not;
2. the instructor releases a1 (nbgrader generate_assignment + release_assignment, as the instructor);
   the student's assignment list (the server extension students click in JupyterLab) shows it;
3. both students fetch it; one submits a perfect answer (the solution), one submits it blank;
4. the instructor collects, autogrades, generates and releases feedback; both students fetch it;
5. the grades (nbgrader export) give the perfect one every autograded point and the blank one zero,
   and the feedback each student receives shows the score but no hidden test.

Users, their homes and every process are removed afterwards, whatever happens. Needs root (for
useradd and for the hub to start servers as other accounts) and Node.js with npm; skipped otherwise.
"""

from __future__ import annotations

import csv
import html
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from nbtools import ROOT, SOLUTIONS, hidden_snippets, nbgrader_meta
from whosaidwhat import nltk_setup

pytestmark = pytest.mark.slow

A1 = "a1_named_entities"
VENV_BIN = ROOT / ".venv" / "bin"
NPM_CACHE = ROOT / ".artifacts" / "npm"  # ignored by git, hidden by JupyterLab; kept between runs
COURSE = "who-said-what"


def _why_not() -> str | None:
    if os.geteuid() != 0:
        return "needs root: it creates system accounts (useradd) and the hub starts servers as them"
    for tool in ("useradd", "userdel", "runuser"):
        if not shutil.which(tool):
            return f"needs {tool} (package passwd / util-linux)"
    if not (shutil.which("node") and shutil.which("npm")):
        return "needs Node.js and npm for configurable-http-proxy: apt-get install -y nodejs npm (bin/test does, as root)"
    if not (VENV_BIN / "jupyterhub").exists():
        return "JupyterHub is not installed: bash bin/setup --dev (bin/test does)"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _proxy() -> Path:
    exe = NPM_CACHE / "node_modules" / ".bin" / "configurable-http-proxy"
    if not exe.exists():
        NPM_CACHE.mkdir(parents=True, exist_ok=True)
        proc = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(NPM_CACHE),
                               "configurable-http-proxy@4"], capture_output=True, text=True, timeout=300)
        if proc.returncode != 0:
            pytest.skip(f"npm could not install configurable-http-proxy (no access to the npm registry?):\n{proc.stderr[-1500:]}")
    return exe


# The course's .venv runs on a Python in /root (pyenv), which other accounts cannot reach. A hub
# installs the course environment where every account can read it; here: a venv of the system's
# Python 3.11 that sees the .venv's packages, JupyterLab extensions and settings (the student default).
SYSTEM_PYTHON = Path("/usr/bin/python3.11")
ENTRY_POINTS = {"nbgrader": "nbgrader", "alembic": "alembic", "jupyter": "jupyter",
                "jupyterhub-singleuser": "jupyterhub.singleuser"}


def course_env(dest: Path) -> Path:
    import sysconfig

    if not SYSTEM_PYTHON.exists():
        pytest.skip(f"needs {SYSTEM_PYTHON}, a Python every account can run (the course's .venv Python is private)")
    subprocess.run([str(SYSTEM_PYTHON), "-m", "venv", "--without-pip", str(dest)], check=True, timeout=120)
    site = Path(subprocess.run([str(dest / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "course_packages.pth").write_text(f"import site; site.addsitedir({sysconfig.get_paths()['purelib']!r})\n")
    # Debian's Python is 3.11.2; the .venv's soupsieve (nbconvert's HTML export) needs 3.11.5. pip would pick
    # an older one for this Python, as here: it comes first on the path (PyPI, pip's cache after the first run).
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
                          "--target", str(site), "soupsieve==2.7"], capture_output=True, text=True, timeout=300)
    if pip.returncode != 0:
        pytest.skip(f"could not install soupsieve for {SYSTEM_PYTHON} (no PyPI?): {pip.stderr[-500:]}")
    for part in ("etc", "share"):
        (dest / part).mkdir(exist_ok=True)
        (dest / part / "jupyter").symlink_to(ROOT / ".venv" / part / "jupyter")
    for name, module in ENTRY_POINTS.items():
        script = dest / "bin" / name
        script.write_text(f'#!/bin/sh\nexec "{dest / "bin" / "python"}" -m {module} "$@"\n')
        script.chmod(0o755)
    return dest


class Class:
    """The accounts, folders and processes of one test class; `close` undoes all of it."""

    def __init__(self):
        tag = secrets.token_hex(3)
        self.base = Path(tempfile.mkdtemp(prefix="wsw-hub-"))
        self.base.chmod(0o755)  # the accounts must reach their homes and the exchange
        self.instructor, self.students = f"wswi{tag}", [f"wsws{tag}a", f"wsws{tag}b"]
        self.users: list[str] = []
        self.procs: list[subprocess.Popen] = []
        self.exchange = self.base / "exchange"
        self.exchange.mkdir()
        self.exchange.chmod(0o777)  # nbgrader's exchange: everyone writes (nbgrader checks this)
        self.state = self.base / "hub-state"
        self.course = self.base / "course"  # the instructor's clone of the course (the parts nbgrader needs)
        self.nltk_data = nltk_setup.find_complete_copy()
        self.env_dir = course_env(self.base / "env")
        self.bin = self.env_dir / "bin"

    def add_user(self, name: str) -> Path:
        home = self.base / "home" / name
        subprocess.run(["useradd", "--no-create-home", "--home-dir", str(home), "--shell", "/bin/bash", name],
                       check=True, capture_output=True, timeout=60)
        self.users.append(name)
        home.mkdir(parents=True)
        pw = pwd.getpwnam(name)
        os.chown(home, pw.pw_uid, pw.pw_gid)
        return home

    def env(self, user: str, instructor: bool = False) -> list[str]:
        """The environment the hub gives a user's server (deploy/jupyterhub_config.py), for runuser."""
        config = [str(self.course / "deploy" / "jupyter-config")]
        if instructor:
            config.insert(0, str(self.course / "course" / "jupyter" / "instructor"))
        return ["env", "-i", f"HOME={self.base / 'home' / user}", f"USER={user}", "LANG=C.UTF-8",
                f"PATH={self.bin}:/usr/bin:/bin", f"COURSE_EXCHANGE={self.exchange}",
                f"JUPYTER_CONFIG_PATH={os.pathsep.join(config)}", f"NLTK_DATA={self.nltk_data}"]

    def run_as(self, user: str, *cmd: str, cwd: Path, instructor: bool = False, timeout: int = 300):
        proc = subprocess.run(["runuser", "-u", user, "--", *self.env(user, instructor), *cmd], cwd=cwd,
                              capture_output=True, text=True, timeout=timeout)
        assert proc.returncode == 0, f"{user}: {' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
        return proc

    def close(self):
        for p in self.procs:
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGTERM)
                    p.wait(timeout=30)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    try:
                        os.killpg(p.pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
        for user in self.users:
            # single-user servers the hub left behind run as the account: stop them before removing it
            subprocess.run(["pkill", "-KILL", "-u", user], capture_output=True)
            subprocess.run(["userdel", user], capture_output=True)
        shutil.rmtree(self.base, ignore_errors=True)


@pytest.fixture
def klass():
    why = _why_not()
    if why:
        pytest.skip(why)
    k = Class()
    try:
        yield k
    finally:
        k.close()
    for user in k.users:
        with pytest.raises(KeyError):
            pwd.getpwnam(user)  # the accounts are gone


def _api(url: str, token: str, method: str = "GET", body: dict | None = None):
    req = urllib.request.Request(url, method=method, headers={"Authorization": f"token {token}"},
                                 data=json.dumps(body).encode() if body is not None else None)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            text = r.read().decode()
            return r.status, (json.loads(text) if text.strip().startswith(("{", "[")) else text)
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")


def _wait(what: str, check, timeout: float, log: Path, hub: subprocess.Popen):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and hub.poll() is None:
        try:
            if check():
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(1)
    raise AssertionError(f"{what} within {timeout:.0f} s; hub log:\n" + log.read_text(errors="replace")[-4000:])


def test_a_class_on_jupyterhub_release_fetch_submit_collect_autograde_feedback_grades(klass):
    k = klass
    proxy = _proxy()
    # the instructor's course folder: the course's nbgrader settings, the a1 source, the deploy and JupyterLab settings
    k.course.mkdir()
    for part in ("nbgrader_config.py", "START_HERE.md"):
        shutil.copy(ROOT / part, k.course / part)
    for part in ("course", "deploy", f"solutions/{A1}"):
        shutil.copytree(ROOT / part, k.course / part)
    instructor_home = k.add_user(k.instructor)
    homes = {s: k.add_user(s) for s in k.students}
    pw = pwd.getpwnam(k.instructor)
    for p in [k.course, *k.course.rglob("*")]:
        os.chown(p, pw.pw_uid, pw.pw_gid)
    for user in [k.instructor, *k.students]:  # a new account's first matplotlib import builds its font cache (on stderr)
        k.run_as(user, str(k.bin / "python"), "-c", "import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot",
                 cwd=k.base / "home" / user)

    # --- the hub, with the course's configuration
    # free ports for everything, the proxy's API too: a default port may be taken on a shared machine
    port, api_port, proxy_api_port, token = _free_port(), _free_port(), _free_port(), secrets.token_hex(16)
    hub_url = f"http://127.0.0.1:{port}"
    log = k.base / "jupyterhub.log"
    env = {**os.environ, "COURSE_DIR": str(k.course), "COURSE_ENV": str(k.env_dir), "COURSE_EXCHANGE": str(k.exchange),
           "COURSE_INSTRUCTORS": k.instructor, "COURSE_STUDENTS": ",".join(k.students), "COURSE_HUB_URL": hub_url,
           "COURSE_HUB_API_PORT": str(api_port), "COURSE_PROXY_API_PORT": str(proxy_api_port), "COURSE_HUB_STATE": str(k.state), "COURSE_PROXY": str(proxy),
           "COURSE_HUB_API_TOKEN": token, "NLTK_DATA": str(k.nltk_data), "PATH": f"{VENV_BIN}:{os.environ['PATH']}"}
    with open(log, "wb") as out:
        k.procs.append(subprocess.Popen([str(VENV_BIN / "jupyterhub"), "-f", str(k.course / "deploy" / "jupyterhub_config.py")],
                                        cwd=k.base, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True))
    hub = k.procs[-1]
    _wait("the hub did not answer", lambda: _api(f"{hub_url}/hub/api/", token)[0] == 200, 90, log, hub)

    # --- 1. servers as their own accounts; the Formgrader only for the instructor
    for user in (k.instructor, k.students[0]):
        status, _ = _api(f"{hub_url}/hub/api/users/{user}/server", token, "POST", {})
        assert status in (201, 202), f"could not start {user}'s server: {status}"
    for user in (k.instructor, k.students[0]):
        _wait(f"{user}'s server was not ready",
              lambda u=user: (_api(f"{hub_url}/hub/api/users/{u}", token)[1] or {}).get("servers", {}).get("", {}).get("ready"),
              180, log, hub)
    assert _api(f"{hub_url}/user/{k.instructor}/formgrader", token)[0] == 200
    assert _api(f"{hub_url}/user/{k.students[0]}/formgrader", token)[0] == 404
    ps = subprocess.run(["ps", "-o", "user:32=,args=", "-u", k.students[0]], capture_output=True, text=True).stdout
    assert "jupyter" in ps, f"the student's server does not run as the student:\n{ps}"

    # --- 2. the instructor releases a1
    k.run_as(k.instructor, "nbgrader", "generate_assignment", A1, "--force", cwd=k.course, instructor=True)
    k.run_as(k.instructor, "nbgrader", "release_assignment", A1, "--force", cwd=k.course, instructor=True)
    status, listing = _api(f"{hub_url}/user/{k.students[0]}/assignments?course_id={COURSE}", token)
    assert status == 200 and listing.get("success"), listing
    assert any(a["assignment_id"] == A1 and a["status"] == "released" for a in listing["value"]), listing

    # --- 3. both fetch; one submits the solution, the other the blank notebook
    nb_name = next((SOLUTIONS / A1).glob("*.ipynb")).name
    for student, home in homes.items():
        k.run_as(student, "nbgrader", "fetch_assignment", A1, cwd=home)
        assert (home / A1 / nb_name).exists(), f"{student} did not receive {A1}"
    perfect, blank = k.students
    shutil.copy(SOLUTIONS / A1 / nb_name, homes[perfect] / A1 / nb_name)
    os.chown(homes[perfect] / A1 / nb_name, *pwd.getpwnam(perfect)[2:4])
    for student, home in homes.items():
        k.run_as(student, "nbgrader", "submit", A1, cwd=home)

    # --- 4. collect, autograde, feedback
    for step in (["collect", A1], ["autograde", A1, "--force"], ["generate_feedback", A1, "--force"], ["release_feedback", A1]):
        k.run_as(k.instructor, "nbgrader", *step, cwd=k.course, instructor=True, timeout=600)
    feedback = {}
    for student, home in homes.items():
        k.run_as(student, "nbgrader", "fetch_feedback", A1, cwd=home)
        pages = list((home / A1 / "feedback").glob(f"*/{nb_name.replace('.ipynb', '.html')}"))
        assert len(pages) == 1, f"{student} received feedback pages {pages}"
        feedback[student] = pages[0].read_text(encoding="utf-8")

    # --- 5. grades
    k.run_as(k.instructor, "nbgrader", "export", "--to", str(k.course / "grades.csv"), cwd=k.course, instructor=True)
    with open(k.course / "grades.csv", newline="") as f:
        grades = {row["student_id"]: row for row in csv.DictReader(f) if row["assignment"] == A1}
    auto_points = sum(nbgrader_meta(c).get("points", 0) for c in json.loads((SOLUTIONS / A1 / nb_name).read_text())["cells"]
                      if nbgrader_meta(c).get("grade") and c["cell_type"] == "code")
    assert auto_points > 0
    assert float(grades[perfect]["score"]) == auto_points, grades[perfect]
    assert float(grades[blank]["score"]) == 0, grades[blank]
    hidden = hidden_snippets(SOLUTIONS / A1 / nb_name)
    assert hidden
    for student, page in feedback.items():
        text = html.unescape(page)
        assert f"Score: {float(grades[student]['score']):g}" in text or f"{float(grades[student]['score']):.1f}" in text
        assert not [h for h in hidden if h in text], f"{student}'s feedback shows hidden tests"
