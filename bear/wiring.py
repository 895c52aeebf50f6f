"""The wiring step: every part of the bear, built fully before anything runs.

`build()` opens the store, registers (not loads) the models, and connects the audio path one way:

    capture -> ring -> listener (hearing) -> utterances -> conversation -> mouth -> sink
                         ^-- Speaking (the bear's own voice) --'        '-- chat (understanding, engine, store)

plus the parent's side (settings, sync, forgetting) and the bear's body (paw, light, buttons).
The parts meet through constructor arguments only; nothing is filled in later. `Daemon` then
runs them (bear/daemon.py).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bear.audio.capture import AudioSource, Capture
    from bear.audio.echo import EchoCanceller
    from bear.audio.playback import Sink
    from bear.audio.ring import RingBuffer
    from bear.config import Config
    from bear.conversation import Conversation
    from bear.forgetting import Forgetter
    from bear.loop_monitor import LoopMonitor
    from bear.hearing.setup import Hearing
    from bear.lock import InstanceLock
    from bear.models.registry import ModelRegistry
    from bear.models.watchdog import MemoryReading, MemoryWatchdog
    from bear.panel import Panel
    from bear.speech.mouth import Mouth
    from bear.store import Store
    from bear.sync.settings import ParentSettings
    from bear.sync.syncer import Syncer
    from bear.talk.chat import Chat

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Parts:
    """Every component of the daemon, built and wired before anything runs."""

    cfg: Config
    lock: InstanceLock
    ring: RingBuffer
    capture: Capture
    store: Store
    registry: ModelRegistry
    memory: MemoryWatchdog
    loop_monitor: LoopMonitor
    mouth: Mouth
    chat: Chat
    conversation: Conversation
    hearing: Hearing
    settings: ParentSettings
    forgetter: Forgetter
    syncer: Syncer | None  # when sync.url is set (and its CA file readable)
    panel: Panel | None  # when the light and buttons could be set up
    echo: EchoCanceller | None  # between capture and the ring, when on


async def build(cfg: Config, *, source: AudioSource | None = None, sink: Sink | None = None,
                clock: Callable[[], datetime] | None = None, memory_reader: Callable[[], MemoryReading] | None = None,
                on_turn: Callable[[dict[str, Any]], None] | None = None) -> Parts:
    """Every part, ready to run. Raises AlreadyRunning (another bear on this config), StoreError,
    ManifestError or ContentError when the bear cannot start; nothing is left locked then."""
    from bear.lock import InstanceLock

    lock = InstanceLock.acquire(cfg.paths.data_dir)
    try:
        return await _build(cfg, lock, source=source, sink=sink, clock=clock, memory_reader=memory_reader,
                            on_turn=on_turn)
    except BaseException:
        lock.release()
        raise


async def _build(cfg: Config, lock: InstanceLock, *, source: AudioSource | None, sink: Sink | None,
                 clock: Callable[[], datetime] | None, memory_reader: Callable[[], MemoryReading] | None,
                 on_turn: Callable[[dict[str, Any]], None] | None) -> Parts:
    from bear.audio import SAMPLE_RATE
    from bear.audio.capture import Capture, make_source
    from bear.audio.echo import attach_echo
    from bear.audio.playback import make_sink
    from bear.audio.ring import RingBuffer
    from bear.conversation import Conversation
    from bear.emotion import register as register_emotion
    from bear.forgetting import Forgetter
    from bear.loop_monitor import LoopMonitor
    from bear.hearing.setup import build_hearing
    from bear.hearing.types import ListenerHooks, Speaking, Utterance
    from bear.models.manifest import load_manifest
    from bear.models.registry import ModelRegistry
    from bear.models.watchdog import MemoryWatchdog, read_memory
    from bear.resources import tune_malloc
    from bear.speech.mouth import Mouth
    from bear.speech.tts import Speaker
    from bear.speech.voice import register_voice
    from bear.store import Store
    from bear.sync.settings import ParentSettings
    from bear.talk.chat import Chat

    loop = asyncio.get_running_loop()
    tune_malloc()
    ring = RingBuffer(cfg.audio.input.ring_seconds, SAMPLE_RATE)
    capture = Capture(source or make_source(cfg.audio.input), ring, reconnect_max_s=cfg.audio.input.reconnect_max_s)
    store = await Store.open(cfg.db_path, integrity_check=cfg.store.integrity_check)
    registry = ModelRegistry(load_manifest(cfg.manifest_path), cfg.paths.model_dir)
    memory = MemoryWatchdog(registry, cfg.memory, memory_reader or read_memory)
    voice = register_voice(registry, cfg.speech)  # speech.engine's voice (the daemon's warm-up loads it)
    register_emotion(registry)  # loaded only while emotion detection is on (config or parent)
    from bear.speech.cache import PhraseCache

    mouth = Mouth(Speaker(registry, voice, cache=PhraseCache.from_config(cfg)),
                  sink or make_sink(cfg.audio.output, cfg.reply_dir))
    echo = attach_echo(cfg.audio, capture, mouth.sink)  # between capture and the ring, the sink as reference
    urgent = asyncio.Event()  # an emergency was flagged: the parent's endpoint hears of it at once
    chat = Chat(cfg, store, registry, clock=clock or datetime.now, on_urgent=urgent.set)
    speaking, utterances = Speaking(), asyncio.Queue[Utterance](16)
    conversation = Conversation(cfg, chat, mouth, speaking, utterances, ring, voice=voice, on_turn=on_turn)
    hooks = ListenerHooks(on_listening=conversation.listening, on_closed=conversation.thinking,
                          **({"on_barge_in": mouth.interrupt} if cfg.speech.barge_in else {}))
    hearing = build_hearing(cfg, ring, registry, loop=loop, speaking=speaking, utterances=utterances, hooks=hooks)
    settings = ParentSettings(cfg, store, chat, mouth.sink)
    await settings.restore()  # the parent's settings, kept from earlier syncs
    forgetter = Forgetter(conversation, mouth, store, chat, settings, cfg.paths.data_dir, hearing.listener.wake)
    syncer = _syncer(cfg, store, settings, urgent)
    panel = _panel(cfg, loop, hearing, forgetter, capture, syncer)
    return Parts(cfg, lock, ring, capture, store, registry, memory, LoopMonitor(), mouth, chat, conversation, hearing,
                 settings, forgetter, syncer, panel, echo)


def _syncer(cfg: Config, store: Store, settings: ParentSettings, urgent: asyncio.Event) -> Syncer | None:
    if not cfg.sync.url:
        return None
    from bear import __version__
    from bear.sync.outbox import Outbox
    from bear.sync.syncer import Syncer

    try:
        return Syncer(cfg.sync, Outbox(store.db), on_settings=settings.receive, software=f"bear/{__version__}",
                      urgent=urgent)
    except (OSError, ValueError) as exc:  # an unreadable ca_file ...: the bear works, without sync
        log.error("event=sync_unavailable error=%r", f"{type(exc).__name__}: {exc}")
        return None


def _panel(cfg: Config, loop: asyncio.AbstractEventLoop, hearing: Hearing, forgetter: Forgetter, capture: Capture,
           syncer: Syncer | None) -> Panel | None:
    """The light, the parent button and the mute switch (the bear works without them)."""
    def sync_pressed() -> None:
        if syncer is None:
            log.warning("event=sync_not_configured source=parent_button")
        else:
            syncer.request("button")

    def mute(muted: bool) -> None:
        capture.muted = muted

    try:
        from bear.hearing.button import pin_factory
        from bear.panel import Panel

        panel = Panel(cfg, loop, factory=pin_factory(cfg.gpio.backend), on_forget=forgetter.start, on_mute=mute,
                      on_sync=sync_pressed)
        if hearing.button is not None:
            panel.attach_paw(hearing.button.button, cfg.gpio.paw_mute_hold_s)
        return panel
    except Exception as exc:  # no GPIO here, pins busy, ...: the bear works without its light
        log.error("event=panel_unavailable error=%r", f"{type(exc).__name__}: {exc}")
        return None
