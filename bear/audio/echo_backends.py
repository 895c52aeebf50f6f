"""Echo canceller engines behind `bear.audio.echo.EchoCanceller` (int16 10 ms frames in and out).

`LinearAec` (the default): a linear canceller in numpy that subtracts its estimate of the echo,
then lowers what is left by 30 dB only while nobody talks over the bear (a broadband gate that
opens at once, for 250 ms, when the output holds more than the residual echo it predicts), so a
child talking over the bear reaches the wake-phrase spotter intact. WebRTC's AEC3 (`WebRtcAec`,
from the `pywebrtc-audio` wheel) removes more echo, but its per-frequency suppressor also takes
the consonants of "hey teddy" with it when a child talks over the bear (scripts/bench_echo.py).
`PostFilter`: WebRTC's noise suppression and gain control (AGC2) on the canceller's output.
"""

from __future__ import annotations

BLOCK = 160  # 10 ms at 16 kHz
KALMAN_P0 = 1.0  # initial uncertainty of each state (the echo path's gain is at most about 1)
REGULARIZE = 1e6  # per-bin power floor (about -55 dBFS): near-silence must not make huge steps
GATE_GAIN = 0.03  # what is left of the bear's echo alone is lowered this much (-30 dB)
GATE_TALK = 4.0  # output this many times the residual echo predicted: someone talking
GATE_HOLD = 25  # ... and the gate stays open 250 ms after it
GATE_SMOOTH = 0.7  # energies over ~30 ms decide
GATE_MIN_ECHO = 160 * 30.0 ** 2  # an echo estimate below about -60 dBFS is no echo


class EchoUnavailable(Exception):
    """The WebRTC library (pywebrtc-audio) is missing or failed to start."""


class WebRtcAec:
    """WebRTC's AEC3 (with its non-linear residual echo suppressor) from `pywebrtc-audio`."""

    name = "webrtc-aec3"

    def __init__(self):
        try:
            from pywebrtc_audio import AudioProcessor

            self._ap = AudioProcessor(sample_rate=16000, echo_cancellation=True)
        except Exception as exc:  # ImportError, a broken wheel (OSError), a refused setting
            raise EchoUnavailable(f"pywebrtc-audio: {type(exc).__name__}: {exc}") from None

    def process(self, near, far):
        """Cancel the echo of `far` (the speaker's reference) in `near` (the microphone); returns the cleaned frame."""
        return self._ap.process(near, far)

    def set_delay_ms(self, ms: float) -> None:
        """Tell AEC3 how far the reference leads the microphone (ms)."""
        self._ap.stream_delay_ms = max(0, int(round(ms)))


class PostFilter:
    """WebRTC noise suppression and/or gain control (AGC2) on the canceller's output, from `pywebrtc-audio`."""

    def __init__(self, *, noise_suppression: bool, gain_control: bool):
        try:
            from pywebrtc_audio import AudioProcessor

            self._ap = AudioProcessor(sample_rate=16000, noise_suppression=noise_suppression,
                                      auto_gain_control=gain_control)
        except Exception as exc:
            raise EchoUnavailable(f"pywebrtc-audio: {type(exc).__name__}: {exc}") from None

    def process(self, audio):
        """Noise suppression and gain control on one frame; returns the processed frame."""
        return self._ap.process(audio)


def make_backend(name: str):
    """The canceller engine named by `audio.echo.backend` (EchoUnavailable if it cannot start)."""
    if name == "webrtc":
        return WebRtcAec()
    return LinearAec()


