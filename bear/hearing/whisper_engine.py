"""Whisper (faster-whisper on CTranslate2): the accurate speech-to-text engine.

Whisper is not a streaming recogniser: the recognizer keeps the utterance's audio (in memory
only, at most `listen.max_utterance_s` plus a second) while the child speaks and decodes it
once, in `final()`, after the listener has found the end of speech. Decoding is a beam search of
3 by default (`stt.whisper_beam`; on the 920 reporting utterances of the children's set WER 0.327
against greedy's 0.357, ljspeech-32 0.040 against 0.045, for ~6 % more CPU: the encoder, not the
search, is most of the work), never conditioned on earlier text, without timestamps, in English only
(tiny.en). A beam search gives no per-token probabilities: its words all carry the sequence's mean.
CTranslate2 releases the GIL while it computes, so the engine thread does not stall the event loop.

Whisper was trained on 30 s windows and its encoder costs the same for any utterance in one.
A shorter window (`stt.whisper_window_s`: the utterance padded with silence to that length)
makes the encoder proportionally faster; cut to the utterance itself Whisper's errors triple,
padded to 10 s they grow by a quarter on children's speech, padded to 15 s (the default) they do
not grow (WER 0.295 against 0.301 at 30 s on the tuning speakers; figures in the README).

The text is normalised like the other engines' output: lower case, no punctuation, numbers
as words ("3" -> "three"), so the conversation engine sees the same kind of words whoever heard them.
"""

from __future__ import annotations

import logging
import math
import re
from pathlib import Path

from bear.hearing.text import transcript_form
from bear.hearing.types import SR, Transcript, Word
from bear.models.registry import malloc_trim

log = logging.getLogger(__name__)

MIN_SAMPLES = SR // 10  # shorter than 0.1 s: nothing to decode (Whisper would invent words)
# Tokens decoded at most: 12 + 6 per second of audio (fast adult speech is ~4 words a second);
# bounds the time a runaway hypothesis (". . . ." on noise) can take: 30 for 3 s, not 200.
TOKENS_BASE, TOKENS_PER_SECOND, TOKENS_MAX = 12, 6, 224
CHUNK_SAMPLES = 30 * SR  # Whisper's longest window
NO_SPEECH_PROB, NO_SPEECH_LOGPROB = 0.6, -1.0  # Whisper's defaults for "nothing was said"
# A short English prompt ("A child talks to a teddy bear.") was tried on the tuning speakers of the
# children's set (scripts/bench_stt.py tune). With the first decoder it lowered WER (15 s window:
# 0.319 -> 0.295), but once decoding was bounded by the audio's length it no longer helped
# (0.294 without, 0.295 with), and on silence Whisper may say a prompt again: none by default.
# (A prompt repeated on silence or noise is treated as no speech.)
INITIAL_PROMPT: str | None = None
# No run of 4 tokens is decoded twice: a child's slow or stumbling reading can send Whisper into a
# loop ("two five zero five" -> "two five zero five zero five zero five ..."; "gen gen city" ->
# "jur jur jur jur ..."). On the tuning speakers of the children's set (scripts/bench_stt.py tune,
# `no_repeat_ngram_size` of CTranslate2's generate): WER 0.316 without, 0.291 with 4 (0.288 with 3,
# 0.291 with a repetition penalty of 1.1); 3 also blocks real speech ("ask not what your country
# can do for you, ask what you can do for your country": misc 0.135 -> 0.162), 4 leaves every
# adult set as it was (ljspeech-32 0.045, librispeech 0.103, pocketsphinx-testdata 0.083, misc 0.135).
NO_REPEAT_NGRAM = 4


_DIGITS = "zero one two three four five six seven eight nine".split()


def spoken_digits(text: str) -> str:
    """Whisper writes a digit sequence said one digit at a time as a numeral ("zero three five
    one" -> "0351"); numerals with a leading zero or of five digits or more go back to digit words."""
    return re.sub(r"(?<![\d,.])(0\d+|\d{5,})(?![\d,.]\d)",
                  lambda m: " ".join(_DIGITS[int(c)] for c in m.group(0)), text)


def _log_softmax(x):
    import numpy as np

    x = x - x.max()
    return x - np.log(np.exp(x).sum())


