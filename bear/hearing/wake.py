"""Wake engines: the spoken phrase (spotted by the speech-to-text engine) or an openWakeWord head.

Both see every 32 ms frame with its absolute sample index and return where a wake ended
(`Wake.end`, an absolute sample index: the utterance starts there, so "hey teddy tell me a
joke" said in one breath yields "tell me a joke"). The phrase spotter has a second stage: the
phrase must begin within `onset_window_ms` of the start of speech after a pause, as a child's
call to the bear does; phrase-like sounds in the middle of running speech are ignored. With
`wake.verify = "whisper"` a third: Whisper transcribes the candidate (bear.hearing.verify) and the
wake stands only if the phrase is in what it heard; or, once a voice has enrolled the phrase
(`bear enrol`), the candidate's openWakeWord embeddings must be near an enrolled recording's
(bear.hearing.enrol), with the spotter made eager (`wake.enrol_sensitivity`).
"""

from __future__ import annotations

import logging
import time
from collections import deque

from bear.hearing.stt import SPHINX
from bear.hearing.types import SR, Hit, Wake

VERIFY_HISTORY_S = 4  # audio the phrase spotter keeps for its verifier
SPHINX_WAKE = "pocketsphinx-wake"  # builtin: PocketSphinx's keyphrase spotter without its language model

log = logging.getLogger(__name__)


class PhraseWake:
    """Spots `wake.phrase` with the STT engine: PocketSphinx keyphrase search, or a Vosk grammar.

    `gated`: the listener may leave out long quiet stretches (the spotter restarts at the gap).
    """

    gated = True

    def __init__(self, cfg, registry, stt_model: str, engine: str, verifier=None, fallback=None):
        self.registry = registry
        self.verifier = verifier  # bear.hearing.verify.WhisperVerifier, bear.hearing.enrol.EnrolVerifier or None
        self._fallback = fallback  # the verifier once the enrolment is forgotten
        self._default_sensitivity = cfg.wake.sensitivity
        self.sensitivity = cfg.wake.enrol_sensitivity if self.enrolled else cfg.wake.sensitivity  # read at load
        self._heard: deque = deque()  # (index, frame): the last seconds, for the verifier
        self.model = stt_model
        self.engine = engine
        from bear.hearing.pronounce import phrase_words

        self.phrase = " ".join(phrase_words(cfg.wake.phrase))  # "Hey, Teddy!" is spotted as "hey teddy"
        self.onset_window = cfg.wake.onset_window_ms * SR // 1000
        self.onsets: deque[int] = deque(maxlen=32)  # absolute sample indices of speech onsets
        self.rejected = 0
        self._vosk = None

    def onset(self, index: int) -> None:
        """A speech onset at absolute sample `index` (the onset rule's anchor)."""
        self.onsets.append(index)

    def _accepted(self, hit: Hit, require_onset: bool = True) -> bool:
        if not self.onset_window or not require_onset:
            return True
        return any(abs(hit.start - onset) <= self.onset_window for onset in self.onsets)

    async def feed(self, index: int, frame, *, quiet: bool, require_onset: bool = True) -> Wake | None:
        """Spot the phrase in `frame` (starting at absolute sample `index`). `require_onset` is
        False while the bear speaks: its voice hides the child's speech onset (barge-in)."""
        if self.engine == "pocketsphinx":
            hits = await self.registry.run(self.model, lambda m: m.spotter.accept(frame, quiet, index))
        else:
            hits = await self.registry.run(self.model, self._vosk_accept, index, frame, quiet)
        if self.verifier is not None:
            self._remember(index, frame)
        for hit in hits:
            if not self._accepted(hit, require_onset):
                self.rejected += 1
                log.debug("event=wake_rejected reason=not_at_speech_onset start_s=%.2f", hit.start / SR)
                continue
            if self.verifier is not None and not await self._verified(hit, index + len(frame)):
                continue
            return Wake(hit.start, hit.end, f"phrase/{self.engine}")
        return None

    def _remember(self, index: int, frame) -> None:
        if self._heard and self._heard[-1][0] + len(self._heard[-1][1]) != index:
            self._heard.clear()  # a gap (the spotter rested): what came before is not contiguous
        self._heard.append((index, frame))
        while self._heard and self._heard[0][0] + len(self._heard[0][1]) < index - VERIFY_HISTORY_S * SR:
            self._heard.popleft()

    async def _verified(self, hit: Hit, end: int) -> bool:
        """The verifier's opinion (Whisper, or the enrolled templates) on the audio from just before the
        phrase to what has been heard."""
        import numpy as np

        from bear.models.manifest import ModelUnavailable
        from bear.hearing.types import EngineFailure

        verifier = self.verifier
        start = hit.start - int(verifier.before_s * SR)
        parts = [f[max(0, start - i):] for i, f in self._heard if i + len(f) > start]
        if verifier.pad and self._heard and self._heard[0][0] > start:  # not heard (the spotter rested): zeros
            parts.insert(0, np.zeros(self._heard[0][0] - start, np.int16))
        audio = np.concatenate(parts or [np.zeros(0, np.int16)])
        t0 = time.perf_counter()
        try:
            ok, score = await verifier.check(audio)
        except (ModelUnavailable, EngineFailure) as exc:  # no verifier now: the spotter alone decides
            log.warning("event=wake_verify_unavailable verifier=%s error=%r", verifier.kind, str(exc))
            return True
        ms = (time.perf_counter() - t0) * 1000
        if ok:
            log.info("event=wake_verified verifier=%s %s=%.3f verify_ms=%.0f", verifier.kind, verifier.score_name,
                     score, ms)
        else:
            self.rejected += 1
            log.info("event=wake_rejected reason=verify verifier=%s %s=%.3f verify_ms=%.0f start_s=%.2f",
                     verifier.kind, verifier.score_name, score, ms, hit.start / SR)
        return ok

    @property
    def enrolled(self) -> bool:
        """True while an enrolled voice verifies the candidates."""
        return getattr(self.verifier, "kind", None) == "enrol"

    async def forget_enrolment(self) -> None:
        """`bear forget` while the bear runs: drop the enrolled templates; the spotter goes back to
        `wake.sensitivity` (reloaded at its next use) and to `wake.verify`."""
        if not self.enrolled:
            return
        self.verifier, self.sensitivity = self._fallback, self._default_sensitivity
        log.info("event=wake_enrolment state=off reason=forgotten sensitivity=%.2f", self.sensitivity)
        if self.engine == "pocketsphinx" and self.model == SPHINX_WAKE:
            await self.registry.unload(self.model)

    async def restart(self, index: int, new_channel: bool = False) -> None:
        """Start the phrase search afresh at absolute sample `index`."""
        if self.engine == "pocketsphinx":
            await self.registry.run(self.model, lambda m: m.spotter.start(index, new_channel))
        else:
            self._vosk = None

    def _vosk_accept(self, model, index: int, frame, quiet: bool) -> list[Hit]:
        """Vosk grammar spotting (engine thread): decoded only while there is speech."""
        if quiet and self._vosk is None:
            return []
        if self._vosk is None:
            self._vosk = (model.spotter(self.phrase), index)
            self._vosk[0].start()
        rec, base = self._vosk
        rec.accept(frame)
        if self.phrase in rec.partial() or quiet:
            result = rec.final()
            self._vosk = None
            words = self.phrase.split()
            for i in range(len(result.words) - len(words) + 1):
                if [w.word for w in result.words[i:i + len(words)]] == words:
                    return [Hit(base + int(result.words[i].start_s * SR),
                                base + int(result.words[i + len(words) - 1].end_s * SR))]
        return []


