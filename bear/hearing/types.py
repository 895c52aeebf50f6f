"""What the hearing pipeline's parts exchange: transcripts, wake hits, utterances, and the
interfaces of its engines and of the bear's own voice (`Speaking`).

Every position is an absolute sample index in the capture ring buffer (the number of samples
captured before it), never a count kept by a reader: after audio is lost (an overrun) positions
still line up.
"""

from __future__ import annotations

import asyncio
import enum
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Protocol

from bear.audio import SAMPLE_RATE

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

SR = SAMPLE_RATE  # every part of the hearing pipeline works at 16 kHz mono int16


@dataclass(frozen=True)
class Word:
    """One recognised word, with the engine's confidence and its time in the utterance."""

    word: str
    confidence: float  # 0..1
    start_s: float  # from the start of the utterance
    end_s: float


@dataclass(frozen=True)
class Transcript:
    """What a speech-to-text engine heard in one utterance."""

    text: str
    words: tuple[Word, ...] = field(default_factory=tuple)
    engine: str = ""

    @property
    def confidence(self) -> float | None:
        """Mean word confidence (None when the engine gave no words)."""
        return sum(w.confidence for w in self.words) / len(self.words) if self.words else None


class Recognizer(Protocol):
    """Speech-to-text for one utterance at a time; blocking, called only on its engine thread."""

    name: str

    def start(self) -> None:
        """Begin an utterance (drops anything still open)."""

    def accept(self, samples: NDArray[np.int16]) -> None:
        """Feed int16 mono samples at 16 kHz of the open utterance."""

    def partial(self) -> str:
        """The text so far ("" when the engine gives no partial results)."""

    def final(self) -> Transcript:
        """Close the utterance and return its transcript."""

    def reset(self) -> None:
        """Drop the open utterance without decoding the rest."""


class EngineFailure(RuntimeError):
    """A hearing engine failed one call (its process died, ...): that call's audio is lost, the
    engine goes on (unlike ModelUnavailable, which means the model cannot be loaded at all)."""


@dataclass(frozen=True)
class Hit:
    """A spotted phrase, in absolute sample indices."""
    start: int
    end: int


@dataclass(frozen=True)
class Wake:
    """A detected wake phrase, in absolute sample indices."""

    start: int  # absolute sample index where the wake phrase began
    end: int  # ... and ended: the request starts here
    engine: str
    score: float = 1.0


class WakeEngine(Protocol):
    """A wake-word engine as the listener drives it (each call hops to the engine's thread)."""

    gated: bool  # may the listener leave out long quiet stretches?

    def onset(self, index: int) -> None:
        """The VAD saw speech start at absolute sample `index` (a wake may have to follow an onset)."""

    async def feed(self, index: int, samples: NDArray[np.int16], *, quiet: bool,
                   require_onset: bool) -> Wake | None:
        """Feed samples that begin at absolute `index`; the wake, if this audio completed one. `quiet`: the VAD hears no
        speech."""

    async def restart(self, index: int, new_channel: bool = False) -> None:
        """Forget what was heard and start again at `index` (`new_channel`: the audio before it is not continuous with
        what follows)."""


@dataclass
class Utterance:
    """One request the bear heard, ready for a reply."""

    text: str
    trigger: str  # "wake" | "button" | "followup"
    engine: str  # which wake engine, "paw" or "followup"
    transcript: Transcript
    trigger_s: float  # audio time (s since capture began): end of the wake phrase / paw press
    start_s: float  # where the utterance audio begins
    speech_start_s: float | None
    speech_end_s: float | None
    endpoint_s: float  # when the utterance was closed (trailing silence or maximum length)
    reason: str  # "silence" | "max_length"
    stt_final_ms: float  # wall time from closing the utterance to its final transcript
    closed_at: float = 0.0  # time.perf_counter() when the utterance was closed (latency is measured from here)

    def timings(self) -> dict[str, float | None]:
        """The utterance's audio-time marks and STT latency (what a turn records)."""
        d = asdict(self)
        return {k: d[k] for k in ("trigger_s", "speech_start_s", "speech_end_s", "endpoint_s", "stt_final_ms")}


@dataclass(frozen=True)
class VoiceEnded:
    """The bear's voice ended: from absolute sample `at` (None: not known) the microphone hears
    only the room; `wake_barge_in`: the wake phrase could interrupt that voice (it did not say it)."""

    at: int | None
    wake_barge_in: bool


