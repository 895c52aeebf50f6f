"""PocketSphinx in a child process.

PocketSphinx's Python binding keeps the GIL while it decodes (up to ~100 ms at the end of a
long utterance), which would stall the event loop; Vosk and onnxruntime release it. So the
decoder lives in its own process, and its engine thread in the bear only waits on a pipe
(which releases the GIL). The child is restarted if it dies; unloading the model ends it,
which returns all of its memory.
"""

from __future__ import annotations

import logging
import multiprocessing

log = logging.getLogger(__name__)


class SphinxProcessError(RuntimeError):
    """The decoder process failed a call."""


def _serve(conn, phrase: str, sensitivity: float, warp: float) -> None:  # runs in the child
    from bear.hearing.sphinx import SphinxModel

    try:
        model = SphinxModel(phrase, sensitivity, warp)
    except Exception as exc:
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ok", None))
    while True:
        try:
            msg = conn.recv()
        except EOFError:  # the bear went away
            return
        if msg is None:
            return
        target, method, args = msg
        try:
            conn.send(("ok", getattr(getattr(model, target), method)(*args)))
        except Exception as exc:
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class _Proxy:
    def __init__(self, owner: "SphinxProcess", target: str):
        self._owner, self._target = owner, target

    def __getattr__(self, method: str):
        return lambda *args: self._owner.call(self._target, method, *args)


class SphinxProcess:
    """Same surface as SphinxModel (`.recognizer`, `.spotter`), backed by a child process."""

    def __init__(self, phrase: str = "hey teddy", sensitivity: float = 0.3, warp: float = 0.9):
        self.phrase, self.sensitivity, self.warp = phrase, sensitivity, warp
        self.restarts = 0
        self._start()
        self.recognizer = _Proxy(self, "recognizer")
        self.spotter = _Proxy(self, "spotter")

    def _start(self) -> None:
        ctx = multiprocessing.get_context("spawn")  # never fork a process that has threads
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(child, self.phrase, self.sensitivity, self.warp),
                                 name="bear-pocketsphinx", daemon=True)
        self._proc.start()
        child.close()
        try:
            kind, value = self._conn.recv()
        except EOFError:
            kind, value = "error", f"decoder process exited with code {self._proc.exitcode}"
        if kind != "ok":
            self._proc.join(1)
            raise ValueError(value)

    @property
    def pid(self) -> int:
        return self._proc.pid

    def call(self, target: str, method: str, *args):
        # audio crosses as bytes: the decoder process then never imports numpy (~20 MB)
        args = tuple(a.tobytes() if hasattr(a, "tobytes") else a for a in args)
        try:
            self._conn.send((target, method, args))
            kind, value = self._conn.recv()
        except (EOFError, BrokenPipeError, ConnectionResetError):
            code = self._proc.exitcode
            self.restarts += 1
            log.error("event=stt_process_died exitcode=%s restarts=%d", code, self.restarts)
            self._proc.join(1)
            self._start()
            raise SphinxProcessError(f"the PocketSphinx process died (exit code {code}); restarted") from None
        if kind == "error":
            raise SphinxProcessError(value)
        return value

    def close(self) -> None:
        try:
            self._conn.send(None)
        except (BrokenPipeError, OSError):
            pass
        self._proc.join(2)
        if self._proc.is_alive():
            self._proc.kill()
            self._proc.join(1)
        self._conn.close()
