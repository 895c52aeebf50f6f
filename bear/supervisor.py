"""Supervised, named asyncio tasks.

A task that raises is logged with its traceback and restarted with backoff; one that keeps
crashing (5 times within 60 s) is fatal, so the daemon exits non-zero and systemd restarts it.
A task that raises `TaskFailed` (it cannot go on, and a restart would fail the same way: a
recording with no audio) is fatal at once, logged in one line without a traceback.
Shutdown cancels every task, then awaits them with a time limit; a task that raises while it is
being cancelled (say, in a `finally`) is logged and not restarted.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from bear.backoff import backoff_delay

log = logging.getLogger(__name__)

CRASH_WINDOW_S = 60.0
CRASH_LIMIT = 5


class TaskFailed(Exception):
    """A task cannot go on and restarting it would not help: fatal at once, logged in one line."""


class Supervisor:
    """Runs the daemon's tasks: restarts a failed one with backoff, or reports it fatal; cancels them all on
    shutdown."""

    def __init__(self, on_fatal: Callable[[str], None], *, backoff_s: float = 0.5):
        self.on_fatal = on_fatal
        self.backoff_s = backoff_s
        self.tasks: dict[str, asyncio.Task] = {}
        self.crashes: dict[str, list[float]] = {}

    def spawn(self, name: str, factory: Callable[[], Awaitable[None]], *, restart: bool = True,
              on_exit: Callable[[], object] | None = None) -> asyncio.Task:
        """Run `factory()` as task `name`; restart it if it crashes (unless restart=False).

        `on_exit` is called when the coroutine returns normally (not when it is cancelled).
        """
        task = asyncio.create_task(self._guard(name, factory, restart, on_exit), name=name)
        self.tasks[name] = task
        return task

    async def _guard(self, name, factory, restart, on_exit) -> None:
        failures = 0
        while True:
            try:
                await factory()
                log.info("event=task_finished task=%s", name)
                if on_exit:
                    on_exit()
                return
            except asyncio.CancelledError:
                raise
            except TaskFailed as exc:
                log.critical("event=task_fatal task=%s error=%r", name, str(exc))
                self.on_fatal(name)
                return
            except Exception:
                now = time.monotonic()
                recent = [t for t in self.crashes.get(name, []) if now - t < CRASH_WINDOW_S] + [now]
                self.crashes[name] = recent
                log.exception("event=task_crashed task=%s crashes_last_minute=%d", name, len(recent))
                if asyncio.current_task().cancelling():  # it failed while being stopped: it stays stopped
                    raise asyncio.CancelledError(f"{name} failed while being cancelled") from None
                if not restart or len(recent) >= CRASH_LIMIT:
                    log.critical("event=task_fatal task=%s crashes_last_minute=%d", name, len(recent))
                    self.on_fatal(name)
                    return
                failures += 1
                await asyncio.sleep(backoff_delay(failures, self.backoff_s, 20 * self.backoff_s))
                log.info("event=task_restarted task=%s", name)

    async def shutdown(self, timeout: float) -> list[str]:
        """Cancel every task and wait up to `timeout` s; returns the names that did not stop."""
        current = asyncio.current_task()
        tasks = [t for t in self.tasks.values() if t is not current and not t.done()]
        for task in tasks:
            task.cancel()
        if not tasks:
            return []
        _, pending = await asyncio.wait(tasks, timeout=timeout)
        stuck = sorted(t.get_name() for t in pending)
        for name in stuck:
            log.error("event=task_stuck_at_shutdown task=%s timeout_s=%.1f", name, timeout)
        return stuck
