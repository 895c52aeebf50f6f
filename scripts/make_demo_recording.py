#!/usr/bin/env python3
"""Make the demo's "child" recording with the Piper voice: wake phrases with requests, pauses,
and one request spoken after a paw press (no wake phrase).

    .venv/bin/python scripts/make_demo_recording.py --voice var/models/piper-en_US-joe-medium --out var/demo/child.wav

Prints the times at which the paw should be pressed (for `bear run --press`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from make_wake_clips import synthesize  # noqa: E402

from bear.audio.files import WavWriter, resample  # noqa: E402

# (text, needs a paw press)
SCRIPT = [
    ("hey teddy, tell me a joke", False),
    ("hey teddy, what is your name", False),
    ("can you sing a song", True),
    ("hey teddy, good night", False),
]
PAUSE_S = 3.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--voice", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    from piper import PiperVoice

    voice = PiperVoice.load(str(next(args.voice.glob("*.onnx"))))
    parts, t, presses = [np.zeros(int(1.0 * 16000), np.float32)], 1.0, []
    for text, press in SCRIPT:
        audio, rate = synthesize(voice, text, 1.0)
        speech = resample(audio, rate, 16000) * 0.5
        if press:
            presses.append(round(t - 0.2, 2))
        parts += [speech, np.zeros(int(PAUSE_S * 16000), np.float32)]
        t += len(speech) / 16000 + PAUSE_S
    with WavWriter(args.out, 16000) as w:
        w.write(np.concatenate(parts))
    print(" ".join(str(p) for p in presses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
