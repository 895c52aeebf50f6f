"""Piper text-to-speech through the model registry, streamed one sentence at a time.

Synthesis runs on the voice's engine thread; each sentence's audio is handed to the event loop
as soon as it exists, so playback of sentence 1 starts while the rest is synthesized.
`stop()` (barge-in) ends synthesis after the sentence in progress.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

VOICE = "piper-en_US-joe-medium"
_END = object()


def load_voice(folder: Path):
    from piper import PiperVoice

    return PiperVoice.load(str(next(Path(folder).glob("*.onnx"))))


class Speaker:
    def __init__(self, registry, voice: str = VOICE):
        self.registry = registry
        self.voice = voice
        self.rate: int | None = None
        self._stop = threading.Event()

    def stop(self) -> None:
        """Stop synthesis after the sentence being made (barge-in)."""
        self._stop.set()

    async def sentences(self, text: str):
        """Yield float32 mono audio, one chunk per sentence, at `self.rate`."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue = asyncio.Queue()
        self._stop.clear()

        def synthesize(voice):  # the voice's engine thread
            try:
                for chunk in voice.synthesize(text):
                    if self._stop.is_set():
                        break
                    loop.call_soon_threadsafe(queue.put_nowait, (chunk.sample_rate, chunk.audio_float_array))
            finally:
                loop.call_soon_threadsafe(queue.put_nowait, _END)

        job = asyncio.ensure_future(self.registry.run(self.voice, synthesize))
        try:
            while True:
                item = await queue.get()
                if item is _END:
                    break
                self.rate, audio = item
                yield audio
            await job  # re-raises a synthesis or model error
        finally:
            if not job.done():
                self._stop.set()
                await asyncio.gather(job, return_exceptions=True)
