"""The environment files agree, and the NLTK data set-up behaves as promised:
a complete copy is used before any download, unsafe folders are handled,
and a missing resource gives a message with the exact fix."""

import os
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


def test_requirements_and_environment_yml_list_the_same_packages():
    req = _pins((ROOT / "requirements.txt").read_text().splitlines())
    env_lines = (ROOT / "environment.yml").read_text().splitlines()
    start = next(i for i, ln in enumerate(env_lines) if ln.strip() == "- pip:")
    pip = [ln.strip()[2:] for ln in env_lines[start + 1:] if ln.strip().startswith("- ")]
    assert req == _pins(pip), "requirements.txt and environment.yml's pip list differ: change both together"
    assert all("==" in p for p in req), f"unpinned packages: {[p for p in req if '==' not in p]}"
    nltk_pin = next(p for p in req if p.startswith("nltk=="))
    assert tuple(int(x) for x in nltk_pin.split("==")[1].split(".")[:3]) >= (3, 9, 1)


def test_installed_versions_match_the_pins():
    from importlib.metadata import version

    for pin in _pins((ROOT / "requirements.txt").read_text().splitlines()):
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
    monkeypatch.setattr(nltk_setup, "find_complete_copy", lambda log=None: None)
    monkeypatch.setattr(nltk_setup, "LOCAL_NLTK_DATA", Path("/nonexistent-course-data"))
    with pytest.raises(nltk_setup.NLTKDataMissing) as err:
        nltk_setup.check_environment()
    assert "python -m whosaidwhat.nltk_setup" in str(err.value) and "punkt_tab" in str(err.value)


def test_every_resource_loads():
    nltk_setup.ensure()
    assert nltk_setup.verify() == []
