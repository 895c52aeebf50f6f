"""PocketSphinx: the English fallback recogniser (bundled acoustic model, dictionary and LM)
and the keyphrase spotter for the wake phrase.

One decoder serves both, switching between its language-model search (utterances) and its
keyphrase search (waiting for the wake phrase). Keeping one decoder running keeps its live
cepstral mean normalisation adapted to the room, which matters for streaming accuracy.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile

from bear.hearing.types import Hit, Transcript, Word

log = logging.getLogger(__name__)

LM_SEARCH = "_default"
WAKE_SEARCH = "wake"
FRAME_SAMPLES = 160  # PocketSphinx frames are 10 ms
RESTART_AFTER_SAMPLES = 20 * 16000  # restart a quiet keyphrase search every 20 s of audio


# keyphrase threshold exponent per phone at sensitivity 0 and 1: the default 0.3 gives 3.5 (for "hey
# teddy", 6 phones, the 1e-21 it always had); 0.8 gives 6.0, the eager end measured on real voices
# (scripts/tune_wake.py: "athena" 87 % found by the spotter, for Whisper's verification to sort out)
EXP_STRICT, EXP_EAGER = 2.0, 7.0


def threshold_exponent(sensitivity: float) -> float:
    """Sensitivity 0 (strict) .. 1 (eager) as the keyphrase threshold's exponent per phone."""
    return EXP_STRICT + (EXP_EAGER - EXP_STRICT) * sensitivity


def kws_threshold(sensitivity: float, phones: int = 6, exponent: float | None = None) -> float:
    """PocketSphinx's keyphrase threshold for a phrase of `phones` phones: 10^-(exponent x phones).
    A longer phrase accumulates more acoustic evidence, so the same eagerness needs a threshold
    that scales with its length (one fixed threshold made long phrases deaf, short ones jumpy)."""
    return 10.0 ** -((threshold_exponent(sensitivity) if exponent is None else exponent) * phones)


def _pcm(samples) -> bytes:
    """16-bit PCM bytes from an int16 array (or bytes already: the decoder process gets bytes,
    so it never needs numpy)."""
    return samples if isinstance(samples, (bytes, bytearray)) else samples.tobytes()


def _clean(word: str) -> str | None:
    if word.startswith(("<", "[", "+")):
        return None
    return re.sub(r"\(\d+\)$", "", word)


def phrase_dictionary(phrase: str, dic: str | None = None) -> tuple[str, dict[str, str]]:
    """A temporary dictionary file holding only the pronunciations of the phrase's words (taken
    from `dic`, default the bundled CMUdict), and of words it lacks made up by espeak-ng
    (bear.hearing.pronounce): (its path, the made-up {word: phones}). The caller deletes it."""
    from bear.hearing.pronounce import pronunciations

    if dic is None:
        from pocketsphinx import get_model_path

        dic = os.path.join(get_model_path(), "en-us", "cmudict-en-us.dict")
    words = set(phrase.split())
    lines, found = [], set()
    with open(dic, encoding="utf-8", errors="replace") as f:
        for line in f:
            head = re.sub(r"\(\d+\)$", "", line.split(maxsplit=1)[0] if line.strip() else "")
            if head in words:
                found.add(head)
                lines.append(line if line.endswith("\n") else line + "\n")
    added = pronunciations(phrase.split(), found.__contains__)
    lines += [f"{word} {phones}\n" for word, phones in added.items()]
    fd, path = tempfile.mkstemp(prefix="bear-wake-", suffix=".dict")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.writelines(lines)
    return path, added


def log_pronounced(added: dict[str, str]) -> None:
    """Log the pronunciations made up for the phrase's words outside the dictionary (in the bear's
    process: the decoder process does not log)."""
    for word, phones in added.items():
        log.info("event=wake_word_pronounced word=%s phones=%r source=espeak-ng", word, phones)


class SphinxModel:
    """The loaded decoder, its utterance recogniser and its phrase spotter (engine thread only)."""

    def __init__(self, phrase: str = "hey teddy", sensitivity: float = 0.3, warp: float = 0.9, *,
                 lm: str | None = None, dic: str | None = None, spotter_only: bool = False,
                 threshold_exp: float | None = None):
        from pocketsphinx import Decoder

        # fwdflat off: the second pass costs ~300 ms at the end of every utterance for 1 % WER.
        # warp: vocal-tract-length normalisation (inverse-linear frequency warp) for the higher
        # voices of children; 1.0 turns it off.
        warping = {} if warp == 1.0 else {"warp_type": "inverse_linear", "warp_params": f"{warp:g}"}
        # lm/dic: a smaller language model and its dictionary (scripts/prune_lm.py); None = bundled
        files = {k: v for k, v in (("lm", lm), ("dict", dic)) if v}
        from bear.hearing.pronounce import WakePhraseError, phrase_problem, phrase_words, pronunciations

        # a phrase that cannot be spoken is refused here too (the config check names it at startup)
        problem = phrase_problem(phrase)
        if problem:
            raise WakePhraseError(f"wake phrase {problem}")
        self.phrase = " ".join(phrase_words(phrase))
        tiny: str | None = None
        self.added: dict[str, str] = {}  # made-up pronunciations: word -> CMU phones
        if spotter_only:  # only the keyphrase search: no LM, a dictionary of the phrase's words (~6 MB, not ~53)
            tiny, self.added = phrase_dictionary(self.phrase, dic)
            files = {"lm": None, "dict": tiny}
        try:
            self.decoder = Decoder(samprate=16000, logfn="/dev/null", fwdflat=False,
                                   **warping, **files)
        finally:
            if tiny:
                os.unlink(tiny)
        self.mode: str | None = None
        self.recognizer = SphinxRecognizer(self)
        if not spotter_only:  # words outside the dictionary ("chatterbox"): pronounced by espeak-ng's rules
            self.added = pronunciations(self.phrase.split(), lambda w: self.decoder.lookup_word(w) is not None)
            for word, phones in self.added.items():
                self.decoder.add_word(word, phones, True)
        self.phones = sum(len((self.decoder.lookup_word(w) or "").split()) for w in self.phrase.split())
        self.threshold = kws_threshold(sensitivity, self.phones, threshold_exp)
        self.decoder.config["kws_threshold"] = self.threshold  # read when the search is made
        self.decoder.add_keyphrase(WAKE_SEARCH, self.phrase)
        self.initial_cmn = self.decoder.get_cmn()
        self.spotter = SphinxSpotter(self)

    def switch(self, mode: str) -> None:
        """End whatever utterance is open and activate the search for `mode` ("lm" | "kws")."""
        if self.mode is not None:
            self.decoder.end_utt()
        self.decoder.activate_search(LM_SEARCH if mode == "lm" else WAKE_SEARCH)
        self.decoder.start_utt()
        self.mode = mode

    def idle(self) -> None:
        """End the open search, if any (the decoder rests)."""
        if self.mode is not None:
            self.decoder.end_utt()
            self.mode = None

    def close(self) -> None:
        """Release the decoder (engine thread only)."""
        self.idle()
        self.decoder = None


