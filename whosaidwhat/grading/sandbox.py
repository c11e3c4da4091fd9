"""The sandbox a student's notebook runs in while it is autograded.

nbgrader starts a Jupyter kernel per notebook.  During class grading that
kernel is the ``wsw-sandbox`` kernel spec, whose command is this module: it
sets resource limits and then replaces itself with bubblewrap (``bwrap``,
Debian package *bubblewrap*) running the usual IPython kernel, so that the
student's code

* has no network (a new, empty network namespace; the kernel talks to the
  grader through Unix sockets, not TCP);
* sees the whole file system read-only, except its own submission folder and
  a private temporary folder;
* does not see the solutions, the gradebook, or other students' work (empty
  folders are mounted over them), nor the hidden tests in the notebook it is
  running (the file reads as empty);
* cannot signal the grader (a new PID namespace) and has no capabilities;
* has limits on memory (address space), CPU seconds and file size.

Wall-clock time is limited by the grader (a timeout per cell, and one per
submission).  The settings reach this module through environment variables
set by ``whosaidwhat.grading``.
"""

from __future__ import annotations

import glob
import json
import os
import resource
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

KERNEL_NAME = "wsw-sandbox"
ENV = "WSW_SANDBOX"  # JSON of Limits, set by the grader for the kernels it starts


@dataclass
class Limits:
    memory_mb: int = 4096     # address space: numpy, NLTK and matplotlib need about 1.5 GB of it
    cpu_seconds: int = 600    # per kernel (a restarted kernel starts again from 0)
    file_mb: int = 256        # largest file the notebook may write
    hide: list[str] = field(default_factory=list)  # folders replaced by empty ones

    def to_env(self) -> str:
        return json.dumps(self.__dict__)

    @classmethod
    def from_env(cls) -> "Limits":
        return cls(**json.loads(os.environ.get(ENV, "{}")))


class SandboxUnavailable(RuntimeError):
    pass


FIX = (
    "Install bubblewrap (Debian/Ubuntu: sudo apt-get install bubblewrap), or grade without the sandbox "
    "(bin/grade-class --no-sandbox) on a machine you can throw away."
)


def check() -> None:
    """Raise SandboxUnavailable with the fix when bwrap is missing or cannot make namespaces here."""
    if not shutil.which("bwrap"):
        raise SandboxUnavailable("The grading sandbox needs bubblewrap (bwrap), which is not installed. " + FIX)
    probe = subprocess.run(
        ["bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--unshare-net", "--unshare-pid",
         "--die-with-parent", "--cap-drop", "ALL", "true"],
        capture_output=True, text=True,
    )
    if probe.returncode != 0:
        raise SandboxUnavailable(
            f"bubblewrap cannot create a sandbox on this machine ({probe.stderr.strip()}). "
            "It needs user namespaces (or root). " + FIX
        )


def write_kernelspec(jupyter_path: Path) -> None:
    """The kernel spec nbgrader starts during grading (put jupyter_path on JUPYTER_PATH)."""
    folder = jupyter_path / "kernels" / KERNEL_NAME
    folder.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "whosaidwhat.grading.sandbox", "{connection_file}"],
        "display_name": "Python 3 (grading sandbox)",
        "language": "python",
        "interrupt_mode": "message",  # over the sockets: signals from outside do not cross into the sandbox reliably
    }
    (folder / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")


def _private_home(runtime: Path) -> Path:
    """A writable home for one kernel, with matplotlib's font cache copied in
    (without it matplotlib rebuilds the cache and warns on every start)."""
    home = runtime / f"home-{os.getpid()}"
    (home / "mpl").mkdir(parents=True, exist_ok=True)
    (home / "tmp").mkdir(exist_ok=True)
    cache = os.environ.get("MPLCONFIGDIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "matplotlib")
    for font_list in glob.glob(os.path.join(cache, "fontlist-*.json")):
        shutil.copy(font_list, home / "mpl")
    return home


def command(connection_file: str, limits: Limits, cwd: str) -> list[str]:
    # the kernel makes its Unix sockets at the connection file's "ip" path
    with open(connection_file, encoding="utf-8") as f:
        runtime = os.path.dirname(os.path.abspath(json.load(f)["ip"]))
    home = _private_home(Path(runtime))
    args = ["bwrap", "--die-with-parent", "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
            "--cap-drop", "ALL", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/dev/shm"]
    for folder in limits.hide:
        if os.path.isdir(folder):
            args += ["--tmpfs", folder]
    # writable: the submission folder (the kernel's working folder), the sockets, the private home
    args += ["--bind", cwd, cwd, "--bind", runtime, runtime]
    # the notebook being graded holds the hidden tests (nbgrader put them back): the kernel sees an empty file
    empty = home / "empty"
    empty.touch()
    for notebook in sorted(glob.glob(os.path.join(glob.escape(cwd), "*.ipynb"))):
        args += ["--ro-bind", str(empty), notebook]
    args += ["--setenv", "HOME", str(home), "--setenv", "MPLCONFIGDIR", str(home / "mpl"),
             "--setenv", "IPYTHONDIR", str(home / "ipython"), "--setenv", "TMPDIR", str(home / "tmp"),
             "--unsetenv", ENV, "--chdir", cwd,
             # the kernel would take bwrap's init for a dead parent; --die-with-parent does that job
             "--unsetenv", "JPY_PARENT_PID"]
    return args + ["--", sys.executable, "-m", "ipykernel_launcher", "-f", connection_file]


def _set_limits(limits: Limits) -> None:
    mb = 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_mb * mb,) * 2)
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_mb * mb,) * 2)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        sys.exit("usage: python -m whosaidwhat.grading.sandbox CONNECTION_FILE")
    limits = Limits.from_env()
    args = command(argv[0], limits, os.getcwd())
    _set_limits(limits)
    os.execvp(args[0], args)


if __name__ == "__main__":
    main(sys.argv[1:])
