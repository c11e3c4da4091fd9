"""bin/start, as the README and the NLTK message print it:

- the student environment has nbgrader's instructor tools off (`jupyter labextension list`,
  `jupyter server extension list`), and course/jupyter/instructor/ switches them back on;
- `NLTK_DATA=… bash bin/start` (the command the NLTK message prints) starts JupyterLab and prints
  one address that opens START_HERE.md; the running server has no Formgrader;
- a second bin/start reports the server already running for the course instead of starting another;
- `bin/start --instructor` has the Formgrader.
Each server gets its own runtime, settings and workspace folders; every process is stopped afterwards.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from nbtools import ROOT
from whosaidwhat import nltk_setup

JUPYTER = ROOT / ".venv" / "bin" / "jupyter"
INSTRUCTOR = ROOT / "course" / "jupyter" / "instructor"
URL = re.compile(r"^\s+(http://\S+/lab/tree/START_HERE\.md\?token=\w+)\s*$", re.M)


def _plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def _disabled_labextensions(env=None) -> set[str]:
    proc = subprocess.run([str(JUPYTER), "labextension", "list"], capture_output=True, text=True, env=env, timeout=300)
    out = _plain(proc.stdout + proc.stderr)
    if "Disabled extensions:" not in out:
        return set()
    return {ln.strip() for ln in out.split("Disabled extensions:")[1].splitlines() if ln.strip().startswith("@")}


def test_student_environment_has_nbgrader_instructor_tools_off():
    assert _disabled_labextensions() >= {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                                         "@jupyter/nbgrader:course-list"}
    assert not _disabled_labextensions() & {"@jupyter/nbgrader:validate-assignment", "@jupyter/nbgrader:assignment-list"}
    proc = subprocess.run([str(JUPYTER), "server", "extension", "list"], capture_output=True, text=True, timeout=300)
    states = dict(re.findall(r"(nbgrader\.server_extensions\.\w+) (enabled|disabled)", _plain(proc.stdout + proc.stderr)))
    assert states == {"nbgrader.server_extensions.formgrader": "disabled", "nbgrader.server_extensions.course_list": "disabled",
                      "nbgrader.server_extensions.validate_assignment": "enabled",
                      "nbgrader.server_extensions.assignment_list": "enabled"}, states


def test_instructor_settings_switch_them_back_on():
    env = {**os.environ, "JUPYTER_CONFIG_PATH": str(INSTRUCTOR)}
    assert not {d for d in _disabled_labextensions(env) if d.startswith("@jupyter/nbgrader")}
    cfg = json.loads((INSTRUCTOR / "jupyter_server_config.json").read_text())["ServerApp"]["jpserver_extensions"]
    assert cfg == {"nbgrader.server_extensions.formgrader": True, "nbgrader.server_extensions.course_list": True}


class Started:
    def __init__(self, cmd: str, tmp: Path, env: dict):
        self.log = tmp / f"start-{time.monotonic_ns()}.log"
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen(["bash", "-c", cmd], stdout=out, stderr=subprocess.STDOUT, env=env,
                                         cwd=tmp, start_new_session=True)

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for_url(self, timeout=180) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if m := URL.search(self.text()):
                return m.group(1)
            assert self.proc.poll() is None, f"bin/start ended ({self.proc.returncode}):\n{self.text()[-3000:]}"
            time.sleep(0.5)
        raise AssertionError(f"bin/start printed no START_HERE.md address:\n{self.text()[-3000:]}")

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGINT)  # as Ctrl-C in its terminal
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def _env(tmp: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("NLTK_DATA", "JUPYTER_TOKEN", "JUPYTER_CONFIG_PATH")}
    (tmp / "runtime").mkdir(exist_ok=True)
    env["JUPYTER_RUNTIME_DIR"] = str(tmp / "runtime")  # servers of other tests or users stay out of `server list`
    return env


def _lab_args(tmp: Path) -> str:
    return (f" --no-browser --ServerApp.ip=127.0.0.1 --LabApp.user_settings_dir={tmp / 'settings'}"
            f" --LabApp.workspaces_dir={tmp / 'workspaces'}")


@pytest.mark.slow
def test_start_as_printed_opens_start_here_and_a_second_start_reuses_it(tmp_path):
    data = nltk_setup.find_complete_copy()
    assert data, "no complete NLTK data copy: run bin/setup"
    message = nltk_setup._fix_text(["vader_lexicon"])
    printed = next(ln.strip() for ln in message.splitlines() if "bash bin/start" in ln)
    cmd = printed.replace("/path/to/nltk_data", str(data)) + _lab_args(tmp_path)
    env = _env(tmp_path)
    first = Started(cmd, tmp_path, env)
    try:
        url = first.wait_for_url()
        assert _status(url) == 200
        base, token = url.split("/lab/")[0], url.split("token=")[1]
        assert _status(f"{base}/formgrader?token={token}") == 404, "students must not get the Formgrader"
        assert _status(f"{base}/api/contents/START_HERE.md?token={token}") == 200
        with urllib.request.urlopen(f"{base}/lab?token={token}", timeout=30) as r:
            page = r.read().decode()
        assert '"@jupyter/nbgrader:formgrader"' in page.split('"disabledExtensions"')[1].split("]")[0]
        second = subprocess.run(["bash", "bin/start", "--no-browser"], cwd=ROOT, env={**env, "NLTK_DATA": str(data)},
                                capture_output=True, text=True, timeout=300)
        assert second.returncode == 0, second.stderr
        assert "already running for this course" in second.stdout and url in second.stdout, second.stdout
        assert "jupyter server stop" in second.stdout
    finally:
        first.stop()
    assert first.proc.returncode is not None


@pytest.mark.slow
def test_instructor_start_has_the_formgrader(tmp_path):
    env = {**_env(tmp_path), "NLTK_DATA": str(nltk_setup.find_complete_copy())}
    started = Started(f"cd {ROOT} && bash bin/start --instructor" + _lab_args(tmp_path), tmp_path, env)
    try:
        url = started.wait_for_url()
        base, token = url.split("/lab/")[0], url.split("token=")[1]
        assert _status(f"{base}/formgrader?token={token}") == 200
    finally:
        started.stop()
