"""Binder readiness, as far as this machine allows (no network in CI):

- environment.yml gives Binder the student packages, pinned as in requirements.txt (the tested environment),
  none of the test tools of requirements-dev.txt, and a Python the course supports;
- postBuild is an executable bash script that stops at the first failing step, installs the course
  helpers, builds matplotlib's font cache, and sets up the NLTK data with the course's own command;
- postBuild runs offline and exits 0: in a throw-away environment whose packages come from the
  repository's .venv (which is not touched), with a temporary HOME and the pre-seeded NLTK data.
  Only `pip` is replaced by a stub that records its arguments (Binder's pip has the network);
- after it, the first `import matplotlib.pyplot` (as in a notebook) prints nothing to stderr;
- the README's Launch-on-Binder URL opens the course's start page, which exists.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import stat
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from nbtools import ROOT
from whosaidwhat import nltk_setup

POST_BUILD = ROOT / "postBuild"


def _pins(lines):
    return sorted(ln.strip() for ln in lines if ln.strip() and not ln.strip().startswith("#"))


def _environment_yml():
    lines = (ROOT / "environment.yml").read_text().splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.strip() == "- pip:")
    indent = len(lines[start + 1]) - len(lines[start + 1].lstrip())
    pip = []
    for ln in lines[start + 1:]:
        if ln.strip() and (len(ln) - len(ln.lstrip())) < indent:
            break
        if ln.strip().startswith("- "):
            pip.append(ln.strip()[2:].split("#")[0].strip())
    conda = [ln.strip()[2:].strip() for ln in lines[:start] if ln.strip().startswith("- ")]
    return conda, pip


def test_environment_yml_pins_exactly_the_tested_packages():
    conda, pip = _environment_yml()
    req = _pins((ROOT / "requirements.txt").read_text().splitlines())
    assert _pins(pip) == req, "environment.yml's pip list and requirements.txt differ: Binder would not run the tested versions"
    assert "pip" in conda
    python = next((c for c in conda if c.startswith("python")), None)
    assert python and re.fullmatch(r"python=3\.\d+", python), f"pin Python's minor version in environment.yml, found {python!r}"
    minor = int(python.split(".")[1])
    assert minor >= 11, "the course needs Python 3.11 or newer (pyproject.toml; nbgrader 0.9 needs it)"


def test_post_build_is_an_executable_bash_script_that_stops_on_errors():
    text = POST_BUILD.read_text()
    assert text.startswith("#!/usr/bin/env bash") or text.startswith("#!/bin/bash")
    assert os.stat(POST_BUILD).st_mode & stat.S_IXUSR, "Binder runs postBuild directly: it must be executable (chmod +x)"
    assert re.search(r"^set -[a-z]*e[a-z]*( -o pipefail)?", text, re.M), "postBuild should stop at the first failing step (set -e)"
    commands = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    assert any(re.fullmatch(r"python -m whosaidwhat\.nltk_setup", c) for c in commands), (
        "postBuild must install the NLTK data with the course's own set-up command: python -m whosaidwhat.nltk_setup"
    )
    assert not any("nltk.download" in c or "nltk.downloader" in c for c in commands), "use the course's set-up command, not NLTK's downloader"
    assert any(re.search(r"\bpip install\b.*(-e|--editable) \.", c) for c in commands), "postBuild must install the course helpers"


@pytest.fixture
def binder_like(tmp_path):
    """A throw-away environment for postBuild: `python` is a fresh venv that sees the
    .venv's packages (so nothing is written into .venv), `pip` is a stub, HOME is empty."""
    venv = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    site = Path(subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    # addsitedir also reads the .venv's .pth files (the course helpers are installed editable)
    (site / "course_packages.pth").write_text(f"import site; site.addsitedir({sysconfig.get_paths()['purelib']!r})\n")
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    calls = tmp_path / "pip-calls.txt"
    pip = stubs / "pip"
    pip.write_text(f'#!/usr/bin/env bash\nprintf "%s\\n" "$PWD :: $*" >> {shlex.quote(str(calls))}\n')
    pip.chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    data = nltk_setup.find_complete_copy()
    if data is None:
        pytest.skip("no complete NLTK data copy on this machine to pre-seed (run bin/setup, or set NLTK_DATA)")
    env = {
        "PATH": os.pathsep.join([str(stubs), str(venv / "bin"), "/usr/bin", "/bin"]),
        "HOME": str(home),
        "NLTK_DATA": str(data),
        "LANG": os.environ.get("LANG", "C.UTF-8"),
    }
    return {"env": env, "calls": calls, "venv": venv, "home": home, "data": data}


def test_post_build_runs_offline_and_sets_everything_up(binder_like):
    env = binder_like["env"]
    # Binder runs postBuild from the repository's root
    proc = subprocess.run([str(POST_BUILD)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"postBuild failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    assert f"NLTK data ready in {binder_like['data']}" in proc.stdout, proc.stdout
    calls = binder_like["calls"].read_text().splitlines() if binder_like["calls"].exists() else []
    assert any(c.startswith(f"{ROOT} :: install") and re.search(r"(-e|--editable) \.", c) for c in calls), calls
    # the font cache was built in HOME, so a notebook's first plot prints nothing to stderr
    first_plot = subprocess.run(
        ["python", "-c", "import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert first_plot.returncode == 0 and first_plot.stderr == "", first_plot.stderr
    # and the notebooks' first cell is happy in that environment
    check = subprocess.run(
        ["python", "-c", "from whosaidwhat.nltk_setup import check_environment; check_environment()"],
        cwd=binder_like["home"], env=env, capture_output=True, text=True, timeout=300,
    )
    assert check.returncode == 0 and "Environment OK" in check.stdout, check.stdout + check.stderr
    # the student image: nbgrader's instructor tools are off in that environment (where `jupyter labextension
    # disable --level=sys_prefix` and `jupyter server extension disable --sys-prefix` write), the student's on
    etc = binder_like["venv"] / "etc" / "jupyter"
    page = json.loads((etc / "labconfig" / "page_config.json").read_text())
    off = {name for name, disabled in page["disabledExtensions"].items() if disabled}
    assert off == {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:course-list"}
    assert off <= {name for name, locked in page.get("lockedExtensions", {}).items() if locked}
    servers = subprocess.run(["python", "-m", "jupyter_server.extension.serverextension", "list"], cwd=binder_like["home"],
                             env=env, capture_output=True, text=True, timeout=300)
    listing = re.sub(r"\x1b\[[0-9;]*m", "", servers.stdout + servers.stderr)
    section = listing.split(f"Config dir: {etc}")[1].split("Config dir:")[0]
    assert re.search(r"nbgrader\.server_extensions\.formgrader disabled", section), listing
    assert re.search(r"nbgrader\.server_extensions\.course_list disabled", section), listing


def test_readme_launch_on_binder_opens_the_start_page():
    readme = (ROOT / "README.md").read_text()
    assert re.search(r"^#+ Launch on Binder", readme, re.M), "README has no 'Launch on Binder' section"
    urls = re.findall(r"https://mybinder\.org/v2/gh/[^\s)`\"']+", readme)
    assert urls, "README has no mybinder.org launch URL"
    for url in urls:
        m = re.fullmatch(r"https://mybinder\.org/v2/gh/[^/]+/[^/]+/[^?]+\?urlpath=lab/tree/(.+)", url)
        assert m, f"the launch URL should open JupyterLab on a file: {url}"
        assert (ROOT / m.group(1)).is_file(), f"the launch URL opens {m.group(1)}, which does not exist"
        assert m.group(1) == "START_HERE.md", f"the launch URL should open the start page, not {m.group(1)}"
