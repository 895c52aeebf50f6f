"""A room at the I/O seam: what the bear's speaker plays comes back into its microphone.

`Room.source()` is a capture source that plays what the child says (`Room.speak`) in real time, mixes in
everything the sink played (resampled to 16 kHz, attenuated by `echo_gain`), one block later,
like a speaker a few centimetres from the microphone inside the bear. `Room.sink()` is the real
WAV sink (real-time paced) with its tap feeding the room.
"""

from __future__ import annotations

import asyncio
import collections

import numpy as np

from bear.audio.files import resample
from bear.audio.playback import WavSink

SR = 16000


class Room:
    def __init__(self, *, echo_gain: float = 0.3, block: int = 512):
        self.child: collections.deque = collections.deque()
        self.echo_gain = echo_gain
        self.block = block
        self.echo: collections.deque = collections.deque()
        self.echo_samples = 0

    def speak(self, samples: np.ndarray) -> None:
        """The child says this (16 kHz int16), starting now."""
        self.child.extend(np.asarray(samples, np.int16))

    def hear(self, block, rate: int) -> None:
        audio = resample(np.asarray(block, np.float32), rate, SR) * self.echo_gain
        self.echo.extend(np.clip(audio * 32767, -32768, 32767).astype(np.int16))
        self.echo_samples += len(audio)

    def sink(self, out_dir) -> WavSink:
        sink = WavSink(out_dir, 48000, 1.0, realtime=True)
        sink.tap = self.hear
        return sink

    def source(self):
        room = self

        class RoomSource:
            name = "room"
            overflows = 0

            async def run(self, emit) -> None:
                loop = asyncio.get_running_loop()
                t0, pos = loop.time(), 0
                while True:
                    block = np.zeros(room.block, np.int32)
                    for i in range(min(room.block, len(room.child))):
                        block[i] += room.child.popleft()
                    for i in range(min(room.block, len(room.echo))):
                        block[i] += room.echo.popleft()
                    pos += room.block
                    emit(np.clip(block, -32768, 32767).astype(np.int16))
                    await asyncio.sleep(max(0.0, t0 + pos / SR - loop.time()))

        return RoomSource()
