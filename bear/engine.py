"""One owner thread per blocking engine, with results returned as asyncio futures.

Like aiosqlite does for sqlite3: every call into a blocking engine (onnxruntime, Vosk, Piper)
is queued to the engine's own thread, so the event loop never blocks and the engine's
objects are only ever touched by one thread.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

_STOP = object()


class EngineClosed(Exception):
    """The engine thread has been closed."""


class EngineThread:
    """One daemon thread that owns a blocking engine: calls are queued and run in order, results come back as
    futures."""

    def __init__(self, name: str):
        self.name = name
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._closed = False
        self._busy = False
        self._thread = threading.Thread(target=self._run, name=f"bear-{name}", daemon=True)
        self._thread.start()

    @property
    def busy(self) -> bool:
        """A call is running on the thread now."""
        return self._busy

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            fn, args, kwargs, loop, future = item
            self._busy = True
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:  # handed to the awaiting coroutine
                if loop is None:
                    future.set_exception(exc)
                else:
                    _resolve(loop, future, None, exc)
            else:
                if loop is None:
                    future.set_result(result)
                else:
                    _resolve(loop, future, result, None)
            finally:
                self._busy = False

    def submit(self, fn: Callable[..., Any], *args, **kwargs) -> asyncio.Future:
        """Run `fn(*args, **kwargs)` on the engine thread; await the returned future."""
        if self._closed:
            raise EngineClosed(f"engine thread {self.name} is closed")
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._queue.put((fn, args, kwargs, loop, future))
        return future

    def call(self, fn: Callable[..., Any], *args, timeout: float | None = None, **kwargs):
        """Run `fn` on the engine thread and wait for it from a plain (non-loop) thread (at most
        `timeout` seconds: TimeoutError, and `fn` still runs later)."""
        import concurrent.futures

        if self._closed:
            raise EngineClosed(f"engine thread {self.name} is closed")
        if threading.current_thread() is self._thread:
            return fn(*args, **kwargs)
        future: concurrent.futures.Future = concurrent.futures.Future()
        self._queue.put((fn, args, kwargs, None, future))
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            raise TimeoutError(f"engine thread {self.name} is busy") from None

    def close(self, timeout: float = 2.0) -> bool:
        """Stop the thread after the work already queued; waits up to `timeout` seconds. False if
        it is still busy (a model load in progress): the process must then not run its normal
        interpreter shutdown under it (see bear.cli), which can abort inside native code."""
        if not self._closed:
            self._closed = True
            self._queue.put(_STOP)
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.warning("event=engine_close_timeout engine=%s timeout_s=%.1f", self.name, timeout)
            return False
        return True


def _resolve(loop, future, result, exc) -> None:
    def apply():
        if future.cancelled():
            return
        if exc is not None:
            future.set_exception(exc)
        else:
            future.set_result(result)

    try:
        loop.call_soon_threadsafe(apply)
    except RuntimeError:  # the loop is closed: nobody is waiting any more
        pass
