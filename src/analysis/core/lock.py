"""One build at a time per project: a lock file under `.cache/`, held with a kernel lock.

Takes a project folder; `project_lock(root)` is a context manager that holds `.cache/build.lock` for
the length of a build (or of one stage command), with the holder's pid and command written in it. A second
build waits for the first, saying so in one line, or (`wait=False`) raises `BuildLocked` naming the
holder. Why a kernel lock (POSIX `lockf`) rather than a file that exists: the kernel drops it the moment
its process ends, however it ends (SIGKILL included), so a killed build's lock is taken over at once and
no stale lock file ever blocks a build. `lockf` rather than `flock` because a lock of `lockf` belongs to
the process, not to the open file: the page-reading processes a build forks do not inherit it, so a
child left running after its parent was killed cannot keep the project locked. It also works on NFS.

The lock is re-entrant within one process (a build calling a stage function that locks too), because a
process that closed a second descriptor of the lock file would drop its `lockf` lock.
"""

from __future__ import annotations

import fcntl
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = Path(".cache") / "build.lock"


class BuildLocked(Exception):
    """Another build holds the project's lock (and we were asked not to wait)."""


_held: dict[Path, tuple[int, int]] = {}
"""Project root -> (descriptor of its lock file, how many times this process entered the lock)."""
_guard = threading.Lock()


def holder(fd: int) -> str:
    """Who holds the lock, as written in the lock file ("pid 123: python -m analysis build"), or ''."""
    try:
        return os.pread(fd, 1000, 0).decode("utf-8", errors="replace").strip()
    except OSError:
        return ""


def _acquire(lock_path: Path, wait: bool, on_wait: Callable[[str], None] | None) -> int:
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            who = holder(fd) or "pid unknown"
            if not wait:
                raise BuildLocked(f"{lock_path}: another build is running in this project ({who}); try again when it has finished") from None
            if on_wait:
                on_wait(f"build: another build is running in this project ({who}); waiting for it to finish")
            fcntl.lockf(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}: {' '.join(sys.argv) or 'python'}\n".encode(), 0)
        return fd
    except BaseException:
        os.close(fd)
        raise


@contextmanager
def project_lock(root: Path, wait: bool = True, on_wait: Callable[[str], None] | None = None) -> Iterator[bool]:
    """Hold the project's build lock while the block runs; yields True when this entry took it (the outermost)."""
    root = Path(root).resolve()
    with _guard:
        fd, count = _held.get(root, (-1, 0))
        if count:
            _held[root] = (fd, count + 1)
    if not count:
        fd = _acquire(root / LOCK_FILE, wait, on_wait)
        with _guard:
            _held[root] = (fd, 1)
    try:
        yield not count
    finally:
        with _guard:
            fd, count = _held[root]
            if count > 1:
                _held[root] = (fd, count - 1)
            else:
                del _held[root]
                os.ftruncate(fd, 0)
                os.close(fd)  # closing the descriptor releases the lock


def running_build(root: Path) -> str:
    """Who holds the project's build lock now ('' when no build runs); takes and drops the lock in passing."""
    lock_path = Path(root).resolve() / LOCK_FILE
    if not lock_path.exists() or Path(root).resolve() in _held:
        return ""
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CLOEXEC)
    except OSError:  # a project we may only read: no build of ours can run in it either
        return ""
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return holder(fd) or "pid unknown"
    finally:
        os.close(fd)
    return ""
