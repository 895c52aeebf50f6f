"""A room at the I/O seam: what the bear's speaker plays comes back into its microphone.

The speaker plays by the clock, as a sound card does: the first block of a run starts `delay_ms`
(the devices' buffers) after the sink played it (its tap), and the following ones follow it back
to back, unless one comes later than its turn (the buffer ran dry: a new run starts). Resampled to 16 kHz, optionally saturated (a small speaker driven
hard), through the room's impulse response and scaled by `echo_gain`, it is added to the
microphone's samples at the same instants. The microphone delivers each block once its last
sample has been captured. The child's speech (`speak`) starts at the next block (or at a given
sample), and the microphone may have a noise floor.

`Room.source()` is a real-time capture source and `Room.sink()` the real WAV sink (real-time
paced) with its tap feeding the room. Without an event loop, `hear(block, rate, at)` and
`block_at(pos)` run the same room on a simulated clock (tests/echo_trials.py).
"""

from __future__ import annotations

import asyncio

import numpy as np

from bear.audio.playback import WavSink

SR = 16000


def speech_level_db(x) -> float:
    """Loudness of speech in dBFS: the RMS of the 20 ms frames within 30 dB of the loudest one."""
    x = np.asarray(x)
    x = x / 32768.0 if x.dtype == np.int16 else x.astype(np.float64)
    n = len(x) // 320 * 320
    power = (x[:n].reshape(-1, 320) ** 2).mean(axis=1)
    if not len(power) or power.max() <= 0:
        return -np.inf
    active = power[power >= power.max() / 1000]
    return float(10 * np.log10(active.mean()))


def small_room(seed: int = 3, tail_ms: float = 150.0, rt60_ms: float = 120.0) -> np.ndarray:
    """An impulse response for a speaker a few centimetres from the microphone in a furry body in a
    child's room: the direct sound, a few early reflections within 5 ms, then a decaying tail."""
    rng = np.random.default_rng(seed)
    n = int(tail_ms * SR / 1000)
    ir = np.zeros(n, np.float32)
    ir[0] = 1.0
    for at, gain in ((11, 0.45), (29, -0.3), (53, 0.2), (78, -0.12)):
        ir[at] += gain
    t = np.arange(n) / SR
    decay = 10 ** (-3 * t / (rt60_ms / 1000))  # -60 dB at rt60
    ir[80:] += (rng.standard_normal(n - 80) * 0.08 * decay[80:]).astype(np.float32)
    return ir


