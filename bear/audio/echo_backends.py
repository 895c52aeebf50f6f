"""Echo canceller engines behind `bear.audio.echo.EchoCanceller` (int16 10 ms frames in and out).

`LinearAec` (the default): a linear canceller in numpy, a partitioned-block frequency-domain
adaptive filter (overlap-save, constrained NLMS, proportionate steps) with two copies of the
filter, as in Speex's MDF canceller.

The *background* filter adapts on every 10 ms block; the *foreground* filter makes the output. When
the background one has been removing more echo for a while it is copied to the foreground; when it
does much worse (the child talking over the bear makes it wander off), it is put back to the
foreground's coefficients. Nothing but the estimated echo is ever subtracted: there is no
non-linear suppression, so a child talking over the bear reaches the wake-phrase spotter intact
(WebRTC's AEC3, whose suppressor removes more echo, also takes the consonants of "hey teddy" with
it: see README, Echo cancellation).

`WebRtcAec`: WebRTC's AEC3 from the `pywebrtc-audio` wheel. `PostFilter`: WebRTC's noise
suppression and gain control (AGC2) on the canceller's output.
"""

from __future__ import annotations

BLOCK = 160  # 10 ms at 16 kHz
COPY_BELOW = 0.9  # the background filter takes over once it leaves 10 % less of the echo


class LinearAec:
    """Removes the linear echo of `far` from `near` (int16, 16 kHz, lengths a multiple of 160).

    `taps_ms` is how much echo path it models (the residual delay after alignment plus the room's
    reverberation); `mu` the adaptation step (0..1).
    """

    name = "linear-pbfdaf"

    def __init__(self, *, taps_ms: float = 160.0, mu: float = 1.0, sample_rate: int = 16000):
        import numpy as np

        if sample_rate != 16000:
            raise ValueError("LinearAec works at 16 kHz")
        self._np = np
        self.parts = max(1, int(round(taps_ms * sample_rate / 1000 / BLOCK)))
        self.mu = mu
        bins = BLOCK + 1
        self._x = np.zeros((self.parts, bins), np.complex128)  # far spectra, newest first
        self._wb = np.zeros((self.parts, bins), np.complex128)  # background (adapting)
        self._wf = np.zeros((self.parts, bins), np.complex128)  # foreground (output)
        self._last_far = np.zeros(BLOCK, np.float64)
        self._power = np.full(bins, 1e4, np.float64)  # smoothed far power per bin
        self._eb = self._ef = self._near = 0.0  # smoothed error energies and microphone energy
        self.copies = self.resets = 0

    def set_delay_ms(self, ms: float) -> None:
        """The alignment is done by the caller; the filter covers what is left."""

    def realign(self, frames: int) -> None:
        """The reference moved `frames` blocks earlier (the caller's shift grew): move the filter with it."""
        np = self._np
        for a in (self._wb, self._wf, self._x):
            moved = np.zeros_like(a)
            if 0 < frames < self.parts:
                moved[:-frames] = a[frames:]
            elif -self.parts < frames < 0:
                moved[-frames:] = a[:frames]
            elif frames == 0:
                moved = a
            a[:] = moved

    def process(self, near, far):
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
        spectrum = fft(np.concatenate((self._last_far, x)))
        self._last_far = x
        self._x = np.roll(self._x, 1, axis=0)
        self._x[0] = spectrum
        self._power = 0.9 * self._power + 0.1 * (spectrum.real ** 2 + spectrum.imag ** 2)
        yb = ifft((self._wb * self._x).sum(axis=0))[BLOCK:]
        yf = ifft((self._wf * self._x).sum(axis=0))[BLOCK:]
        eb, ef = d - yb, d - yf
        # adapt the background filter: constrained NLMS (the gradient kept to BLOCK taps per partition)
        err = fft(np.concatenate((np.zeros(BLOCK), eb)))
        grad = np.conj(self._x) * (err / (self._power + 1e3))
        g = ifft(grad, axis=1)
        g[:, BLOCK:] = 0
        # proportionate steps (as Speex's MDF): partitions holding more of the echo path adapt faster
        size = np.sqrt((self._wb.real ** 2 + self._wb.imag ** 2).sum(axis=1))
        prop = size + 0.1 * size.max() + 1e-9
        prop *= 0.99 / prop.sum()
        self._wb += (self.mu * prop)[:, None] * fft(g, axis=1)
        # compare the two filters over the last ~100 ms
        a = 0.9
        self._eb = a * self._eb + (1 - a) * float(eb @ eb)
        self._ef = a * self._ef + (1 - a) * float(ef @ ef)
        self._near = a * self._near + (1 - a) * float(d @ d)
        far_energy = float(x @ x)
        if far_energy > 0 and self._eb < COPY_BELOW * self._ef and self._eb < self._near:
            self._wf[:] = self._wb
            self._ef = self._eb
            self.copies += 1
        elif self._eb > 4 * self._ef and self._eb > 1e2 * BLOCK:
            self._wb[:] = self._wf
            self._eb = self._ef
            self.resets += 1
        return ef


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
        return self._ap.process(near, far)

    def set_delay_ms(self, ms: float) -> None:
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
        return self._ap.process(audio)


def make_backend(name: str):
    """The canceller engine named by `audio.echo.backend` (EchoUnavailable if it cannot start)."""
    if name == "webrtc":
        return WebRtcAec()
    return LinearAec()
