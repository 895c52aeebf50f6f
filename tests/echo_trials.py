"""Barge-in trials in the echo room on a simulated clock: the bear speaks, the child may say the wake
phrase over it, and the real hearing pipeline (Silero VAD, the PocketSphinx phrase spotter, speech
to text) listens to the microphone, with or without the echo canceller in between.

Deterministic: the clock is simulated (each microphone block arrives at the end of its last sample
plus a seeded jitter, with an occasional 50 ms stall; each speaker block plays 20 ms after the
last, a little late now and then), so a trial gives the same result on a busy machine. Used by
tests/test_echo.py (pass/fail) and scripts/bench_echo.py (figures).

The phrasings, speeds, pitches and bear's texts used to tune the canceller (`TUNING`) are kept
apart from the ones the figures are reported on (`REPORT`).
"""

from __future__ import annotations

import dataclasses
import itertools
import math

import numpy as np

from bear.hearing.types import ListenerHooks

from bear.audio.files import resample
from bear.audio.ring import RingBuffer
from echo_room import Room, small_room, speech_level_db

SR = 16000
SINK_RATE = 48000
SINK_BLOCK = SINK_RATE // 50  # 20 ms, as the real sinks play
MIC_BLOCK = 512  # 32 ms, as the daemon captures
BEAR_START_S = 1.0  # a quiet room first
ECHO_TAIL_S = 0.15  # the follow-up listens from this long after the speaker stops (bear/conversation.py)
CHILD_DBFS = -23.0  # how loud the children below are in the microphone (speech_level_db), about
ROOM = dict(delay_ms=30.0, saturation=1.0, noise_dbfs=-70.0)  # plus the impulse response of small_room()


@dataclasses.dataclass
class Trial:
    name: str
    bear: np.ndarray  # the bear's reply, float32 at SINK_RATE (what the sink plays)
    child: np.ndarray | None  # the child's speech, int16 at 16 kHz (None: the bear alone)
    child_at_s: float  # where the child starts, from the start of the bear's reply
    level_db: float  # the bear's voice in the microphone, relative to the child's (or to CHILD_DBFS)
    seed: int = 0


@dataclasses.dataclass
class Outcome:
    trial: Trial
    aec: bool
    wakes: list[float]  # seconds since the bear began, one per wake (barge-in)
    utterances: list[str]
    erle_db: float | None  # microphone over output energy while the bear spoke (no child: the echo alone)
    delay_ms: float | None  # the canceller's measured delay

    @property
    def detected(self) -> bool:
        """The wake phrase fired while the child said it (from its start to 0.6 s after it ended)."""
        t = self.trial
        if t.child is None:
            return False
        end = t.child_at_s + len(t.child) / SR + 0.6
        return any(t.child_at_s <= w <= end for w in self.wakes)

    @property
    def false_wakes(self) -> int:
        """Wakes the child did not cause: the bear's own voice."""
        t = self.trial
        if t.child is None:
            return len(self.wakes)
        return sum(1 for w in self.wakes if w < t.child_at_s)


def echo_gain(bear: np.ndarray, level_db: float, child: np.ndarray | None) -> float:
    """The room's gain that puts the bear's voice `level_db` above the child's speech in the microphone."""
    room = Room(echo_gain=1.0, impulse=small_room(), saturation=ROOM["saturation"])
    heard = np.convolve(np.tanh(room.saturation * resample(bear, SINK_RATE, SR)) / room.saturation, room.impulse)
    reference = speech_level_db(child) if child is not None else CHILD_DBFS
    return 10 ** ((reference + level_db - speech_level_db(heard.astype(np.float64))) / 20)