class WhisperRecognizer:
    """Buffers one utterance (bounded) and decodes it in `final()` (engine thread only)."""

    name = "whisper"

    def __init__(self, model, features, tokenizer, *, beam: int = 1, max_seconds: float = 16.0,
                 window_s: float = 30.0, initial_prompt: str | None = INITIAL_PROMPT):
        import numpy as np

        self._model = model  # ctranslate2.models.Whisper
        self._features = features  # faster-whisper's FeatureExtractor (log-mel)
        self.tokenizer = tokenizer  # faster-whisper's Tokenizer
        self.beam = beam
        self._buf = np.zeros(int(max_seconds * SR), np.int16)
        self._n = 0
        self.dropped = 0  # samples past the bound in the current utterance (not kept)
        self.window_frames = int(window_s * 100) // 2 * 2
        self.set_prompt(initial_prompt)

    def set_prompt(self, initial_prompt: str | None) -> None:
        """Set (or clear, with None) the text Whisper is primed with (its last 100 tokens are kept)."""
        tok = self.tokenizer
        prev = [tok.sot_prev] + tok.encode(" " + initial_prompt.strip())[-100:] if initial_prompt else []
        self.prompt = prev + list(tok.sot_sequence) + [tok.no_timestamps]
        self._prompt_start = transcript_form(initial_prompt or "").split()[:3]

    def start(self) -> None:
        """Begin an utterance."""
        self._forget()

    def accept(self, samples) -> None:
        """Buffer int16 samples (up to Whisper's 30 s window; more is dropped)."""
        room = len(self._buf) - self._n
        take = min(room, len(samples))
        if take:
            self._buf[self._n:self._n + take] = samples[:take]
            self._n += take
        self.dropped += len(samples) - take

    def reset(self) -> None:
        """Abandon the utterance (nobody spoke after the wake): its audio is forgotten."""
        self._forget()

    def _forget(self) -> None:
        """The child's audio does not outlive its utterance, not even in this buffer."""
        self._buf[:self._n] = 0
        self._n = 0
        self.dropped = 0

    def partial(self) -> str:
        """Always "": Whisper gives no partial results."""
        return ""  # Whisper gives no partial results: the text comes at the end of the utterance

    def final(self) -> Transcript:
        """Decode the buffered utterance; its transcript (empty for too little audio)."""
        try:
            return self.early()
        finally:
            self._forget()

    def early(self) -> Transcript:
        """Decode what was heard so far and keep it: the listener asks this while it waits out the
        trailing silence, and uses the result (then `reset()`) if the child does not speak again."""
        n = self._n
        if n < MIN_SAMPLES:
            return Transcript("", (), self.name)
        audio = self._buf[:n].astype("float32") / 32768.0
        words: list[Word] = []
        try:
            for off in range(0, n, CHUNK_SAMPLES):  # more than 30 s only if listen.max_utterance_s allows it
                words += self._decode(audio[off:off + CHUNK_SAMPLES], off / SR)
        finally:
            # the decode's buffers (tens of MB: attention over the window) go back to the system
            # now, before the voice synthesizes the reply, instead of adding to its peak
            audio[:] = 0
            del audio
            malloc_trim()
        return Transcript(" ".join(w.word for w in words), tuple(words), self.name)

    def _decode(self, audio, offset_s: float) -> list[Word]:
        """One window: greedy (or beam) decoding of the log-mel features, padded with silence
        to the configured window; words with the mean probability of their tokens."""
        import ctranslate2
        import numpy as np

        feats = self._features(audio)
        frames = min(feats.shape[1], 3000)
        window = min(3000, max(self.window_frames, frames + frames % 2))
        padded = np.zeros((1, feats.shape[0], window), np.float32)
        padded[0, :, :frames] = feats[:, :frames]
        result = self._model.generate(
            ctranslate2.StorageView.from_array(padded), [self.prompt], beam_size=self.beam,
            max_length=len(self.prompt) + min(TOKENS_MAX, TOKENS_BASE + int(TOKENS_PER_SECOND * len(audio) / SR)),
            return_scores=True, return_no_speech_prob=True,
            return_logits_vocab=self.beam == 1, suppress_blank=True, suppress_tokens=[-1],
            no_repeat_ngram_size=NO_REPEAT_NGRAM)[0]
        tok = self.tokenizer
        ids = [i for i in result.sequences_ids[0] if i < tok.eot]
        if not ids:
            return []
        avg_logprob = result.scores[0] * len(ids) / (len(ids) + 1)
        if result.no_speech_prob > NO_SPEECH_PROB and (
                avg_logprob < NO_SPEECH_LOGPROB  # Whisper's own rule: silence or noise, whatever it "heard"
                or transcript_form(tok.decode(ids)).split()[:3] == self._prompt_start):  # or the prompt said again
            return []
        if result.logits:
            probs = [float(np.exp(_log_softmax(np.asarray(step))[i])) for step, i in zip(result.logits[0], ids)]
        else:  # beam search returns no per-step scores: every token gets the sequence's mean (a second
            # decoder pass, `align`, would give them: ~50 ms here, ~200 ms on a Pi, for a figure used only
            # to ask "can you say that again?" when nothing was understood)
            probs = [math.exp(min(0.0, avg_logprob))] * len(ids)
        pieces, piece_ids = tok.split_to_word_tokens(ids)
        spoken: list[tuple[str, float]] = []
        at = 0
        for piece, token_ids in zip(pieces, piece_ids):
            p = sum(probs[at:at + len(token_ids)]) / max(1, len(token_ids))
            at += len(token_ids)
            spoken += [(w, p) for w in transcript_form(spoken_digits(piece)).split()]
        # No timestamps are decoded (they cost time): word times are estimated from their length.
        total = sum(len(w) + 1 for w, _ in spoken) or 1
        duration, t, out = len(audio) / SR, offset_s, []
        for w, p in spoken:
            step = duration * (len(w) + 1) / total
            out.append(Word(w, max(0.0, min(1.0, p)), t, t + step))
            t += step
        return out


