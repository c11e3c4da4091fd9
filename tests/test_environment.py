"""The environment files agree, and the NLTK data set-up behaves as promised:
a complete copy is used before any download, unsafe folders are handled,
and a missing resource gives a message with the exact fix."""

import os
import shlex
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from nbtools import ROOT

from whosaidwhat import nltk_setup



def _pins(lines):
    return sorted(ln.strip() for ln in lines if ln.strip() and not ln.strip().startswith("#"))


def _dev_pins():
    lines = (ROOT / "requirements-dev.txt").read_text().splitlines()
    assert "-r requirements.txt" in [ln.strip() for ln in lines], "requirements-dev.txt must include the student set"
    return [p for p in _pins(lines) if not p.startswith("-r ")]


def test_requirements_and_environment_yml_list_the_same_packages():
    req = _pins((ROOT / "requirements.txt").read_text().splitlines())
    env_lines = (ROOT / "environment.yml").read_text().splitlines()
    start = next(i for i, ln in enumerate(env_lines) if ln.strip() == "- pip:")
    pip = [ln.strip()[2:] for ln in env_lines[start + 1:] if ln.strip().startswith("- ")]
    assert req == _pins(pip), "requirements.txt and environment.yml's pip list differ: change both together"
    assert all("==" in p for p in req), f"unpinned packages: {[p for p in req if '==' not in p]}"
    nltk_pin = next(p for p in req if p.startswith("nltk=="))
    assert tuple(int(x) for x in nltk_pin.split("==")[1].split(".")[:3]) >= (3, 9, 1)


def test_students_get_no_test_tools_and_the_dev_set_adds_them():
    student = {p.split("==")[0].lower() for p in _pins((ROOT / "requirements.txt").read_text().splitlines())}
    dev = {p.split("==")[0].lower() for p in _dev_pins()}
    assert {"jupyterlab", "notebook", "nbgrader", "nltk", "numpy", "matplotlib"} <= student
    assert not student & {"pytest", "pytest-xdist", "playwright", "jupyterhub"}, "test tools belong in requirements-dev.txt"
    assert {"pytest", "pytest-xdist", "playwright", "jupyterhub"} <= dev and not dev & student
    assert all("==" in p for p in _dev_pins())


def test_python_floor_is_3_11_everywhere():
    assert 'requires-python = ">=3.11"' in (ROOT / "pyproject.toml").read_text()
    assert "python=3.11" in (ROOT / "environment.yml").read_text()
    assert 'MIN="3.11"' in (ROOT / "bin/setup").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "Python ≥ 3.11" in readme and "3.10" not in readme


def _python_reporting(folder: Path, version: str) -> Path:
    """An executable that is this Python but reports `version` (sys.version_info), to try bin/setup
    with an old Python without installing one."""
    fake = folder / f"fake-{version}"
    fake.mkdir(parents=True, exist_ok=True)
    major, minor = map(int, version.split("."))
    (fake / "sitecustomize.py").write_text(f"import sys\nsys.version_info = ({major}, {minor}, 0, 'final', 0)\n")
    exe = fake / "python"
    exe.write_text(f'#!/bin/sh\nPYTHONPATH={fake} exec {shlex.quote(str(Path(sys.base_prefix) / "bin" / "python3"))} "$@"\n')
    exe.chmod(0o755)
    return exe


