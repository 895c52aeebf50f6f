"""`bear transcribe`, `bear listen`, `bear eval stt`, `bear eval wake` (the last two in their own modules)."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from bear.audio.files import AudioFileError
from bear.hearing.offline import build, drive, read_recording, registry_for, transcribe_file
from bear.hearing.types import SR, EngineFailure


def transcribe(cfg, files, out=None) -> int:
    """`bear transcribe`: each recording's transcript with its timing; returns the exit code."""
    out = out or sys.stdout

    async def main():
        _, registry, hearing = build(cfg)
        code = 0
        try:
            for f in files:
                try:
                    samples = await asyncio.to_thread(read_recording, f)
                    text = (await transcribe_file(hearing, samples)).text
                except (AudioFileError, EngineFailure) as exc:
                    print(f"bear: {exc}" if isinstance(exc, AudioFileError) else f"bear: {f}: {exc}", file=sys.stderr)
                    code = 1
                    print("", file=out)
                    continue
                print(text, file=out, flush=True)
        finally:
            registry.close()
        return code

    return asyncio.run(main())


def listen(cfg, path: Path, out=None, *, press_at: float | None = None) -> int:
    """`bear listen`: a recording through the whole hearing pipeline (VAD, wake or paw press at
    `press_at`, speech-to-text), one line per utterance; returns the exit code."""
    out = out or sys.stdout
    from bear.loop_monitor import LoopMonitor

    async def main():
        ring, registry, hearing = build(cfg)
        await hearing.preload(lambda exc: print(f"bear: {exc}", file=sys.stderr))
        monitor = LoopMonitor()  # steady state: loading models is not part of listening
        mon = asyncio.create_task(monitor.run())
        try:
            samples = await asyncio.to_thread(read_recording, path)
            listener = hearing.listener
            t0 = time.perf_counter()
            await drive(ring, listener, samples, tail_s=cfg.listen.trailing_silence_ms / 1000 + 1.0,
                         press_at=press_at)
            wall = time.perf_counter() - t0
            n = 0
            while not listener.utterances.empty():
                u = listener.utterances.get_nowait()
                n += 1
                speech = f"{u.speech_start_s:.2f}-{u.speech_end_s:.2f}s" if u.speech_start_s is not None else "none"
                print(f"utterance {n}: trigger={u.trigger} engine={u.engine} at={u.trigger_s:.2f}s speech={speech} "
                      f"endpoint={u.endpoint_s:.2f}s ({u.reason}) stt_final_ms={u.stt_final_ms:.1f} "
                      f"text={u.text!r}", file=out)
            print(f"utterances={n} audio_s={len(samples) / SR:.2f} processing_s={wall:.2f} "
                  f"max_loop_stall_ms={monitor.max_stall_ms:.1f} engine={hearing.choice.engine}", file=out)
        except AudioFileError as exc:
            print(f"bear: {exc}", file=sys.stderr)
            return 1
        finally:
            mon.cancel()
            registry.close()
        return 0

    return asyncio.run(main())


def eval_stt(cfg, manifest: Path, out=None, *, stream: bool = False, listen: bool = False,
             group: str | None = None) -> int:
    """Word error rate over a manifest, with CPU, latency and RSS figures (see bear.hearing.eval_stt)."""
    from bear.hearing.eval_stt import eval_stt as run

    return run(cfg, manifest, out, stream=stream, listen=listen, group=group)


def eval_wake(cfg, positives: Path, negatives: Path, out=None, *, snr_db: float | None = None,
              noise_dir: Path | None = None) -> int:
    """Detection, false accepts, latency and CPU of the wake engine (see bear.hearing.eval_wake)."""
    from bear.hearing.eval_wake import eval_wake as run

    return run(cfg, positives, negatives, out, snr_db=snr_db, noise_dir=noise_dir)


def _phrase_heard(cfg, registry, phrase: str):
    """`heard(audio)`: the phrase spotter at sensitivity 0.5 finds `phrase` in the clip, or Whisper
    (when installed) hears it (spelling similarity at least 0.6, as bear.hearing.verify measures it)."""
    import numpy as np

    from bear.hearing.sphinx import SphinxModel
    from bear.hearing.verify import phrase_similarity, whisper_check

    model = SphinxModel(phrase, 0.5, cfg.stt.sphinx_warp, spotter_only=True)
    whisper = None
    if registry.installed(cfg.stt.whisper_model):
        from bear.hearing.whisper_engine import WhisperModel

        whisper = WhisperModel(registry.verifier.require(registry.manifest.get(cfg.stt.whisper_model)), cfg.stt)

    def heard(audio) -> bool:
        model.spotter.start(0, new_channel=True)
        padded = np.concatenate((audio, np.zeros(SR // 2, np.int16)))
        block = 1536
        if any(model.spotter.accept(padded[i:i + block]) for i in range(0, len(padded) - block + 1, block)):
            return True
        return whisper is not None and phrase_similarity(whisper_check(whisper, audio), phrase) >= 0.6

    return heard


def enrol(cfg, files: list[Path], out=None) -> int:
    """`bear enrol FILE...`: the wake phrase said 3-8 times by one voice becomes the enrolled
    templates (openWakeWord embeddings only, never the audio) in the data folder; the exit code."""
    import logging

    from bear.hearing.enrol import FRONTEND, Embedder, EnrolError, build_templates, template_path
    from bear.hearing.pronounce import phrase_words
    from bear.hearing.vad import MODEL as VAD_MODEL, load_silero
    from bear.models.manifest import ModelUnavailable

    out = out or sys.stdout
    if cfg.wake.engine != "phrase":
        print(f"bear: enrol: wake.engine = {cfg.wake.engine}: only a spoken phrase (wake.engine = \"phrase\") "
              f"can be enrolled", file=sys.stderr)
        return 2
    registry = registry_for(cfg)
    try:
        frontend = registry.verifier.require(registry.manifest.get(FRONTEND))
        vad_dir = registry.verifier.require(registry.manifest.get(VAD_MODEL))
    except ModelUnavailable as exc:
        print(f"bear: enrol: {exc} (bear models fetch)", file=sys.stderr)
        return 1
    clips = []
    for f in files:
        try:
            clips.append((f.name, read_recording(f)))
        except (AudioFileError, OSError) as exc:
            print(f"bear: enrol: {exc}", file=sys.stderr)
            return 2
    phrase = " ".join(phrase_words(cfg.wake.phrase))
    try:
        templates = build_templates(Embedder(frontend), load_silero(vad_dir), clips, phrase,
                                    _phrase_heard(cfg, registry, phrase))
    except EnrolError as exc:
        print(f"bear: enrol: refused: {exc}", file=sys.stderr)
        return 1
    path = template_path(cfg.paths.data_dir)
    templates.save(path)
    logging.getLogger(__name__).info("event=wake_enrolled clips=%d", len(clips))
    print(f"Enrolled {phrase!r} from {len(clips)} recordings in {path} (speech features only, no audio; "
          f"`bear forget` erases them). A running bear uses them after a restart (sudo systemctl restart bear).",
          file=out)
    from bear.hearing.wake import trained_head

    head = trained_head(cfg, registry)
    if head:
        print(f"Note: {head}, trained on real voices, spots {phrase!r}: the enrolment is used only with "
              f"wake.trained_head = false.", file=out)
    return 0
