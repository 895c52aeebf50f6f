"""Speaking a reply in short pieces through the model registry, and the Piper voice.

`Speaker` works with any voice engine (`bear.speech.voice.Voice`): synthesis runs on the voice's
engine thread; each piece's audio is handed to the event loop as soon as it exists, so playback of
piece 1 starts while the rest is synthesized. `stop()` (barge-in) ends synthesis after the piece
in progress. `load_voice` is the Piper engine.
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading
from pathlib import Path

from bear.models.registry import malloc_trim

log = logging.getLogger(__name__)

FILLER = "Hmm!"  # played at once when the voice must load first, so the child knows they were heard

VOICE = "piper-en_US-joe-medium"
VOICE_THREADS = 2  # synthesis speed matters (time to first audio); the rest of the bear uses 1 each


class PiperSpeech:
    """A Piper voice behind the `Voice` protocol (22.05 kHz for the medium voices)."""

    def __init__(self, piper):
        self.piper = piper
        self.sample_rate: int = piper.config.sample_rate

    def synthesize(self, text: str, length_scale: float | None = None):
        """One piece of text -> float32 mono samples at the voice's rate (`length_scale` > 1 is slower)."""
        import numpy as np
        from piper import SynthesisConfig

        config = SynthesisConfig(length_scale=length_scale) if length_scale is not None else None
        parts = [c.audio_float_array for c in self.piper.synthesize(text, syn_config=config)]
        return np.concatenate(parts).astype(np.float32, copy=False) if parts else np.zeros(0, np.float32)

    def close(self) -> None:
        """Let go of the Piper voice (the registry calls it on unload)."""
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
    """Speaks text with the registry's voice `voice` (any engine), one short piece at a time.

    With a phrase cache (`bear.speech.cache.PhraseCache`), each piece is looked up first: cached
    pieces play from the cache at once (decoded on the cache's thread) while the others are
    synthesized, in order, on the voice's thread; a reply whose first piece is not cached while
    the voice still has to load starts with the cached filler ("Hmm!")."""

    def __init__(self, registry, voice: str = VOICE, cache=None):
        self.registry = registry
        self.voice = voice
        self.cache = cache
        self.rate: int | None = None
        self.last: dict = {}  # the last text's pieces: {"pieces", "cached", "filler"}
        self._stop = threading.Event()
        self._voice_id: str | None = None

    def stop(self) -> None:
        """Stop synthesis after the piece being made (barge-in)."""
        self._stop.set()

    def voice_id(self) -> str | None:
        """The voice's identity in the phrase cache (None without a cache or a manifest entry)."""
        if self._voice_id is None and self.cache is not None:
            from bear.models.manifest import ModelUnavailable
            from bear.speech.cache import voice_id

            try:
                self._voice_id = voice_id(self.registry.slot(self.voice).entry)
            except ModelUnavailable:
                return None
        return self._voice_id

    def _lookup(self, pieces: list[str], length_scale: float | None) -> tuple[list, object]:
        """(cache entry or None per piece, the filler's entry or None)."""
        vid = self.voice_id()
        if vid is None or not self.cache.opened(vid):
            return [None] * len(pieces), None
        hits = [self.cache.lookup(vid, length_scale, p) for p in pieces]
        self.cache.count(sum(h is not None for h in hits), sum(h is None for h in hits))
        filler = None
        if hits and hits[0] is None and not self.registry.slot(self.voice).loaded:
            filler = self.cache.lookup(vid, length_scale, FILLER)
        return hits, filler

    async def sentences(self, text: str, length_scale: float | None = None):
        """Yield float32 mono audio, one or more chunks per piece, at `self.rate` (`length_scale` > 1
        is slower)."""
        loop = asyncio.get_running_loop()
        self._stop.clear()
        pieces = chunks_for_speech(text)
        hits, filler = self._lookup(pieces, length_scale)
        self.last = {"pieces": len(pieces), "cached": sum(h is not None for h in hits), "filler": filler is not None}
        if self.cache is not None and pieces:
            log.info("event=speech_pieces pieces=%d cached=%d first_cached=%s filler=%s", len(pieces),
                     self.last["cached"], hits[0] is not None, filler is not None)
        missing = [i for i, h in enumerate(hits) if h is None]
        results = {i: loop.create_future() for i in missing}  # (rate, audio), or None: not made (stopped)

        def synthesize(voice):  # the voice's engine thread; `voice` implements bear.speech.voice.Voice
            for i in missing:
                if self._stop.is_set():
                    break
                audio = voice.synthesize(pieces[i], length_scale)
                loop.call_soon_threadsafe(_settle, results[i], (voice.sample_rate, audio))
                malloc_trim()  # give the piece's working memory back at once (~0.2 ms)

        def ended(job) -> None:  # runs after every piece's _settle: what is left was never made
            exc = None if job.cancelled() else job.exception()
            for future in results.values():
                _settle(future, exc)

        job = None
        if missing:
            job = asyncio.ensure_future(self.registry.run(self.voice, synthesize))
            job.add_done_callback(ended)
        try:
            if filler is not None:
                async for rate, audio in self._cached(filler, ""):
                    self.rate = rate
                    yield audio
            for i, piece in enumerate(pieces):
                if self._stop.is_set():
                    break
                if hits[i] is not None:
                    async for rate, audio in self._cached(hits[i], piece, length_scale):
                        self.rate = rate
                        yield audio
                    continue
                result = await results[i]
                if result is None:  # stopped
                    break
                if isinstance(result, BaseException):
                    raise result  # the voice could not load, or synthesis failed
                self.rate, audio = result
                if len(audio):
                    yield audio
        finally:
            if job is not None and not job.done():
                self._stop.set()
                await asyncio.gather(job, return_exceptions=True)

    async def _cached(self, entry, piece: str, length_scale: float | None = None):
        """A cached piece's audio; synthesized instead if its file is gone or damaged (the filler,
        `piece` empty, is then left out)."""
        from bear.speech.cache import CacheCorrupt

        try:
            async for item in self.cache.read(self.voice_id(), entry):
                yield item
            return
        except CacheCorrupt as exc:
            log.warning("event=phrase_cache_miss reason=%r", str(exc))
        if piece:
            rate, audio = await self.registry.run(
                self.voice, lambda voice: (voice.sample_rate, voice.synthesize(piece, length_scale)))
            if len(audio):
                yield rate, audio


def _settle(future: asyncio.Future, value) -> None:
    if not future.done():
        future.set_result(value)