class Speaking:
    """The bear's own voice as the listener must know it. One writer (the conversation), one
    reader (the listener): its voice in the microphone must not wake it or be transcribed, a
    reply that says the wake phrase turns wake barge-in off, and after a reply the bear may
    expect an answer without the wake phrase."""

    def __init__(self) -> None:
        self.active = False
        self.wake_barge_in = True
        self.voice_from = -1  # absolute sample index where the latest reply's voice began (-1: none yet)
        self._ended: VoiceEnded | None = None
        self._answer: tuple[int, float] | None = None
        self._floor = asyncio.Event()  # set: no child is speaking into an open utterance
        self._floor.set()

    def start(self, *, wake_barge_in: bool = True, at: int | None = None) -> None:
        """The bear begins a reply (`wake_barge_in`: may the wake phrase interrupt it) at absolute
        sample `at` (None: not known)."""
        self.active, self.wake_barge_in = True, wake_barge_in
        if at is not None:
            self.voice_from = at

    def child_speaking(self, speaking: bool) -> None:
        """The listener hears the child speak into an open utterance (True), or the utterance
        closed (False): a reply waits until the child has finished (`wait_floor`)."""
        if speaking:
            self._floor.clear()
        else:
            self._floor.set()

    @property
    def child_has_floor(self) -> bool:
        """A child is speaking into an open utterance (a reply waits for them to finish)."""
        return not self._floor.is_set()

    async def wait_floor(self, timeout_s: float) -> float:
        """Wait (at most `timeout_s`) until no child is speaking into an open utterance; the
        seconds waited."""
        if self._floor.is_set():
            return 0.0
        t0 = time.monotonic()
        try:
            await asyncio.wait_for(self._floor.wait(), timeout_s)
        except TimeoutError:
            pass
        return time.monotonic() - t0

    def says_wake_phrase(self) -> None:
        """A piece about to be spoken contains the wake phrase: only the paw may interrupt now."""
        self.wake_barge_in = False

    def stop(self, at: int | None = None) -> None:
        """The bear stopped speaking (finished or interrupted); `at`: the absolute sample index
        from which the microphone no longer hears it (None: wherever the listener is then)."""
        if self.active:
            self._ended = VoiceEnded(at, self.wake_barge_in)
        self.active, self.wake_barge_in = False, True

    def expect_answer(self, start: int, timeout_s: float) -> None:
        """Listen for an answer without the wake phrase from absolute sample `start` (may be ahead)."""
        self._answer = (start, timeout_s)

    def cancel_answer(self, before: int | None = None) -> None:
        """No answer is expected any more (`before`: only an answer expected from before that
        absolute sample: one from a reply the listener has not reached yet stands)."""
        if before is None or (self._answer is not None and self._answer[0] < before):
            self._answer = None

    def take_ended(self) -> VoiceEnded | None:
        """Once after the bear stopped speaking: where and how its voice ended; else None."""
        ended, self._ended = self._ended, None
        return ended

    def take_answer(self) -> tuple[int, float] | None:
        """The answer expected (start, timeout_s), once; None when there is none."""
        answer, self._answer = self._answer, None
        return answer


def _nothing(*_args: object) -> None:
    return None


@dataclass(frozen=True)
class ListenerHooks:
    """What the listener tells the rest of the bear, as it happens (all called on the loop)."""

    on_listening: Callable[[str], None] = _nothing  # a wake, press or follow-up opened listening (trigger)
    on_closed: Callable[[], None] = _nothing  # an utterance ended: the bear is thinking
    on_barge_in: Callable[[str], None] = _nothing  # the child interrupted the bear's voice (trigger)


# --- the listener's own state ----------------------------------------------------------------
class State(str, enum.Enum):
    """Whether the listener waits for a wake or is collecting an utterance."""

    IDLE = "idle"
    LISTENING = "listening"


@dataclass
class OpenUtterance:
    """The utterance being listened to (absolute sample indices)."""

    trigger: str
    engine: str
    start: int  # where its audio begins
    grace: int  # samples after `start` that do not count as the request's speech (the phrase's tail)
    no_speech_s: float  # back to idle if nobody speaks for this long
    fed: int  # the recogniser has every sample before this
    speech_start: int | None = None
    speech_end: int | None = None
    run: int = 0  # consecutive speech frames while waiting for the request to start
    early: asyncio.Task[Transcript | bool] | None = None  # a decode begun in the trailing silence (Whisper) ...
    early_mark: int | None = None  # ... of the speech up to here: worthless if the child spoke again
    early_used: str = "off"  # what became of early decodes: off | hit (used) | stale (dropped)
