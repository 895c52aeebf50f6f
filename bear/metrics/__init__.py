"""Metrics for a technician: the bear's counts, timings and state as a Prometheus text file.

Off unless `metrics.textfile` is set (on a bear: node_exporter's textfile folder,
/var/lib/prometheus/node-exporter/bear.prom); the bear opens no port for it. The `metrics` task
(`Metrics.run`) every `metrics.interval_s`:

1. samples the daemon's `bear status` (`bear.statusd.live`, on the loop);
2. off the loop (a worker thread): adds the process tree's RSS and CPU time and the database's
   size (`state.py`), and writes the registry with prometheus_client's `write_to_textfile`
   (a temporary file renamed over the old one, so a reader never sees half a file), readable by
   node_exporter's user (0644 even under the unit's UMask=0077).

Counts and timings come from the bear's own journald events (`events.py`, a logging handler) and
from the store's single writer (`Database.on_write`). Never a child's words, name or audio: label
values come from fixed sets (`labels.py`). A folder that is missing or cannot be written is logged
once (`event=metrics_write_failed`) and tried again each interval; the bear carries on.
prometheus_client is imported here, never by `import bear`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from bear.config import Config

log = logging.getLogger(__name__)

StatusSource = Callable[[], Awaitable[dict[str, Any]]]  # bear.statusd.live(daemon)


class WriteObserved(Protocol):
    """The store's single writer, which tells an observer how long each transaction took."""

    on_write: Callable[[float, bool], None] | None


class Metrics:
    """The `metrics` task and everything it writes (see the module's docstring)."""

    def __init__(self, cfg: Config, status: StatusSource, db: WriteObserved | None = None) -> None:
        from prometheus_client import CollectorRegistry, disable_created_metrics

        from bear import __version__
        from bear.metrics.events import EventMetrics
        from bear.metrics.labels import Labels
        from bear.metrics.state import StateCollector

        disable_created_metrics()  # no `_created` series: a textfile has no use for them
        self.path = Path(cfg.metrics.textfile)
        self.interval_s = cfg.metrics.interval_s
        self.registry = CollectorRegistry(auto_describe=False)
        labels = Labels.load(cfg.manifest_path)
        self.events = EventMetrics(self.registry, labels)
        self.events.set_build(version=__version__, stt_engine=cfg.stt.engine, wake_engine=cfg.wake.engine,
                              voice_engine=cfg.speech.engine)
        self.state = StateCollector(labels, cfg.db_path)
        self.registry.register(self.state)
        self._status = status
        self._db = db
        self._failing_since: float | None = None
        self._sample_failed = False
        self.writes = 0

    async def run(self) -> None:
        """Count the bear's events and write the file every interval, until cancelled."""
        bear_log = logging.getLogger("bear")
        bear_log.addHandler(self.events)
        if self._db is not None:
            self._db.on_write = self.events.store_written
        if bear_log.getEffectiveLevel() > logging.INFO:
            log.warning("event=metrics_partial reason=log_level (turns, wakes and timings are logged at info: "
                        "set logging.level = \"info\" to count them)")
        try:
            while True:
                await self.write_once()
                await asyncio.sleep(self.interval_s)
        finally:
            bear_log.removeHandler(self.events)
            if self._db is not None and self._db.on_write == self.events.store_written:
                self._db.on_write = None

    async def write_once(self) -> bool:
        """Sample the status and write the file; False if the file could not be written."""
        t0 = time.perf_counter()
        try:
            status = await self._status()
            self._sample_failed = False
        except Exception as exc:  # the rest of the file is still worth writing
            status = None
            if not self._sample_failed:
                log.error("event=metrics_sample_failed error=%r", f"{type(exc).__name__}: {exc}")
            self._sample_failed = True
        return await asyncio.to_thread(self._write, status, time.perf_counter() - t0)

    def _write(self, status: dict[str, Any] | None, sample_s: float) -> bool:
        """On a worker thread: the snapshot, then the file (atomically, readable by node_exporter)."""
        from prometheus_client import write_to_textfile

        self.state.update(status, sample_s)
        t0 = time.perf_counter()
        try:
            write_to_textfile(str(self.path), self.registry)
            os.chmod(self.path, 0o644)  # the unit's UMask=0077 made it 0600; node_exporter runs as another user
        except OSError as exc:
            self.state.write_failures += 1
            if self._failing_since is None:
                self._failing_since = time.monotonic()
                log.error("event=metrics_write_failed path=%s error=%r (the bear carries on; it tries again every "
                          "%g s)", self.path, f"{type(exc).__name__}: {exc}", self.interval_s)
            return False
        self.state.write_s = time.perf_counter() - t0
        self.writes += 1
        if self._failing_since is not None:
            log.warning("event=metrics_write_recovered path=%s after_s=%.0f failures=%d", self.path,
                        time.monotonic() - self._failing_since, self.state.write_failures)
            self._failing_since = None
        return True