class Room:
    def __init__(self, *, echo_gain: float = 0.3, block: int = 512, delay_ms: float = 30.0, impulse=None,
                 saturation: float = 0.0, noise_dbfs: float | None = None, seed: int = 0):
        self.echo_gain = echo_gain
        self.block = block
        self.delay = int(round(delay_ms * SR / 1000))
        self.impulse = np.asarray(impulse if impulse is not None else [1.0], np.float32)
        self.saturation = saturation  # 0 = a linear speaker; k > 0: tanh(k x) / k
        self.noise = 32768 * 10 ** (noise_dbfs / 20) if noise_dbfs is not None else 0.0
        self._rng = np.random.default_rng(seed)
        self._cleared = 0
        self.t0: float | None = None  # clock time of microphone sample 0
        self.pos = 0  # the next microphone sample to deliver
        self.child: list[tuple[int, np.ndarray]] = []  # (start index, int16 samples)
        self._speaker = np.zeros(20 * SR, np.float32)  # what the speaker emits, on the microphone's timeline
        self._played_to: int | None = None  # where the speaker's current run of blocks ends (resampled)
        self._run_start: int | None = None  # when the current run's first block arrived (sample index)
        self._run_in = 0.0  # seconds of blocks in the run so far
        self._resampler = None
        self.echo_samples = 0  # speaker samples that reached the microphone

    # --- the child -----------------------------------------------------------------------------
    def speak(self, samples, start: int | None = None) -> None:
        """The child says this (16 kHz int16), from the next block (or from sample `start`)."""
        self.child.append((self.pos if start is None else start, np.asarray(samples, np.int16)))

    # --- the speaker ---------------------------------------------------------------------------
    def index(self, at: float) -> int:
        return int(round((at - self.t0) * SR))

    def hear(self, block, rate: int, at: float) -> None:
        """The sink's tap: `block` started playing at clock time `at`."""
        import soxr

        if self.t0 is None:
            return  # the microphone is not on yet: nobody hears it
        arrived = self.index(at)
        due = None if self._run_start is None else self._run_start + int(self._run_in * SR) + self.delay
        if due is None or arrived > due:  # the speaker's buffer ran dry (or it was idle): a new run
            if self._resampler is not None:
                self._emit(self._resampler.resample_chunk(np.zeros(0, np.float32), last=True))
            self._resampler = soxr.ResampleStream(rate, SR, 1, dtype="float32") if rate != SR else None
            self._played_to = arrived + self.delay
            self._run_start, self._run_in = arrived, 0.0
        block = np.asarray(block, np.float32)
        self._run_in += len(block) / rate
        self._emit(self._resampler.resample_chunk(block) if self._resampler is not None else block)

    def _emit(self, audio) -> None:
        if self.saturation:
            audio = np.tanh(self.saturation * audio) / self.saturation
        start, n = self._played_to, len(audio)
        self._put(start, audio * self.echo_gain * 32767)
        self._played_to += n
        self.echo_samples += n

    def _put(self, start: int, audio) -> None:
        size = len(self._speaker)
        a = start % size
        first = min(len(audio), size - a)
        self._speaker[a:a + first] = audio[:first]
        self._speaker[:len(audio) - first] = audio[first:]

    def _speaker_range(self, start: int, end: int) -> np.ndarray:
        size = len(self._speaker)
        idx = np.arange(start, end) % size
        out = self._speaker[idx]
        out[np.arange(start, end) < 0] = 0
        return out

    # --- the microphone ------------------------------------------------------------------------
    def block_at(self, pos: int) -> np.ndarray:
        """Microphone samples [pos, pos + block): the child, the speaker through the room, noise."""
        n, taps = self.block, len(self.impulse)
        mix = np.zeros(n, np.float64)
        speaker = self._speaker_range(pos - taps + 1, pos + n)
        if taps == 1:
            mix += speaker * self.impulse[0]
        else:  # the room's response, by FFT (the same as np.convolve(speaker, impulse, "valid"))
            size = 1 << (len(speaker) + taps - 1).bit_length()
            if getattr(self, "_ir_size", None) != size:
                self._ir_size, self._ir_spectrum = size, np.fft.rfft(self.impulse, size)
            mix += np.fft.irfft(np.fft.rfft(speaker, size) * self._ir_spectrum, size)[taps - 1:taps - 1 + n]
        self._clear(pos - taps + 1)
        for start, samples in self.child:
            lo, hi = max(pos, start), min(pos + n, start + len(samples))
            if lo < hi:
                mix[lo - pos:hi - pos] += samples[lo - start:hi - start]
        if self.noise:
            mix += self._rng.standard_normal(n) * self.noise
        return np.clip(np.round(mix), -32768, 32767).astype(np.int16)

    def _clear(self, before: int) -> None:
        """Forget speaker samples no longer needed (before `before`), so the buffer can wrap."""
        size = len(self._speaker)
        lo = self._cleared
        if before > lo:
            idx = np.arange(lo, before) % size if before - lo < size else np.arange(size)
            self._speaker[idx] = 0
            self._cleared = before

    def sink(self, out_dir) -> WavSink:
        sink = WavSink(out_dir, 48000, 1.0, realtime=True)
        sink.taps.append(self.hear)
        return sink

    def source(self):
        room = self

        class RoomSource:
            name = "room"
            overflows = 0

            async def run(self, emit) -> None:
                loop = asyncio.get_running_loop()
                if room.t0 is None:
                    room.t0 = loop.time() - room.pos / SR
                while True:  # a block leaves the microphone once its last sample is captured
                    await asyncio.sleep(max(0.0, room.t0 + (room.pos + room.block) / SR - loop.time()))
                    block = room.block_at(room.pos)
                    room.pos += room.block
                    emit(block)

        return RoomSource()
