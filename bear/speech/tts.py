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


def synthesize_fixed(voice, text: str, length_scale: float = 1.0):
    """(float32 audio, rate) with Piper's random noise off: the same text always sounds the same.

    For recordings the bear listens to (demo, benchmarks, tests), not for the bear's own voice.
    """
    import numpy as np
    from piper import SynthesisConfig

    config = SynthesisConfig(length_scale=length_scale, noise_scale=0.0, noise_w_scale=0.0)
    chunks = list(voice.synthesize(text, syn_config=config))
    audio = np.concatenate([c.audio_float_array for c in chunks]).astype(np.float32)
    return audio, chunks[0].sample_rate


class Speaker:
    def __init__(self, registry, voice: str = VOICE):
        self.registry = registry
        self.voice = voice
        self.rate: int | None = None
        self._stop = threading.Event()

    def stop(self) -> None:
        """Stop synthesis after the sentence being made (barge-in)."""
        self._stop.set()

    async def sentences(self, text: str, length_scale: float | None = None):
        """Yield float32 mono audio, one chunk per sentence, at `self.rate` (`length_scale` > 1 is slower)."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue = asyncio.Queue()
        self._stop.clear()

        def synthesize(voice):  # the voice's engine thread
            syn_config = None
            if length_scale is not None:
                from piper import SynthesisConfig

                syn_config = SynthesisConfig(length_scale=length_scale)
            try:
                for chunk in voice.synthesize(text, syn_config=syn_config):
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
