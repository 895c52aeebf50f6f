"""Acoustic echo cancellation: the bear's own voice taken out of its microphone.

The speaker and the microphone sit a few centimetres apart inside the bear, so while the bear
speaks its voice reaches the microphone as loud as a child's (or louder). `EchoCanceller` sits
between capture and the ring buffer (`Capture.echo`): every captured block passes through it, on
its own engine thread, before anything listens to it. Its reference is what the sink actually
played (the sink's `taps`), with the time each block started playing.

Alignment: each captured block's arrival time maps the microphone's sample index to the clock
(the smallest lag over the last 2 s, so a late block does not move it); each played block is
placed on that same timeline at the time it played, and runs of played blocks stay contiguous,
as a speaker plays them. What is left is the acoustic path plus the devices' buffers: measured by
cross-correlation while the bear speaks (`echo_delay.py`), tracked, reported (`event=echo_delay_ms`,
`bear status`) and, beyond 20 ms, taken off the reference so that the engine's filter (80 ms of
echo path) always sees a short positive delay (no engine can cancel an echo heard before its
reference); until it is measured, echoes up to 80 ms late are cancelled.

The engines (`echo_backends.py`: the linear canceller by default, WebRTC's AEC3 as an option)
work on 10 ms frames (160 samples at 16 kHz): the output is the input one frame later. What they
learn is kept from one reply to the next; over the first second of the bear's voice after a start,
while the echo path is still being learnt, the output is 20 dB lower (the bear's own words could
otherwise wake it; a child's wake phrase in that second is missed, as without a canceller). While the
bear has been silent for a second (plus the delay), the microphone's samples pass through
untouched and nothing is computed. A failing engine is logged once and the microphone passes
through from then on; the bear never stops hearing because of it.
"""

from __future__ import annotations

import collections
import logging
import math
import time

from bear.audio import SAMPLE_RATE as SR
from bear.audio.echo_reference import LOUD, Timeline, Track

log = logging.getLogger(__name__)

FRAME = 160  # 10 ms at 16 kHz: what the engines process
GAP_S = 0.03  # a block played this much later than its turn: the speaker ran dry, a new run starts
# (a sound card's buffer hides smaller delays; PortAudio's callback taps silence too, so it never is)
AHEAD_MAX_S = 0.25  # played blocks this far ahead of the clock: the timeline changed, start afresh
MARGIN_S = 0.02  # the engine gets the echo this long after its reference (its filter spans 80 ms)
SHIFT_STEP_S = 0.015  # the shift applied moves only when the measured delay moves more than this
ESTIMATE_WINDOW_S = 0.5  # cross-correlation window
ESTIMATE_EVERY_S = 0.25  # while the delay is not known yet ...
TRACK_EVERY_S = 1.0  # ... and once it is
MAX_DELAY_S = 0.8
LEARN_S = 1.0  # the canceller learns the echo path over its first second of the bear's voice ...
DUCK = 0.1  # ... and meanwhile lowers the microphone by 20 dB (only then, only once after a start)
# soxr's "quick" quality holds nothing back: the reference up to the instant just played is there
# when the microphone's block is processed (the better qualities keep 20-40 ms inside, which the
# canceller would then see as silence). It does not filter, so a causal low-pass (7.2 kHz) runs first:
# what the speaker plays above 8 kHz would otherwise fold into the reference (it capped the echo
# removed at ~13 dB on broadband sound).
RESAMPLE_QUALITY = "QQ"
LOWPASS_HZ = 7200.0


def _lowpass(rate: int):
    """A causal windowed-sinc low-pass for `rate` (about 1.3 ms long, Blackman window)."""
    import numpy as np

    taps = int(rate * 0.0013) | 1
    t = np.arange(taps) - (taps - 1) / 2
    h = np.sinc(2 * LOWPASS_HZ / rate * t) * np.blackman(taps)
    return (h / h.sum()).astype(np.float32)
ACTIVE_FRACTION = 0.3  # an estimate needs the bear audible in this share of its window


