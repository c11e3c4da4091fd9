"""File operations on folders that student code could have written to.

The grader runs as the instructor (often root).  Anything it does on a
student-writable folder must never follow a link: a symlink to the gradebook
would otherwise get its permissions changed, or be copied into feedback.

* ``sweep`` removes everything that is not a regular file or a directory
  (symlinks, FIFOs, sockets, devices) and says what it removed;
* ``copy_tree`` copies regular files and directories only, never through a link;
* ``link_problem`` says why a student folder or notebook cannot be graded.

Every walk uses ``lstat``/``os.scandir`` without following links, and counts
entries so that a huge or unreadable tree is reported, not followed forever.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

MAX_ENTRIES = 20_000  # a submission folder with more entries than this is refused


class UnsafeTree(RuntimeError):
    """The folder cannot be walked safely (unreadable, too big, changed while walked)."""


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISLNK, "symbolic link"), (stat.S_ISFIFO, "FIFO"), (stat.S_ISSOCK, "socket"),
                       (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device")):
        if test(mode):
            return name
    return "special file"


def _walk(root: Path):
    """(path, lstat) of everything below root, depth first, never through a link."""
    count, todo = 0, [root]
    while todo:
        folder = todo.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as err:
            raise UnsafeTree(f"cannot read the folder {folder.name!r} ({err.strerror})") from None
        for entry in entries:
            count += 1
            if count > MAX_ENTRIES:
                raise UnsafeTree(f"more than {MAX_ENTRIES} files and folders")
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError as err:
                raise UnsafeTree(f"cannot read {entry.name!r} ({err.strerror})") from None
            path = Path(entry.path)
            yield path, st
            if stat.S_ISDIR(st.st_mode):
                todo.append(path)


def sweep(root: Path) -> list[str]:
    """Remove from `root` everything that is not a regular file or a folder;
    return one line per removed entry (relative path and kind).
    Raises UnsafeTree when the tree cannot be walked."""
    if not os.path.lexists(root):
        return []
    st = os.lstat(root)
    if not stat.S_ISDIR(st.st_mode):
        raise UnsafeTree(f"{root.name!r} is a {_kind(st.st_mode)}, not a folder")
    removed = []
    for path, st in list(_walk(root)):
        if stat.S_ISDIR(st.st_mode) or stat.S_ISREG(st.st_mode):
            continue
        os.unlink(path)  # unlink never follows: it removes the link, FIFO or socket itself
        removed.append(f"{path.relative_to(root)} ({_kind(st.st_mode)})")
    return sorted(removed)


def copy_tree(src: Path, dst: Path) -> list[str]:
    """Copy regular files and folders from src to dst, opening every file with
    O_NOFOLLOW; anything else is skipped and named in the returned list."""
    skipped = []
    dst.mkdir(parents=True, exist_ok=True)
    for path, st in _walk(src):
        target = dst / path.relative_to(src)
        if stat.S_ISDIR(st.st_mode):
            target.mkdir(exist_ok=True)
        elif stat.S_ISREG(st.st_mode):
            _copy_file(path, target)
        else:
            skipped.append(f"{path.relative_to(src)} ({_kind(st.st_mode)})")
    return skipped


def _copy_file(src: Path, dst: Path) -> None:
    fd = os.open(src, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced between the walk and the open
            raise UnsafeTree(f"{src.name!r} changed while it was copied")
        out = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
        try:
            with open(fd, "rb", closefd=False) as r, open(out, "wb", closefd=False) as w:
                shutil.copyfileobj(r, w)
        finally:
            os.close(out)
    finally:
        os.close(fd)


def remove_tree(path: Path) -> None:
    """rmtree that also removes a link or a file in place of the folder (never its target)."""
    if os.path.islink(path) or (os.path.lexists(path) and not os.path.isdir(path)):
        os.unlink(path)
    elif os.path.lexists(path):
        shutil.rmtree(path)  # shutil.rmtree does not follow links inside the tree


def link_problem(path: Path, what: str) -> str | None:
    """Why `path` (a student folder or notebook) must not be graded, or None."""
    try:
        st = os.lstat(path)
    except OSError as err:
        return f"{what} {path.name!r} cannot be read ({err.strerror})"
    if stat.S_ISLNK(st.st_mode):
        return (f"{what} {path.name!r} is a symbolic link (to {os.readlink(path)!r}); only real folders and "
                "files are graded: ask the student to submit the file itself")
    folder = what.endswith("folder")
    if folder and stat.S_ISREG(st.st_mode):
        return f"{what} {path.name!r} is a file, not a folder; it is not graded"
    if not (stat.S_ISDIR if folder else stat.S_ISREG)(st.st_mode):
        return f"{what} {path.name!r} is a {_kind(st.st_mode)}; it is not graded"
    return None
