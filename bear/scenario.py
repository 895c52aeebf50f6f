"""Recorded conversations for the demo and the benchmark: a child's lines, spoken by Piper.

Each line is synthesized with Piper's randomness off (the same text always sounds the same),
resampled to 16 kHz at a child-at-arm's-length level, and placed on a timeline with pauses.
Lines marked `press` are spoken after a paw press instead of the wake phrase; `followup` lines
are answers spoken while the bear listens after its reply (no wake phrase, no press).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from bear.audio import SAMPLE_RATE as SR

LEVEL = 0.5  # peak-ish scale of the synthesized voice


@dataclass(frozen=True)
class Line:
    """One line of a recorded conversation."""

    text: str
    press: bool = False  # the paw is pressed just before the line
    pause_s: float = 3.0  # silence after the line (the bear replies in it)


@dataclass(frozen=True)
class Recording:
    """A recorded conversation: the WAV, when the paw is pressed and where each line starts."""

    wav: Path
    presses: tuple[float, ...]  # seconds into the recording
    starts: tuple[float, ...]  # where each line begins
    ends: tuple[float, ...]  # where each line's speech ends
    seconds: float


def voice_folder(cfg) -> Path:
    """The configured voice's verified folder (ModelUnavailable if missing or corrupt)."""
    from bear.models.manifest import Verifier, load_manifest

    return Verifier(cfg.paths.model_dir).require(load_manifest(cfg.manifest_path).get(cfg.speech.voice))


def build(voice_folder: Path, lines: list[Line], out: Path, *, lead_s: float = 1.5) -> Recording:
    """Make (or reuse, when lines and voice are unchanged) the recording at `out`."""
    import numpy as np

    onnx = next(Path(voice_folder).glob("*.onnx"))
    key = hashlib.sha256(json.dumps([asdict(x) for x in lines] + [onnx.name, lead_s]).encode()).hexdigest()[:16]
    meta_path = out.with_suffix(".json")
    try:
        meta = json.loads(meta_path.read_text())
        if meta["key"] == key and out.is_file():
            return Recording(out, tuple(meta["presses"]), tuple(meta["starts"]), tuple(meta["ends"]), meta["seconds"])
    except (OSError, ValueError, KeyError):
        pass
    from piper import PiperVoice

    from bear.audio.files import WavWriter, resample
    from bear.speech.tts import synthesize_fixed

    voice = PiperVoice.load(str(onnx))
    parts, t = [np.zeros(int(lead_s * SR), np.float32)], lead_s
    presses, starts, ends = [], [], []
    for line in lines:
        audio, rate = synthesize_fixed(voice, line.text)
        speech = resample(audio, rate, SR) * LEVEL
        if line.press:
            presses.append(round(t - 0.3, 2))
        starts.append(round(t, 2))
        t += len(speech) / SR
        ends.append(round(t, 2))
        parts += [speech, np.zeros(int(line.pause_s * SR), np.float32)]
        t += line.pause_s
    out.parent.mkdir(parents=True, exist_ok=True)
    with WavWriter(out, SR) as w:
        w.write(np.concatenate(parts))
    rec = Recording(out, tuple(presses), tuple(starts), tuple(ends), round(t, 2))
    meta_path.write_text(json.dumps({"key": key, "presses": presses, "starts": starts, "ends": ends,
                                     "seconds": rec.seconds, "lines": [asdict(x) for x in lines]}, indent=1))
    return rec


# The benchmark's requests (bear bench, bench --soak, scripts/bench_*): each said after the wake phrase.
REQUESTS = [
    "tell me a joke", "what is your name", "tell me a story about a penguin", "can you sing a song",
    "tell me an animal fact", "how are you", "I feel happy today", "let's play a counting game",
    "tell me a riddle", "what do bees do", "can I play with matches", "my favourite colour is blue",
    "tell me about elephants", "I am scared of the dark", "thank you", "what can you do",
    "tell me a story about a robot", "another joke please", "hello there", "good night",
]


def requests_recording(cfg, out_dir: Path, lines: int = len(REQUESTS), *, lead_s: float = 1.5):
    """The benchmark's requests ("hey teddy, ..." with 3 s pauses) spoken by the scenario voice into
    `out_dir`/bench-child.wav (a `bear.scenario.Recording`), or None after saying why it cannot."""
    import sys

    from bear.models.manifest import ManifestError, ModelUnavailable

    try:
        voice_dir = voice_folder(cfg)
    except (ModelUnavailable, ManifestError) as exc:
        print(f"bear: bench: {exc}", file=sys.stderr)
        return None
    out_dir.mkdir(parents=True, exist_ok=True)
    return build(voice_dir, [Line(f"hey teddy, {t}", pause_s=3.0) for t in REQUESTS[:lines]],
                 out_dir / "bench-child.wav", lead_s=lead_s)
