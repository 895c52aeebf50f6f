"""The hearing pipeline on recordings instead of a microphone: building it, feeding a recording
through the listener block by block as the microphone would, whole-file transcription, and the
TSV manifests of the speech sets (`bear transcribe`, `bear listen`, `bear eval stt|wake`, the
benchmarks and the tests)."""

from __future__ import annotations

import csv
from pathlib import Path

from bear.audio.files import AudioFileError, read_audio
from bear.hearing.types import SR

MIN_SECONDS = 0.1  # shorter holds no word (PocketSphinx cannot even segment under ~65 ms)


def read_recording(path):
    """The recording at 16 kHz (AudioFileError, naming the file, if it cannot hold speech)."""
    samples = read_audio(path)
    if len(samples) < MIN_SECONDS * SR:
        raise AudioFileError(f"{path}: {len(samples) / SR * 1000:.2f} ms of audio is too short to hold speech "
                             f"(at least {MIN_SECONDS:g} s)")
    return samples


def registry_for(cfg):
    """The model registry of this configuration."""
    from bear.models.manifest import load_manifest
    from bear.models.registry import ModelRegistry

    return ModelRegistry(load_manifest(cfg.manifest_path), cfg.paths.model_dir)


def build(cfg, *, ring_seconds: float = 12.0):
    """(ring, registry, hearing) for recordings: no paw button."""
    from bear.audio.ring import RingBuffer
    from bear.hearing.setup import build_hearing

    ring = RingBuffer(max(ring_seconds, 10.0))
    registry = registry_for(cfg)
    return ring, registry, build_hearing(cfg, ring, registry, with_button=False)


async def transcribe_file(hearing, samples):
    """Whole-file decoding: PocketSphinx in one pass (utterance normalisation), Vosk streamed."""
    if hearing.choice.engine == "pocketsphinx":
        return await hearing.stt.registry.run(hearing.stt.model, lambda m: m.recognizer.transcribe_whole(samples))
    return await hearing.stt.transcribe(samples)


async def drive(ring, listener, samples, *, tail_s: float, press_at: float | None = None):
    """Feed a recording through the listener frame by frame, as the microphone would
    (pressing the paw when the recording reaches `press_at` seconds)."""
    import numpy as np

    from bear.hearing.listener import BLOCK_FRAMES
    from bear.hearing.vad import FRAME

    audio = np.concatenate((samples, np.zeros(int(tail_s * SR), np.int16)))
    start = ring.written
    if listener.wake is not None:  # each recording is a new channel
        await listener.wake.restart(start, new_channel=True)
    press = None if press_at is None else int(press_at * SR)
    block = FRAME * BLOCK_FRAMES
    for i in range(0, len(audio) - block + 1, block):
        ring.write(audio[i:i + block])
        if press is not None and i + block > press:
            press = None
            listener.press()
        await listener.step(start + i, audio[i:i + block])


def read_manifest_rows(path: Path) -> list[tuple[Path, str, dict]]:
    """(audio file, transcript, the whole row) of a TSV manifest with a `file` column and a transcript column."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    if not rows or "file" not in rows[0]:
        raise ValueError(f"{path}: needs a header with a 'file' column")
    column = "transcript_normalized" if "transcript_normalized" in rows[0] else "transcript"
    if column not in rows[0]:
        raise ValueError(f"{path}: needs a 'transcript' or 'transcript_normalized' column")
    return [(path.parent / r["file"], r[column], r) for r in rows]


def read_manifest(path: Path) -> list[tuple[Path, str]]:
    """(audio file, transcript) rows of a TSV manifest with a `file` column and a transcript column."""
    return [(p, t) for p, t, _ in read_manifest_rows(path)]
