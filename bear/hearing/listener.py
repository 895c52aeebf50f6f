"""The hearing pipeline: ring buffer → VAD → wake (phrase / openWakeWord / paw) → STT → utterance.

One task on the event loop; every model call goes to its engine's thread. A small state machine:

    IDLE ──wake phrase / paw press / expected answer──▶ LISTENING ──silence, max length──▶ IDLE
                                                         (utterance queued for the conversation)

Positions are absolute sample indices in the capture ring buffer (`bear.hearing.types`), so
pre-roll is exact (an utterance starts where the wake phrase ended, or `listen.preroll_ms`
before the paw was pressed) and stays exact when audio is lost: when the listener falls more
than the ring's length behind the microphone, the lost stretch is logged
(`event=audio_overrun`), the VAD, spotter and recogniser start afresh from the next audio held,
and an utterance that was open is dropped (`event=utterance_lost`).

A model that is missing, corrupt or fails while running degrades the bear instead of stopping
it: the energy gate replaces the VAD, the paw still works without the wake spotter, and each
lost model is tried again with a growing pause (`bear.hearing.health`); `problems` tells
`bear status` and the light what is wrong meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
import time

from bear.hearing.types import (SR, EngineFailure, ListenerHooks, OpenUtterance, Speaking, State,  # noqa: F401
                                Transcript, Utterance, VoiceEnded, WakeEngine)
from bear.hearing.health import ModelHealth
from bear.hearing.vad import FRAME, MODEL as VAD_MODEL, EnergyGate, SileroState, SpeechGate
from bear.models.manifest import ModelUnavailable

log = logging.getLogger(__name__)

WAKE_GRACE_S = 0.25  # speech must go on this long past the wake phrase to count as the request
BLOCK_FRAMES = 3  # frames per model call: 96 ms
WAKE_HOLD_S = 1.0  # a gated wake engine still hears this long after speech ...
WAKE_RESUME_S = 0.5  # ... and, when speech returns, from this long before it
# After the bear's voice ends the spotter may still be deciding on a phrase the child began over it
# (it decides ~0.2-0.3 s after the phrase ends): for this long, a phrase that began while the bear
# spoke is judged as during its voice (barge-in rules, no speech onset needed).
VOICE_GRACE_S = 1.2


class Listener:
    """The hearing pipeline: wake (phrase or paw), VAD-gated speech to text, and utterances put on a queue for the
    conversation."""

    def __init__(self, cfg, ring, registry, *, stt=None, wake: WakeEngine | None = None,
                 speaking: Speaking | None = None, utterances: asyncio.Queue | None = None,
                 hooks: ListenerHooks = ListenerHooks()):
        self.cfg = cfg
        self.ring = ring
        self.registry = registry
        self.stt = stt
        self.wake = wake
        self.speaking = speaking or Speaking()
        self.utterances: asyncio.Queue[Utterance] = utterances if utterances is not None else asyncio.Queue(16)
        self.hooks = hooks
        v = cfg.vad
        self.gate = SpeechGate(v.threshold, max(1, v.min_speech_ms * SR // 1000 // FRAME),
                               max(1, v.hangover_ms * SR // 1000 // FRAME))
        self.state = State.IDLE
        self.heard: int | None = None  # absolute index up to which audio has been processed
        self._since = 0  # where the current unbroken stretch of audio began
        self.wakes = 0
        self.self_wakes_suppressed = 0
        self.overruns = 0
        self.lost_s = 0.0
        self.health = ModelHealth()
        self._vad = SileroState()
        self._energy = EnergyGate()
        self._press_at: int | None = None
        self._wake_gap = False
        self._wake_restart: int | None = None  # the spotter must start afresh (after it failed)
        self._voice_end: VoiceEnded | None = None  # the bear's voice ended here, within VOICE_GRACE_S
        self._utt: OpenUtterance | None = None

    @property
    def problems(self) -> dict[str, str]:
        """"vad" | "wake" | "stt" -> why it is unavailable now."""
        return self.health.problems

    # --- called from the loop (the paw button hops here with call_soon_threadsafe) -------
    def press(self) -> None:
        """The paw: "listen to me", at the audio position of the press. While the bear speaks (or
        makes a reply) it stops at once. The listener acts on it when its processing reaches that
        position (it may lag behind the microphone): idle, it starts listening; listening for an answer nobody has
        begun yet, that utterance becomes the paw's; in the middle of speech, it changes nothing."""
        at = self.ring.written
        log.info("event=paw_pressed at_s=%.2f speaking=%s state=%s", at / SR, self.speaking.active, self.state.value)
        self.hooks.on_barge_in("paw")  # at once: the speaker falls silent (a reply being made is dropped)
        self._press_at = at

    # --- the task -------------------------------------------------------------------------
    async def run(self, start: int | None = None) -> None:
        """Listen from absolute sample `start` (default: now) until cancelled. Restarted (after a
        crash), it goes on after what it had already heard."""
        start = self.ring.written if start is None else start
        if self.heard is not None:
            start = max(start, self.heard)
        if self.wake is not None:
            await self._wake_call("restart", start)
        async for index, block in self.ring.frames(FRAME * BLOCK_FRAMES, start):
            await self.step(index, block)

    async def step(self, index: int, block) -> None:
        """Process a block of whole 512-sample frames that starts at absolute sample `index`.

        Each model is called once per block (one hop to its thread); the gate and the
        endpointing still work frame by frame.
        """
        if len(block) == 0 or len(block) % FRAME:
            raise ValueError(f"the listener takes whole frames of {FRAME} samples, got {len(block)}")
        if self.heard is None:
            self._since = index
        elif index != self.heard:
            await self._overrun(index)
        end = self.heard = index + len(block)
        probs = await self._probabilities(block)
        for j, prob in enumerate(probs):
            event = self.gate.push(prob, index + j * FRAME)
            if event is not None and event.kind == "start" and self.wake is not None:
                self.wake.onset(event.at)
        if self.state is State.IDLE and not await self._waiting(index, end, block):
            return
        await self._listening(index, end, block, probs)

    # --- idle: waiting for a wake, a press or an expected answer -----------------------------
    async def _waiting(self, index: int, end: int, block) -> bool:
        """True if listening began (at or before this block)."""
        ended = self.speaking.take_ended()
        if ended is not None:
            self._voice_end = VoiceEnded(index if ended.at is None else ended.at, ended.wake_barge_in)
        answer = self.speaking.take_answer()
        if answer is not None and self._press_at is None:
            start, timeout_s = answer
            return await self._begin("followup", "followup", max(start, self.ring.oldest), no_speech_s=timeout_s)
        if self._press_at is not None and self._press_at <= end:
            preroll = 0 if self.speaking.active else self.cfg.listen.preroll_ms * SR // 1000  # no bear voice
            start = max(self.ring.oldest, self._press_at - preroll)
            self._press_at = None
            return await self._begin("button", "paw", start)
        wake = await self._spot(index, end, block)
        if wake is None:
            return False
        if self.speaking.active:
            self.hooks.on_barge_in("wake")
        self.wakes += 1
        log.info("event=wake engine=%s at_s=%.2f score=%.2f", wake.engine, wake.end / SR, wake.score)
        return await self._begin("wake", wake.engine, wake.end)

    async def _spot(self, index: int, end: int, block):
        if self.wake is None or not self.health.ready("wake"):
            return None
        if self._wake_restart is not None:
            self._wake_restart = None
            if not await self._wake_call("restart", index):
                return None
        quiet = not self.gate.in_speech
        last = self.gate.last_speech_at if self.gate.last_speech_at is not None else self._since
        if self.wake.gated and quiet and end - FRAME - last > WAKE_HOLD_S * SR:
            self._wake_gap = True  # a quiet room: the spotter rests
            return None
        feed_from, feed = index, block
        if self._wake_gap:  # speech again: include the audio from just before it began
            self._wake_gap = False
            feed_from = max(self.ring.oldest, index - int(WAKE_RESUME_S * SR))
            feed = self.ring.read(feed_from, end)
        voice_end = self._voice_end
        if voice_end is not None and (voice_end.at is None or index >= voice_end.at + VOICE_GRACE_S * SR):
            voice_end = self._voice_end = None
        over_voice = self.speaking.active or voice_end is not None
        wake = await self._wake_call("feed", feed_from, feed, quiet=quiet, require_onset=not over_voice)
        if not wake:
            return None
        if self.speaking.active:
            own_voice = not self.speaking.wake_barge_in
        else:  # decided after the voice ended: the bear's own phrase if it began over a voice that said it
            own_voice = voice_end is not None and wake.start < voice_end.at and not voice_end.wake_barge_in
        if own_voice:
            self.self_wakes_suppressed += 1
            log.info("event=self_wake_suppressed at_s=%.2f score=%.2f", wake.end / SR, wake.score)
            await self._wake_call("restart", end)
            return None
        return wake

    async def _begin(self, trigger: str, engine: str, start: int, no_speech_s: float | None = None) -> bool:
        if self.stt is not None:
            if not self.health.ready("stt") or not await self._stt_call("start"):
                log.warning("event=listening_refused trigger=%s reason=%r", trigger, self.problems.get("stt", ""))
                return False
        self._utt = OpenUtterance(trigger, engine, start, int(WAKE_GRACE_S * SR) if trigger == "wake" else 0,
                                  self.cfg.listen.no_speech_timeout_s if no_speech_s is None else no_speech_s,
                                  fed=start)
        self.state = State.LISTENING
        log.info("event=listening trigger=%s start_s=%.2f", trigger, start / SR)
        self.hooks.on_listening(trigger)
        return True

    # --- listening: the request until its end ------------------------------------------------
    async def _listening(self, index: int, end: int, block, probs) -> None:
        u = self._utt
        voice = self.speaking.voice_from
        if u.trigger == "followup" and u.start < voice <= end and not await self._voice_began(u, end):
            return
        if u.early is not None and u.early.done() and u.early_mark != u.speech_end:
            self._drop_early(u)  # the child spoke again after it began: the recogniser is free again
        if self.stt is not None and end > u.fed and u.early is None:  # one hop for the whole block
            lo = max(u.fed, self.ring.oldest)  # (pre-roll the ring no longer holds is gone)
            chunk = block[lo - index:] if lo >= index else self.ring.read(lo, end)
            u.fed = end
            if not await self._stt_call("accept", chunk):
                log.warning("event=utterance_lost reason=stt_failed trigger=%s", u.trigger)
                await self._idle(end)
                return
        for j, prob in enumerate(probs):
            now = index + (j + 1) * FRAME
            if self._press_at is not None and self._press_at <= now and self.state is State.LISTENING:
                self._pressed_while_listening(u, now)
            if self.state is State.LISTENING and now > u.start:
                await self._frame(u, now, prob)

    async def _voice_began(self, u: OpenUtterance, end: int) -> bool:
        """The bear's voice began while it waited for the child to go on (a follow-up): nobody has
        spoken yet, so it stops listening (its voice must not be transcribed; it listens again
        when the voice ends). False if the utterance was closed."""
        if u.speech_start is not None:
            return True  # the child began first (the reply should have waited: a listener running late)
        log.info("event=followup_closed reason=bear_speaking trigger=%s", u.trigger)
        if self.stt is not None:
            await self._stt_call("reset")
        await self._idle(end)
        return False

    def _pressed_while_listening(self, u: OpenUtterance, now: int) -> None:
        self._press_at = None
        if u.speech_start is None:  # the child is about to answer: it is the paw's utterance now
            u.trigger, u.engine = "button", "paw"
            u.no_speech_s = max(u.no_speech_s, (now - u.start) / SR + self.cfg.listen.no_speech_timeout_s)

    async def _frame(self, u: OpenUtterance, now: int, prob: float) -> None:
        listen = self.cfg.listen
        # Speech of the request itself: frames at or above the threshold, past the wake phrase,
        # confirmed by the VAD's minimum length; it ends at the last frame above the off threshold.
        frame_start = now - FRAME
        if u.speech_start is None:
            u.run = u.run + 1 if prob >= self.gate.threshold and frame_start >= u.start + u.grace else 0
            if u.run >= self.gate.min_speech_frames:
                u.speech_start = frame_start - (u.run - 1) * FRAME
                u.speech_end = now
                self.speaking.child_speaking(True)  # a reply on its way waits until the child has finished
        elif prob >= self.gate.off_threshold:
            u.speech_end = now
        if (u.early is None and u.speech_start is not None and listen.early_decode_ms and u.fed >= now
                and self.stt is not None and self.stt.decodes_at_end
                and now - u.speech_end >= listen.early_decode_ms * SR // 1000):
            u.early, u.early_mark = asyncio.create_task(self._stt_call("early"), name="stt-early"), u.speech_end
        if u.speech_start is not None and now - u.speech_end >= listen.trailing_silence_ms * SR // 1000:
            await self._finish(u, now, "silence")
        elif u.speech_start is None and now - u.start >= u.no_speech_s * SR:
            log.info("event=no_speech_timeout trigger=%s waited_s=%.1f", u.trigger, (now - u.start) / SR)
            if self.stt is not None:
                await self._stt_call("reset")
            await self._idle(now)
        elif now - u.start >= listen.max_utterance_s * SR:
            await self._finish(u, now, "max_length")

    async def _finish(self, u: OpenUtterance, now: int, reason: str) -> None:
        t0 = time.perf_counter()
        self.speaking.child_speaking(False)
        self.hooks.on_closed()
        transcript = Transcript("", (), "none")
        if self.stt is not None:
            transcript = await self._final(u, now)
            if transcript is False:
                log.warning("event=utterance_lost reason=stt_failed trigger=%s", u.trigger)
                await self._idle(now)
                return
        final_ms = (time.perf_counter() - t0) * 1000
        s = None if u.speech_start is None else u.speech_start / SR
        e = None if u.speech_end is None else u.speech_end / SR
        utt = Utterance(transcript.text, u.trigger, u.engine, transcript, u.start / SR, u.start / SR, s, e,
                        now / SR, reason, final_ms, closed_at=t0)
        log.info("event=utterance trigger=%s reason=%s words=%d speech_s=%.2f stt_final_ms=%.1f early=%s",
                 utt.trigger, reason, len(transcript.text.split()), (e - s) if s is not None else 0.0, final_ms,
                 u.early_used)
        if self.utterances.full():
            self.utterances.get_nowait()  # nobody is consuming: keep the newest
            log.warning("event=utterance_dropped reason=queue_full")
        self.utterances.put_nowait(utt)
        await self._idle(now)

    async def _final(self, u: OpenUtterance, now: int):
        """The utterance's transcript (False if speech-to-text failed): the early decode's when
        the child has not spoken since it began, else a decode of everything heard."""
        early, u.early = u.early, None
        if early is not None:
            result = await early
            if result is not False and u.early_mark == u.speech_end:
                u.early_used = "hit"
                await self._stt_call("reset")  # the audio is forgotten as `final` would
                return result
            u.early_used = "stale"
        if u.fed < now:  # audio not fed while the early decode ran
            if not await self._stt_call("accept", self.ring.read(max(u.fed, self.ring.oldest), now)):
                return False
            u.fed = now
        return await self._stt_call("final")

    def _drop_early(self, u: OpenUtterance | None) -> None:
        """Forget an early decode nobody will use (it finishes on the engine thread; its result,
        or failure, is ignored)."""
        if u is not None and u.early is not None:
            u.early.add_done_callback(lambda t: t.cancelled() or t.exception())
            u.early, u.early_used = None, "stale"

    async def _idle(self, now: int) -> None:
        self.state = State.IDLE
        self._drop_early(self._utt)
        self._utt = None
        if self._press_at is not None and self._press_at <= now:
            self._press_at = None  # pressed during this utterance: it changed nothing
        self.speaking.child_speaking(False)
        self.speaking.cancel_answer(before=now)  # (one after a reply the listener has not reached yet stands)
        if self.wake is not None:
            await self._wake_call("restart", now)

    # --- lost audio --------------------------------------------------------------------------
    async def _overrun(self, index: int) -> None:
        """The stream jumped (the listener fell more than the ring behind): start afresh at `index`."""
        lost = index - self.heard
        self.overruns += 1
        self.lost_s += max(0, lost) / SR
        log.warning("event=audio_overrun lost_ms=%.0f at_s=%.2f state=%s", lost * 1000 / SR, index / SR,
                    self.state.value)
        self.gate.reset()
        self._since = index
        self._vad.reset()  # safe here: the VAD thread only touches it inside our awaited calls
        self._wake_gap = False
        if self.state is State.LISTENING:
            log.warning("event=utterance_lost reason=overrun trigger=%s", self._utt.trigger)
            self._drop_early(self._utt)
            if self.stt is not None:
                await self._stt_call("reset")
            self.state, self._utt = State.IDLE, None
            self.speaking.child_speaking(False)
        if self.wake is not None:
            self._wake_restart = index

    # --- models that come and go -----------------------------------------------------------
    async def _probabilities(self, block) -> list[float]:
        if self.health.ready("vad"):
            try:
                probs = await self.registry.run(VAD_MODEL, lambda m: self._vad.probabilities(m, block))
                self.health.recovered("vad")
                return probs
            except ModelUnavailable as exc:
                self._vad.reset()
                self.health.failed("vad", exc, "energy VAD")
        return [self._energy.probability(block[i:i + FRAME]) for i in range(0, len(block), FRAME)]

    async def _wake_call(self, method: str, *args, **kwargs):
        """wake.<method>(...), or None (and the paw only, for a while) if the spotter fails."""
        if not self.health.ready("wake"):
            self._wake_restart = self.heard or 0  # whatever it heard is stale by the time it is back
            return None
        try:
            result = await getattr(self.wake, method)(*args, **kwargs)
        except (ModelUnavailable, EngineFailure) as exc:
            self.health.failed("wake", exc, "the paw button still works")
            self._wake_restart = self.heard or 0
            return None
        self.health.recovered("wake")
        return True if result is None and method == "restart" else result

    async def _stt_call(self, method: str, *args):
        """stt.<method>(...) (True for a method without a result), or False if it failed."""
        try:
            result = await getattr(self.stt, method)(*args)
        except (ModelUnavailable, EngineFailure) as exc:
            self.health.failed("stt", exc, "nothing can be transcribed")
            return False
        self.health.recovered("stt")
        return True if result is None else result
