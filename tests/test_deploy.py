"""deploy/ (fast checks; the end-to-end run on a real hub is tests/test_jupyterhub.py):
the hub configuration compiles and refuses to start without instructors; the Kubernetes values are
valid YAML whose Python compiles and whose exchange is where nbgrader's settings put it; the image
installs the student set plus the pinned jupyterhub, never the test tools; the guide documents all three."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import yaml

from nbtools import ROOT

DEPLOY = ROOT / "deploy"


def test_hub_config_compiles_and_needs_instructors(tmp_path):
    compile((DEPLOY / "jupyterhub_config.py").read_text(), "jupyterhub_config.py", "exec")
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURSE_")}
    env["COURSE_HUB_STATE"] = str(tmp_path / "state")
    code = ("from traitlets.config import Config\nc = Config()\n"
            f"exec(open({str(DEPLOY / 'jupyterhub_config.py')!r}).read(), {{'get_config': lambda: c, '__file__': {str(DEPLOY / 'jupyterhub_config.py')!r}}})")
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 and "COURSE_INSTRUCTORS" in proc.stderr
    env.update(COURSE_INSTRUCTORS="alice", COURSE_STUDENTS="bob,carol")
    proc = subprocess.run([sys.executable, "-c", code + "\nprint(sorted(c.Authenticator.allowed_users), sorted(c.Authenticator.admin_users))"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['alice', 'bob', 'carol'] ['alice']"


def test_kubernetes_values_are_valid_and_match_the_exchange():
    values = yaml.safe_load((DEPLOY / "kubernetes" / "config.yaml").read_text())
    for name, code in values["hub"]["extraConfig"].items():
        compile(code, f"extraConfig.{name}", "exec")
    mounts = values["singleuser"]["storage"]["extraVolumeMounts"]
    nbgrader_cfg = (DEPLOY / "jupyter-config" / "nbgrader_config.py").read_text()
    exchange = re.search(r'"COURSE_EXCHANGE", "([^"]+)"', nbgrader_cfg).group(1)
    assert exchange in [m["mountPath"] for m in mounts]
    assert values["singleuser"]["extraEnv"]["COURSE_EXCHANGE"] == exchange
    assert "course/jupyter/instructor" in values["hub"]["extraConfig"]["course"]


def test_the_image_is_the_student_set_plus_jupyterhub():
    docker = (DEPLOY / "Dockerfile").read_text()
    assert "FROM python:3.11" in docker
    assert "-r requirements.txt" in docker and "-r requirements-dev.txt" not in docker
    assert "grep '^jupyterhub==' requirements-dev.txt" in docker
    assert "course/jupyter/student-extensions" in docker and "whosaidwhat.nltk_setup" in docker


def test_the_guide_documents_running_a_class():
    guide = (ROOT / "course" / "instructor_guide.md").read_text(encoding="utf-8")
    section = guide.split("Running the course for a class")[1]
    for needed in ("bin/build --student", "deploy/jupyterhub_config.py", "deploy/kubernetes/config.yaml",
                   "deploy/Dockerfile", "nbgrader release_assignment", "nbgrader collect", "bin/start --instructor"):
        assert needed in section, f"the guide's 'Running the course for a class' does not mention {needed}"
