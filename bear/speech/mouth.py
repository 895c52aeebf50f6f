"""Speaking a reply: the voice's synthesis, piece by piece, into the playback sink, with barge-in.

The reply arrives in pieces (the offline engine gives one text, an LLM streams sentences);
each piece is synthesized in short pieces on the voice's thread while the sink plays what
is ready. `interrupt()` (paw or wake phrase during speech) silences the sink within one 20 ms
block and stops synthesis after the sentence in progress.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from bear.audio.playback import Sink
    from bear.speech.tts import Speaker

log = logging.getLogger(__name__)


@dataclass
class Spoken:
    """What saying one reply took: latencies, audio played, whether it was cut short."""

    tts_first_ms: float | None  # from say() to the first synthesized audio
    first_audio_ms: float | None  # from say() to the first block out of the sink
    seconds: float  # audio played
    stopped: bool  # cut short by interrupt()
    path: object = None  # the WAV file (file sink)
    first_audio_at: float | None = None  # time.perf_counter() of the first block out


class Mouth:
    """Speaking a reply: text pieces -> voice -> sink, interruptible (barge-in, forget, shutdown)."""

    def __init__(self, speaker: Speaker, sink: Sink) -> None:
        self.speaker = speaker
        self.sink = sink
        self.speaking = False
        self.interrupted: str | None = None
        self.interrupt_at: float | None = None
        self.last_stop_ms: float | None = None  # barge-in: from interrupt() to the speaker falling silent

    def interrupt(self, reason: str) -> None:
        """Barge-in: stop speaking now (called on the loop)."""
        if not self.speaking:
            return
        self.interrupted, self.interrupt_at = reason, time.monotonic()
        self.speaker.stop()
        self.sink.stop()
        log.info("event=barge_in trigger=%s", reason)

    def _silent(self) -> None:
        """The speaker has fallen silent: how long after the barge-in (measured before anyone can
        see `speaking` turn False)."""
        if self.interrupt_at is not None:
            self.last_stop_ms = (time.monotonic() - self.interrupt_at) * 1000

    def _note_stop(self) -> None:
        if self.interrupt_at is not None:
            log.info("event=speech_stopped trigger=%s stop_ms=%.1f", self.interrupted, self.last_stop_ms)

    async def say(self, pieces, name: str, *, length_scale: float | None = None,
                  before_audio: Callable[[], Awaitable[None]] | None = None) -> Spoken:
        """Speak an async iterable of text pieces; returns when done or interrupted.
        `before_audio` is awaited once the first audio is ready, before it plays (the reply may
        have to wait for the child to finish speaking)."""
        t0 = time.perf_counter()
        marks: dict[str, float] = {}
        self.speaking, self.interrupted, self.interrupt_at = True, None, None
        speaker = self.speaker

        async def audio():
            async for piece in pieces:
                if self.interrupted:
                    return
                async for chunk in speaker.sentences(piece, length_scale):
                    marks.setdefault("tts_first", time.perf_counter())
                    if self.interrupted:
                        return
                    yield chunk

        stream = audio()
        try:
            try:
                first = await stream.__anext__()
            except StopAsyncIteration:  # nothing to say, or stopped before the first audio
                self._silent()
                self._note_stop()
                return Spoken(None, None, 0.0, bool(self.interrupted))

            if before_audio is not None:
                await before_audio()
            if self.interrupted:  # stopped while it waited
                self._silent()
                self._note_stop()
                return Spoken((marks["tts_first"] - t0) * 1000, None, 0.0, True)

            async def chained():
                yield first
                async for chunk in stream:
                    yield chunk

            assert speaker.rate is not None  # the first audio set it
            result = await self.sink.play(chained(), speaker.rate, name)
        finally:
            self._silent()
            self.speaking = False
            await stream.aclose()
        tts_first = (marks["tts_first"] - t0) * 1000 if "tts_first" in marks else None
        first_audio = tts_first + result.first_audio_s * 1000 if tts_first is not None and \
            result.first_audio_s is not None else None
        self._note_stop()
        return Spoken(tts_first, first_audio, result.seconds, result.stopped or bool(self.interrupted), result.path,
                      t0 + first_audio / 1000 if first_audio is not None else None)
