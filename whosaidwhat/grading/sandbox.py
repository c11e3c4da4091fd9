"""The sandbox a student's notebook runs in while it is autograded.

nbgrader starts a Jupyter kernel per notebook.  During class grading that
kernel is the ``wsw-sandbox`` kernel spec, whose command is this module: it
puts itself in the submission's resource group and then replaces itself with
bubblewrap (``bwrap``, Debian package *bubblewrap*) running the usual IPython
kernel.  Inside, the student's code

* sees only what a notebook needs, read-only: /usr (and /lib, /bin links),
  a few files of /etc, the Python installation and the course's virtual
  environment, the ``whosaidwhat`` package, data/ and the NLTK data.  Not the
  rest of the repository (solutions, .git, grading), not /root, not home
  folders, not other checkouts;
* gets fresh, empty, size-capped tmpfs mounts for its home, /tmp, /dev/shm and
  its working folder (a copy of the submission's extra files, never the
  notebook, which holds the hidden tests); they vanish with the kernel;
* talks to the grader only through the Unix sockets in its submission's
  private folder (made by the worker, 0700, mounted into this sandbox only):
  no network, no other sandbox's connection files or sockets;
* gets an environment built from an allowlist (``--clearenv``);
* is in new PID, IPC, UTS, network and cgroup namespaces, with no capabilities;
* is limited per submission (every kernel of it, restarts included) by a
  cgroup (v2, else v1) on memory and process count, and CPU share; where the
  host has no writable cgroups the fallback is still per submission:
  RLIMIT_NPROC, and the tmpfs sizes cap the disk.  Per process there are
  limits on address space, CPU seconds and file size in any case.

Wall-clock time is limited by the grader (a timeout per cell, and one per
submission).  The settings reach this module through environment variables
set by ``whosaidwhat.grading``.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

KERNEL_NAME = "wsw-sandbox"
ENV = "WSW_SANDBOX"          # JSON of Limits, set by the grader for the kernels it starts
PRIVATE = "WSW_PRIVATE_DIR"  # the submission's private folder, set by the worker per job
HOME = "/home/student"
CGROUP_V2 = Path("/sys/fs/cgroup")
CGROUP_V1 = {"memory": Path("/sys/fs/cgroup/memory"), "pids": Path("/sys/fs/cgroup/pids"),
             "cpu": Path("/sys/fs/cgroup/cpu")}
MAX_WORK_FILES = 500  # extra files of a submission copied into its working folder


@dataclass
class Limits:
    memory_mb: int = 4096     # per submission (cgroup) and per process (address space)
    cpu_seconds: int = 600    # per kernel process (a restarted kernel starts again from 0)
    file_mb: int = 256        # largest file the notebook may write
    processes: int = 256      # per submission (cgroup pids.max, else RLIMIT_NPROC above what runs)
    tmp_mb: int = 256         # size of /tmp, and of the working folder
    shm_mb: int = 64          # size of /dev/shm
    home_mb: int = 64         # size of the home folder
    cpus: float = 1.0         # CPU share per submission (cgroup), in cores

    def to_env(self) -> str:
        return json.dumps(self.__dict__)

    @classmethod
    def from_env(cls) -> "Limits":
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in json.loads(os.environ.get(ENV, "{}")).items() if k in known})


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
        ["bwrap", *_system_mounts(), "--dev", "/dev", "--proc", "/proc", "--unshare-net", "--unshare-pid",
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


# ---------------------------------------------------------------- what the sandbox sees
ETC = ["ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "passwd", "group", "nsswitch.conf", "fonts",
       "mime.types", "host.conf"]


def _system_mounts() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr"]
    for top in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = Path("/") / top
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    for name in ETC:
        if os.path.exists(f"/etc/{name}"):
            args += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    return args


def visible_paths() -> list[str]:
    """Folders outside /usr the kernel needs, read-only: Python, the course's
    environment and package, the article, the NLTK data."""
    from ..paths import DATA_DIR, LOCAL_NLTK_DATA

    package = Path(__file__).resolve().parents[1]
    wanted = {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.path.dirname(
        os.path.realpath(sys.executable))), str(package), str(DATA_DIR), str(LOCAL_NLTK_DATA)}
    wanted |= {p for p in os.environ.get("NLTK_DATA", "").split(os.pathsep) if p}
    found = sorted(os.path.realpath(p) for p in wanted if os.path.isdir(p))
    # a folder inside another visible one is visible already; never / or a home as a whole
    return [p for p in found if p not in ("/", "/root", "/home")
            and not any(p != q and p.startswith(q + os.sep) for q in found)]


def allowed_env(limits: Limits) -> dict[str, str]:
    """The kernel's whole environment: nothing of the grader's passes unless named here."""
    env = {
        "PATH": os.pathsep.join([os.path.join(sys.prefix, "bin"), "/usr/local/bin", "/usr/bin", "/bin"]),
        "HOME": HOME, "USER": "student", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TMPDIR": "/tmp",
        "MPLCONFIGDIR": f"{HOME}/.config/matplotlib", "IPYTHONDIR": f"{HOME}/.ipython",
        "JUPYTER_RUNTIME_DIR": f"{HOME}/.local/share/jupyter/runtime", "JUPYTER_PLATFORM_DIRS": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1", "PYTHONDONTWRITEBYTECODE": "1",
    }
    for name in ("NLTK_DATA", "WSW_DATA", "NBGRADER_EXECUTION", "PYTHONHASHSEED", "MPLBACKEND", "TZ"):
        if os.environ.get(name):
            env[name] = os.environ[name]
    for name in ("NLTK_DATA", "WSW_DATA"):
        # the sandbox mounts folders at their real paths (visible_paths): a path through a link must be resolved
        if name in env:
            env[name] = os.pathsep.join(os.path.realpath(p) for p in env[name].split(os.pathsep) if p)
    return env


def _font_cache() -> list[Path]:
    """The grader's own matplotlib font cache (never a student-writable place)."""
    from glob import glob

    cache = os.environ.get("MPLCONFIGDIR") or os.path.join(os.path.expanduser("~"), ".cache", "matplotlib")
    return [Path(p) for p in sorted(glob(os.path.join(glob_escape(cache), "fontlist-*.json")))]


