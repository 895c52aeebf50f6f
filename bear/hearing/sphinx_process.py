"""PocketSphinx in a child process.

PocketSphinx's Python binding keeps the GIL while it decodes (up to ~100 ms at the end of a
long utterance), which would stall the event loop; Vosk and onnxruntime release it. So the
decoder lives in its own process, and its engine thread in the bear only waits on a pipe
(which releases the GIL). The child is restarted if it dies; unloading the model ends it,
which returns all of its memory.

The child is a plain `python -m bear.hearing.sphinx_process` (subprocess, not multiprocessing:
no resource-tracker process, ~12 MB, and nothing of the parent's `__main__` re-imported); the two
talk over a socket pair with multiprocessing's pickling `Connection`.

The child never outlives the bear: it asks the kernel to kill it when its parent dies
(PR_SET_PDEATHSIG: at once, even in the middle of a decode that holds the GIL), leaves quietly as
soon as its socket closes (a watcher thread), and an answer it can no longer send is not an error.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
from multiprocessing.connection import Connection

from bear.hearing.types import EngineFailure

log = logging.getLogger(__name__)


class SphinxProcessError(EngineFailure):
    """The decoder process failed a call."""


def _serve(conn, phrase: str, sensitivity: float, warp: float, lm: str = "", dic: str = "",
           spotter_only: bool = False) -> None:  # the child
    from bear.hearing.sphinx import SphinxModel

    try:
        model = SphinxModel(phrase, sensitivity, warp, lm=lm or None, dic=dic or None, spotter_only=spotter_only)
        from bear.models.registry import malloc_trim

        malloc_trim()  # the dictionary and LM parsing leave freed heap behind
    except Exception as exc:
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ok", model.added))  # the pronunciations it made up: the bear logs them
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):  # the bear went away
            return
        if msg is None:
            return
        target, method, args = msg
        try:
            answer = ("ok", getattr(getattr(model, target), method)(*args))
        except Exception as exc:
            answer = ("error", f"{type(exc).__name__}: {exc}")
        conn.send(answer)


def _die_with_parent(parent: int) -> bool:
    """Have the kernel SIGKILL this process when its parent dies (Linux); False if it already has."""
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the socket watcher still ends it
        pass
    return os.getppid() == parent


def _watch(fd: int) -> None:
    """In a thread: end the process, quietly, as soon as the bear's end of the socket closes."""
    import select

    poller = select.poll()
    poller.register(fd, select.POLLRDHUP)  # POLLHUP and POLLERR are always reported
    while True:
        for _, events in poller.poll():
            if events & (select.POLLRDHUP | select.POLLHUP | select.POLLERR | select.POLLNVAL):
                os._exit(0)  # nothing to flush or save; a decode in progress is not wanted any more


class _Proxy:
    def __init__(self, owner: SphinxProcess, target: str):
        self._owner, self._target = owner, target

    def __getattr__(self, method: str):
        return lambda *args: self._owner.call(self._target, method, *args)


class SphinxProcess:
    """Same surface as SphinxModel (`.recognizer`, `.spotter`), backed by a child process."""

    def __init__(self, phrase: str = "hey teddy", sensitivity: float = 0.3, warp: float = 0.9,
                 lm: str = "", dic: str = "", spotter_only: bool = False):
        self.phrase, self.sensitivity, self.warp, self.lm, self.dic = phrase, sensitivity, warp, lm, dic
        self.spotter_only = spotter_only
        self.restarts = 0
        self._start()
        self.recognizer = _Proxy(self, "recognizer")
        self.spotter = _Proxy(self, "spotter")

    def _start(self) -> None:
        ours, theirs = socket.socketpair()
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "bear.hearing.sphinx_process", str(theirs.fileno()), self.phrase,
                 repr(self.sensitivity), repr(self.warp), self.lm, self.dic, str(os.getpid())]
                + (["spotter"] if self.spotter_only else []),
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, close_fds=True)
        finally:
            theirs.close()
        self._conn = Connection(ours.detach())
        try:
            kind, value = self._conn.recv()
        except EOFError:
            kind, value = "error", f"decoder process exited with code {self._proc.wait(5)}"
        if kind != "ok":
            self._proc.wait(1)
            self._conn.close()
            if value.startswith("WakePhraseError: "):
                from bear.hearing.pronounce import WakePhraseError

                raise WakePhraseError(value.removeprefix("WakePhraseError: "))
            raise ValueError(value)
        self.added = value or {}
        if not self.restarts:
            from bear.hearing.sphinx import log_pronounced

            log_pronounced(self.added)

    @property
    def pid(self) -> int:
        """The child process's id."""
        return self._proc.pid

    def call(self, target: str, method: str, *args):
        """Run `target.method(*args)` in the child and return its answer (SphinxProcessError if it died)."""
        # audio crosses as bytes: the decoder process then never imports numpy (~20 MB)
        args = tuple(a.tobytes() if hasattr(a, "tobytes") else a for a in args)
        try:
            self._conn.send((target, method, args))
            kind, value = self._conn.recv()
        except (EOFError, BrokenPipeError, ConnectionResetError):
            try:
                code = self._proc.wait(1)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                code = self._proc.wait(1)
            self.restarts += 1
            log.error("event=stt_process_died exitcode=%s restarts=%d", code, self.restarts)
            self._conn.close()
            self._start()
            raise SphinxProcessError(f"the PocketSphinx process died (exit code {code}); restarted") from None
        if kind == "error":
            raise SphinxProcessError(value)
        return value

    def close(self) -> None:
        """End the child process and close its socket."""
        try:
            self._conn.send(None)
        except (BrokenPipeError, OSError):
            pass
        try:
            self._proc.wait(2)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait(1)
        self._conn.close()


def main(argv: list[str]) -> int:
    """The child process: serve the decoder over the inherited socket until it closes.

    Arguments (`python -m bear.hearing.sphinx_process`): FD PHRASE SENS WARP LM DICT PPID [spotter]."""
    fd, phrase, sensitivity, warp = int(argv[0]), argv[1], float(argv[2]), float(argv[3])
    lm, dic = (argv[4], argv[5]) if len(argv) >= 6 else ("", "")
    if len(argv) >= 7 and not _die_with_parent(int(argv[6])):
        return 0  # the bear died before we started
    import threading

    threading.Thread(target=_watch, args=(fd,), name="socket-watch", daemon=True).start()
    conn = Connection(fd)
    try:
        _serve(conn, phrase, sensitivity, warp, lm, dic, spotter_only=argv[7:8] == ["spotter"])
    except (BrokenPipeError, ConnectionResetError):  # the bear went away while we were busy
        pass
    finally:
        conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
