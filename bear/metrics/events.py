"""The bear's journald events as Prometheus counters and histograms: a `logging.Handler`.

Attached to the `bear` logger, it reads each record's *arguments* by the names its format string
gives them (`log.info("event=turn n=%d trigger=%s ...", n, trigger, ...)` → {"n": n, "trigger":
trigger}); it never formats the message. Numbers become counts and timings; every label value
goes through a fixed allow-list (`labels.py`), so an unknown value is counted as "other" and no
text from outside the code (what the child said, a name, an error message) can reach a label.
Thread-safe (prometheus_client's metrics lock themselves): engine threads log too.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, Info

from bear.metrics import labels as L

LATENCY_BUCKETS = (0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0)
STORE_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)

_CONVERSION = re.compile(r"%(?:\(\w+\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])")
_KEY = re.compile(r"(\w+)=$")
_EVENT = re.compile(r"event=(\w+)")
Fields = dict[str, Any]  # a log record's arguments by name
_TEMPLATES_MAX = 2048  # parsed format strings kept (the code has a few hundred)
_BUILD: dict[str, Callable[[Any], str]] = {
    "version": L.version, "stt_engine": lambda v: L.allow(v, L.STT_ENGINES),
    "wake_engine": lambda v: L.allow(v, L.WAKE_CONFIG), "voice_engine": lambda v: L.allow(v, L.VOICE_ENGINES)}


def template_fields(template: str) -> tuple[str | None, tuple[str | None, ...]]:
    """The event name of a format string and the name of each of its %-conversions, in order
    (None for a conversion that has no `key=` just before it)."""
    event = _EVENT.match(template)
    keys = []
    for m in _CONVERSION.finditer(template):
        if m.group(1) == "%":
            continue
        key = _KEY.search(template, max(0, m.start() - 64), m.start())
        keys.append(key.group(1) if key else None)
    return (event.group(1) if event else None), tuple(keys)


def number(value: object) -> float | None:
    """A finite int or float argument, else None (a "-" for a timing that did not happen)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


