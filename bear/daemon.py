"""`bear run`: the one asyncio daemon.

Tasks (each named and supervised): `capture` (microphone → ring buffer), `hearing` (VAD, wake,
STT → utterances), `conversation` (reply → speech), `watchdog` (memory), `store` (housekeeping),
`notifier` (systemd heartbeat and status), `loop_monitor`, `status` and `control` (sockets),
`panel` (the light), `sync` (the parent's endpoint, when `sync.url` is set).
"""

from __future__ import annotations

import asyncio
import logging
import math
import signal
import time

from bear.audio import SAMPLE_RATE
from bear.config import Config
from bear.sdnotify import Notifier
from bear.models.watchdog import read_memory
from bear.supervisor import Supervisor

log = logging.getLogger(__name__)

SHUTDOWN_TIMEOUT_S = 2.0  # cancelled tasks get this long; the whole stop stays under 3 s


class Daemon:
    def __init__(self, cfg: Config, *, source=None, notifier: Notifier | None = None,
                 memory_reader=None, presses: list[float] = (), sink=None, clock=None, on_turn=None):
        self.cfg = cfg
        self._source = source
        self.notifier = notifier or Notifier()
        self._memory_reader = memory_reader
        self._presses = list(presses)
        self._sink = sink
        self._clock = clock
        self._on_turn = on_turn
        self.conversation = self.chat = self.mouth = self.panel = self.syncer = self.settings = None
        self._forgetting: asyncio.Task | None = None
        self.exit_code = 0
        self.started_at = time.monotonic()
        self.state = "starting"
        self._stop: asyncio.Event | None = None
        self.store = self.registry = self.capture = self.ring = self.memory = self.hearing = None
        self.loop_monitor = None
        self.supervisor: Supervisor | None = None

    def request_stop(self, reason: str, exit_code: int = 0) -> None:
        if self._stop is not None and not self._stop.is_set():
            log.info("event=stop_requested reason=%s", reason)
            self.exit_code = self.exit_code or exit_code
            self._stop.set()

    def _fatal(self, task: str) -> None:
        self.request_stop(f"task {task} keeps failing", exit_code=1)

    async def _start(self) -> None:
        from bear.audio.capture import Capture, make_source
        from bear.audio.ring import RingBuffer
        from bear.models.manifest import load_manifest
        from bear.models.registry import ModelRegistry
        from bear.models.watchdog import MemoryWatchdog, read_memory
        from bear.store import Store

        from bear.resources import tune_malloc

        cfg = self.cfg
        tune_malloc()
        self.ring = RingBuffer(cfg.audio.input.ring_seconds, SAMPLE_RATE)
        self.capture = Capture(self._source or make_source(cfg.audio.input), self.ring,
                               reconnect_max_s=cfg.audio.input.reconnect_max_s)
        self.store = await Store.open(cfg.db_path, integrity_check=cfg.store.integrity_check)
        self.registry = ModelRegistry(load_manifest(cfg.manifest_path), cfg.paths.model_dir)
        self.memory = MemoryWatchdog(self.registry, cfg.memory, self._memory_reader or read_memory)
        from bear.hearing.listener import LoopMonitor

        self.loop_monitor = LoopMonitor()
        self._start_talking()
        await self.settings.restore()  # the parent's settings, kept from earlier syncs

    def _start_talking(self) -> None:
        from datetime import datetime

        from bear.audio.playback import make_sink
        from bear.conversation import Conversation
        from bear.hearing.setup import build_hearing
        from bear.hearing.types import ListenerHooks, Speaking
        from bear.speech.mouth import Mouth
        from bear.speech.tts import Speaker
        from bear.speech.voice import register_voice
        from bear.talk.chat import Chat

        cfg = self.cfg
        voice = register_voice(self.registry, cfg.speech)  # speech.engine's voice (loaded by the warm-up)
        from bear.emotion import register

        register(self.registry)  # lazy: loaded only while emotion detection is on (config or parent)
        from bear.speech.cache import PhraseCache

        self.mouth = Mouth(Speaker(self.registry, voice, cache=PhraseCache.from_config(cfg)),
                           self._sink or make_sink(cfg.audio.output, cfg.reply_dir))
        self.chat = Chat(cfg, self.store, self.registry, clock=self._clock or datetime.now, on_urgent=self._urgent)
        speaking, utterances = Speaking(), asyncio.Queue(16)
        self.conversation = Conversation(cfg, self.chat, self.mouth, speaking, utterances, self.ring, voice=voice,
                                         on_turn=self._on_turn)
        hooks = ListenerHooks(on_listening=self.conversation.listening, on_closed=self.conversation.thinking,
                              **({"on_barge_in": self.mouth.interrupt} if cfg.speech.barge_in else {}))
        self.hearing = build_hearing(cfg, self.ring, self.registry, loop=asyncio.get_running_loop(),
                                     speaking=speaking, utterances=utterances, hooks=hooks)
        from bear.sync.settings import ParentSettings

        self.settings = ParentSettings(cfg, self.store, self.chat, self.mouth.sink)
        if cfg.sync.url:
            from bear import __version__
            from bear.sync.outbox import Outbox
            from bear.sync.syncer import Syncer

            try:
                self.syncer = Syncer(cfg.sync, Outbox(self.store.db), on_settings=self.settings.receive,
                                     software=f"bear/{__version__}")
            except (OSError, ValueError) as exc:  # an unreadable ca_file ...: the bear works, without sync
                log.error("event=sync_unavailable error=%r", f"{type(exc).__name__}: {exc}")
        self.panel = None
        try:
            from bear.hearing.button import pin_factory
            from bear.panel import Panel

            self.panel = Panel(cfg, asyncio.get_running_loop(), factory=pin_factory(cfg.gpio.backend),
                               on_forget=self._forget, on_mute=self._mute, on_sync=self._sync_pressed)
            if self.hearing.button is not None:
                self.panel.attach_paw(self.hearing.button.button, cfg.gpio.paw_mute_hold_s)
        except Exception as exc:  # no GPIO here, pins busy, ...: the bear works without its light
            log.error("event=panel_unavailable error=%r", f"{type(exc).__name__}: {exc}")

    async def run(self, duration: float | None = None) -> int:
        loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self.request_stop, signal.Signals(sig).name)
        self.supervisor = Supervisor(self._fatal)
        log.info("event=starting config=%s model_dir=%s data_dir=%s input=%s output=%s",
                 self.cfg.source, self.cfg.paths.model_dir, self.cfg.paths.data_dir,
                 self.cfg.audio.input.backend, self.cfg.audio.output.backend)
        try:
            try:
                await self._start()
            except Exception as exc:  # store, manifest, content files ...: say what, exit non-zero
                log.critical("event=start_failed error=%r", f"{type(exc).__name__}: {exc}")
                self.exit_code = 1
                return 1
            sup = self.supervisor
            sup.spawn("capture", self.capture.run,
                      on_exit=lambda: self.request_stop("capture ended"))
            sup.spawn("watchdog", self.memory.run)
            sup.spawn("store", lambda: self.store.housekeeping(self.cfg.store.transcript_days,
                                                              self.cfg.store.synced_transcript_days))
            sup.spawn("notifier", self._heartbeat)
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
            from bear.statusd import CONTROL_NAME, SOCKET_NAME, StatusServer

            run_dir = self.cfg.paths.runtime_dir
            sup.spawn("status", StatusServer(run_dir / SOCKET_NAME, self.live_status).run)
            sup.spawn("control", StatusServer(run_dir / CONTROL_NAME, mode=0o600, commands={
                "forget": self._forget_command, "sync": self._sync_command}).run)
            if duration is not None:
                loop.call_later(duration, self.request_stop, f"ran for {duration:g} s")
            for at in self._presses:
                loop.call_later(at, self._press_mock_paw)
            await self._stop.wait()
        finally:
            await self._shutdown()
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(sig)
        return self.exit_code

    async def _shutdown(self) -> None:
        t0 = time.monotonic()
        self.state = "stopping"
        self.notifier.stopping()
        if self._forgetting is not None and not self._forgetting.done():  # the parent asked: erase first
            self.mouth.interrupt("stop")
            await asyncio.wait({self._forgetting}, timeout=SHUTDOWN_TIMEOUT_S)
        if self.supervisor is not None:
            await self.supervisor.shutdown(SHUTDOWN_TIMEOUT_S)
        if self.store is not None:
            try:
                await asyncio.wait_for(self.store.close(), 0.5)
            except (asyncio.TimeoutError, Exception) as exc:
                log.error("event=store_close_failed error=%r", str(exc))
        if self.hearing is not None:
            self.hearing.close()
        if self.panel is not None:
            self.panel.close()
        if self.registry is not None:
            await asyncio.to_thread(self.registry.close)
        self.notifier.close()
        log.info("event=stopped exit_code=%d shutdown_ms=%.0f", self.exit_code, (time.monotonic() - t0) * 1000)

    def _mute(self, muted: bool) -> None:
        self.capture.muted = muted

    def _urgent(self) -> None:
        """An urgent safety flag was stored (an emergency): the parent's endpoint hears of it now."""
        if self.syncer is not None:
            self.syncer.request("urgent")

    def _sync_pressed(self) -> None:
        if self.syncer is None:
            log.warning("event=sync_not_configured source=parent_button")
            return
        self.syncer.request("button")

    async def _sync_command(self) -> dict:
        """`bear sync`: as a short press of the parent button."""
        if self.syncer is None:
            return {"error": "sync is off: set sync.url and sync.token in the config"}
        self.syncer.request("command")
        return {"requested": True, **self.syncer.status()}

    def _forget(self) -> asyncio.Task:
        if self._forgetting is None or self._forgetting.done():
            self._forgetting = asyncio.ensure_future(self._forget_everything())
        return self._forgetting

    async def _forget_command(self) -> dict:
        """`bear forget` while the bear runs: as the parent button held."""
        log.warning("event=forget_requested source=command")
        return {"erased": await asyncio.shield(self._forget())}

    async def _forget_everything(self) -> dict:
        """Parent button held: say so, then erase the store (the light blinks white meanwhile)."""
        from bear.models.manifest import ModelUnavailable

        async def line():
            yield "Okay. I'm forgetting everything now."

        async with self.conversation.held("forget"):  # the turn in progress is cut off and stored first
            try:
                if self.state != "stopping":  # stopping: no time for words, only for the erase
                    await self.mouth.say(line(), "forget")
            except (ModelUnavailable, OSError, RuntimeError, ValueError) as exc:
                log.error("event=speech_unavailable reason=%r", str(exc))
            self.chat.forget()
            erased = await self.store.forget()
            await self.settings.restore()  # the parent's settings went too: the config's apply again
        return erased

    async def _show_state(self) -> None:
        """Keep the light in step with the bear's state (every 100 ms)."""
        from bear.panel import choose_look

        while True:
            self.panel.show(choose_look(
                forgetting=self._forgetting is not None and not self._forgetting.done(),
                capture=self.capture.state, daemon=self.state, conversation=self.conversation.state,
                sync=self.syncer.look() if self.syncer is not None else None,
                hearing_ok=not {"wake", "stt"} & set(self.hearing.listener.problems)))
            await asyncio.sleep(0.1)

    def _press_mock_paw(self) -> None:
        """Press and release the paw on gpiozero's mock pin, as a child would (for demos and tests)."""
        button = self.hearing.button if self.hearing else None
        if button is None:
            log.warning("event=paw_press_ignored reason=no_button")
            return
        button.button.pin.drive_low()
        asyncio.get_running_loop().call_later(0.15, button.button.pin.drive_high)

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
        reading = (self._memory_reader or read_memory)()
        if not self.memory.below_low(reading):
            log.info("event=warmup_skipped reason=memory system_percent=%.1f", reading.system_percent)
            return
        t0 = time.monotonic()
        await self.conversation.warm_up()
        log.info("event=warmed_up ms=%.0f models=%s", (time.monotonic() - t0) * 1000,
                 ",".join(s.name for s in self.registry.slots() if s.loaded))

    def level_dbfs(self, ms: float = 500) -> float:
        """Loudness of the last `ms` of captured audio, in dBFS (-inf for digital silence)."""
        import numpy as np

        block = self.ring.last(ms).astype(np.float32)
        if not len(block):
            return -math.inf
        rms = float(np.sqrt(np.mean(block * block))) / 32768.0
        return 20 * math.log10(rms) if rms > 0 else -math.inf

    def status(self) -> dict:
        import psutil

        return {
            "state": self.state,
            "uptime_s": round(time.monotonic() - self.started_at, 1),
            "captured_s": round(self.ring.written / SAMPLE_RATE, 2) if self.ring else 0.0,
            "capture": self.capture.state if self.capture else "none",
            "level_dbfs": round(self.level_dbfs(), 1) if self.ring else None,
            "rss_mb": round(psutil.Process().memory_info().rss / 1e6, 1),
            "models_loaded": [s.name for s in self.registry.slots() if s.loaded] if self.registry else [],
            "overflows": self.capture.overflows if self.capture else 0,
            "device_errors": self.capture.device_errors if self.capture else 0,
            "listener": self.hearing.listener.state.value if self.hearing else "none",
            "hearing_problems": dict(self.hearing.listener.problems) if self.hearing else {},
            "audio_overruns": self.hearing.listener.overruns if self.hearing else 0,
            "conversation": self.conversation.state if self.conversation else "none",
            "muted": bool(self.capture and self.capture.muted),
            "turns": self.conversation.turns if self.conversation else 0,
            "max_loop_stall_ms": round(self.loop_monitor.max_stall_ms, 1) if self.loop_monitor else 0.0,
        }

    async def live_status(self) -> dict:
        """What `bear status` shows: `status()` plus models with their RSS, memory, the last turn,
        devices, error counts and sync state."""
        from datetime import datetime

        import psutil

        from bear.resources import process_rss

        st = self.status()
        vm = psutil.virtual_memory()
        last = self.conversation.last_turn if self.conversation else None
        from bear.store import StoreUnavailable
        from bear.sync.outbox import Outbox

        outbox = Outbox(self.store.db)
        try:
            sync_last, outbox_turns = await outbox.value("last_success"), await outbox.size()
        except StoreUnavailable:
            sync_last, outbox_turns = None, None
        return {
            "state": st["state"], "conversation": st["conversation"], "listener": st["listener"],
            "hearing_problems": st["hearing_problems"], "audio_overruns": st["audio_overruns"],
            "muted": st["muted"], "light": self.panel.look if self.panel else None,
            "uptime_s": st["uptime_s"],
            "models": [{"name": s.name, "role": s.entry.role, "rss_mb": round(s.rss_cost / 1e6, 1)}
                       for s in self.registry.slots() if s.loaded] if self.registry else [],
            "memory": {"bear_rss_mb": round(process_rss() / 1e6, 1), "system_percent": vm.percent,
                       "system_available_mb": round(vm.available / 1e6)},
            "turns": st["turns"],
            "last_turn_at": last["at"] if last else None,
            "audio_in": f"{self.capture.source.name} ({st['capture']}, {st['level_dbfs']} dBFS)"
            if self.capture else "none",
            "audio_out": self.mouth.sink.name if self.mouth else "none",
            "errors": {"device_errors": st["device_errors"], "overflows": st["overflows"],
                       "underruns": self.mouth.sink.underruns if self.mouth else 0,
                       "task_crashes": sum(len(v) for v in self.supervisor.crashes.values()) if self.supervisor else 0},
            "max_loop_stall_ms": st["max_loop_stall_ms"],
            "sync": {"configured": bool(self.cfg.sync.url),
                     "last_success": datetime.fromtimestamp(sync_last).isoformat(timespec="seconds")
                     if sync_last else None,
                     **(self.syncer.status() if self.syncer else {}),
                     "outbox_turns": outbox_turns},
            "store": {"available": self.store.db.available, "waiting_turns": self.store.conversations.backlog},
            "settings": self.settings.values if self.settings else {},
        }

    async def _heartbeat(self) -> None:
        """READY=1 once audio flows; then WATCHDOG=1 while the ring advances and the loop is prompt."""
        loop = asyncio.get_running_loop()
        await self.capture.started.wait()
        self.state = "listening"
        ready_ms = (time.monotonic() - self.started_at) * 1000
        self.notifier.ready("listening")
        log.info("event=ready ready_ms=%.0f input=%s", ready_ms, self.capture.source.name)
        interval = self.notifier.watchdog_interval_s or 1.0
        status_every = self.cfg.logging.status_interval_s
        last_written, last_status, withheld = self.ring.written, loop.time(), False
        while True:
            t0 = loop.time()
            await asyncio.sleep(interval)
            lag = loop.time() - t0 - interval
            advanced = self.ring.written > last_written
            last_written = self.ring.written
            if advanced and lag < interval:
                self.notifier.watchdog()
                if withheld:
                    log.info("event=watchdog_resumed")
                withheld = False
            elif not withheld:
                withheld = True
                log.warning("event=watchdog_withheld capture_advanced=%s loop_lag_ms=%.0f",
                            advanced, lag * 1000)
            if status_every and loop.time() - last_status >= status_every:
                last_status = loop.time()
                st = self.status()
                self.notifier.status(f"{st['state']}; capture {st['capture']}; rss {st['rss_mb']} MB")
                log.info("event=status state=%s listener=%s capture=%s captured_s=%.1f level_dbfs=%.1f "
                         "rss_mb=%.1f models_loaded=%d overflows=%d device_errors=%d max_loop_stall_ms=%.1f",
                         st["state"], st["listener"], st["capture"], st["captured_s"], st["level_dbfs"],
                         st["rss_mb"], len(st["models_loaded"]), st["overflows"], st["device_errors"],
                         st["max_loop_stall_ms"])
