"""`bear say TEXT --out FILE.wav`."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path


def say(cfg, text: str, out: Path, voice: str | None = None, engine: str | None = None) -> int:
    """Speak `text` with `engine` into a WAV file. For Piper, `voice` (default speech.voice) names
    the voice; a `voice` without an `engine` means Piper; neither means speech.engine."""
    import dataclasses

    from bear.audio.files import WavWriter
    from bear.models.manifest import ManifestError, ModelUnavailable, load_manifest
    from bear.models.registry import ModelRegistry
    from bear.speech.tts import Speaker
    from bear.speech.voice import register_voice

    if not text.strip():
        print("bear: say: TEXT is empty", file=sys.stderr)
        return 2

    async def main() -> int:
        try:
            registry = ModelRegistry(load_manifest(cfg.manifest_path), cfg.paths.model_dir)
            speech = dataclasses.replace(cfg.speech, engine=engine or ("piper" if voice else cfg.speech.engine),
                                         voice=voice or cfg.speech.voice)
            name = register_voice(registry, speech)
        except (ManifestError, ModelUnavailable) as exc:
            print(f"bear: {exc}", file=sys.stderr)
            return 1
        try:
            await registry.load(name)  # loading is not speaking: time the speech alone
            speaker = Speaker(registry, name)
            t0, first, writer, seconds = time.perf_counter(), None, None, 0.0
            async for audio in speaker.sentences(text):
                if writer is None:
                    first = time.perf_counter() - t0
                    writer = WavWriter(out, speaker.rate)
                writer.write(audio)
                seconds += len(audio) / speaker.rate
            if writer is None:
                print("bear: say: the voice produced no audio", file=sys.stderr)
                return 1
            writer.close()
            total = time.perf_counter() - t0
            print(f"wrote {out} voice={name} seconds={seconds:.2f} rate={speaker.rate} "
                  f"first_audio_ms={first * 1000:.0f} "
                  f"rtf={total / max(seconds, 1e-9):.3f}")
            return 0
        except ModelUnavailable as exc:
            print(f"bear: {exc}", file=sys.stderr)
            return 1
        finally:
            registry.close()

    return asyncio.run(main())