class OwwWake:
    """An openWakeWord head; a wake is the end of the chunk whose score first crosses the threshold.

    Gated like the phrase spotter: in a quiet room the listener stops feeding it (no embeddings are
    computed: the idle CPU is the VAD's), and when speech returns it feeds from half a second before
    it; the model then starts afresh (a head scores 1.28 s of embeddings, and openWakeWord's reset
    fills them with a quiet-noise history, as at the start of a stream)."""

    gated = True

    def __init__(self, cfg, registry, model: str):
        self.registry = registry
        self.model = model
        self.threshold = cfg.wake.openwakeword_threshold
        self._above = False
        self._next: int | None = None  # the sample after the last one fed: a gap resets the stream

    def onset(self, index: int) -> None:
        """openWakeWord needs no onsets: its features see the whole stream while there is speech."""
        pass

    async def feed(self, index: int, frame, *, quiet: bool, require_onset: bool = True) -> Wake | None:
        """Score `frame` (starting at absolute sample `index`); a Wake when the head's score crosses the threshold."""
        gap = self._next is not None and index != self._next
        self._next = index + len(frame)
        if gap:
            self._above = False
        def scored(model):
            if gap:
                model.reset()
            return model.accept(frame)

        scores = await self.registry.run(self.model, scored)
        for score in scores:
            if score >= self.threshold and not self._above:
                self._above = True
                end = index + len(frame)
                return Wake(max(0, end - SR), end, f"openwakeword/{self.model}", score)
            if score < self.threshold / 2:
                self._above = False
        return None

    async def restart(self, index: int, new_channel: bool = False) -> None:
        """Forget the scores so far (the next crossing is a new wake)."""
        self._above = False
        self._next = None
        await self.registry.run(self.model, lambda m: m.reset())


