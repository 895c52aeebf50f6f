"""Assembling the hearing pipeline from the configuration (shared by the daemon and the CLI)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bear.hearing.listener import Listener
from bear.hearing.stt import SPHINX, EngineChoice, SpeechToText, register_engine
from bear.hearing.types import ListenerHooks, Speaking
from bear.hearing.vad import MODEL as VAD_MODEL, load_silero
from bear.hearing.wake import make_wake

if TYPE_CHECKING:
    from bear.hearing.button import PawButton
    from bear.hearing.sphinx import SphinxRecognizer
    from bear.hearing.types import Recognizer, WakeEngine
    from bear.hearing.vosk_engine import VoskRecognizer
    from bear.hearing.wake import OwwWake, PhraseWake
    from bear.hearing.whisper_engine import WhisperRecognizer

    def _conforming(vosk: VoskRecognizer, sphinx: SphinxRecognizer, whisper: WhisperRecognizer,
                    phrase: PhraseWake, oww: OwwWake) -> tuple[list[Recognizer], list[WakeEngine]]:
        """Never runs: mypy checks here that every engine implements its Protocol (the engines are
        built through the registry and make_wake, where no type says so)."""
        return [vosk, sphinx, whisper], [phrase, oww]

log = logging.getLogger(__name__)


@dataclass
class Hearing:
    """The hearing parts the daemon holds: listener, STT, wake engine and the paw button."""

    listener: Listener
    stt: SpeechToText
    choice: EngineChoice
    models: tuple[str, ...] = ()  # what hearing registered: loaded up front, unlike voices
    button: PawButton | None = None

    async def preload(self, on_missing=None) -> None:
        """Load the hearing models now (they are needed at once); a missing one only degrades."""
        from bear.models.manifest import ModelUnavailable

        registry = self.listener.registry
        for name in self.models:
            try:
                await registry.load(name)
            except ModelUnavailable as exc:  # logged by the registry
                if on_missing:
                    on_missing(exc)

    def close(self) -> None:
        """Release the paw button."""
        if self.button is not None:
            self.button.close()


def build_hearing(cfg, ring, registry, *, loop=None, with_button: bool = True, pin_factory=None,
                  speaking: Speaking | None = None, utterances=None, hooks: ListenerHooks = ListenerHooks()) -> Hearing:
    """Register VAD, STT and wake models (nothing loads yet) and wire the listener and paw button.

    `speaking`, `utterances` and `hooks` connect it to a conversation (the daemon); without them
    it hears on its own (the CLI and benchmarks read `hearing.listener.utterances`)."""
    before = {slot.name for slot in registry.slots()}
    registry.register(VAD_MODEL, load_silero, thread="vad")
    choice = register_engine(cfg, registry)
    stt = SpeechToText(registry, SPHINX if choice.engine == "pocketsphinx" else choice.model,
                       decodes_at_end=choice.engine == "whisper")
    wake = make_wake(cfg, registry, choice)
    log.info("event=wake_engine engine=%s phrase=%r", cfg.wake.engine, cfg.wake.phrase)
    listener = Listener(cfg, ring, registry, stt=stt, wake=wake, speaking=speaking, utterances=utterances,
                        hooks=hooks)
    button = None
    if with_button and cfg.gpio.paw_pin and loop is not None:
        from bear.hearing.button import PawButton, pin_factory as make_factory

        try:
            button = PawButton(cfg.gpio.paw_pin, loop, listener.press,
                               factory=pin_factory or make_factory(cfg.gpio.backend))
        except Exception as exc:  # no GPIO on this machine, pin busy, ...
            log.error("event=paw_button_unavailable pin=%d error=%r", cfg.gpio.paw_pin, str(exc))
    models = tuple(slot.name for slot in registry.slots() if slot.name not in before)
    return Hearing(listener, stt, choice, models, button)
