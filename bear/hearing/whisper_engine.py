"""Whisper (faster-whisper on CTranslate2): the accurate speech-to-text engine.

Whisper is not a streaming recogniser: the recognizer keeps the utterance's audio (in memory
only, at most `listen.max_utterance_s` plus a second) while the child speaks and decodes it
once, in `final()`, after the listener has found the end of speech. Decoding is greedy by
default (`stt.whisper_beam = 1`), never conditioned on earlier text, without timestamps, in
English only (tiny.en). CTranslate2 releases the GIL while it computes, so the engine thread
does not stall the event loop.

Whisper was trained on 30 s windows and its encoder costs the same for any utterance in one.
A shorter window (`stt.whisper_window_s`: the utterance padded with silence to that length)
makes the encoder proportionally faster; cut to the utterance itself Whisper's errors triple,
but padded to 10-15 s it is as accurate on short requests (figures in the README).

The text is normalised like the other engines' output: lower case, no punctuation, numbers
as words ("3" -> "three"), so the conversation engine sees the same kind of words whoever heard them.
"""

from __future__ import annotations

import logging
import math
import re
from pathlib import Path

from bear.hearing.stt import Transcript, Word
from bear.hearing.text import normalize

log = logging.getLogger(__name__)

SR = 16000
MIN_SAMPLES = SR // 10  # shorter than 0.1 s: nothing to decode (Whisper would invent words)
MAX_NEW_TOKENS = 160  # bounds the decode time of a runaway (repeating) hypothesis
CHUNK_SAMPLES = 30 * SR  # Whisper's longest window
NO_SPEECH_PROB, NO_SPEECH_LOGPROB = 0.6, -1.0  # Whisper's defaults for "nothing was said"
# A short English prompt primes Whisper's decoder. On the tuning speakers of the children's set
# (scripts/bench_stt.py tune) it lowered WER at every window: 10 s 0.537 -> 0.380,
# 15 s 0.319 -> 0.295, 30 s 0.312 -> 0.301.
INITIAL_PROMPT: str | None = "A child talks to a teddy bear."


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

    def __init__(self, model, *, beam: int = 1, max_seconds: float = 16.0, window_s: float = 30.0,
                 initial_prompt: str | None = INITIAL_PROMPT):
        import numpy as np
        from faster_whisper.tokenizer import Tokenizer

        self._model = model
        self.beam = beam
        self._buf = np.zeros(int(max_seconds * SR), np.int16)
        self._n = 0
        self.dropped = 0  # samples past the bound in the current utterance (not kept)
        self.tokenizer = Tokenizer(model.hf_tokenizer, model.model.is_multilingual, task="transcribe",
                                   language="en")
        self.window_frames = int(window_s * 100) // 2 * 2
        self.set_prompt(initial_prompt)

    def set_prompt(self, initial_prompt: str | None) -> None:
        tok = self.tokenizer
        prev = [tok.sot_prev] + tok.encode(" " + initial_prompt.strip())[-100:] if initial_prompt else []
        self.prompt = prev + list(tok.sot_sequence) + [tok.no_timestamps]

    def start(self) -> None:
        self._n = 0
        self.dropped = 0

    def accept(self, samples) -> None:
        room = len(self._buf) - self._n
        take = min(room, len(samples))
        if take:
            self._buf[self._n:self._n + take] = samples[:take]
            self._n += take
        self.dropped += len(samples) - take

    def partial(self) -> str:
        return ""  # Whisper gives no partial results: the text comes at the end of the utterance

    def final(self) -> Transcript:
        n, self._n = self._n, 0
        if n < MIN_SAMPLES:
            return Transcript("", (), self.name)
        audio = self._buf[:n].astype("float32") / 32768.0
        words: list[Word] = []
        for off in range(0, n, CHUNK_SAMPLES):  # more than 30 s only if listen.max_utterance_s allows it
            words += self._decode(audio[off:off + CHUNK_SAMPLES], off / SR)
        return Transcript(" ".join(w.word for w in words), tuple(words), self.name)

    def _decode(self, audio, offset_s: float) -> list[Word]:
        """One window: greedy (or beam) decoding of the log-mel features, padded with silence
        to the configured window; words with the mean probability of their tokens."""
        import ctranslate2
        import numpy as np

        feats = self._model.feature_extractor(audio)
        frames = min(feats.shape[1], 3000)
        window = min(3000, max(self.window_frames, frames + frames % 2))
        padded = np.zeros((1, feats.shape[0], window), np.float32)
        padded[0, :, :frames] = feats[:, :frames]
        result = self._model.model.generate(
            ctranslate2.StorageView.from_array(padded), [self.prompt], beam_size=self.beam,
            max_length=len(self.prompt) + MAX_NEW_TOKENS, return_scores=True, return_no_speech_prob=True,
            return_logits_vocab=self.beam == 1, suppress_blank=True, suppress_tokens=[-1])[0]
        tok = self.tokenizer
        ids = [i for i in result.sequences_ids[0] if i < tok.eot]
        if not ids:
            return []
        avg_logprob = result.scores[0] * len(ids) / (len(ids) + 1)
        if result.no_speech_prob > NO_SPEECH_PROB and avg_logprob < NO_SPEECH_LOGPROB:
            return []  # Whisper's own rule: silence or noise, whatever it may have "heard"
        if result.logits:
            probs = [float(np.exp(_log_softmax(np.asarray(step))[i])) for step, i in zip(result.logits[0], ids)]
        else:  # beam search returns no per-step scores: every token gets the sequence's mean
            probs = [math.exp(min(0.0, avg_logprob))] * len(ids)
        pieces, piece_ids = tok.split_to_word_tokens(ids)
        spoken: list[tuple[str, float]] = []
        at = 0
        for piece, token_ids in zip(pieces, piece_ids):
            p = sum(probs[at:at + len(token_ids)]) / max(1, len(token_ids))
            at += len(token_ids)
            spoken += [(w, p) for w in normalize(spoken_digits(piece)).split()]
        # No timestamps are decoded (they cost time): word times are estimated from their length.
        total = sum(len(w) + 1 for w, _ in spoken) or 1
        duration, t, out = len(audio) / SR, offset_s, []
        for w, p in spoken:
            step = duration * (len(w) + 1) / total
            out.append(Word(w, max(0.0, min(1.0, p)), t, t + step))
            t += step
        return out