class EchoCanceller:
    """Removes the speaker's echo from each captured block (see the module docstring).

    `played(block, rate, at)` is the sink's tap: callable from any thread (it only queues).
    `process(block, at)` takes a captured int16 block that arrived at monotonic time `at` and returns
    as many cleaned samples, one 10 ms frame late. `submit` does the same on the engine thread and
    hands the result back on the event loop, in order. Never raises: a failing library is logged
    once and the microphone passes through from then on.
    """

    def __init__(self, backend, *, delay_ms: int = -1, engine=None, post=None):
        import numpy as np

        self.backend = backend
        self.post = post  # noise suppression / gain control on the output while cancelling
        self.engine = engine
        self._np = np
        self._incoming: collections.deque = collections.deque()  # (block, rate, at) from the sink
        self._timeline = Timeline()
        self._far = Track()
        self._near = Track(ESTIMATE_WINDOW_S + 1.0)  # the raw microphone, for the delay estimates
        self._far_pos: int | None = None  # where the next resampled sample of the reference goes
        self._run_start: int | None = None  # where the current run of played blocks began ...
        self._run_in = 0.0  # ... and how many seconds of them were played since
        self._resampler = None
        self._fir = None
        self._fir_tail = None
        self._far_rate: int | None = None
        self._n_in = 0  # microphone samples received
        self._n_done = 0  # microphone samples processed (whole frames)
        self._pending = np.zeros(0, np.int16)
        self._out = np.zeros(FRAME, np.int16)  # one frame of latency
        self._next_estimate = int(ESTIMATE_EVERY_S * SR)
        from bear.audio.echo_delay import DelayTracker

        self.tracker = DelayTracker()
        self.fixed = delay_ms >= 0
        self.delay: int | None = delay_ms * SR // 1000 if self.fixed else None  # samples
        self.shift = 0  # samples taken off the reference's timeline
        self.state = "waiting"  # waiting (the bear is silent: pass-through) | cancelling | failed
        self.failed_reason: str | None = None
        self.erle_db: float | None = None  # echo reduction over the last stretch of the bear's voice
        self._energy = [0.0, 0.0]  # microphone, output: in the current stretch
        self.active_s = 0.0  # audio the library processed
        self.busy_s = 0.0  # time it took
        if self.delay is not None:
            self._apply_delay()
            log.info("event=echo_delay_ms delay_ms=%.1f source=config", self.delay * 1000 / SR)

    # --- the sink's side (any thread) ----------------------------------------------------------
    def played(self, block, rate: int, at: float) -> None:
        """The sink's tap: `block` (float32 at `rate`) started playing at monotonic time `at`."""
        self._incoming.append((self._np.array(block, self._np.float32), int(rate), float(at)))

    # --- the microphone's side -------------------------------------------------------------------
    def submit(self, block, at: float, then) -> None:
        """Process `block` on the engine thread (inline without one); `then(cleaned)` runs on the loop, in order."""
        from bear.engine import EngineClosed

        try:
            future = self.engine.submit(self.process, block, at) if self.engine is not None else None
        except EngineClosed:  # stopping: the last blocks are handled here
            future = None
        if future is None:
            then(self.process(block, at))
            return
        future.add_done_callback(lambda f: then(f.result()) if not f.cancelled() else None)

    def process(self, block, at: float):
        """Cancel the bear's voice in one microphone block (int16) played around monotonic time `at`; returns the
        cleaned block (the block itself after a fault)."""
        block = self._np.asarray(block, self._np.int16)
        try:
            return self._process(block, at)
        except Exception as exc:  # a fault here must not cost the bear its hearing
            self._fail(f"{type(exc).__name__}: {exc}")
            return block

    def _process(self, block, at: float):
        np = self._np
        n = len(block)
        self._n_in += n
        self._timeline.add(self._n_in, at)
        self._take_played()
        pending = np.concatenate((self._pending, block)) if len(self._pending) else block
        whole = len(pending) // FRAME * FRAME
        if whole:
            out = self._frames(pending[:whole])
            self._out = np.concatenate((self._out, out))
        self._pending = pending[whole:].copy()
        result, self._out = self._out[:n], self._out[n:]
        return result

    def _frames(self, near):
        np = self._np
        start = self._n_done
        self._near.write(start, near)
        out = near
        ref_start = start - self.shift
        # (all zeros: the microphone is muted; the estimate of the echo must not be "cancelled" into it)
        if self.state != "failed" and near.any() and self._far.audible(ref_start, len(near)):
            far = self._far.read(ref_start, len(near))
            t0 = time.perf_counter()
            try:
                out = np.asarray(self.backend.process(near, far), np.int16)
                if self.post is not None:
                    out = np.asarray(self.post.process(out), np.int16)
                if self.active_s < LEARN_S:  # not yet learnt: duck, so its own voice cannot wake the bear
                    out = (out * DUCK).astype(np.int16)
            except Exception as exc:  # a broken library: pass the microphone through from now on
                self._fail(f"{type(exc).__name__}: {exc}")
                out = near
            else:
                self.busy_s += time.perf_counter() - t0
                self.active_s += len(near) / SR
                self.state = "cancelling"
                self._energy[0] += float(np.dot(near.astype(np.float64), near))
                self._energy[1] += float(np.dot(out.astype(np.float64), out))
        elif self.state == "cancelling":
            self.state = "waiting"
            mic, left = self._energy
            self.erle_db = round(10 * math.log10(mic / left), 1) if mic > 0 and left > 0 else None
            self._energy = [0.0, 0.0]
        self._n_done += len(near)
        if not self.fixed and self._n_done >= self._next_estimate:
            every = ESTIMATE_EVERY_S if self.delay is None else TRACK_EVERY_S  # found: only keep an eye on it
            self._next_estimate = self._n_done + int(every * SR)
            self._estimate()
        return out

    def _take_played(self) -> None:
        """Place the blocks the sink played so far on the microphone's timeline."""
        np = self._np
        while self._incoming:
            block, rate, at = self._incoming.popleft()
            target = self._timeline.index(at)
            due = self._run_start + int(self._run_in * SR) if self._run_start is not None else None
            new_run = due is None or target > due + GAP_S * SR or due > target + AHEAD_MAX_S * SR
            if new_run or rate != self._far_rate:
                self._flush_resampler()
                self._far_rate = rate
                self._fir = None
                if rate != SR:
                    import soxr

                    self._resampler = soxr.ResampleStream(rate, SR, 1, dtype="float32", quality=RESAMPLE_QUALITY)
                    self._fir = _lowpass(rate) if rate > SR else None
                    self._fir_tail = np.zeros(len(self._fir) - 1 if self._fir is not None else 0, np.float32)
                if new_run:
                    self._run_start, self._run_in = target, 0.0
                    late = (len(self._fir) - 1) / 2 * SR / rate if self._fir is not None else 0  # the low-pass's delay
                    self._far_pos = target - int(round(late))
            self._run_in += len(block) / rate
            if self._resampler is not None:
                if self._fir is not None:
                    padded = np.concatenate((self._fir_tail, block))
                    self._fir_tail = padded[len(padded) - len(self._fir_tail):]
                    block = np.convolve(padded, self._fir, "valid").astype(np.float32)
                block = self._resampler.resample_chunk(block)
            self._place(block)

    def _flush_resampler(self) -> None:
        if self._resampler is not None:
            self._place(self._resampler.resample_chunk(self._np.zeros(0, self._np.float32), last=True))
            self._resampler = None

    def _place(self, samples) -> None:
        np = self._np
        if len(samples):
            self._far.write(self._far_pos, np.clip(np.round(samples * 32767), -32768, 32767).astype(np.int16))
            self._far_pos += len(samples)

    # --- the delay -------------------------------------------------------------------------------
    def _estimate(self) -> None:
        from bear.audio.echo_delay import estimate_delay

        np = self._np
        window, max_lag = int(ESTIMATE_WINDOW_S * SR), int(MAX_DELAY_S * SR)
        end = self._n_done
        far = self._far.read(end - window - max_lag, window + max_lag)
        frames = np.abs(far[:len(far) // FRAME * FRAME].reshape(-1, FRAME)).max(axis=1)
        if np.mean(frames > LOUD * 10) < ACTIVE_FRACTION:
            return
        near = self._near.read(end - window, window)
        lag, sharpness = estimate_delay(far.astype(np.float32), near.astype(np.float32), max_lag)
        previous = self.delay
        moved = self.tracker.add(lag, sharpness)
        if moved is None:
            return
        self.delay = moved
        self._apply_delay()
        log.info("event=echo_delay_ms delay_ms=%.1f source=measured previous_ms=%s sharpness=%.1f shift_ms=%.1f",
                 moved * 1000 / SR, "-" if previous is None else f"{previous * 1000 / SR:.1f}", sharpness,
                 self.shift * 1000 / SR)

    def _apply_delay(self) -> None:
        shift = max(0, self.delay - int(MARGIN_S * SR)) // FRAME * FRAME  # whole frames: the filter moves along
        if abs(shift - self.shift) > SHIFT_STEP_S * SR:
            realign = getattr(self.backend, "realign", None)
            if realign is not None:
                realign((shift - self.shift) // FRAME)
            self.shift = shift
        try:
            self.backend.set_delay_ms((self.delay - self.shift) * 1000 / SR)
        except Exception as exc:
            self._fail(f"{type(exc).__name__}: {exc}")

    def _fail(self, reason: str) -> None:
        if self.state != "failed":
            self.state, self.failed_reason = "failed", reason
            log.error("event=echo_failed error=%r (the microphone passes through without echo cancellation)", reason)

    # --- reporting -------------------------------------------------------------------------------
    @property
    def delay_ms(self) -> float | None:
        """The measured playback-to-microphone delay in ms, or None while it is unknown."""
        return None if self.delay is None else round(self.delay * 1000 / SR, 1)

    def status(self) -> dict:
        """What `bear status` shows under `echo`."""
        return {"state": self.state, "backend": self.backend.name, "delay_ms": self.delay_ms,
                "delay_source": "config" if self.fixed else ("measured" if self.delay is not None else "measuring"),
                "erle_db": self.erle_db,
                "cpu_ms_per_s": round(1000 * self.busy_s / self.active_s, 1) if self.active_s else None,
                **({"error": self.failed_reason} if self.failed_reason else {})}

    def close(self) -> None:
        """Stop the engine thread the canceller runs on, if any."""
        if self.engine is not None:
            self.engine.close()


def attach_echo(cfg, capture, sink, *, backend=None) -> EchoCanceller | None:
    """Build the echo canceller named by an `AudioConfig` and put it between `capture` and its ring,
    with `sink`'s playback as its reference; None when it is off (logged once)."""
    from bear.audio.echo_backends import EchoUnavailable, LinearAec, PostFilter, make_backend

    echo = cfg.echo
    if echo.enabled == "off":
        log.info("event=echo_canceller state=off reason=config")
        return None
    if echo.enabled == "auto" and not (cfg.input.backend == "sounddevice" and cfg.output.backend == "sounddevice"):
        log.info("event=echo_canceller state=off reason=no_speaker_beside_a_microphone input=%s output=%s",
                 cfg.input.backend, cfg.output.backend)
        return None
    try:
        backend = backend or make_backend(echo.backend)
    except EchoUnavailable as exc:  # the WebRTC wheel is missing or broken: the linear canceller still works
        log.error("event=echo_unavailable reason=%r (the linear canceller is used instead)", str(exc))
        backend = LinearAec()
    post = None
    if echo.noise_suppression or echo.gain_control:
        try:
            post = PostFilter(noise_suppression=echo.noise_suppression, gain_control=echo.gain_control)
        except EchoUnavailable as exc:
            log.error("event=echo_unavailable reason=%r (no noise suppression or gain control)", str(exc))
    from bear.engine import EngineThread

    canceller = EchoCanceller(backend, delay_ms=echo.delay_ms, engine=EngineThread("echo"), post=post)
    sink.taps.append(canceller.played)
    capture.echo = canceller
    log.info("event=echo_canceller state=on backend=%s noise_suppression=%s gain_control=%s delay_ms=%s",
             backend.name, post is not None and echo.noise_suppression, post is not None and echo.gain_control,
             echo.delay_ms if echo.delay_ms >= 0 else "measure")
    return canceller
