"""The voice-engine seam: what speaking needs from a text-to-speech engine, and which engine speaks.

A voice is a model in the registry (loaded lazily, checksum-verified, unloadable) whose loaded
object implements `Voice`; `bear.speech.tts.Speaker` cuts a reply into short pieces and asks the
voice for each one on the "voice" engine thread. Engines (`speech.engine`):

- `piper`: the Piper voice named by `speech.voice` (`bear/speech/tts.py`), 22.05 kHz.
- `hibari`: hibari-tts's voice "heart", shipped inside the pinned PyPI package and checked in place
  (`bear/speech/hibari_voice.py`), 24 kHz.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from pathlib import Path

    import numpy as np
    from numpy.typing import NDArray

    from bear.config_schema import SpeechConfig
    from bear.models.registry import ModelRegistry

ENGINES = ("piper", "hibari")
HIBARI_VOICE = "hibari-heart"  # the manifest name of hibari's bundled voice
THREAD = "voice"  # every voice runs on this engine thread

log = logging.getLogger(__name__)


class Voice(Protocol):
    """A loaded voice. Used only on the voice's engine thread; the registry owns it."""

    sample_rate: int  # of the samples synthesize() returns

    def synthesize(self, text: str, length_scale: float | None = None) -> NDArray[np.float32]:
        """One short piece of text (a sentence or clause) -> float32 mono samples at sample_rate.

        `length_scale` > 1 speaks slower (None = the voice's own pace)."""

    def close(self) -> None:
        """Let go of the engine's sessions and data (the registry calls it on unload)."""


def voice_model(speech: SpeechConfig) -> str:
    """The manifest name of the model that speaks with `speech` (a SpeechConfig)."""
    return HIBARI_VOICE if speech.engine == "hibari" else speech.voice


def voice_loader(engine: str) -> Callable[[Path], Voice]:
    """The registry loader (model folder -> Voice) for an engine; imports nothing heavy yet."""
    if engine == "hibari":
        from bear.speech.hibari_voice import load_hibari

        return load_hibari
    if engine == "piper":
        from bear.speech.tts import load_voice

        return load_voice
    raise ValueError(f"unknown voice engine {engine!r} (one of {', '.join(ENGINES)})")


def register_voice(registry: ModelRegistry, speech: SpeechConfig) -> str:
    """Declare the configured voice in the registry (nothing loads yet); returns its model name."""
    name = voice_model(speech)
    registry.register(name, voice_loader(speech.engine), thread=THREAD)
    log.info("event=voice_engine engine=%s model=%s", speech.engine, name)
    return name
