"""One bear per configuration: an exclusive lock on a file in the data folder.

A second `bear run` on the same config would unlink the first one's sockets and share its
database (so `bear forget` would erase under the running bear); it now stops at once with one
line naming the pid that holds the lock. The lock is released by the kernel when the process
ends, however it ends.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

LOCK_NAME = "bear.lock"


class AlreadyRunning(Exception):
    """Another bear holds the lock."""


class InstanceLock:
    """One bear per data directory: an exclusive flock on a file in it, held while the daemon runs."""

    def __init__(self, fd: int, path: Path):
        self._fd, self.path = fd, path

    @classmethod
    def acquire(cls, data_dir: Path) -> InstanceLock:
        """Take the lock; raises AlreadyRunning when another bear holds it."""
        path = Path(data_dir) / LOCK_NAME
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise AlreadyRunning(f"another bear (pid {holder}) is running with this configuration "
                                 f"(lock {path}); stop it first (systemctl stop bear)") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        return cls(fd, path)

    def release(self) -> None:
        """Release the lock (idempotent)."""
        if self._fd >= 0:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = -1
