"""Speaking a reply in short pieces through the model registry, and the Piper voice.

`Speaker` works with any voice engine (`bear.speech.voice.Voice`): synthesis runs on the voice's
engine thread; each piece's audio is handed to the event loop as soon as it exists, so playback of
piece 1 starts while the rest is synthesized. `stop()` (barge-in) ends synthesis after the piece
in progress. `load_voice` is the Piper engine.
"""

from __future__ import annotations

import asyncio
import re
import threading
from pathlib import Path

from bear.models.registry import malloc_trim

VOICE = "piper-en_US-joe-medium"
VOICE_THREADS = 2  # synthesis speed matters (time to first audio); the rest of the bear uses 1 each
_END = object()


class PiperSpeech:
    """A Piper voice behind the `Voice` protocol (22.05 kHz for the medium voices)."""

    def __init__(self, piper):
        self.piper = piper
        self.sample_rate: int = piper.config.sample_rate

    def synthesize(self, text: str, length_scale: float | None = None):
        import numpy as np
        from piper import SynthesisConfig

        config = SynthesisConfig(length_scale=length_scale) if length_scale is not None else None
        parts = [c.audio_float_array for c in self.piper.synthesize(text, syn_config=config)]
        return np.concatenate(parts).astype(np.float32, copy=False) if parts else np.zeros(0, np.float32)

    def close(self) -> None:
        self.piper = None


def load_voice(folder: Path) -> PiperSpeech:
    """A Piper voice on our own onnxruntime session: no arena, no memory pattern (measured on joe
    medium: +35 MB after speaking instead of +123 MB with Piper's defaults, same speed)."""
    import json

    from piper import PiperVoice
    from piper.config import PiperConfig
    from piper.voice import ESPEAK_DATA_DIR

    from bear.models.onnx import onnx_session

    model = next(Path(folder).glob("*.onnx"))
    config = json.loads(Path(f"{model}.json").read_text(encoding="utf-8"))
    return PiperSpeech(PiperVoice(config=PiperConfig.from_dict(config),
                                  session=onnx_session(model, threads=VOICE_THREADS, mem_pattern=False),
                                  espeak_data_dir=Path(ESPEAK_DATA_DIR), download_dir=Path(folder)))


def synthesize_fixed(voice, text: str, length_scale: float = 1.0):
    """(float32 audio, rate) with Piper's random noise off: the same text always sounds the same.

    For recordings the bear listens to (demo, benchmarks, tests), not for the bear's own voice.
    """
    import numpy as np
    from piper import SynthesisConfig

    config = SynthesisConfig(length_scale=length_scale, noise_scale=0.0, noise_w_scale=0.0)
    chunks = list(voice.synthesize(text, syn_config=config))
    audio = np.concatenate([c.audio_float_array for c in chunks]).astype(np.float32)
    return audio, chunks[0].sample_rate


# Longer sentences are spoken in clauses: a VITS voice's working memory grows with the length of
# what it synthesizes at once (measured, joe medium, with bear.resources.tune_malloc: ~20 MB per
# second of speech: 40 characters ~2.2 s ~55 MB; a 170-character sentence ~150 MB). This keeps
# the whole bear's peak under 350 MB with the medium voice; shorter first pieces start sooner.
MAX_CHUNK_CHARS = 40
_BREAK_BEFORE = {"and", "but", "or", "so", "because", "when", "while", "who", "which", "that", "then",
                 "until", "where", "with", "to", "the", "of", "in", "on", "at", "for", "from", "were", "was"}
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_CLAUSE = re.compile(r"(?<=[,;:])\s+")


def _split_clause(words: list[str], limit: int) -> list[str]:
    """Cut a clause that is too long into about equal parts, each break at a word boundary near
    the ideal place, preferably just before a joining word ("and", "who", "of", ...)."""
    text = " ".join(words)
    for parts in range(-(-len(text) // limit), len(words) + 1):  # ceil(len / limit) parts, more if needed
        out = _split_into(words, text, parts, limit)
        if all(len(x) <= limit or " " not in x for x in out):
            return out
    return words


def _split_into(words: list[str], text: str, parts: int, limit: int) -> list[str]:
    out, start = [], 0
    for k in range(1, parts):
        ideal = len(text) * k / parts
        best, best_score = None, None
        pos = sum(len(w) + 1 for w in words[:start])
        for i in range(start + 1, len(words)):
            pos += len(words[i - 1]) + 1
            if pos - sum(len(w) + 1 for w in words[:start]) > limit:
                break
            score = abs(pos - ideal) - (6 if words[i].lower() in _BREAK_BEFORE else 0)
            if best_score is None or score < best_score:
                best, best_score = i, score
        if best is None:
            best = start + 1
        out.append(" ".join(words[start:best]))
        start = best
    out.append(" ".join(words[start:]))
    return [x for x in out if x]


def chunks_for_speech(text: str, limit: int = MAX_CHUNK_CHARS) -> list[str]:
    """Sentences, long ones cut at commas/semicolons, then (balanced) between words, into pieces
    of about `limit` characters at most; short neighbouring clauses stay together."""
    out: list[str] = []
    for sentence in _SENTENCE.split(" ".join(text.split())):
        if not sentence:
            continue
        piece = ""
        for clause in _CLAUSE.split(sentence):
            pieces = _split_clause(clause.split(" "), limit) if len(clause) > limit else [clause]
            for part in pieces:
                if piece and len(piece) + 1 + len(part) > limit:
                    out.append(piece)
                    piece = part
                else:
                    piece = f"{piece} {part}".strip()
        if piece:
            out.append(piece)
    return out


class Speaker:
    """Speaks text with the registry's voice `voice` (any engine), one short piece at a time."""

    def __init__(self, registry, voice: str = VOICE):
        self.registry = registry
        self.voice = voice
        self.rate: int | None = None
        self._stop = threading.Event()

    def stop(self) -> None:
        """Stop synthesis after the piece being made (barge-in)."""
        self._stop.set()

    async def sentences(self, text: str, length_scale: float | None = None):
        """Yield float32 mono audio, one chunk per piece, at `self.rate` (`length_scale` > 1 is slower)."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue = asyncio.Queue()
        self._stop.clear()

        def synthesize(voice):  # the voice's engine thread; `voice` implements bear.speech.voice.Voice
            try:
                for piece in chunks_for_speech(text):
                    audio = voice.synthesize(piece, length_scale)
                    if len(audio):
                        loop.call_soon_threadsafe(queue.put_nowait, (voice.sample_rate, audio))
                    malloc_trim()  # give the piece's working memory back at once (~0.2 ms)
                    if self._stop.is_set():
                        break
            finally:
                loop.call_soon_threadsafe(queue.put_nowait, _END)

        job = asyncio.ensure_future(self.registry.run(self.voice, synthesize))
        # if the voice cannot load, synthesize() never runs: end the stream when the job ends
        job.add_done_callback(lambda _: queue.put_nowait(_END))
        try:
            while True:
                item = await queue.get()
                if item is _END:
                    break
                self.rate, audio = item
                yield audio
            await job  # re-raises a synthesis or model error
        finally:
            if not job.done():
                self._stop.set()
                await asyncio.gather(job, return_exceptions=True)
