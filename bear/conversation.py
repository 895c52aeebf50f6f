"""The daemon's conversation task: utterance -> reply -> speech, turn after turn.

Each utterance from the listener (its queue) gets a reply from `bear.talk.chat.Chat` (emotion,
safety, engine or LLM), spoken by `bear.speech.mouth.Mouth`. While the bear speaks, the shared
`Speaking` signal tells the listener so (its voice does not wake it or get transcribed; paw or
wake phrase barge in). After a reply the bear expects an answer without the wake phrase for
`talk.followup_s`. The listener tells this task when it starts listening and when it stops
(`listening`, `thinking`: hooks given to the listener when it is built).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bear.audio import SAMPLE_RATE
from bear.hearing.types import Speaking
from bear.talk.spoken import folded

if TYPE_CHECKING:
    from bear.audio.ring import RingBuffer
    from bear.config import Config
    from bear.hearing.types import Utterance
    from bear.speech.mouth import Mouth
    from bear.talk.chat import Chat, ChatSession

log = logging.getLogger(__name__)

ECHO_TAIL_MS = 150  # the follow-up starts this long after the speaker stopped (room echo, device latency)


class Conversation:
    """The daemon's conversation task: takes utterances from the listener, gets each a reply (chat) and speaks it
    (mouth), then listens for a follow-up."""

    def __init__(self, cfg: Config, chat: Chat, mouth: Mouth, speaking: Speaking, utterances: asyncio.Queue[Utterance],
                 ring: RingBuffer, *, voice: str, on_turn: Callable[[dict[str, Any]], None] | None = None) -> None:
        self.cfg = cfg
        self.chat = chat
        self.mouth = mouth
        self.speaking = speaking
        self.utterances = utterances
        self.ring = ring
        self.voice = voice
        self.on_turn = on_turn  # after each turn (demo, bench, metrics)
        self.session: ChatSession | None = None
        self.turns = 0
        self.state = "idle"  # idle | listening | thinking | speaking
        self.last_turn: dict | None = None
        self._wake_words = folded(cfg.wake.phrase).split()
        self._warming: asyncio.Task | None = None
        self._turn: asyncio.Task | None = None  # the turn in progress
        self._held: str | None = None  # why no turn may run now (see held())
        self._voice_end = 0  # absolute sample index from which the microphone no longer hears the last reply

    # --- what the listener tells it (hooks, on the loop) ----------------------------------------
    def listening(self, trigger: str) -> None:
        """The listener opened an utterance (wake, press or expected answer)."""
        if self._turn is None or self._turn.done():  # (while a turn runs it shows thinking or speaking)
            self.state = "listening"
        if trigger != "followup" and (self._warming is None or self._warming.done()):
            # lazy, but not late: the voice (and emotion model) load while the child is still talking
            self._warming = asyncio.ensure_future(self.warm_up())

    def thinking(self) -> None:
        """The listener closed the utterance: its transcript (and then the reply) is on its way."""
        self.state = "thinking"

    async def warm_up(self) -> None:
        """Load what a reply needs (voice, understanding, emotion when on), so that a turn does
        not pay for a load: at start when memory allows, and again on a wake after an unload."""
        from bear.models.manifest import ModelUnavailable
        from bear.talk.understand import MODEL as UNDERSTANDING

        names = [UNDERSTANDING, self.voice] + (["emotion-goemotions"] if self.chat.emotion_on else [])
        for name in names:
            try:
                if not self.chat.registry.slot(name).loaded:
                    await self.chat.registry.load(name)
            except ModelUnavailable:
                pass  # logged by the registry; the turn will degrade
        # the conversation engine's content, loaded once per process (the knowledge index is mapped):
        # off the loop now, so that the first question or moment does not stall it
        from bear.talk.knowledge import knowledge

        brain = self.chat.brain
        await asyncio.to_thread(knowledge)
        await asyncio.to_thread(lambda: brain.moments)
        from bear.talk.word_games import warm

        await asyncio.to_thread(warm)

    def mentions_wake_phrase(self, text: str) -> bool:
        """True when `text` contains the wake phrase or its most distinctive word (speaking it could wake the bear)."""
        words = folded(text).split()
        n = len(self._wake_words)
        # the distinctive word alone is enough to fool a spotter ("teddy" in "hey, Teddy here")
        key = max(self._wake_words, key=len) if self._wake_words else ""
        return bool(key) and (key in words or any(words[i:i + n] == self._wake_words for i in range(len(words))))

    def strip_wake_phrase(self, text: str) -> str:
        """Drop a wake phrase heard at the start of a follow-up ("a teddy tell me ..." -> "tell me ...")."""
        key = max(self._wake_words, key=len) if self._wake_words else ""
        words = text.split()
        for i, w in enumerate(words[:2]):  # "teddy ..." or "hey teddy ..." (however "hey" was heard)
            if folded(w) == key:
                return " ".join(words[i + 1:])
        return text

    async def _speak(self, pieces, scale: float, before_audio):
        from bear.models.manifest import ModelUnavailable

        try:
            return await self.mouth.say(pieces, f"turn-{self.turns:03d}", length_scale=scale,
                                        before_audio=before_audio)
        except ModelUnavailable as exc:
            log.error("event=speech_unavailable reason=%r (the reply is stored, not spoken)", str(exc))
        except (OSError, RuntimeError, ValueError) as exc:  # a broken output device must not end the conversation
            log.error("event=speech_failed error=%r", f"{type(exc).__name__}: {exc}")
        async for _ in pieces:  # whatever was not spoken is still recorded
            pass
        return None

    # --- the task --------------------------------------------------------------------------
    async def run(self) -> None:
        """Handle utterances as they arrive, one turn at a time, for ever."""
        while True:
            utt = await self.utterances.get()
            if self._held:
                self._drop(utt)
                continue
            turn = self._turn = asyncio.ensure_future(self.turn(utt))
            try:
                await asyncio.wait({turn})
            except asyncio.CancelledError:  # shutdown: what the bear said so far is recorded first
                turn.cancel()
                await asyncio.wait({turn})
                raise
            finally:
                self._turn = None
                if self.state != "listening":
                    self.state = "idle"
            if not turn.cancelled():  # cancelled by held(); a turn that failed fails the task
                turn.result()

    @contextlib.asynccontextmanager
    async def held(self, reason: str):
        """No turn runs inside: the one in progress is stopped and awaited (what the bear had said
        of it is recorded, so an erase inside catches it too), the conversation starts afresh, and
        what the child says meanwhile is dropped (`event=utterance_dropped`). For forgetting."""
        self._held = reason
        try:
            turn = self._turn
            if turn is not None and not turn.done():
                self.mouth.interrupt(reason)
                turn.cancel()
                await asyncio.wait({turn})
            self.session = None
            self._drop_queued()
            yield
        finally:
            self._drop_queued()
            self._held = None

    def _drop_queued(self) -> None:
        while not self.utterances.empty():
            self._drop(self.utterances.get_nowait())

    def _drop(self, utt) -> None:
        log.info("event=utterance_dropped reason=%s trigger=%s", self._held, utt.trigger)

    async def turn(self, utt) -> dict:
        """One turn: reply to `utt`, speak it, record it; returns the turn's summary (what `on_turn` receives)."""
        cfg, chat = self.cfg, self.chat
        cs = self.session
        if cs is None or cs.ended or (utt.trigger != "followup"
                                      and time.monotonic() - cs.last_turn_at > cfg.talk.session_gap_s):
            if cs is not None:
                await chat.end_session(cs)
            cs = self.session = await chat.start_session(utt.trigger)
        self.state = "thinking"
        if cfg.talk.followup_s > 0:  # the child may go on while the bear thinks: heard, answered after this reply
            self.speaking.expect_answer(max(round(utt.endpoint_s * SAMPLE_RATE), self._voice_end), cfg.talk.followup_s)
        heard = self.strip_wake_phrase(utt.text)
        turn = await chat.respond(cs, heard, heard_confidence=utt.transcript.confidence)
        bedtime = chat.bedtime()
        scale = cfg.speech.bedtime_length_scale if bedtime else cfg.speech.length_scale
        self.turns += 1
        self_wake = {"risk": self.mentions_wake_phrase(turn.reply.text)}

        async def pieces():
            async for piece in turn.pieces():
                if self.mentions_wake_phrase(piece):
                    self_wake["risk"] = True
                    self.speaking.says_wake_phrase()
                yield piece

        async def before_audio():  # the first audio is ready: never over a child's words
            held_s = await self.speaking.wait_floor(cfg.listen.max_utterance_s + 1.0)
            if held_s > 0:
                log.info("event=reply_held reason=child_speaking held_ms=%.0f", held_s * 1000)
            self.speaking.start(wake_barge_in=not self_wake["risk"], at=self.ring.written)
            self.state = "speaking"

        spoken = None
        try:
            spoken = await self._speak(pieces(), scale, before_audio)
        finally:  # recorded even when the bear is stopped mid-sentence: nothing said is lost
            self._voice_end = self.ring.written + ECHO_TAIL_MS * SAMPLE_RATE // 1000
            self.speaking.stop(self._voice_end)
            timings = utt.timings() | turn.timings | {"trigger": utt.trigger}
            if spoken is not None and spoken.first_audio_at is not None:
                timings["tts_first_ms"] = round(spoken.tts_first_ms, 1)
                timings["reply_latency_ms"] = round((spoken.first_audio_at - utt.closed_at) * 1000, 1)
            record = asyncio.ensure_future(chat.record(cs, turn, timings))
            try:
                turn_id = await asyncio.shield(record)
            except asyncio.CancelledError:  # stopped while recording: the turn ends when the record is done
                await record
                raise
        stopped = bool(spoken and spoken.stopped)
        info = {"turn": self.turns, "turn_id": turn_id, "at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "trigger": utt.trigger, "heard": heard,
                "emotion": turn.emotion, "reply": turn.text, "intent": turn.reply.intent,
                "source": turn.reply.source, "safety": turn.reply.safety, "timings": timings,
                "barged_in": self.mouth.interrupted if stopped else None,
                "wav": str(spoken.path) if spoken is not None and spoken.path else None,
                "seconds": round(spoken.seconds, 2) if spoken is not None else 0.0}
        self.last_turn = info
        log.info("event=turn n=%d trigger=%s intent=%s source=%s emotion=%s stt_final_ms=%.1f emotion_ms=%s "
                 "understand_ms=%s reply_ms=%.1f tts_first_ms=%s reply_latency_ms=%s spoken_s=%.2f barged_in=%s",
                 self.turns, utt.trigger, turn.reply.intent, turn.reply.source, turn.emotion or "-", utt.stt_final_ms,
                 turn.timings.get("emotion_ms", "-"), turn.timings.get("understand_ms", "-"),
                 turn.timings["reply_ms"], timings.get("tts_first_ms", "-"), timings.get("reply_latency_ms", "-"),
                 info["seconds"], info["barged_in"] or "-")
        if self.on_turn is not None:
            self.on_turn(info)
        if stopped:
            pass  # the listener is already listening to whoever interrupted
        elif turn.reply.end_session:
            self.session = None
        elif cfg.talk.followup_s > 0:
            self.speaking.expect_answer(self._voice_end, cfg.talk.followup_s)
        return info