class WhisperModel:
    """A loaded CTranslate2 Whisper model and this bear's recognizer for it (engine thread only)."""

    def __init__(self, folder: Path, stt_cfg, max_utterance_s: float = 15.0):
        logging.getLogger("faster_whisper").setLevel(logging.WARNING)
        from faster_whisper import WhisperModel as FasterWhisper

        # int8 weights (the files are float16); one worker; threads from the config.
        self.model = FasterWhisper(str(folder), device="cpu", compute_type="int8",
                                   cpu_threads=stt_cfg.whisper_threads, num_workers=1, local_files_only=True)
        self.recognizer = WhisperRecognizer(self.model, beam=stt_cfg.whisper_beam,
                                            max_seconds=max_utterance_s + 1.0, window_s=stt_cfg.whisper_window_s)
        self._warm_up()

    def _warm_up(self) -> None:
        """One decode at load time: the first one pays for CTranslate2's buffers (~1 s instead of
        ~0.3 s here), which belongs to loading, not to the child's first request."""
        import numpy as np

        rec = self.recognizer
        rec.start()
        rec.accept((np.sin(np.arange(SR) * 0.05) * 3000).astype(np.int16))
        rec.final()

    def close(self) -> None:
        model, self.model, self.recognizer = self.model, None, None
        if model is not None:
            try:
                model.model.unload_model()  # frees CTranslate2's weights now, not when collected
            except Exception:  # dropping the reference frees them too
                pass
