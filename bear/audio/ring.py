"""A preallocated ring buffer of 16 kHz mono int16 samples.

Written only from the event loop thread (capture callbacks hop onto the loop with
`call_soon_threadsafe`), read by any coroutine. Every sample has an absolute index (the number
of samples written before it), so readers keep their own position and ask for ranges, and
"pre-roll" is simply the last N samples before now.
"""

from __future__ import annotations

import asyncio


class Overrun(Exception):
    """The requested samples have already been overwritten."""


class RingBuffer:
    """A fixed-size ring of int16 samples addressed by absolute sample index (samples written since the start), so
    readers never hold offsets that wrap."""

    def __init__(self, seconds: float, sample_rate: int = 16000):
        import numpy as np

        self.sample_rate = sample_rate
        self.capacity = int(seconds * sample_rate)
        self._buf = np.zeros(self.capacity, dtype=np.int16)
        self._written = 0  # absolute index of the next sample to be written
        self._changed = asyncio.Event()

    @property
    def written(self) -> int:
        """Total samples written since start: the absolute index of "now"."""
        return self._written

    @property
    def oldest(self) -> int:
        """Absolute index of the oldest sample still held."""
        return max(0, self._written - self.capacity)

    def write(self, block) -> None:
        """Append int16 samples, overwriting the oldest ones; wakes every waiting reader."""
        n = len(block)
        if n >= self.capacity:
            block = block[-self.capacity:]
            self._written += n - self.capacity
            n = self.capacity
        start = self._written % self.capacity
        first = min(n, self.capacity - start)
        self._buf[start:start + first] = block[:first]
        if first < n:
            self._buf[:n - first] = block[first:]
        self._written += n
        self._changed.set()

    def read(self, start: int, end: int):
        """A copy of samples [start, end) by absolute index; raises Overrun if already overwritten."""
        import numpy as np

        if start < self.oldest:
            raise Overrun(f"samples from {start} were overwritten (oldest held is {self.oldest})")
        end = min(end, self._written)
        if end <= start:
            return np.zeros(0, dtype=np.int16)
        a, b = start % self.capacity, end % self.capacity
        if a < b:
            return self._buf[a:b].copy()
        return np.concatenate((self._buf[a:], self._buf[:b]))

    def last(self, milliseconds: float):
        """Pre-roll: a copy of the last `milliseconds` of audio (less if not yet captured)."""
        n = min(int(milliseconds * self.sample_rate / 1000), self.capacity)
        return self.read(max(self.oldest, self._written - n), self._written)

    async def wait_beyond(self, index: int) -> None:
        """Wait until more than `index` samples have been written."""
        while self._written <= index:
            self._changed.clear()
            await self._changed.wait()

    async def frames(self, size: int, start: int | None = None):
        """Yield consecutive blocks of exactly `size` samples from `start` (default: now).

        A reader that falls more than the buffer's length behind skips ahead rather than failing:
        to the oldest sample held plus a margin (an eighth of the buffer, at most a second), so
        that it is not overrun again at once while it catches up. Callers see the jump in the
        indices (the listener logs it as event=audio_overrun).
        """
        margin = min(self.capacity // 8, self.sample_rate)
        pos = self._written if start is None else start
        while True:
            while self._written < pos + size:
                await self.wait_beyond(pos + size - 1)
            if pos < self.oldest:
                pos = min(self.oldest + margin, self._written - size)
                continue
            yield pos, self.read(pos, pos + size)
            pos += size
