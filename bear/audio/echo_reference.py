"""The echo canceller's reference, on the microphone's timeline: the clock that maps microphone
sample indices to time (`Timeline`), and the audio the speaker played placed on it (`Track`).
See bear/audio/echo.py for how they are used.
"""

from __future__ import annotations

import collections

from bear.audio import SAMPLE_RATE as SR

TIMELINE_WINDOW_S = 2.0  # the microphone's clock: smallest arrival lag over this long ...
TIMELINE_HYSTERESIS_S = 0.004  # ... followed once it moves this much: each reply is then placed where the
# last one was (a 1 ms slip between replies costs the filter what it learnt, ~1 s to learn again)
HOLD_S = 1.0  # cancel this long after the last audible sample played (the echo's tail, the delay)
FAR_SECONDS = 4.0
LOUD = 33  # |sample| above this (-60 dBFS) is the bear's voice, not silence


class Timeline:
    """Microphone sample index <-> monotonic clock, from block arrival times (sliding minimum lag)."""

    def __init__(self, window_s: float = TIMELINE_WINDOW_S):
        self.window_s = window_s
        self._mins: collections.deque[tuple[float, float]] = collections.deque()  # (at, lag), lags increasing
        self.t0: float | None = None  # clock time of sample 0

    def add(self, end_index: int, at: float) -> None:
        """A microphone block ending at sample `end_index` arrived at monotonic time `at`."""
        lag = at - end_index / SR
        while self._mins and self._mins[-1][1] >= lag:
            self._mins.pop()
        self._mins.append((at, lag))
        while self._mins[0][0] < at - self.window_s:
            self._mins.popleft()
        if self.t0 is None or abs(self._mins[0][1] - self.t0) > TIMELINE_HYSTERESIS_S:
            self.t0 = self._mins[0][1]  # moved for real (clock drift, a reopened device), not by jitter

    def index(self, at: float) -> int:
        """The microphone sample index heard at monotonic time `at`."""
        return int(round((at - self.t0) * SR))


class Track:
    """Audio on the microphone's sample timeline (int16, absolute indices): what the speaker played,
    or the raw microphone itself."""

    def __init__(self, seconds: float = FAR_SECONDS):
        import numpy as np

        self.capacity = int(seconds * SR)
        self._buf = np.zeros(self.capacity, np.int16)
        self.end: int | None = None  # just past the last sample written
        self.loud_start: int | None = None  # first audible sample of the current stretch
        self.loud_end: int | None = None  # just past the last audible sample

    def write(self, start: int, samples) -> None:
        """Place int16 `samples` at absolute index `start` (silence fills a gap since the last write)."""
        import numpy as np

        n = len(samples)
        if n == 0:
            return
        if self.end is not None and start > self.end:  # silence in between
            self._put(self.end, np.zeros(min(start - self.end, self.capacity), np.int16))
        self._put(start, samples[-self.capacity:] if n > self.capacity else samples)
        self.end = start + n
        loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > LOUD)
        if len(loud):
            first, last = start + int(loud[0]), start + int(loud[-1]) + 1
            if self.loud_end is None or first - self.loud_end > HOLD_S * SR:
                self.loud_start = first
            self.loud_end = max(self.loud_end or 0, last)

    def _put(self, start: int, samples) -> None:
        a = start % self.capacity
        first = min(len(samples), self.capacity - a)
        self._buf[a:a + first] = samples[:first]
        self._buf[:len(samples) - first] = samples[first:]

    def read(self, start: int, n: int):
        """Samples [start, start + n); zeros where nothing was played or it is no longer held."""
        import numpy as np

        out = np.zeros(n, np.int16)
        if self.end is None:
            return out
        lo, hi = max(start, self.end - self.capacity), min(start + n, self.end)
        if lo < hi:
            a, b = lo % self.capacity, (hi - 1) % self.capacity + 1
            out[lo - start:hi - start] = self._buf[a:b] if a < b else np.concatenate((self._buf[a:], self._buf[:b]))
        return out

    def audible(self, start: int, n: int) -> bool:
        """Could the bear's voice (or its tail) be in the microphone for reference samples [start, start + n)?"""
        return self.loud_end is not None and self.loud_start < start + n and start < self.loud_end + HOLD_S * SR
