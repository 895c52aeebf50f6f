"""`bear run`: the one asyncio daemon's lifecycle.

`Daemon.create(cfg)` builds every part first (bear/wiring.py); `run()` then starts the named,
supervised tasks: `capture` (microphone -> ring buffer), `hearing` (VAD, wake, STT ->
utterances), `conversation` (reply -> speech), `warmup` (once: voice and understanding model,
memory permitting), `watchdog` (memory), `store` (housekeeping), `notifier` (systemd heartbeat and
status), `loop_monitor`, `status` and `control` (sockets), `panel` (the light), `sync` (the
parent's endpoint, when set up), `metrics` (the Prometheus text file, when `metrics.textfile` is
set). SIGTERM/SIGINT stop it within a bounded time.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from collections.abc import Iterable

from bear.sdnotify import Notifier
from bear.supervisor import Supervisor

log = logging.getLogger(__name__)

SHUTDOWN_TIMEOUT_S = 2.0  # cancelled tasks get this long; the whole stop stays under 3 s
DRAIN_S = 60.0  # after the microphone ends, what was heard is answered within this


class Daemon:
    """The running bear: owns the wired parts, runs them under a supervisor, answers status and stops cleanly."""

    def __init__(self, parts, *, notifier: Notifier | None = None, presses: Iterable[float] = ()):
        self.parts = parts
        self.cfg = parts.cfg
        # the parts most often asked for (bear status, tests)
        self.ring, self.capture, self.store, self.registry = parts.ring, parts.capture, parts.store, parts.registry
        self.hearing, self.mouth, self.chat, self.conversation = parts.hearing, parts.mouth, parts.chat, \
            parts.conversation
        self.settings, self.syncer, self.panel, self.forgetter = parts.settings, parts.syncer, parts.panel, \
            parts.forgetter
        self.memory, self.loop_monitor, self.echo = parts.memory, parts.loop_monitor, parts.echo
        self.notifier = notifier or Notifier()
        self.supervisor = Supervisor(self._fatal)
        self._presses = list(presses)
        self._stop = asyncio.Event()
        self.state = "starting"
        self.started_at = time.monotonic()
        self.exit_code = 0
        self.stuck_engines: list[str] = []  # engine threads still busy at exit (a load in progress)

    @classmethod
    async def create(cls, cfg, *, notifier: Notifier | None = None, presses: Iterable[float] = (),
                     **build_kw) -> Daemon:
        """Build every part (bear.wiring.build) and the daemon around them."""
        from bear.wiring import build

        return cls(await build(cfg, **build_kw), notifier=notifier, presses=presses)

    def request_stop(self, reason: str, exit_code: int = 0) -> None:
        """Ask the daemon to stop (once); the first non-zero exit code wins."""
        if not self._stop.is_set():
            log.info("event=stop_requested reason=%s", reason)
            self.exit_code = self.exit_code or exit_code
            self._stop.set()

    def _fatal(self, task: str) -> None:
        self.request_stop(f"task {task} keeps failing", exit_code=1)

    async def run(self, duration: float | None = None) -> int:
        """Run until a stop is requested (or `duration` s); returns the exit code."""
        from bear.sdnotify import heartbeat
        from bear.statusd import CONTROL_NAME, SOCKET_NAME, StatusServer, live, snapshot

        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self.request_stop, signal.Signals(sig).name)
        cfg, sup = self.cfg, self.supervisor
        log.info("event=starting config=%s model_dir=%s data_dir=%s input=%s output=%s", cfg.source,
                 cfg.paths.model_dir, cfg.paths.data_dir, cfg.audio.input.backend, cfg.audio.output.backend)
        try:
            if cfg.metrics.enabled:  # first, so that it counts what the other tasks log from their start
                from bear.metrics import Metrics

                sup.spawn("metrics", Metrics(cfg, lambda: live(self), self.store.db).run)
            sup.spawn("capture", self.capture.run, on_exit=lambda: sup.spawn("drain", self._drain, restart=False))
            sup.spawn("watchdog", self.memory.run)
            sup.spawn("store", lambda: self.store.housekeeping(cfg.store.transcript_days,
                                                              cfg.store.synced_transcript_days))
            sup.spawn("notifier", lambda: heartbeat(
                self.notifier, self.ring, self.capture, heard=lambda: self.hearing.listener.heard,
                on_ready=self._ready, status=lambda: snapshot(self), status_every=cfg.logging.status_interval_s))
            sup.spawn("hearing", self._hear)
            sup.spawn("conversation", self.conversation.run)
            sup.spawn("loop_monitor", self.loop_monitor.run)
            if self.mouth.speaker.cache is not None:  # the phrase cache: filled while idle, follows the name
                from bear.speech.cache_builder import PhraseKeeper

                sup.spawn("phrase_cache", PhraseKeeper.for_daemon(self).run)
            if self.panel is not None:
                sup.spawn("panel", self._show_state)
            if self.syncer is not None:
                sup.spawn("sync", self.syncer.run)
            run_dir = cfg.paths.runtime_dir
            sup.spawn("status", StatusServer(run_dir / SOCKET_NAME, lambda: live(self)).run)
            sup.spawn("control", StatusServer(run_dir / CONTROL_NAME, mode=0o600, commands={
                "forget": self.forgetter.command, "sync": self._sync_command}).run)
            if duration is not None:
                loop.call_later(duration, self.request_stop, f"ran for {duration:g} s")
            for at in self._presses:
                loop.call_later(at, self._press_paw)
            await self._stop.wait()
        finally:
            await self._shutdown()
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(sig)
        return self.exit_code

    async def _drain(self) -> None:
        """The microphone ended (a recording with audio.input.at_end = "stop"): answer what was heard,
        then stop (at most DRAIN_S later)."""
        deadline = time.monotonic() + DRAIN_S
        listener = self.hearing.listener
        while time.monotonic() < deadline:
            caught_up = listener.heard is not None and listener.heard >= self.ring.written - 2048
            if caught_up and listener.state.value == "idle" and self.conversation.state == "idle" \
                    and self.conversation.utterances.empty():
                break
            await asyncio.sleep(0.1)
        self.request_stop("capture ended")

    def _ready(self) -> None:
        self.state = "listening"
        log.info("event=ready ready_ms=%.0f input=%s", (time.monotonic() - self.started_at) * 1000,
                 self.capture.source.name)

    async def _shutdown(self) -> None:
        t0 = time.monotonic()
        self.state = "stopping"
        self.notifier.stopping()
        await self.forgetter.finish(SHUTDOWN_TIMEOUT_S)  # the parent asked: the erase completes first
        await self.supervisor.shutdown(SHUTDOWN_TIMEOUT_S)
        try:
            await asyncio.wait_for(self.store.close(), 0.5)
        except (TimeoutError, Exception) as exc:
            log.error("event=store_close_failed error=%r", str(exc))
        self.hearing.close()
        if self.panel is not None:
            self.panel.close()
        self.stuck_engines = await asyncio.to_thread(self.registry.close)
        if self.echo is not None:
            self.echo.close()
        self.parts.lock.release()
        self.notifier.close()
        log.info("event=stopped exit_code=%d shutdown_ms=%.0f", self.exit_code, (time.monotonic() - t0) * 1000)

    async def _sync_command(self) -> dict:
        """`bear sync`: as a short press of the parent button."""
        if self.syncer is None:
            return {"error": "sync is off: set sync.url and sync.token in the config"}
        self.syncer.request("command")
        return {"requested": True, **self.syncer.status()}

    async def _show_state(self) -> None:
        """Keep the light in step with the bear's state (every 100 ms)."""
        from bear.panel import choose_look

        while True:
            self.panel.show(choose_look(
                forgetting=self.forgetter.active, capture=self.capture.state, daemon=self.state,
                conversation=self.conversation.state, sync=self.syncer.look() if self.syncer is not None else None,
                hearing_ok=not {"wake", "stt"} & set(self.hearing.listener.problems)))
            await asyncio.sleep(0.1)

    def _press_paw(self) -> None:
        """Press the paw (`bear run --press`, the demo): on the mock pin, as a child would."""
        if self.hearing.button is None:
            log.warning("event=paw_press_ignored reason=no_button")
            return
        self.hearing.button.press_mock()

    async def _hear(self) -> None:
        """Load the hearing models in the background (READY does not wait), then listen."""
        await self.hearing.preload()  # a missing model is logged; the listener degrades
        log.info("event=hearing_ready engine=%s startup_loop_stall_ms=%.1f", self.hearing.choice.engine,
                 self.loop_monitor.max_stall_ms)
        self.loop_monitor.max_stall_ms = 0.0  # from here on: the steady state
        self.supervisor.spawn("warmup", self._warm_up, restart=False)
        # from the oldest audio held: what was said while the models loaded is heard too
        await self.hearing.listener.run(start=self.ring.oldest)

    async def _warm_up(self) -> None:
        """Load the voice and the understanding model now, while nobody talks, when memory allows
        (the watchdog may unload them later): the first wake then pays no load."""
        reading = self.memory.reader()
        if not self.memory.below_low(reading):
            log.info("event=warmup_skipped reason=memory system_percent=%.1f", reading.system_percent)
            return
        t0 = time.monotonic()
        await self.conversation.warm_up()
        log.info("event=warmed_up ms=%.0f models=%s", (time.monotonic() - t0) * 1000,
                 ",".join(s.name for s in self.registry.slots() if s.loaded))