class EventMetrics(logging.Handler):
    """Counts and times what the bear logs (see the README's journald table and metric list)."""

    def __init__(self, registry: CollectorRegistry, labels: L.Labels):
        super().__init__()
        self._templates: dict[str, tuple[str | None, tuple[str | None, ...]]] = {}
        self.labels = labels

        def counter(name: str, doc: str, labelnames: tuple[str, ...] = ()) -> Counter:
            return Counter(name, doc, labelnames, registry=registry)

        def histogram(name: str, doc: str, buckets: tuple[float, ...], labelnames: tuple[str, ...] = ()) -> Histogram:
            return Histogram(name, doc, labelnames, buckets=buckets, registry=registry)

        self.turns = counter("bear_turns", "Conversation turns, by what opened the utterance and who answered.",
                             ("trigger", "source"))
        self.latency = histogram("bear_reply_latency_seconds", "End of the child's speech to the first audio "
                                 "of the reply.", LATENCY_BUCKETS)
        self.stages = histogram("bear_turn_stage_seconds", "Each stage of a turn: stt_final (transcript after "
                                "the end of speech), emotion, understand, reply (deciding it, understand "
                                "included), tts_first (the voice's first audio).", LATENCY_BUCKETS, ("stage",))
        self.utterances = counter("bear_utterances", "Utterances transcribed, by trigger.", ("trigger",))
        self.dropped = counter("bear_utterances_dropped", "Utterances not answered (the bear was forgetting, or "
                               "nobody took them), by reason.", ("reason",))
        self.no_speech = counter("bear_no_speech_timeouts", "Woken, but nobody spoke.")
        self.wakes = counter("bear_wakes", "Wake phrase detections, by engine.", ("engine",))
        self.paws = counter("bear_paw_presses", "Presses of the paw button.")
        self.barge_ins = counter("bear_barge_ins", "The bear's voice stopped mid-reply, by trigger.", ("trigger",))
        self.redirects = counter("bear_safety_redirects", "Turns answered by the safety layer, by risk category "
                                 "(a count only).", ("category",))
        self.flags = counter("bear_safety_flags", "Safety flags stored for the parent, by category (a count "
                             "only).", ("category",))
        self.blocked = counter("bear_safety_output_blocked", "Replies replaced by the output check, by who "
                               "wrote them.", ("source",))
        self.llm_fallbacks = counter("bear_llm_fallbacks", "The LLM did not answer in time (or failed): the "
                                     "offline engine answered.")
        self.errors = counter("bear_errors", "Log records at error or critical level, by event.", ("event",))
        self.crashes = counter("bear_task_crashes", "Supervised task crashes, by task.", ("task",))
        self.restarts = counter("bear_task_restarts", "Supervised task restarts, by task.", ("task",))
        self.loads = counter("bear_model_loads", "Model loads, by model.", ("model",))
        self.unloads = counter("bear_model_unloads", "Model unloads (memory pressure or shutdown), by model.",
                               ("model",))
        self.memory_unloads = counter("bear_memory_unloads", "Models unloaded by the memory watchdog, by model.",
                                      ("model",))
        self.sync_requests = counter("bear_sync_requests", "Syncs asked for, by source.", ("source",))
        self.sync_attempts = counter("bear_sync_attempts", "Syncs tried (each ends in a success or a failure).")
        self.sync_successes = counter("bear_sync_successes", "Syncs after which the endpoint had everything.")
        self.sync_failures = counter("bear_sync_failures", "Syncs that failed (retried later).")
        self.sync_batches = counter("bear_sync_batches_sent", "Batches the endpoint acknowledged.")
        self.sync_turns = counter("bear_sync_turns_sent", "Turns the endpoint acknowledged.")
        self.overruns = counter("bear_audio_overruns", "Hearing fell behind the ring buffer and lost audio.")
        self.device_errors = counter("bear_capture_device_errors", "The microphone failed or vanished.")
        self.reconnects = counter("bear_capture_reconnects", "Attempts to reopen the microphone.")
        self.withheld = counter("bear_watchdog_withheld", "systemd watchdog pings withheld (no audio or a slow "
                                "loop).")
        self.store_time = histogram("bear_store_write_seconds", "Store write transactions that committed.",
                                    STORE_BUCKETS)
        self.store_writes = counter("bear_store_writes", "Store write transactions, by result (ok / failed).",
                                    ("result",))
        self.handler_errors = counter("bear_metrics_event_errors", "Log records the metrics could not read "
                                      "(a bug; the record was still logged).")
        self.build = Info("bear_build", "The running bear: version and engines.", registry=registry)
        self._build = {"version": L.OTHER, "stt_engine": L.OTHER, "wake_engine": L.OTHER, "voice_engine": L.OTHER}
        # every series a dashboard or an alert reads exists from the start at 0 (so that increase() and
        # rate() see the first event); label sets that come from data (models) appear when first used
        for trigger in L.TRIGGERS:
            for source in L.SOURCES:
                self.turns.labels(trigger, source)
        for stage in L.STAGES:
            self.stages.labels(stage)
        for metric in (self.redirects, self.flags):
            for category in labels.categories:
                metric.labels(category)
        for trigger in L.BARGE_IN:
            self.barge_ins.labels(trigger)
        for reason in L.DROP_REASONS:
            self.dropped.labels(reason)
        for result in ("ok", "failed"):
            self.store_writes.labels(result)
        for event in L.ERROR_EVENTS:
            self.errors.labels(event)
        for task in L.TASKS:
            self.crashes.labels(task)
            self.restarts.labels(task)
        for engine in L.WAKE_ENGINES:
            self.wakes.labels(engine)
        for source in L.SYNC_SOURCES:
            self.sync_requests.labels(source)
        for trigger in L.TRIGGERS:
            self.utterances.labels(trigger)
        self._handlers: dict[str | None, Callable[[Fields], None]] = {
            "turn": self._turn, "utterance": self._utterance, "utterance_dropped": self._dropped,
            "no_speech_timeout": lambda f: self.no_speech.inc(), "wake": self._wake,
            "paw_pressed": lambda f: self.paws.inc(),
            "barge_in": lambda f: self.barge_ins.labels(L.allow(f.get("trigger"), L.BARGE_IN)).inc(),
            "safety_redirect": lambda f: self.redirects.labels(self._category(f)).inc(),
            "safety_flag": lambda f: self.flags.labels(self._category(f)).inc(),
            "safety_output_blocked": lambda f: self.blocked.labels(L.allow(f.get("source"), L.SOURCES)).inc(),
            "llm_fallback": lambda f: self.llm_fallbacks.inc(),
            "task_crashed": lambda f: self.crashes.labels(L.allow(f.get("task"), L.TASKS)).inc(),
            "task_restarted": lambda f: self.restarts.labels(L.allow(f.get("task"), L.TASKS)).inc(),
            "model_loaded": lambda f: self.loads.labels(self._model(f.get("name"))).inc(),
            "model_unloaded": lambda f: self.unloads.labels(self._model(f.get("name"))).inc(),
            "memory_unload": lambda f: self.memory_unloads.labels(self._model(f.get("model"))).inc(),
            "sync_requested": lambda f: self.sync_requests.labels(L.allow(f.get("source"), L.SYNC_SOURCES)).inc(),
            "sync_batch_sent": self._batch_sent, "sync_done": self._sync_done, "sync_failed": self._sync_failed,
            "audio_overrun": lambda f: self.overruns.inc(),
            "capture_device_error": lambda f: self.device_errors.inc(),
            "capture_reconnecting": lambda f: self.reconnects.inc(),
            "watchdog_withheld": lambda f: self.withheld.inc(),
            "hearing_ready": lambda f: self.set_build(stt_engine=f.get("engine")),
        }

    # --- logging.Handler -------------------------------------------------------------------------
    def emit(self, record: logging.LogRecord) -> None:
        """Count the record's event (a logging handler: never raises)."""
        try:
            event, fields = self.fields(record)
            if record.levelno >= logging.ERROR:
                self.errors.labels(L.allow(event, L.ERROR_EVENTS)).inc()
            handler = self._handlers.get(event)
            if handler is not None:
                handler(fields)
        except Exception:  # a metric must never disturb logging
            self.handler_errors.inc()

    def fields(self, record: logging.LogRecord) -> tuple[str | None, Fields]:
        """The record's event name and its arguments by name (from the format string, never the message)."""
        template = record.msg if isinstance(record.msg, str) else ""
        parsed = self._templates.get(template)
        if parsed is None:
            parsed = template_fields(template)
            if len(self._templates) < _TEMPLATES_MAX:
                self._templates[template] = parsed
        event, keys = parsed
        args = record.args if isinstance(record.args, tuple) else ()
        if len(args) != len(keys):  # not a %-style call we can read: the event name alone
            return event, {}
        return event, {k: v for k, v in zip(keys, args) if k is not None}

    # --- events ----------------------------------------------------------------------------------
    def _turn(self, f: Fields) -> None:
        self.turns.labels(L.allow(f.get("trigger"), L.TRIGGERS), L.allow(f.get("source"), L.SOURCES)).inc()
        latency = number(f.get("reply_latency_ms"))
        if latency is not None:
            self.latency.observe(latency / 1000)
        for stage in L.STAGES:
            ms = number(f.get(f"{stage}_ms"))
            if ms is not None:
                self.stages.labels(stage).observe(ms / 1000)

    def _utterance(self, f: Fields) -> None:
        self.utterances.labels(L.allow(f.get("trigger"), L.TRIGGERS)).inc()

    def _dropped(self, f: Fields) -> None:
        self.dropped.labels(L.allow(f.get("reason"), L.DROP_REASONS)).inc()

    def _wake(self, f: Fields) -> None:
        self.wakes.labels(L.wake_engine(f.get("engine"))).inc()

    def _batch_sent(self, f: Fields) -> None:
        self.sync_batches.inc()
        turns = number(f.get("turns"))
        if turns is not None and turns >= 0:
            self.sync_turns.inc(turns)

    def _sync_done(self, f: Fields) -> None:
        self.sync_attempts.inc()
        self.sync_successes.inc()

    def _sync_failed(self, f: Fields) -> None:
        self.sync_attempts.inc()
        self.sync_failures.inc()

    def _category(self, f: Fields) -> str:
        return L.allow(f.get("category"), self.labels.categories)

    def _model(self, name: object) -> str:
        return L.allow(name, self.labels.models)

    # --- not from the log ------------------------------------------------------------------------
    def store_written(self, seconds: float, ok: bool) -> None:
        """The store's observer (`Database.on_write`): one write transaction, its time, its result."""
        self.store_writes.labels("ok" if ok else "failed").inc()
        if ok:
            self.store_time.observe(seconds)

    def set_build(self, **values: object) -> None:
        """Update `bear_build_info`: version, stt_engine, wake_engine, voice_engine (each allow-listed)."""
        for key, value in values.items():
            if key in _BUILD:
                self._build[key] = _BUILD[key](value)
        self.build.info(dict(self._build))