def glob_escape(path: str) -> str:
    import glob

    return glob.escape(path)


def _file_args(src: Path, dest: str, fds: list[int]) -> list[str]:
    """bwrap copies the file from an open descriptor: opened here without following links."""
    try:
        fd = os.open(src, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return []
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return []
    os.set_inheritable(fd, True)
    fds.append(fd)
    return ["--file", str(fd), dest]


def _work_files(cwd: str, limits: Limits, fds: list[int]) -> list[str]:
    """The submission's extra files (data a student handed in), copied into the
    working folder's tmpfs; notebooks are left out (they hold the hidden tests)."""
    from .safefs import UnsafeTree, _walk

    args, budget, count = [], limits.tmp_mb * 1024 * 1024 // 2, 0
    try:
        for path, st in _walk(Path(cwd)):
            rel = path.relative_to(cwd)
            if stat.S_ISDIR(st.st_mode):
                args += ["--dir", os.path.join(cwd, rel)]
            elif stat.S_ISREG(st.st_mode) and path.suffix != ".ipynb" and st.st_size <= budget:
                count += 1
                if count > MAX_WORK_FILES:
                    break
                budget -= st.st_size
                args += _file_args(path, os.path.join(cwd, rel), fds)
    except UnsafeTree:
        pass
    return args


def command(connection_file: str, limits: Limits, cwd: str, fds: list[int] | None = None) -> list[str]:
    fds = [] if fds is None else fds
    # the private folder comes from the worker's environment, never from a file the sandbox could
    # have changed (a restarted kernel reuses the connection file)
    runtime = os.path.realpath(os.environ.get(PRIVATE) or os.path.dirname(os.path.abspath(connection_file)))
    if os.path.dirname(os.path.realpath(connection_file)) != runtime or os.path.islink(connection_file):
        raise SystemExit(f"the connection file {connection_file} is not in the private folder {runtime}")
    mb = 1024 * 1024
    args = ["bwrap", "--die-with-parent", "--new-session", "--unshare-net", "--unshare-pid", "--unshare-ipc",
            "--unshare-uts", "--unshare-cgroup-try", "--cap-drop", "ALL", "--clearenv",
            *_system_mounts(), "--proc", "/proc", "--dev", "/dev",
            "--size", str(limits.tmp_mb * mb), "--tmpfs", "/tmp",
            "--size", str(limits.shm_mb * mb), "--tmpfs", "/dev/shm",
            "--size", str(limits.home_mb * mb), "--tmpfs", HOME]
    for path in visible_paths():
        args += ["--ro-bind", path, path]
    # the working folder: a fresh tmpfs at the submission's path, with its extra files
    args += ["--size", str(limits.tmp_mb * mb), "--tmpfs", cwd, *_work_files(cwd, limits, fds)]
    # the private folder: this submission's connection file and sockets, nobody else's
    args += ["--bind", runtime, runtime]
    env = allowed_env(limits)
    for d in (env["MPLCONFIGDIR"], env["IPYTHONDIR"], env["JUPYTER_RUNTIME_DIR"]):
        args += ["--dir", d]
    for font_list in _font_cache():
        args += _file_args(font_list, f"{env['MPLCONFIGDIR']}/{font_list.name}", fds)
    for name, value in env.items():
        args += ["--setenv", name, value]
    args += ["--chdir", cwd]
    return args + ["--", sys.executable, "-m", "ipykernel_launcher", "-f", connection_file]


# ---------------------------------------------------------------- limits
def cgroup_dirs(name: str) -> list[Path]:
    """The submission's cgroup folders (v2: one; v1: one per controller) that exist."""
    if (CGROUP_V2 / "cgroup.controllers").exists():
        return [p for p in [CGROUP_V2 / "wsw-grading" / name] if p.is_dir()]
    return [p for p in (base / f"wsw-{name}" for base in CGROUP_V1.values()) if p.is_dir()]


def _write(path: Path, value: str) -> None:
    path.write_text(value, encoding="ascii")


def join_cgroup(name: str, limits: Limits) -> bool:
    """Put this process (and so the kernel it becomes) into the submission's cgroup,
    creating it with its limits; False when the host gives us no writable cgroups."""
    mb, pid = 1024 * 1024, str(os.getpid())
    try:
        if (CGROUP_V2 / "cgroup.controllers").exists():
            parent = CGROUP_V2 / "wsw-grading"
            parent.mkdir(exist_ok=True)
            wanted = {"memory", "pids", "cpu"} & set((CGROUP_V2 / "cgroup.controllers").read_text().split())
            for folder in (CGROUP_V2, parent):
                _write(folder / "cgroup.subtree_control", " ".join(f"+{c}" for c in sorted(wanted)))
            group = parent / name
            group.mkdir(exist_ok=True)
            _write(group / "memory.max", str(limits.memory_mb * mb))
            _write(group / "memory.swap.max", "0") if (group / "memory.swap.max").exists() else None
            _write(group / "pids.max", str(limits.processes))
            if limits.cpus > 0:
                _write(group / "cpu.max", f"{int(limits.cpus * 100_000)} 100000")
            _write(group / "cgroup.procs", pid)
            return True
        joined = False
        for controller, base in CGROUP_V1.items():
            if not os.access(base, os.W_OK) or (controller == "cpu" and limits.cpus <= 0):
                continue
            group = base / f"wsw-{name}"
            group.mkdir(exist_ok=True)
            if controller == "memory":
                _write(group / "memory.limit_in_bytes", str(limits.memory_mb * mb))
            elif controller == "pids":
                _write(group / "pids.max", str(limits.processes))
                joined = True
            else:
                _write(group / "cpu.cfs_period_us", "100000")
                _write(group / "cpu.cfs_quota_us", str(int(limits.cpus * 100_000)))
            _write(group / "cgroup.procs", pid)
        return joined
    except OSError:
        return False


def remove_cgroup(name: str) -> None:
    """Kill what is left of a submission and remove its cgroup (the worker calls this after the job)."""
    import signal
    import time

    for group in cgroup_dirs(name):
        for _ in range(50):
            try:
                pids = [int(p) for p in (group / "cgroup.procs").read_text().split()]
            except OSError:
                pids = []
            if not pids:
                break
            for p in pids:
                try:
                    os.kill(p, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.02)
        try:
            group.rmdir()
        except OSError:
            pass


def _processes_of_uid() -> int:
    uid, count = os.getuid(), 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            if f"\nUid:\t{uid}\t" in status.read_text():
                count += 1
        except OSError:
            continue
    return count


def _set_limits(limits: Limits, in_cgroup: bool) -> None:
    mb = 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_mb * mb,) * 2)
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_mb * mb,) * 2)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if not in_cgroup:  # the fallback: no more than `processes` beyond what this user runs now
        cap = _processes_of_uid() + limits.processes
        resource.setrlimit(resource.RLIMIT_NPROC, (cap, cap))


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        sys.exit("usage: python -m whosaidwhat.grading.sandbox CONNECTION_FILE")
    limits = Limits.from_env()
    fds: list[int] = []
    args = command(argv[0], limits, os.getcwd(), fds)
    private = os.environ.get(PRIVATE)
    in_cgroup = join_cgroup(os.path.basename(private), limits) if private else False
    _set_limits(limits, in_cgroup)
    os.execvp(args[0], args)


if __name__ == "__main__":
    main(sys.argv[1:])