def make_wake(cfg, registry, stt_choice):
    """The configured wake engine (registering what it loads), or None for button-only."""
    if cfg.wake.engine == "none":
        return None
    if cfg.wake.engine == "openwakeword":
        return _head_wake(cfg, registry, cfg.wake.openwakeword_model)
    head = trained_head(cfg, registry)
    if head:
        log.info("event=wake_head head=%s phrase=%r", head, cfg.wake.phrase)
        if cfg.wake.enrolment == "auto" and enrol_path_exists(cfg):
            log.warning("event=wake_enrolment state=off reason=%r", f"{head}, trained on real voices, spots the "
                        f"phrase (wake.trained_head = false to use the enrolment)")
        return _head_wake(cfg, registry, head)
    if stt_choice.engine == "whisper":  # Whisper cannot stream: PocketSphinx spots the phrase
        verifier = None
        if cfg.wake.verify == "whisper":
            from bear.hearing.verify import WhisperVerifier

            verifier = WhisperVerifier(registry, stt_choice.model, cfg.wake.phrase, cfg.wake.verify_similarity)
        enrolled = _enrol_verifier(cfg, registry)
        wake = PhraseWake(cfg, registry, SPHINX_WAKE, "pocketsphinx", enrolled or verifier, fallback=verifier)
        register_sphinx_spotter(cfg, registry, lambda: wake.sensitivity)
        return wake
    if cfg.wake.enrolment == "auto" and enrol_path_exists(cfg):
        log.warning("event=wake_enrolment state=off reason=%r", f"an enrolment needs the Whisper speech-to-text "
                    f"engine (PocketSphinx spots the phrase beside it); {stt_choice.engine} runs")
    if cfg.wake.verify == "whisper":
        log.warning("event=wake_verify_unavailable error=%r", f"wake.verify = whisper needs the Whisper speech-to-text "
                    f"engine; {stt_choice.engine} runs: the spotter alone decides")
    model = SPHINX if stt_choice.engine == "pocketsphinx" else stt_choice.model
    return PhraseWake(cfg, registry, model, stt_choice.engine)


def trained_head(cfg, registry) -> str | None:
    """The installed head trained on real voices for `wake.phrase` (wake-head-<words joined by ->), if wanted."""
    from bear.hearing.pronounce import phrase_words

    if not cfg.wake.trained_head:
        return None
    name = "wake-head-" + "-".join(phrase_words(cfg.wake.phrase))
    if name not in registry.manifest.names():
        return None
    if not registry.installed(name):
        log.warning("event=wake_head_missing head=%s reason=%r", name, "not installed or fails its checksums "
                    "(bear models fetch): the phrase is spotted instead")
        return None
    return name


def _head_wake(cfg, registry, head: str) -> OwwWake:
    from bear.hearing.oww import OwwModel

    frontend = registry.manifest.get("openwakeword-frontend")
    registry.register(head, lambda folder: OwwModel(registry.verifier.require(frontend), next(folder.glob("*.onnx"))),
                      thread="wake")
    return OwwWake(cfg, registry, head)


def enrol_path_exists(cfg) -> bool:
    """True if `bear enrol` has left templates in the data folder."""
    from bear.hearing.enrol import template_path

    return template_path(cfg.paths.data_dir).exists()


def _enrol_verifier(cfg, registry):
    """The enrolled voice's verifier (registering the openWakeWord front end on the "wake" thread),
    or None when nobody enrolled the configured phrase or the front end is not installed."""
    if cfg.wake.enrolment == "off" or not enrol_path_exists(cfg):
        return None
    from bear.hearing.enrol import FRONTEND, EnrolVerifier, Embedder, load_enrolment

    templates = load_enrolment(cfg)
    if templates is None:
        return None
    if not registry.installed(FRONTEND):
        log.error("event=wake_enrolment state=off reason=%r", f"model {FRONTEND} is not installed")
        return None
    registry.register(FRONTEND, Embedder, thread="wake")
    log.info("event=wake_enrolment state=on clips=%d sensitivity=%.2f max_distance=%.3f", len(templates.sequences),
             cfg.wake.enrol_sensitivity, cfg.wake.enrol_distance)
    return EnrolVerifier(registry, templates, cfg.wake.enrol_distance)


def register_sphinx_spotter(cfg, registry, sensitivity=None) -> None:
    """PocketSphinx as the wake spotter alone (next to a non-streaming STT engine): keyphrase
    search only, no language model, on its own "wake" thread (a Whisper decode on the "stt"
    thread never delays it). `sensitivity()`, read at each load, defaults to `wake.sensitivity`."""
    def load(_folder):
        s = cfg.wake.sensitivity if sensitivity is None else sensitivity()
        if cfg.stt.sphinx_process:
            from bear.hearing.sphinx_process import SphinxProcess

            return SphinxProcess(cfg.wake.phrase, s, cfg.stt.sphinx_warp, spotter_only=True)
        from bear.hearing.sphinx import SphinxModel, log_pronounced

        model = SphinxModel(cfg.wake.phrase, s, cfg.stt.sphinx_warp, spotter_only=True)
        log_pronounced(model.added)
        return model

    registry.register(SPHINX_WAKE, load, thread="wake", builtin_role="wake")