def test_bin_setup_refuses_an_old_python_with_a_plain_message(tmp_path):
    old = _python_reporting(tmp_path, "3.10")
    proc = subprocess.run(["bash", "bin/setup", "--python-only"], cwd=ROOT, env={**os.environ, "PYTHON": str(old)},
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert f"The course needs Python 3.11 or newer; {old} is 3.10." in proc.stderr, proc.stderr
    assert "PYTHON=" in proc.stderr and "Traceback" not in proc.stderr and "pip" not in proc.stderr


def test_a_venv_made_by_another_python_is_rebuilt(tmp_path):
    course = tmp_path / "course"
    (course / "bin").mkdir(parents=True)
    shutil.copy(ROOT / "bin" / "setup", course / "bin" / "setup")
    real = str(Path(sys.base_prefix) / "bin" / "python3")
    subprocess.run([real, "-m", "venv", "--without-pip", str(course / ".venv")], check=True, timeout=120)
    # a .venv whose Python is 3.10
    venv_python = course / ".venv" / "bin" / "python"
    venv_python.unlink()
    shutil.copy(_python_reporting(tmp_path, "3.10"), venv_python)
    version = lambda: subprocess.run([str(venv_python), "-c", "import sys; print(tuple(sys.version_info[:2]))"],
                                     capture_output=True, text=True).stdout.strip()
    assert version() == "(3, 10)"
    run = lambda python: subprocess.run(["bash", "bin/setup", "--python-only"], cwd=course, capture_output=True, text=True,
                                        timeout=300, env={**os.environ, "PYTHON": str(python)})
    proc = run(real)
    assert proc.returncode == 0, proc.stderr
    assert "Rebuilding .venv: it was made with Python 3.10, the course needs 3.11 or newer." in proc.stdout, proc.stdout
    assert version() == f"({sys.version_info[0]}, {sys.version_info[1]})"
    # asking for another (new enough) Python rebuilds too, saying so; the same one again keeps the .venv
    newer = _python_reporting(tmp_path, "3.13")
    proc = run(newer)
    assert proc.returncode == 0 and "you asked for" in proc.stdout, proc.stdout + proc.stderr
    # (the fake 3.13 makes a venv of the real Python underneath, so the real one now matches it)
    again = run(real)
    assert again.returncode == 0 and "Rebuilding" not in again.stdout, again.stdout


def test_installed_versions_match_the_pins():
    from importlib.metadata import version

    for pin in _pins((ROOT / "requirements.txt").read_text().splitlines()) + _dev_pins():
        name, want = pin.split("==")
        assert version(name) == want, f"{name} {version(name)} is installed, requirements.txt pins {want}: run bin/setup"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "bash bin/test" in readme and "bash bin/start" in readme
    assert "bash bin/test" in (ROOT / ".ci/run").read_text()


def test_post_build_uses_the_course_set_up_command():
    text = (ROOT / "postBuild").read_text()
    assert "python -m whosaidwhat.nltk_setup" in text and "pip install" in text


@pytest.fixture(scope="module")
def source_root():
    root = nltk_setup.find_complete_copy()
    assert root, "no complete NLTK data copy to test with: run bin/setup"
    return root


def _copy_resources(root: Path, dst: Path, skip=()):
    for res in nltk_setup.RESOURCES:
        if res.id in skip:
            continue
        for suffix in ("", ".zip"):
            src = root / (res.path + suffix)
            if src.is_dir():
                shutil.copytree(src, dst / (res.path + suffix))
            elif src.exists():
                (dst / res.path).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(src, dst / (res.path + suffix))
    return dst


def _run_setup(env_data: Path, *args, home: Path):
    env = {k: v for k, v in os.environ.items() if k != "NLTK_DATA"}
    env.update(NLTK_DATA=str(env_data), HOME=str(home))
    # a fresh interpreter, so NLTK's search path is read from this environment
    return subprocess.run([sys.executable, "-m", "whosaidwhat.nltk_setup", *args], env=env,
                          capture_output=True, text=True, cwd=home, timeout=300)


@pytest.fixture
def local_data_aside(tmp_path):
    """Hide the project's own .nltk_data so that only the folder under test counts."""
    local = nltk_setup.LOCAL_NLTK_DATA
    moved = tmp_path / "local-aside"
    if local.exists():
        local.rename(moved)
    yield
    if moved.exists():
        if local.exists():
            shutil.rmtree(local)
        moved.rename(local)


def test_a_complete_copy_in_nltk_data_is_used(tmp_path, source_root, local_data_aside):
    data = _copy_resources(source_root, tmp_path / "data")
    proc = _run_setup(data, "--check", home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert str(data) in proc.stdout


def test_a_missing_resource_names_it_and_the_fix(tmp_path, source_root, local_data_aside):
    data = _copy_resources(source_root, tmp_path / "data", skip={"vader_lexicon"})
    proc = _run_setup(data, "--check", home=tmp_path)
    assert proc.returncode == 1
    assert "vader_lexicon" in proc.stderr and "python -m whosaidwhat.nltk_setup" in proc.stderr
    assert "Traceback" not in proc.stderr, "a clear message, not a traceback"


def _printed_commands(message: str) -> list[str]:
    return [ln.strip() for ln in message.splitlines() if ln.startswith("    ")]


def test_the_message_says_what_was_checked_lists_only_what_is_missing_and_its_commands_work_as_printed(
        tmp_path, source_root, local_data_aside):
    data = _copy_resources(source_root, tmp_path / "data", skip={"vader_lexicon"})
    proc = _run_setup(data, "--check", home=tmp_path)
    assert proc.returncode == 1
    first = proc.stderr.splitlines()[0]
    assert first == "ERROR: Missing or unusable NLTK resource(s): vader_lexicon.", "only the missing resource: " + first
    assert f"NLTK_DATA={data} was checked and not used: it lacks vader_lexicon." in proc.stderr
    setup_cmd, start_cmd, download_cmd = _printed_commands(proc.stderr)
    assert setup_cmd == f"cd {ROOT} && .venv/bin/python -m whosaidwhat.nltk_setup"
    assert start_cmd == f"cd {ROOT} && NLTK_DATA=/path/to/nltk_data bash bin/start"
    assert download_cmd.endswith(f"-m nltk.downloader -d {data} vader_lexicon")
    assert "restart the kernel" not in proc.stderr, "at a terminal there is no kernel to restart"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "NLTK_DATA"}
    # 1. the set-up command, exactly as printed, from another folder, once a complete copy is there
    ok = subprocess.run(["bash", "-c", setup_cmd], cwd=elsewhere, env={**env, "NLTK_DATA": str(source_root)},
                        capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0 and "NLTK data ready" in ok.stdout, ok.stderr
    # 2. the downloader command's interpreter and module exist (no network here: ask it for its usage)
    usage = subprocess.run(["bash", "-c", download_cmd.split(" -d ")[0] + " -h"], cwd=elsewhere, env=env,
                           capture_output=True, text=True, timeout=120)
    assert usage.returncode == 0 and "ModuleNotFoundError" not in usage.stderr, usage.stderr
    # (3. NLTK_DATA=… bash bin/start, as printed, runs in tests/test_start.py)


def test_an_unusable_nltk_data_folder_is_named_with_the_reason(tmp_path, local_data_aside):
    proc = _run_setup(tmp_path / "nowhere", "--check", home=tmp_path)
    assert proc.returncode == 1
    assert f"NLTK_DATA={tmp_path / 'nowhere'} was checked and not used: it does not exist." in proc.stderr


def test_a_group_writable_copy_we_own_is_made_private(tmp_path, source_root, local_data_aside):
    data = _copy_resources(source_root, tmp_path / "data")
    words = data / "corpora" / "words"
    for p in (data, words):
        p.chmod(p.stat().st_mode | stat.S_IWGRP | stat.S_IWOTH)
    proc = _run_setup(data, "--check", home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "made" in proc.stdout and "private" in proc.stdout
    assert not data.stat().st_mode & stat.S_IWOTH and not words.stat().st_mode & stat.S_IWGRP


def test_check_environment_explains_the_fix_instead_of_lookuperror(monkeypatch):
    monkeypatch.setattr(nltk_setup, "find_complete_copy", lambda log=None, why=None: None)
    monkeypatch.setattr(nltk_setup, "LOCAL_NLTK_DATA", Path("/nonexistent-course-data"))
    with pytest.raises(nltk_setup.NLTKDataMissing) as err:
        nltk_setup.check_environment()
    assert "python -m whosaidwhat.nltk_setup" in str(err.value) and "punkt_tab" in str(err.value)


def test_every_resource_loads():
    nltk_setup.ensure()
    assert nltk_setup.verify() == []
