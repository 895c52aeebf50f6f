"""Voice activity detection with Silero VAD v6 run directly on onnxruntime.

The model takes 512 new samples at 16 kHz plus the last 64 samples of the previous frame
(context), and a recurrent state [2, 1, 128] carried from frame to frame; it returns the
speech probability of the frame. `SpeechGate` turns probabilities into speech start/end with a
threshold, a minimum speech length and a hangover.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

FRAME = 512  # samples per VAD frame (32 ms at 16 kHz)
CONTEXT = 64
MODEL = "silero-vad"


def load_silero(folder):
    """Registry loader: the Silero VAD ONNX session from the model folder."""
    from bear.models.onnx import onnx_session

    return onnx_session(folder / "silero_vad.onnx")


class SileroState:
    """The recurrent state and context of one audio stream. Touched only on the VAD thread."""

    def __init__(self):
        import numpy as np

        self.state = np.zeros((2, 1, 128), np.float32)
        self.context = np.zeros(CONTEXT, np.float32)
        self._sr = np.array(16000, np.int64)

    def reset(self) -> None:
        """Clear the model's recurrent state and context (a new stream starts)."""
        self.state[:] = 0
        self.context[:] = 0

    def probabilities(self, session, audio_int16) -> list[float]:
        """Speech probability of each whole 512-sample frame of `audio_int16`, in order."""
        import numpy as np

        audio = audio_int16.astype(np.float32) / 32768.0
        out = []
        for i in range(0, len(audio) - FRAME + 1, FRAME):
            frame = np.concatenate((self.context, audio[i:i + FRAME]))[None, :]
            prob, self.state = session.run(None, {"input": frame, "state": self.state, "sr": self._sr})
            self.context = audio[i + FRAME - CONTEXT:i + FRAME].copy()
            out.append(float(prob[0, 0]))
        return out


@dataclass
class GateEvent:
    """The speech gate's event: speech started or ended at an absolute sample index."""

    kind: str  # "start" | "end"
    at: int  # absolute sample index of the first speech frame (start) or of the first silent frame (end)


class SpeechGate:
    """Speech starts after `min_speech_frames` consecutive frames at or above `threshold`; it
    ends after `hangover_frames` consecutive frames below `threshold - 0.15`.

    Each frame is pushed with its absolute sample index, so events stay right across gaps
    (audio lost to an overrun: `reset()` there, as the stream starts afresh).
    """

    def __init__(self, threshold: float = 0.5, min_speech_frames: int = 3, hangover_frames: int = 6):
        self.threshold = threshold
        self.off_threshold = max(0.01, threshold - 0.15)
        self.min_speech_frames = min_speech_frames
        self.hangover_frames = hangover_frames
        self.reset()

    def reset(self) -> None:
        """Forget everything (the stream continues after a gap)."""
        self.in_speech = False
        self._run = 0
        self._run_start = 0
        self.last_speech_at: int | None = None  # absolute index of the last frame heard as speech

    def push(self, prob: float, at: int) -> GateEvent | None:
        """Feed the probability of the frame that starts at absolute sample `at`; returns a
        start/end event when the state changes."""
        if not self.in_speech:
            if prob >= self.threshold:
                if self._run == 0:
                    self._run_start = at
                self._run += 1
            else:
                self._run = 0
            if self._run >= self.min_speech_frames:
                self.in_speech, self._run = True, 0
                self.last_speech_at = at
                return GateEvent("start", self._run_start)
            return None
        if prob >= self.off_threshold:
            self._run = 0
            self.last_speech_at = at
            return None
        if self._run == 0:
            self._run_start = at
        self._run += 1
        if self._run >= self.hangover_frames:
            self.in_speech, self._run = False, 0
            return GateEvent("end", self._run_start)
        return None


class EnergyGate:
    """Fallback when the VAD model is unavailable: loud frames are speech."""

    def probability(self, frame) -> float:
        """1.0 when the frame is louder than -40 dBFS, else 0.0."""
        import numpy as np

        rms = float(np.sqrt(np.mean(frame.astype(np.float32) ** 2))) / 32768
        return 1.0 if rms > 0 and 20 * math.log10(rms) > -40 else 0.0
