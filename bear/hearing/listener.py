"""The hearing pipeline: ring buffer → VAD → wake (phrase / openWakeWord / paw) → STT → utterance.

Runs as one task on the event loop; every model call goes to its engine's thread. Positions
are absolute sample indices in the capture ring buffer, so pre-roll is exact: an utterance
starts where the wake phrase ended, or `listen.preroll_ms` before the paw was pressed.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from dataclasses import asdict, dataclass
from typing import Callable

from bear.hearing.stt import Transcript
from bear.hearing.vad import FRAME, MODEL as VAD_MODEL, SileroState, SpeechGate
from bear.models.manifest import ModelUnavailable

log = logging.getLogger(__name__)

SR = 16000
WAKE_GRACE_S = 0.25  # speech must go on this long past the wake phrase to count as the request


@dataclass
class Utterance:
    text: str
    trigger: str  # "wake" | "button"
    engine: str  # which wake engine, or "paw"
    transcript: Transcript
    trigger_s: float  # audio time (s since capture began): end of the wake phrase / paw press
    start_s: float  # where the utterance audio begins
    speech_start_s: float | None
    speech_end_s: float | None
    endpoint_s: float  # when the utterance was closed (trailing silence or maximum length)
    reason: str  # "silence" | "max_length"
    stt_final_ms: float  # wall time from closing the utterance to its final transcript
    closed_at: float = 0.0  # time.perf_counter() when the utterance was closed (latency is measured from here)

    def timings(self) -> dict:
        d = asdict(self)
        return {k: d[k] for k in ("trigger_s", "speech_start_s", "speech_end_s", "endpoint_s", "stt_final_ms")}


class EnergyGate:
    """Fallback when the VAD model is unavailable: loud frames are speech."""

    def probability(self, frame) -> float:
        import numpy as np

        rms = float(np.sqrt(np.mean(frame.astype(np.float32) ** 2))) / 32768
        return 1.0 if rms > 0 and 20 * math.log10(rms) > -40 else 0.0


BLOCK_FRAMES = 3  # frames per model call: 96 ms
WAKE_HOLD_S = 1.0  # a gated wake engine still hears this long after speech ...
WAKE_RESUME_S = 0.5  # ... and, when speech returns, from this long before it


class Listener:
    def __init__(self, cfg, ring, registry, *, stt=None, wake=None):
        self.cfg = cfg
        self.ring = ring
        self.registry = registry
        self.stt = stt
        self.wake = wake
        v = cfg.vad
        self.gate = SpeechGate(v.threshold, max(1, v.min_speech_ms * SR // 1000 // FRAME),
                               max(1, v.hangover_ms * SR // 1000 // FRAME))
        self.utterances: asyncio.Queue[Utterance] = asyncio.Queue(maxsize=16)
        self.state = "idle"
        self._vad = SileroState()
        self._vad_ok = True
        self._energy = EnergyGate()
        self._press_at: int | None = None
        self._base: int | None = None
        self._wake_gap = False
        self.wakes = 0
        # While the bear speaks: its own voice must not wake it or be transcribed.
        self.speaking = False
        self.wake_barge_in = True  # False while the reply being spoken contains the wake phrase
        self.on_barge_in: Callable[[str], None] | None = None  # stops the speech (set by the daemon)
        self.self_wakes_suppressed = 0
        self.on_listen: Callable[[str], None] | None = None  # a wake or press opened listening
        self.on_closed: Callable[[], None] | None = None  # an utterance ended: the bear is thinking
        self._no_speech_s = cfg.listen.no_speech_timeout_s
        self._after_speech = False
        self._followup: tuple[int, float] | None = None

    # --- called from the loop (the paw button hops here with call_soon_threadsafe) -------
    def press(self) -> None:
        self._press_at = self.ring.written
        log.info("event=paw_pressed at_s=%.2f speaking=%s", self._press_at / SR, self.speaking)
        if self.speaking and self.on_barge_in is not None:
            self.on_barge_in("paw")  # at once: the speaker falls silent before the next audio block

    def set_speaking(self, speaking: bool, *, wake_barge_in: bool = True) -> None:
        """The bear starts or stops speaking (its voice in the microphone is then forgotten)."""
        if self.speaking and not speaking:
            self._after_speech = True
        self.speaking = speaking
        self.wake_barge_in = wake_barge_in
        if self.wake is not None:
            self.wake.require_onset = not speaking

    def follow_up(self, start: int, timeout_s: float) -> None:
        """Listen for an answer without the wake phrase, from absolute sample `start` (may be ahead)."""
        self._followup = (start, timeout_s)

    # --- the task -------------------------------------------------------------------------
    async def run(self, start: int | None = None) -> None:
        if self.wake is not None:
            await self.wake.restart(self.ring.written if start is None else start)
        async for index, block in self.ring.frames(FRAME * BLOCK_FRAMES, start):
            await self.step(index, block)

    async def _probabilities(self, block) -> list[float]:
        if self._vad_ok:
            try:
                return await self.registry.run(VAD_MODEL, lambda m: self._vad.probabilities(m, block))
            except ModelUnavailable as exc:
                self._vad_ok = False
                log.error("event=vad_unavailable fallback=energy reason=%r", str(exc))
        return [self._energy.probability(block[i:i + FRAME]) for i in range(0, len(block), FRAME)]

    def _sample(self, gate_frame: int) -> int:
        return self._base + gate_frame * FRAME

    async def step(self, index: int, block) -> None:
        """Process a block of whole 512-sample frames that starts at absolute sample `index`.

        Each model is called once per block (one hop to its thread); the gate and the
        endpointing still work frame by frame.
        """
        if len(block) == 0 or len(block) % FRAME:
            raise ValueError(f"the listener takes whole frames of {FRAME} samples, got {len(block)}")
        if self._base is None:
            self._base = index
        probs = await self._probabilities(block)
        for prob in probs:
            event = self.gate.push(prob)
            if event is not None and event.kind == "start" and self.wake is not None:
                self.wake.onset(self._sample(event.frame))
        end = index + len(block)
        if self.state == "idle":
            if self._after_speech and self.wake is not None:
                self._after_speech = False
                await self.wake.restart(index)  # drop what the spotter heard of the bear's own voice
            if self._followup is not None and self._press_at is None:
                start, timeout_s = self._followup
                self._followup = None
                await self._begin("followup", "followup", max(start, self.ring.oldest), no_speech_s=timeout_s)
            elif self._press_at is not None:
                preroll = 0 if self.speaking else self.cfg.listen.preroll_ms * SR // 1000  # no bear voice
                start = max(self.ring.oldest, self._press_at - preroll)
                self._press_at = None
                await self._begin("button", "paw", start)
            elif self.wake is not None:
                quiet = not self.gate.in_speech
                since_speech = (self.gate.frame - 1 - self.gate.last_speech_frame) * FRAME
                if self.wake.gated and quiet and since_speech > WAKE_HOLD_S * SR:
                    self._wake_gap = True  # a quiet room: the spotter rests
                    return
                feed_from, feed = index, block
                if self._wake_gap:  # speech again: include the audio from just before it began
                    self._wake_gap = False
                    feed_from = max(self.ring.oldest, index - int(WAKE_RESUME_S * SR))
                    feed = self.ring.read(feed_from, end)
                try:
                    wake = await self.wake.feed(feed_from, feed, quiet=quiet)
                except ModelUnavailable as exc:
                    log.error("event=wake_unavailable reason=%r (the paw button still works)", str(exc))
                    self.wake = None
                    return
                if wake is not None and self.speaking and not self.wake_barge_in:
                    self.self_wakes_suppressed += 1
                    log.info("event=self_wake_suppressed at_s=%.2f score=%.2f", wake.end / SR, wake.score)
                    await self.wake.restart(end)
                    wake = None
                if wake is not None:
                    if self.speaking and self.on_barge_in is not None:
                        self.on_barge_in("wake")
                    self.wakes += 1
                    log.info("event=wake engine=%s at_s=%.2f score=%.2f", wake.engine, wake.end / SR, wake.score)
                    await self._begin("wake", wake.engine, wake.end)
            if self.state == "idle":
                return
        if self.stt is not None and end > self._fed:  # one hop for the whole block
            await self.stt.accept(self.ring.read(max(self._fed, self.ring.oldest), end))
        self._fed = max(self._fed, end)
        for j, prob in enumerate(probs):
            now = index + (j + 1) * FRAME
            if self.state == "listening" and now > self._utt["start"]:
                await self._listen(now, prob)

    async def _begin(self, trigger: str, engine: str, start: int, no_speech_s: float | None = None) -> None:
        self.state = "listening"
        self._no_speech_s = self.cfg.listen.no_speech_timeout_s if no_speech_s is None else no_speech_s
        self._utt = {"trigger": trigger, "engine": engine, "start": start, "speech_start": None,
                     "speech_end": None, "grace": int(WAKE_GRACE_S * SR) if trigger == "wake" else 0, "run": 0}
        self._fed = start
        if self.stt is not None:
            try:
                await self.stt.start()
            except ModelUnavailable as exc:
                log.error("event=stt_unavailable reason=%r", str(exc))
                self.state = "idle"
                return
        log.info("event=listening trigger=%s start_s=%.2f", trigger, start / SR)
        if self.on_listen is not None:
            self.on_listen(trigger)

    async def _listen(self, now: int, prob: float) -> None:
        u, listen = self._utt, self.cfg.listen
        # Speech of the request itself: frames at or above the threshold, past the wake phrase,
        # confirmed by the VAD's minimum length; it ends at the last frame above the off threshold.
        frame_start = now - FRAME
        if u["speech_start"] is None:
            u["run"] = u["run"] + 1 if prob >= self.gate.threshold and frame_start >= u["start"] + u["grace"] else 0
            if u["run"] >= self.gate.min_speech_frames:
                u["speech_start"] = frame_start - (u["run"] - 1) * FRAME
                u["speech_end"] = now
        elif prob >= self.gate.off_threshold:
            u["speech_end"] = now
        if u["speech_start"] is not None and now - u["speech_end"] >= listen.trailing_silence_ms * SR // 1000:
            await self._finish(now, "silence")
        elif u["speech_start"] is None and now - u["start"] >= self._no_speech_s * SR:
            log.info("event=no_speech_timeout trigger=%s waited_s=%.1f", u["trigger"], (now - u["start"]) / SR)
            if self.stt is not None:
                await self.stt.reset()
            await self._idle(now)
        elif now - u["start"] >= listen.max_utterance_s * SR:
            await self._finish(now, "max_length")

    async def _finish(self, now: int, reason: str) -> None:
        u = self._utt
        t0 = time.perf_counter()
        if self.on_closed is not None:
            self.on_closed()
        transcript = await self.stt.final() if self.stt is not None else Transcript("", (), "none")
        final_ms = (time.perf_counter() - t0) * 1000
        utt = Utterance(transcript.text, u["trigger"], u["engine"], transcript, u["start"] / SR,
                        u["start"] / SR, u["speech_start"] / SR if u["speech_start"] is not None else None,
                        u["speech_end"] / SR if u["speech_end"] is not None else None, now / SR, reason, final_ms)
        log.info("event=utterance trigger=%s reason=%s words=%d speech_s=%.2f stt_final_ms=%.1f",
                 utt.trigger, reason, len(transcript.text.split()),
                 (u["speech_end"] - u["speech_start"]) / SR if u["speech_start"] is not None else 0.0, final_ms)
        utt.closed_at = t0
        if self.utterances.full():
            self.utterances.get_nowait()  # nobody is consuming: keep the newest
            log.warning("event=utterance_dropped reason=queue_full")
        self.utterances.put_nowait(utt)
        await self._idle(now)

    async def _idle(self, now: int) -> None:
        self.state = "idle"
        self._press_at = None
        self._followup = None
        if self.wake is not None:
            await self.wake.restart(now)


class LoopMonitor:
    """Measures how late the event loop wakes a 10 ms sleeper: the longest stall seen."""

    def __init__(self, period_s: float = 0.01):
        self.period_s = period_s
        self.max_stall_ms = 0.0

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            t0 = loop.time()
            await asyncio.sleep(self.period_s)
            self.max_stall_ms = max(self.max_stall_ms, (loop.time() - t0 - self.period_s) * 1000)