class LinearAec:
    """Linear echo canceller: a partitioned-block frequency-domain Kalman filter (Kuech, Mabande and
    Enzner 2014). Each frequency bin of each 10 ms partition of the echo path is a state with its own
    uncertainty; the step it takes is that uncertainty over what the error holds besides it, so it
    converges within about a second of the bear's voice and hardly moves while a child talks over it
    (the error is then mostly the child). The estimated echo is subtracted; then the residual echo
    gate (`_gated`)."""

    name = "linear-kalman"  # 80 ms of echo path after the alignment (bear.audio.echo), 10 ms partitions

    def __init__(self, *, taps_ms: float = 80.0, forget: float = 0.9995, smooth: float = 0.5,
                 sample_rate: int = 16000):
        import numpy as np

        if sample_rate != 16000:
            raise ValueError("LinearAec works at 16 kHz")
        self._np = np
        self.parts = max(1, int(round(taps_ms * sample_rate / 1000 / BLOCK)))
        bins = BLOCK + 1
        self.a = forget
        self.smooth = smooth
        self._x = np.zeros((self.parts, bins), np.complex128)
        self._w = np.zeros((self.parts, bins), np.complex128)
        self._p = np.full((self.parts, bins), KALMAN_P0, np.float64)  # state uncertainty
        self._phi = np.zeros(bins, np.float64)  # what the error holds besides the echo (the child, noise)
        self._last_far = np.zeros(BLOCK, np.float64)
        self._leak = 1.0  # residual echo energy over estimated echo energy (how much gets through)
        self._hang = 0  # blocks the gate stays open after the last sign of someone talking over the bear
        self._gain = 1.0
        self._py = self._pe = 0.0
        self._floor = 100.0  # the quietest the output has been lately (per sample, about -70 dBFS): the room's noise
        self._rng = np.random.default_rng(0)
        self.gate = GATE_GAIN

    def set_delay_ms(self, ms: float) -> None:
        """The alignment is done by the caller; the filter covers what is left."""

    def realign(self, frames: int) -> None:
        """Shift the filter's state by `frames` partitions after the delay estimate moved (the state falls back to its
        start where nothing is known)."""
        np = self._np
        for a, fill in ((self._w, 0.0), (self._x, 0.0), (self._p, KALMAN_P0)):
            moved = np.full_like(a, fill)
            if 0 < frames < self.parts:
                moved[:-frames] = a[frames:]
            elif -self.parts < frames < 0:
                moved[-frames:] = a[:frames]
            elif frames == 0:
                moved = a
            a[:] = moved

    def process(self, near, far):
        """Subtract the adaptive filter's estimate of `far`'s echo from `near`; returns the residual (float64)."""
        np = self._np
        near = np.asarray(near, np.float64)
        far = np.asarray(far, np.float64)
        out = np.empty(len(near), np.float64)
        for i in range(0, len(near), BLOCK):
            out[i:i + BLOCK] = self._block(near[i:i + BLOCK], far[i:i + BLOCK])
        return np.clip(np.round(out), -32768, 32767).astype(np.int16)

    def _block(self, d, x):
        np = self._np
        fft, ifft = np.fft.rfft, np.fft.irfft
        self._x = np.roll(self._x, 1, axis=0)
        self._x[0] = fft(np.concatenate((self._last_far, x)))
        self._last_far = x
        a2 = self.a * self.a
        power = self._w.real ** 2 + self._w.imag ** 2
        self._w *= self.a
        self._p = a2 * self._p + (1 - a2) * power
        e = d - ifft((self._w * self._x).sum(axis=0))[BLOCK:]
        err = fft(np.concatenate((np.zeros(BLOCK), e)))
        xx = self._x.real ** 2 + self._x.imag ** 2
        self._phi = self.smooth * self._phi + (1 - self.smooth) * (err.real ** 2 + err.imag ** 2)
        gain = self._p / (0.5 * (self._p * xx).sum(axis=0) + self._phi + REGULARIZE)
        g = ifft(gain * np.conj(self._x) * err, axis=1)
        g[:, BLOCK:] = 0
        self._w += fft(g, axis=1)
        self._p = np.maximum(self._p * (1 - 0.5 * gain * xx), 1e-12)
        return self._gated(e, d - e)

    def _gated(self, e, y):
        """Residual echo gate: what is left of the echo alone is lowered (GATE_GAIN); as soon as the
        output holds more than the residual echo predicted (a child talking), it passes untouched,
        and stays open GATE_HOLD blocks. Nothing is touched while the bear is silent."""
        np = self._np
        a = GATE_SMOOTH
        self._py = py = a * self._py + (1 - a) * float(y @ y)
        self._pe = pe = a * self._pe + (1 - a) * float(e @ e)
        target = 1.0
        if self.gate < 1.0 and py > GATE_MIN_ECHO:
            ratio = pe / py
            if ratio < 4 * self._leak:  # plausibly echo alone: learn how much of it gets through
                self._leak = min(1.0, 0.97 * self._leak + 0.03 * ratio)
            if pe > GATE_TALK * self._leak * py:
                self._hang = GATE_HOLD
            if self._hang > 0:
                self._hang -= 1
            else:
                target = self.gate
        else:
            self._hang = max(0, self._hang - 1)
        ramp = np.linspace(self._gain, target, len(e), endpoint=False) if target != self._gain else self._gain
        self._gain = target
        # the microphone's own noise stays as it was (comfort noise): a gate that left near-silence
        # and then opened onto the room's noise would sound like onsets to the spotter
        self._floor = min(self._floor * 1.0005, max(float(e @ e) / len(e), 1.0))  # the quietest, rising slowly
        noise = self._rng.standard_normal(len(e)) * np.sqrt(self._floor) * np.sqrt(np.maximum(0.0, 1 - ramp ** 2))
        return e * ramp + noise
