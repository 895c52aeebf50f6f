"""openWakeWord heads run directly on onnxruntime (no dependency on the openwakeword package).

The shared front end turns audio into 32-bin mel frames (10 ms hop) and every 8 mel frames
(80 ms) a 96-dim speech embedding over the last 76 mel frames; a head scores the last N
embeddings (N = 16 for the bundled heads). Streaming bookkeeping follows openWakeWord: audio
is processed in 1280-sample chunks, each melspectrogram call sees the chunk plus the 480
samples before it (3 extra frames of context) and yields 8 new mel frames.
"""

from __future__ import annotations

from pathlib import Path

CHUNK = 1280
MEL_CONTEXT = 480
MEL_WINDOW = 76
WARMUP_CHUNKS = 5  # the first scores after a start are unreliable (openWakeWord zeroes them too)


class OwwModel:
    """Front end + one head, with the streaming state of one audio stream (engine thread only)."""

    def __init__(self, frontend: Path, head: Path):
        import numpy as np

        from bear.models.onnx import onnx_session

        self.mel = onnx_session(frontend / "melspectrogram.onnx")
        self.embed = onnx_session(frontend / "embedding_model.onnx")
        self.head = onnx_session(head)
        self.head_input = self.head.get_inputs()[0].name
        self.n_embeddings = int(self.head.get_inputs()[0].shape[1])
        rng = np.random.default_rng(0)
        self._reset_embeddings = self._embed_clip(rng.integers(-1000, 1000, 16000 * 4).astype(np.int16))
        self.reset()

    def _melspec(self, audio_int16):
        import numpy as np

        out = self.mel.run(None, {self.mel.get_inputs()[0].name: audio_int16.astype(np.float32)[None, :]})[0]
        return np.squeeze(out) / 10.0 + 2.0  # openWakeWord's transform towards Google's front end

    def _embed(self, windows):
        import numpy as np

        batch = np.asarray(windows, dtype=np.float32)[..., None]
        return self.embed.run(None, {self.embed.get_inputs()[0].name: batch})[0].reshape(len(windows), 96)

    def _embed_clip(self, audio):
        spec = self._melspec(audio)
        windows = [spec[i:i + MEL_WINDOW] for i in range(0, len(spec) - MEL_WINDOW + 1, 8)]
        return self._embed(windows)

    def reset(self) -> None:
        """Forget the audio heard so far (a new stream starts)."""
        import numpy as np

        self._audio = np.zeros(MEL_CONTEXT, np.int16)  # the samples before the pending chunk
        self._pending = np.zeros(0, np.int16)
        self._mels = np.ones((MEL_WINDOW, 32), np.float32)
        self._embeddings = self._reset_embeddings[-self.n_embeddings:].copy()
        self._chunks = 0

    def accept(self, samples) -> list[float]:
        """Feed audio; returns one score per completed 80 ms chunk."""
        import numpy as np

        self._pending = np.concatenate((self._pending, samples))
        scores = []
        while len(self._pending) >= CHUNK:
            chunk, self._pending = self._pending[:CHUNK], self._pending[CHUNK:]
            spec = self._melspec(np.concatenate((self._audio, chunk)))
            self._audio = chunk[-MEL_CONTEXT:]
            self._mels = np.vstack((self._mels, spec))[-MEL_WINDOW:]
            emb = self._embed([self._mels])
            self._embeddings = np.vstack((self._embeddings, emb))[-self.n_embeddings:]
            score = float(self.head.run(None, {self.head_input: self._embeddings[None, :, :]})[0].reshape(-1)[0])
            self._chunks += 1
            scores.append(score if self._chunks > WARMUP_CHUNKS else 0.0)
        return scores