class SphinxRecognizer:
    """PocketSphinx's language-model search over one utterance (the shared decoder's "lm" mode)."""

    name = "pocketsphinx"

    def __init__(self, owner: SphinxModel):
        self._owner = owner

    def start(self) -> None:
        """Begin an utterance (ends the phrase search)."""
        self._owner.switch("lm")

    def accept(self, samples) -> None:
        """Decode `samples` (int16) into the open utterance."""
        if self._owner.mode != "lm":
            self.start()
        self._owner.decoder.process_raw(_pcm(samples))

    def partial(self) -> str:
        """The best hypothesis so far (empty outside an utterance)."""
        hyp = self._owner.decoder.hyp() if self._owner.mode == "lm" else None
        return " ".join(w for w in (hyp.hypstr.split() if hyp else []))

    def final(self) -> Transcript:
        """End the utterance: its transcript, words with times and confidence."""
        owner = self._owner
        if owner.mode != "lm":
            return Transcript("", (), self.name)
        dec = owner.decoder
        dec.end_utt()
        owner.mode = None
        hyp = dec.hyp()
        words = []
        for seg in dec.seg() or ():  # None for an utterance under ~65 ms
            word = _clean(seg.word)
            if word:
                words.append(Word(word, min(1.0, dec.logmath.exp(seg.prob)), seg.start_frame / 100,
                                  (seg.end_frame + 1) / 100))
        text = " ".join(w.word for w in words) if words else (hyp.hypstr if hyp else "")
        return Transcript(text, tuple(words), self.name)

    def transcribe_whole(self, samples) -> Transcript:
        """Decode a complete recording in one pass (utterance-level normalisation: best accuracy),
        independent of whatever the live stream has taught the decoder."""
        dec = self._owner.decoder
        live = dec.get_cmn()
        self._owner.switch("lm")
        dec.set_cmn(self._owner.initial_cmn)
        dec.process_raw(_pcm(samples), full_utt=True)
        result = self.final()
        dec.set_cmn(live)
        return result

    def reset(self) -> None:
        """Drop the open utterance without a result."""
        if self._owner.mode == "lm":
            self._owner.idle()


class SphinxSpotter:
    """Keyphrase search over a continuous stream; reports where each phrase starts and ends."""

    def __init__(self, owner: SphinxModel):
        self._owner = owner
        self._base = 0  # stream sample index where the open keyphrase utterance began
        self._fed = 0  # samples fed since the stream started

    def start(self, stream_index: int = 0, new_channel: bool = False) -> None:
        """(Re)start the search at `stream_index`. `new_channel`: the audio now comes from another
        recording or microphone, so forget the normalisation learnt from the previous one."""
        self._owner.switch("kws")
        if new_channel:
            self._owner.decoder.set_cmn(self._owner.initial_cmn)
        self._base = self._fed = stream_index

    def accept(self, samples, quiet: bool = False, index: int | None = None) -> list[Hit]:
        """Feed audio that starts at stream sample `index` (default: where the last call ended;
        after a gap the search restarts there)."""
        owner = self._owner
        if owner.mode != "kws" or (index is not None and index != self._fed):
            self.start(self._fed if index is None else index)
        pcm = _pcm(samples)
        owner.decoder.process_raw(pcm)
        self._fed += len(pcm) // 2
        hits = []
        if owner.decoder.hyp() is not None:
            segs = [s for s in owner.decoder.seg() if _clean(s.word)]
            if segs:
                hits.append(Hit(self._base + segs[0].start_frame * FRAME_SAMPLES,
                                self._base + (segs[-1].end_frame + 1) * FRAME_SAMPLES))
            self.start(self._fed)  # restart the search after a hit
        elif quiet and self._fed - self._base > RESTART_AFTER_SAMPLES:
            self.start(self._fed)
        return hits

    def stop(self) -> None:
        """End the phrase search (the decoder rests)."""
        if self._owner.mode == "kws":
            self._owner.idle()