def faster_whisper_module(name: str):
    """One of faster-whisper's modules (`feature_extractor`, `tokenizer`), loaded on its own.

    The package's `__init__` imports PyAV to decode audio files (~20 MB of RSS on a bear that only
    ever hands it arrays), so its log-mel features and tokenizer, which need only numpy and
    `tokenizers`, are loaded from their files directly; the model itself is CTranslate2's.
    """
    import importlib.util
    import sys

    key = f"bear._faster_whisper_{name}"
    if key not in sys.modules:
        spec = importlib.util.find_spec("faster_whisper")  # finds the package without importing it
        if spec is None or not spec.submodule_search_locations:
            raise ImportError("faster-whisper is not installed")
        path = Path(next(iter(spec.submodule_search_locations))) / f"{name}.py"
        mspec = importlib.util.spec_from_file_location(key, path)
        module = importlib.util.module_from_spec(mspec)
        mspec.loader.exec_module(module)
        sys.modules[key] = module
    return sys.modules[key]


class WhisperModel:
    """A loaded CTranslate2 Whisper model and this bear's recognizer for it (engine thread only)."""

    def __init__(self, folder: Path, stt_cfg, max_utterance_s: float = 15.0):
        import ctranslate2
        import tokenizers

        features = faster_whisper_module("feature_extractor").FeatureExtractor()  # Whisper's 80 mel bins
        # int8 weights (the files are float16); one worker; threads from the config.
        self.model = ctranslate2.models.Whisper(str(folder), device="cpu", compute_type="int8",
                                                intra_threads=stt_cfg.whisper_threads, inter_threads=1)
        tokenizer = faster_whisper_module("tokenizer").Tokenizer(
            tokenizers.Tokenizer.from_file(str(Path(folder) / "tokenizer.json")), self.model.is_multilingual,
            task="transcribe", language="en")
        self.recognizer = WhisperRecognizer(self.model, features, tokenizer, beam=stt_cfg.whisper_beam,
                                            max_seconds=max_utterance_s + 1.0, window_s=stt_cfg.whisper_window_s)
        self._warm_up()

    def _warm_up(self) -> None:
        """A short decode at load time (a 1 s window: ~0.1 s): the first decode pays for
        CTranslate2's set-up (here ~0.7 s instead of ~0.4 s), which belongs to loading, not to the
        child's first request."""
        import numpy as np

        rec = self.recognizer
        window, rec.window_frames = rec.window_frames, 100
        try:
            rec.start()
            rec.accept((np.sin(np.arange(SR) * 0.05) * 3000).astype(np.int16))
            rec.final()
        finally:
            rec.window_frames = window

    def close(self) -> None:
        """Free CTranslate2's weights now (the registry calls it on unload)."""
        model, self.model, self.recognizer = self.model, None, None
        if model is not None:
            model.unload_model()  # frees CTranslate2's weights now, not whenever it is collected
