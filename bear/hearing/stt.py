"""Speech-to-text: choosing and registering the engine (Vosk streaming in production, Whisper when
it is installed and more accurate, PocketSphinx as the fallback), and `SpeechToText`, the asyncio face
of its recognizer that the rest of the bear awaits.

A recognizer (`bear.hearing.types.Recognizer`) decodes one utterance at a time: `start()`,
`accept(samples)` as audio arrives, `partial()` for the words so far, `final()` for the result,
`reset()` to abandon it. Its methods are blocking and run only on the engine's own thread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bear.hearing.types import Transcript

log = logging.getLogger(__name__)

SPHINX = "pocketsphinx-en-us"  # builtin model name (bundled in the pocketsphinx package)


@dataclass(frozen=True)
class EngineChoice:
    """Which STT engine and model the configuration chooses, and why."""

    engine: str  # "vosk" | "pocketsphinx" | "whisper"
    model: str  # registry name
    reason: str


def choose_engine(cfg, registry) -> EngineChoice:
    """Which engine runs, and why (logged at start so a technician can see it).

    `auto`: Whisper when its model is installed (children's WER 0.39 against PocketSphinx's 0.9,
    final text ~0.3 s after the end of speech here, ~1 s on a Pi-sized slice: README, "Choosing
    the speech-to-text engine"), else Vosk when its model is installed, else PocketSphinx.
    """
    stt = cfg.stt

    def installed(name: str) -> bool:
        return name in registry.manifest.names() and registry.installed(name)

    def missing(name: str) -> str:
        return "" if installed(name) else f" (but {name} is not installed: speech-to-text will be unavailable)"

    if stt.engine == "pocketsphinx":
        return EngineChoice("pocketsphinx", SPHINX, "stt.engine = pocketsphinx")
    if stt.engine == "whisper":
        return EngineChoice("whisper", stt.whisper_model, "stt.engine = whisper" + missing(stt.whisper_model))
    if stt.engine == "vosk":
        return EngineChoice("vosk", stt.vosk_model, "stt.engine = vosk" + missing(stt.vosk_model))
    if installed(stt.whisper_model):
        return EngineChoice("whisper", stt.whisper_model, f"auto: Whisper model {stt.whisper_model} is installed")
    if installed(stt.vosk_model):
        return EngineChoice("vosk", stt.vosk_model, f"auto: Whisper model {stt.whisper_model} is not installed; "
                            f"Vosk model {stt.vosk_model} is")
    return EngineChoice("pocketsphinx", SPHINX, f"auto: neither Whisper ({stt.whisper_model}) nor Vosk "
                        f"({stt.vosk_model}) is installed; using the PocketSphinx fallback")


def register_engine(cfg, registry) -> EngineChoice:
    """Register the chosen engine's model with the registry (on the "stt" thread)."""
    choice = choose_engine(cfg, registry)
    if choice.engine == "vosk":
        from bear.hearing.vosk_engine import VoskModel

        registry.register(choice.model, lambda folder: VoskModel(folder, cfg.stt, cfg.paths.runtime_dir),
                          thread="stt")
    elif choice.engine == "whisper":
        from bear.hearing.whisper_engine import WhisperModel

        registry.register(choice.model, lambda folder: WhisperModel(folder, cfg.stt, cfg.listen.max_utterance_s),
                          thread="stt")
    else:
        from bear.hearing.sphinx_process import SphinxProcess

        def load_sphinx(_folder):
            lm = sphinx_lm_files(cfg, registry)
            if cfg.stt.sphinx_process:
                return SphinxProcess(cfg.wake.phrase, cfg.wake.sensitivity, cfg.stt.sphinx_warp, *lm)
            from bear.hearing.sphinx import SphinxModel, log_pronounced

            model = SphinxModel(cfg.wake.phrase, cfg.wake.sensitivity, cfg.stt.sphinx_warp,
                                lm=lm[0] if lm else None, dic=lm[1] if lm else None)
            log_pronounced(model.added)
            return model

        registry.register(SPHINX, load_sphinx, thread="stt", builtin_role="stt")
    log.info("event=stt_engine engine=%s model=%s reason=%r", choice.engine, choice.model, choice.reason)
    return choice


def sphinx_lm_files(cfg, registry) -> tuple[str, str] | tuple[()]:
    """(lm, dict) paths of the configured PocketSphinx LM model; () = the bundled full model.

    A missing or corrupt small model is refused by checksum and the full one is used instead.
    """
    from bear.models.manifest import ModelUnavailable

    name = cfg.stt.sphinx_lm
    if name == "full":
        return ()
    try:
        folder = registry.verifier.require(registry.manifest.get(name))
        return str(next(folder.glob("*.lm.bin"))), str(next(folder.glob("*.dict")))
    except (ModelUnavailable, StopIteration) as exc:
        log.error("event=stt_lm_unavailable name=%s fallback=full reason=%r", name, str(exc))
        return ()


class SpeechToText:
    """Async access to the engine's recognizer; every call runs on the engine thread."""

    def __init__(self, registry, model: str, *, decodes_at_end: bool = False):
        self.registry = registry
        self.model = model
        self.decodes_at_end = decodes_at_end  # Whisper: `early()` pays (a streaming engine's final is quick)

    async def start(self) -> None:
        """Begin an utterance."""
        await self.registry.run(self.model, lambda m: m.recognizer.start())

    async def accept(self, samples) -> None:
        """Feed int16 samples of the open utterance."""
        await self.registry.run(self.model, lambda m: m.recognizer.accept(samples))

    async def partial(self) -> str:
        """The text so far (may be empty)."""
        return await self.registry.run(self.model, lambda m: m.recognizer.partial())

    async def final(self) -> Transcript:
        """Close the utterance; its transcript."""
        return await self.registry.run(self.model, lambda m: m.recognizer.final())

    async def early(self) -> Transcript:
        """The transcript of what was heard so far, the utterance kept open (engines that decode
        at the end only: `decodes_at_end`)."""
        return await self.registry.run(self.model, lambda m: m.recognizer.early())

    async def reset(self) -> None:
        """Drop the open utterance."""
        await self.registry.run(self.model, lambda m: m.recognizer.reset())

    async def transcribe(self, samples, chunk: int = 4000) -> Transcript:
        """Decode a whole recording (16 kHz int16) as one utterance, streaming it in chunks."""
        def run(m):
            rec = m.recognizer
            rec.start()
            for i in range(0, len(samples), chunk):
                rec.accept(samples[i:i + chunk])
            return rec.final()

        return await self.registry.run(self.model, run)
