"""`bear eval wake`: detection on recordings of the phrase, false accepts on recordings without it,
the wake decision latency, and (with `--snr`) the phrase heard through room noise.

Each recording goes through the real listener (VAD, onset check, spotter) as a new channel.
Latency per detected positive: from the end of the phrase (where the spotter aligned it) to the end
of the 96 ms block after which the listener had decided, plus that block's processing time, i.e.
how long after the child stops saying the phrase the bear knows, on a live microphone.

`--snr DB` mixes a noise recording into every positive at that signal-to-noise ratio (speech power
over the louder half of its 32 ms frames, noise over the stretch used; noise files are taken in
turn, from an offset derived from the positive's name, looped if short). Mixing happens in memory.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import statistics
import sys
import time
from pathlib import Path

from bear.audio.files import read_audio
from bear.hearing.types import SR

AUDIO_SUFFIXES = (".wav", ".flac", ".ogg")


def audio_files(folder: Path) -> list[Path]:
    """The recordings under `folder` (searched recursively), sorted."""
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in AUDIO_SUFFIXES)


def default_noise_dir() -> Path:
    """The shared room-noise recordings (precise-wake-real/background) beside the clone or at $BEAR_SHARED."""
    shared = Path(os.environ.get("BEAR_SHARED", Path(__file__).resolve().parents[3] / "shared"))
    return shared / "speech" / "precise-wake-real" / "background"


def mix_at_snr(speech, noise, snr_db: float, key: str):
    """`speech` (int16) with `noise` (int16, looped from an offset derived from `key`) added at `snr_db`."""
    import numpy as np

    x = speech.astype(np.float64)
    frames = x[:len(x) // 512 * 512].reshape(-1, 512) if len(x) >= 512 else x.reshape(1, -1)
    power = np.sort((frames ** 2).mean(axis=1))
    p_speech = float(power[len(power) // 2:].mean())
    offset = int.from_bytes(hashlib.sha1(key.encode()).digest()[:4], "little") % max(1, len(noise))
    reps = -(-(offset + len(x)) // len(noise))
    n = np.tile(noise.astype(np.float64), reps)[offset:offset + len(x)]
    p_noise = float((n ** 2).mean())
    if p_speech <= 0 or p_noise <= 0:
        return speech
    gain = (p_speech / (p_noise * 10 ** (snr_db / 10))) ** 0.5
    return np.clip(x + gain * n, -32768, 32767).astype(np.int16)


def eval_wake(cfg, positives: Path, negatives: Path, out=None, *, snr_db: float | None = None,
              noise_dir: Path | None = None) -> int:
    """`bear eval wake`: detection (with room noise mixed in at `snr_db`), false accepts per hour,
    the wake decision's latency after the phrase ends and CPU; returns the exit code."""
    out = out or sys.stdout
    pos, neg = audio_files(positives), audio_files(negatives)
    if not pos or not neg:
        print(f"bear: no audio files in {positives if not pos else negatives}", file=sys.stderr)
        return 2
    noises = []
    if snr_db is not None:
        noise_dir = noise_dir or default_noise_dir()
        noises = audio_files(noise_dir) if noise_dir.is_dir() else []
        if not noises:
            print(f"bear: --snr: no noise recordings in {noise_dir} (give --noise DIR)", file=sys.stderr)
            return 2

    async def main():
        from bear.hearing.offline import build
        from bear.hearing.listener import BLOCK_FRAMES, Listener
        from bear.hearing.vad import FRAME
        from bear.hearing.wake import OwwWake

        ring, registry, hearing = build(cfg)
        wake = hearing.listener.wake
        if wake is None:
            print("bear: wake.engine = none: nothing to evaluate", file=sys.stderr)
            return 2
        await registry.load(wake.model)
        await registry.load("silero-vad")
        if getattr(wake, "verifier", None) is not None:  # Whisper re-checks candidates: loaded up front too
            await registry.load(wake.verifier.model)
        noise_audio = [await asyncio.to_thread(read_audio, p) for p in noises]
        latencies: list[float] = []

        async def wakes(path, k: int, positive: bool) -> tuple[int, float]:
            import numpy as np

            samples = await asyncio.to_thread(read_audio, path)
            if positive and noise_audio and snr_db is not None:
                samples = mix_at_snr(samples, noise_audio[k % len(noise_audio)], snr_db, path.name)
            listener = Listener(cfg, ring, registry, stt=None, wake=wake)
            audio = np.concatenate((samples, np.zeros(SR // 2, np.int16)))
            start = ring.written
            await wake.restart(start, new_channel=True)
            block = FRAME * BLOCK_FRAMES
            first = None
            for i in range(0, len(audio) - block + 1, block):
                ring.write(audio[i:i + block])
                t0 = time.perf_counter()
                await listener.step(start + i, audio[i:i + block])
                if positive and first is None and listener.wakes and listener._utt is not None:
                    took = time.perf_counter() - t0  # the utterance starts where the phrase ended
                    first = (start + i + block - listener._utt.start) / SR + took
            if first is not None:
                latencies.append(first * 1000)
            return listener.wakes, len(samples) / SR

        from bear.resources import process_cpu

        cpu0, audio_s = process_cpu(), 0.0
        try:
            detected = 0
            for k, p in enumerate(pos):
                n, secs = await wakes(p, k, True)
                audio_s += secs
                detected += n > 0
                print(f"positive\t{p.name}\twakes={n}", file=out)
            false_accepts, neg_s = 0, 0.0
            for p in neg:
                n, secs = await wakes(p, 0, False)
                audio_s, neg_s, false_accepts = audio_s + secs, neg_s + secs, false_accepts + n
                print(f"negative\t{p.name}\twakes={n}", file=out)
            cpu = process_cpu() - cpu0  # while the engine processes still run
        finally:
            registry.close()
        lat = sorted(latencies)
        p90 = lat[-(-9 * len(lat) // 10) - 1] if lat else None
        figures = (f"latency_ms_median={statistics.median(lat):.0f} latency_ms_p90={p90:.0f}"
                   if lat else "latency_ms_median=none latency_ms_p90=none")
        phrase = wake.model if isinstance(wake, OwwWake) else cfg.wake.phrase  # a head by its name
        print(f"figures phrase={phrase!r} snr_db={'none' if snr_db is None else f'{snr_db:g}'} "
              f"negatives_h={neg_s / 3600:.3f} {figures}", file=out)
        print(f"detected={detected}/{len(pos)} false_accepts_per_hour={false_accepts / (neg_s / 3600):.3f} "
              f"cpu_per_audio_second={cpu / audio_s:.4f}", file=out)
        return 0

    return asyncio.run(main())
