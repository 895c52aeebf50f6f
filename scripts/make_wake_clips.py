#!/usr/bin/env python3
"""Generate wake-phrase test clips with the Piper voice: several speeds, pitches and noise levels.

    .venv/bin/python scripts/make_wake_clips.py --voice var/models/piper-en_US-joe-medium --out var/wake/positives

Writes 16 kHz mono WAV files: the phrase alone and with follow-on requests said in one breath,
padded with silence, at speeds (Piper length_scale) 0.8/1.0/1.25, pitches 0.9/1.0/1.12 (by
resampling) and no noise / white noise at 20 dB and 10 dB SNR. Piper's own randomness is off and
the noise has a fixed seed, so the set is the same every time. Generated, never committed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bear.audio.files import WavWriter, resample  # noqa: E402

FOLLOW_ONS = ["", "tell me a joke", "what is your name", "can you sing a song", "I want a story please"]
SPEEDS = [0.8, 1.0, 1.25]
PITCHES = [0.9, 1.0, 1.12]
SNRS_DB = [None, 20.0, 10.0]


def synthesize(voice, text: str, length_scale: float) -> tuple[np.ndarray, int]:
    """Piper speech with its random noise switched off, so the same text always sounds the same."""
    from bear.speech.tts import synthesize_fixed

    return synthesize_fixed(voice, text, length_scale)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--voice", type=Path, required=True, help="folder of an installed Piper voice")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--phrase", default="hey teddy")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    from piper import PiperVoice

    onnx = next(args.voice.glob("*.onnx"))
    voice = PiperVoice.load(str(onnx))
    rng = np.random.default_rng(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    n = 0
    for follow in FOLLOW_ONS:
        text = f"{args.phrase}, {follow}" if follow else args.phrase
        for speed in SPEEDS:
            audio, rate = synthesize(voice, text, speed)
            for pitch in PITCHES:
                # Played back `pitch` times faster: higher voice, shorter clip.
                shifted = resample(audio, int(round(rate / pitch)), 16000)
                for snr in SNRS_DB:
                    clip = np.concatenate([np.zeros(8000, np.float32), shifted, np.zeros(16000, np.float32)])
                    clip *= 0.5 / max(1e-6, float(np.abs(clip).max()))
                    if snr is not None:
                        speech_rms = float(np.sqrt(np.mean(shifted ** 2))) * 0.5 / max(1e-6, float(np.abs(shifted).max()))
                        clip = clip + rng.standard_normal(len(clip)).astype(np.float32) * speech_rms / 10 ** (snr / 20)
                    name = f"{'_'.join(text.replace(',', '').split())}__s{speed}_p{pitch}_n{snr or 'none'}.wav"
                    with WavWriter(args.out / name, 16000) as w:
                        w.write(clip)
                    n += 1
    print(f"wrote {n} clips to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
