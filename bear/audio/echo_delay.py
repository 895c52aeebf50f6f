"""How long the bear's voice takes from the speaker back into its own microphone.

`estimate_delay` cross-correlates what the speaker played (placed on the microphone's sample
timeline) with what the microphone heard, GCC-PHAT in the speech band, and returns the lag of the
sharpest peak with its sharpness. `DelayTracker` keeps a delay only when several estimates agree,
and moves it only when several newer ones agree on another value: a child talking over the bear,
or a quiet stretch, gives a stray estimate now and then, never a jump.
"""

from __future__ import annotations

import collections
import statistics

from bear.audio import SAMPLE_RATE as SR

BAND_HZ = (150.0, 5000.0)  # where speech has energy in both signals; PHAT elsewhere amplifies noise
MIN_SHARPNESS = 8.0  # peak over the mean |correlation|: below it the estimate is not trusted


def estimate_delay(far, near, max_lag: int) -> tuple[int, float]:
    """The lag L in [0, max_lag] samples for which near[t] best matches far[t - L], and the peak's sharpness.

    `far` holds `max_lag` samples more than `near`, before it: far[k] and near[k - max_lag] are the
    same instant. Sharpness is the peak's height over the mean absolute correlation in the range
    (a clean echo gives tens to hundreds; unrelated audio about 3 to 5).
    """
    import numpy as np

    far = np.asarray(far, np.float32)
    near = np.asarray(near, np.float32)
    if len(far) != len(near) + max_lag:
        raise ValueError(f"far must be max_lag ({max_lag}) samples longer than near ({len(near)}), got {len(far)}")
    n = 1 << int(len(far) + len(near) - 1).bit_length()
    cross = np.conj(np.fft.rfft(near, n)) * np.fft.rfft(far, n)
    freqs = np.fft.rfftfreq(n, 1 / SR)
    cross[(freqs < BAND_HZ[0]) | (freqs > BAND_HZ[1])] = 0
    cross /= np.abs(cross) + 1e-12
    corr = np.fft.irfft(cross, n)[:max_lag + 1]  # corr[j]: near[k] against far[k + j], i.e. lag max_lag - j
    j = int(np.argmax(corr))
    mean = float(np.mean(np.abs(corr))) or 1e-12
    return max_lag - j, float(corr[j]) / mean


class DelayTracker:
    """The delay in force: set once `agree` of the last `keep` trusted estimates are within `tolerance`
    samples of each other, moved only when the latest `agree` agree on a value more than `tolerance` away."""

    def __init__(self, *, keep: int = 5, agree: int = 3, tolerance: int = 16):
        self.recent: collections.deque[int] = collections.deque(maxlen=keep)
        self.agree = agree
        self.tolerance = tolerance
        self.delay: int | None = None
        self.estimates = 0  # trusted estimates seen
        self.rejected = 0  # estimates too blunt to trust

    def add(self, lag: int, sharpness: float) -> int | None:
        """Feed one estimate; returns the new delay when it was set or moved, else None."""
        if sharpness < MIN_SHARPNESS:
            self.rejected += 1
            return None
        self.estimates += 1
        self.recent.append(lag)
        if self.delay is None:
            group = self._largest_group(list(self.recent))
        else:
            group = list(self.recent)[-self.agree:]
            if len(group) < self.agree or max(group) - min(group) > self.tolerance:
                return None
        if len(group) < self.agree:
            return None
        value = int(round(statistics.median(group)))
        if self.delay is not None and abs(value - self.delay) <= self.tolerance:
            return None
        self.delay = value
        return value

    def _largest_group(self, lags: list[int]) -> list[int]:
        best: list[int] = []
        for centre in lags:
            group = [x for x in lags if abs(x - centre) <= self.tolerance // 2]
            if len(group) > len(best):
                best = group
        return best