async def run_trial(trial: Trial, listener_factory, *, canceller=None, jitter: bool = True,
                    erle_from_s: float = 0.0, warm_up: np.ndarray | None = None, guard: bool = False) -> Outcome:
    """One trial through a fresh listener (`listener_factory(ring)`, awaited) and `canceller` (or none).

    `warm_up`: a reply (float32 at SINK_RATE) the bear said before, through the same room and
    canceller, a second before this one, as in a conversation (the canceller keeps what it learnt
    from one reply to the next; only the first reply after the bear starts meets it untrained).
    The ERLE is measured from `erle_from_s` into the bear's reply. `guard`: wake barge-in off while
    the bear speaks, as the conversation does for a reply that says the wake phrase.
    """
    rng = np.random.default_rng(trial.seed)
    ring = RingBuffer(60)
    listener = await listener_factory(ring)
    room = Room(echo_gain=echo_gain(trial.bear, trial.level_db, trial.child), impulse=small_room(),
                seed=trial.seed, **ROOM)
    room.t0 = 0.0
    first = 2.0  # when the warm-up reply starts (the bear has been on for a while); a second later, this one
    bear_start = first + len(warm_up) / SINK_RATE + 1.0 if warm_up is not None else BEAR_START_S
    start = int(bear_start * SR)
    if trial.child is not None:
        room.speak(trial.child, start=start + int(trial.child_at_s * SR))
    schedule = []  # (clock time, block, part of the trial's reply)
    if warm_up is not None:
        schedule += [(first + i / SINK_RATE, warm_up[i:i + SINK_BLOCK], False) for i in range(0, len(warm_up),
                                                                                               SINK_BLOCK)]
    schedule += [(bear_start + i / SINK_RATE, trial.bear[i:i + SINK_BLOCK], True)
                 for i in range(0, len(trial.bear), SINK_BLOCK)]
    state = {"next": 0, "stop_at": None, "played_at": bear_start}
    wakes: list[float] = []

    def barge_in(_trigger: str) -> None:
        if state["stop_at"] is None:
            state["stop_at"] = now
            wakes.append(now - bear_start)

    listener.hooks = ListenerHooks(on_barge_in=barge_in)
    bear_end = bear_start + len(trial.bear) / SINK_RATE
    child_end = bear_start + trial.child_at_s + (len(trial.child) / SR if trial.child is not None else 0)
    end_s = max(bear_end, child_end) + 2.5
    listen_from = max(0, (start - SR) // MIC_BLOCK * MIC_BLOCK)  # the listener hears from a second before
    mic, out, fed, arrival, now = [], [], listen_from, 0.0, 0.0
    speaking, followed = False, False
    for pos in range(0, int(end_s * SR), MIC_BLOCK):
        block_end = (pos + MIC_BLOCK) / SR
        lag = float(rng.exponential(0.003)) + (0.05 if jitter and rng.random() < 0.02 else 0.0)
        arrival = max(arrival, block_end + (lag if jitter else 0.0))
        now = arrival
        while state["next"] < len(schedule) and state["stop_at"] is None:  # the speaker, up to now
            at, block, ours = schedule[state["next"]]
            at += float(rng.exponential(0.002)) if jitter else 0.0
            if at > now:
                break
            if ours and not speaking:
                listener.speaking.start(wake_barge_in=not guard)
                speaking = True
            room.hear(block, SINK_RATE, at)
            if canceller is not None:
                canceller.played(block, SINK_RATE, at)
            state["next"] += 1
            state["played_at"] = at + len(block) / SINK_RATE
        samples = room.block_at(pos)
        mic.append(samples)
        cleaned = canceller.process(samples, arrival) if canceller is not None else samples
        out.append(cleaned)
        ring.write(cleaned)
        done = state["next"] >= len(schedule) or state["stop_at"] is not None
        if speaking and done and now >= state["played_at"]:
            listener.speaking.stop()
            speaking = False
            if state["stop_at"] is None and not followed:  # as the conversation: listen for an answer
                followed = True
                listener.speaking.expect_answer(ring.written + int(ECHO_TAIL_S * SR), 2.0)
        while ring.written - fed >= 1536 and pos >= listen_from:
            await listener.step(fed, ring.read(fed, fed + 1536))
            fed += 1536
    utterances = []
    while not listener.utterances.empty():
        utterances.append(listener.utterances.get_nowait().text)
    shift = 160 if canceller is not None else 0  # the canceller's output is one 10 ms frame late
    mic_all, out_all = np.concatenate(mic).astype(np.float64), np.concatenate(out).astype(np.float64)
    lo, hi = start + int(erle_from_s * SR), int(min(bear_end, state["stop_at"] or bear_end) * SR)
    if trial.child is not None:  # the echo alone: up to where the child begins
        hi = min(hi, start + int(trial.child_at_s * SR))
    e_mic = float(np.sum(mic_all[lo:hi] ** 2))
    e_out = float(np.sum(out_all[lo + shift:hi + shift] ** 2))
    erle = 10 * math.log10(e_mic / e_out) if e_mic > 0 and e_out > 0 and hi - lo > SR // 2 else None
    return Outcome(trial, canceller is not None, wakes, utterances, erle,
                   canceller.delay_ms if canceller is not None else None)


# --- the material --------------------------------------------------------------------------------

TUNING = {
    "child": ["hey teddy, tell me a joke", "hey teddy, can you sing a song", "hey teddy, what's that"],
    "speeds": [0.9, 1.1],
    "pitches": [1.1],
    "bear": ["Once there was a little cloud who loved to float over the hills. Every morning she said hello "
             "to the birds, and every evening she watched the sun go down. One day she met a kite.",
             "Stripy Sock lived in a drawer with his partner, Spotty Sock. One wash day, Stripy got lost inside "
             "a big jumper sleeve. He slid down the sleeve like a slide."],
    "bear_speeds": [1.0, 1.1],
}
REPORT = {
    "child": ["hey teddy, what is your name", "hey teddy, I want a story please", "hey teddy, stop",
              "hey teddy"],
    "speeds": [0.85, 1.2],
    "pitches": [1.0, 1.2],  # 1.3 is missed in a quiet room too (the spotter's limit, not the echo's)
    "bear": ["Sammy the snail wanted to see the top of the garden wall. The beetles said it was too far. "
             "The ants said it was too high. Sammy just kept going, one slow slide at a time.",
             "Ember was a little dragon who could not breathe fire. Every time she tried, out came bubbles! "
             "The other dragons chuckled, and Ember felt shy."],
    "bear_speeds": [1.0, 1.15],
}
# What the bear said before, in the trials of a bear in a conversation (none for a bear just switched on).
WARM_UP = "Hello there! I am Teddy. I love stories, songs and riddles. What would you like to do today?"
# The bear saying the wake phrase itself: it must never wake it, nor be transcribed.
SELF_WAKE = ["Hey teddy! That is what you say to wake me up. Hey teddy. Say hey teddy whenever you want to "
             "talk, and I will listen. Hey teddy, hey teddy.",
             "When you want me, just say hey teddy, nice and clear. Hey teddy is my favourite thing to hear! "
             "Hey teddy, hey teddy, hey teddy."]


class Voices:
    """Piper speech for the trials (the bear's voice, and children made of it by speed and pitch)."""

    def __init__(self, voice_dir):
        from pathlib import Path

        from piper import PiperVoice

        self.voice = PiperVoice.load(str(next(Path(voice_dir).glob("*.onnx"))))
        self._cache: dict = {}

    def _say(self, text: str, speed: float):
        from bear.speech.tts import synthesize_fixed

        key = (text, speed)
        if key not in self._cache:
            self._cache[key] = synthesize_fixed(self.voice, text, speed)
        return self._cache[key]

    def bear(self, text: str, speed: float = 1.0) -> np.ndarray:
        audio, rate = self._say(text, speed)
        return resample(audio, rate, SINK_RATE).astype(np.float32)

    def child(self, text: str, speed: float, pitch: float) -> np.ndarray:
        audio, rate = self._say(text, speed)
        shifted = resample(audio, int(round(rate / pitch)), SR)  # played `pitch` times faster: a higher voice
        return np.clip(shifted / max(1e-6, float(np.abs(shifted).max())) * 0.5 * 32767, -32768, 32767).astype(np.int16)


def barge_in_trials(voices: Voices, material: dict, level_db: float, count: int, seed: int = 1) -> list[Trial]:
    """`count` trials: every child variant in turn, over the bear's replies, at seeded offsets."""
    rng = np.random.default_rng(seed)
    kids = list(itertools.product(material["child"], material["speeds"], material["pitches"]))
    bears = list(itertools.product(material["bear"], material["bear_speeds"]))
    trials = []
    for k in range(count):
        text, speed, pitch = kids[k % len(kids)]
        bear_text, bear_speed = bears[(k // len(kids) + k) % len(bears)]
        bear, child = voices.bear(bear_text, bear_speed), voices.child(text, speed, pitch)
        room_s = len(bear) / SINK_RATE - len(child) / SR - 0.3
        at = float(rng.uniform(0.4, max(0.5, room_s)))
        trials.append(Trial(f"{text!r} x{speed} p{pitch} over {bear_text[:12]!r}@{at:.2f}s {level_db:+g} dB",
                            bear, child, at, level_db, seed=seed * 1000 + k))
    return trials


def self_wake_trials(voices: Voices, level_db: float) -> list[Trial]:
    """The bear alone, saying the wake phrase again and again."""
    return [Trial(f"bear says {text[:16]!r} {level_db:+g} dB", voices.bear(text), None, 0.0, level_db, seed=k)
            for k, text in enumerate(SELF_WAKE)]
