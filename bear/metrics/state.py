"""The bear's state as gauges: sampled from what `bear status` shows, plus the process tree.

`StateCollector` is a prometheus_client custom collector. Each interval `update()` (on the writer's
thread) turns the `bear.statusd.live()` dict into a snapshot of numbers, adds the RSS and CPU
time of the whole process tree (psutil: the daemon and its engine child processes) and the
database's size; `collect()` renders the last snapshot. A key missing from the status (or a status
that could not be taken) leaves its metric out rather than guessing.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from pathlib import Path

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from bear.metrics import labels as L

# (name, help) of every plain gauge in a snapshot; counters are listed in COUNTERS
GAUGES = {
    "bear_uptime_seconds": "Seconds since the bear started.",
    "bear_start_time_seconds": "When the bear's process started (unix time).",
    "bear_microphone_muted": "1 while the microphone is off (mute switch or long paw press).",
    "bear_models_loaded": "How many models are loaded now.",
    "bear_process_resident_memory_bytes": "RSS of the bear and its engine child processes.",
    "bear_system_memory_used_ratio": "System memory in use (0-1; models are unloaded above "
                                     "memory.high_water_percent).",
    "bear_system_memory_available_bytes": "System memory available.",
    "bear_loop_max_stall_seconds": "Longest event-loop stall since the hearing models loaded.",
    "bear_store_available": "1 while the store can be written.",
    "bear_store_waiting_turns": "Turns held in memory because the store could not take them.",
    "bear_store_database_bytes": "Size of the store's database file and its WAL.",
    "bear_sync_configured": "1 when sync.url is set.",
    "bear_sync_outbox_turns": "Turns waiting to be sent to the parent's endpoint.",
    "bear_sync_consecutive_failures": "Failed syncs since the last success.",
    "bear_sync_last_success_timestamp_seconds": "When the endpoint last had everything (unix time).",
    "bear_metrics_sample_seconds": "Time taken to sample the bear's status for this file (waiting for the "
                                   "store included).",
    "bear_metrics_write_seconds": "Time the previous write of this file took (off the event loop).",
    "bear_metrics_written_timestamp_seconds": "When this file was written (unix time): older than a few "
                                              "intervals = the bear is not running.",
}
COUNTERS = {
    "bear_process_cpu_seconds": "CPU time (user + system) of the bear and its engine child processes.",
    "bear_capture_overflows": "Audio blocks lost in the capture driver.",
    "bear_playback_underruns": "Speaker buffer underruns.",
    "bear_metrics_write_failures": "Writes of this file that failed.",
}


class ProcessTree:
    """RSS now and CPU seconds so far of this process and its children; the CPU total never goes
    down when a child ends (what it used is kept), so rate() stays right across engine restarts."""

    def __init__(self, pid: int | None = None):
        self.pid = pid
        self._seen: dict[tuple[int, float], float] = {}  # (pid, create time) -> CPU seconds
        self._ended = 0.0

    def sample(self) -> tuple[int, float, float | None]:
        """(RSS bytes, CPU seconds, start time of the main process)."""
        import psutil

        from bear.resources import process_tree

        procs = process_tree(self.pid)
        rss, now = 0, {}
        for p in procs:
            try:
                with p.oneshot():
                    rss += p.memory_info().rss
                    now[(p.pid, p.create_time())] = sum(p.cpu_times()[:2])
            except psutil.Error:  # it ended meanwhile
                pass
        self._ended += sum(cpu for key, cpu in self._seen.items() if key not in now)
        self._seen = now
        return rss, self._ended + sum(now.values()), procs[0].create_time() if procs else None


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)) and math.isfinite(value):
        return float(value)
    return None


def _timestamp(iso: object) -> float | None:
    try:
        return datetime.fromisoformat(iso).timestamp() if isinstance(iso, str) else None
    except ValueError:
        return None


class StateCollector:
    """Gauges from the last status sample (see GAUGES, COUNTERS, and bear_model_rss_bytes)."""

    def __init__(self, labels: L.Labels, db_path: Path | None = None, tree: ProcessTree | None = None):
        self.labels = labels
        self.db_path = db_path
        self.tree = tree or ProcessTree()
        self.values: dict[str, float] = {}
        self.models: list[tuple[str, str, float]] = []  # (model, role, RSS bytes)
        self.write_s: float | None = None
        self.write_failures = 0

    def update(self, status: dict[str, Any] | None, sample_s: float | None) -> None:
        """Take a new snapshot (blocking: psutil and a stat, so off the loop)."""
        v: dict[str, float | None] = {}
        rss, cpu, started = self.tree.sample()
        v["bear_process_resident_memory_bytes"], v["bear_process_cpu_seconds"] = rss, cpu
        v["bear_start_time_seconds"] = started
        v["bear_store_database_bytes"] = self._db_bytes()
        v["bear_metrics_sample_seconds"] = sample_s
        v["bear_metrics_write_seconds"] = self.write_s
        v["bear_metrics_write_failures"] = self.write_failures
        models: list[tuple[str, str, float]] = []
        if status is not None:
            memory, errors = status.get("memory") or {}, status.get("errors") or {}
            sync, store = status.get("sync") or {}, status.get("store") or {}
            percent = _number(memory.get("system_percent"))
            available = _number(memory.get("system_available_mb"))
            stall = _number(status.get("max_loop_stall_ms"))
            v.update({
                "bear_uptime_seconds": _number(status.get("uptime_s")),
                "bear_microphone_muted": _number(status.get("muted")),
                "bear_system_memory_used_ratio": percent / 100 if percent is not None else None,
                "bear_system_memory_available_bytes": available * 1e6 if available is not None else None,
                "bear_loop_max_stall_seconds": stall / 1000 if stall is not None else None,
                "bear_capture_overflows": _number(errors.get("overflows")),
                "bear_playback_underruns": _number(errors.get("underruns")),
                "bear_store_available": _number(store.get("available")),
                "bear_store_waiting_turns": _number(store.get("waiting_turns")),
                "bear_sync_configured": _number(sync.get("configured")),
                "bear_sync_outbox_turns": _number(sync.get("outbox_turns")),
                "bear_sync_consecutive_failures": _number(sync.get("failures")),
                "bear_sync_last_success_timestamp_seconds": _timestamp(sync.get("last_success")),
            })
            loaded = status.get("models") or []
            for m in loaded:
                rss_mb = _number(m.get("rss_mb"))
                if rss_mb is not None:
                    models.append((L.allow(m.get("name"), self.labels.models),
                                   L.allow(m.get("role"), self.labels.roles), round(rss_mb * 1e6)))
            v["bear_models_loaded"] = len(loaded)
        v["bear_metrics_written_timestamp_seconds"] = time.time()
        self.values = {k: x for k, x in v.items() if x is not None}
        self.models = models

    def _db_bytes(self) -> int | None:
        if self.db_path is None:
            return None
        total = None
        for suffix in ("", "-wal"):
            try:
                total = (total or 0) + os.stat(f"{self.db_path}{suffix}").st_size
            except OSError:
                pass
        return total

    def collect(self) -> Iterator[Metric]:
        """prometheus_client's collector protocol: the metric families of the last snapshot."""
        values = self.values
        for name, doc in GAUGES.items():
            if name in values:
                yield GaugeMetricFamily(name, doc, value=values[name])
        for name, doc in COUNTERS.items():
            if name in values:
                yield CounterMetricFamily(name, doc, value=values[name])
        rss = GaugeMetricFamily("bear_model_rss_bytes", "RSS each loaded model added when it loaded.",
                                labels=("model", "role"))
        for model, role, value in self.models:
            rss.add_metric((model, role), value)
        yield rss
