#!/usr/bin/env python3
"""Hearing benchmark: WER per speech set, wake detection and false accepts, STT final latency,
idle CPU of VAD + wake, and the longest event-loop stall.

    scripts/dev.sh bench-hearing     (or: .venv/bin/python scripts/bench_hearing.py --config var/bear.toml)

Uses `bear eval stt`, `bear eval wake` and the listener itself; prints `name=value` lines and a
JSON line. Targets (issue 4): PocketSphinx WER <= 0.30 on ljspeech-32; wake >= 95 % detected and
<= 0.5 false accepts per hour; VAD + wake idle CPU <= 5 % of a core; STT final <= 150 ms after
the end of speech; longest event-loop stall < 20 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_report import report  # noqa: E402

SETS = ["ljspeech-32", "librispeech-samples", "pocketsphinx-testdata", "misc"]


def bear(*args: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "bear", *args, "--log-level", "error"], capture_output=True,
                          text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"bear {' '.join(args)} failed: {proc.stderr[-500:]}")
    return proc.stdout.strip().splitlines()[-1]


def latency_and_idle(cfg_path: Path, manifest: Path) -> dict:
    import numpy as np

    from bear.audio.files import read_audio
    from bear.config import load_config
    from bear.hearing.offline import build, drive, read_manifest
    from bear.hearing.listener import Listener
    from bear.loop_monitor import LoopMonitor

    cfg = load_config(cfg_path)

    async def main():
        ring, registry, hearing = build(cfg)
        await hearing.preload()
        monitor = LoopMonitor()
        mon = asyncio.create_task(monitor.run())
        finals = []
        for path, _ in read_manifest(manifest):
            listener = Listener(cfg, ring, registry, stt=hearing.stt, wake=None)
            await drive(ring, listener, await asyncio.to_thread(read_audio, path), tail_s=1.5, press_at=0.0)
            while not listener.utterances.empty():
                finals.append(listener.utterances.get_nowait().stt_final_ms)
        mon.cancel()  # its 5 ms wake-ups would count as idle CPU
        # idle: a quiet room (low noise) with the wake spotter and VAD running, in real time
        rng = np.random.default_rng(0)
        room = (rng.standard_normal(16000 * 30) * 30).astype(np.int16)  # about -60 dBFS
        listener = Listener(cfg, ring, registry, stt=hearing.stt, wake=hearing.listener.wake)
        from bear.resources import process_cpu

        cpu0, t0 = process_cpu(), time.perf_counter()
        start = ring.written
        block = 512 * 3
        for i in range(0, len(room) - block + 1, block):
            ring.write(room[i:i + block])
            await listener.step(start + i, room[i:i + block])
            delay = t0 + (i + block) / 16000 - time.perf_counter()
            await asyncio.sleep(max(0.0, delay))
        idle_cpu = (process_cpu() - cpu0) / (len(room) / 16000) * 100
        registry.close()
        finals.sort()
        return {"stt_final_ms_p50": round(statistics.median(finals), 1),
                "stt_final_ms_p95": round(finals[int(0.95 * (len(finals) - 1))], 1),
                "stt_final_ms_max": round(finals[-1], 1), "utterances": len(finals),
                "idle_vad_wake_cpu_percent": round(idle_cpu, 2),
                "max_loop_stall_ms": round(monitor.max_stall_ms, 1), "engine": hearing.choice.engine}

    return asyncio.run(main())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", type=Path, required=True)
    ap.add_argument("--speech", type=Path, default=ROOT.parent / "shared" / "speech")
    ap.add_argument("--positives", type=Path, default=ROOT / "var" / "wake" / "positives")
    ap.add_argument("--voice", type=Path, default=ROOT / "var" / "models" / "piper-en_US-joe-medium")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    results: dict = {}
    for name in SETS:
        line = bear("eval", "stt", "--config", str(args.config), str(args.speech / name / "manifest.tsv"))
        m = re.fullmatch(r"wer=([\d.]+) utterances=(\d+) rtf=([\d.]+)", line)
        results[f"wer_{name}"], results[f"rtf_{name}"] = float(m.group(1)), float(m.group(3))
    if not any(args.positives.glob("*.wav")):
        subprocess.run([sys.executable, str(ROOT / "scripts" / "make_wake_clips.py"), "--voice", str(args.voice),
                        "--out", str(args.positives)], check=True)
    line = bear("eval", "wake", "--config", str(args.config), "--positives", str(args.positives),
                "--negatives", str(args.speech))
    m = re.fullmatch(r"detected=(\d+)/(\d+) false_accepts_per_hour=([\d.]+) cpu_per_audio_second=([\d.]+)", line)
    results["wake_detected"] = f"{m.group(1)}/{m.group(2)}"
    results["wake_detected_rate"] = round(int(m.group(1)) / int(m.group(2)), 4)
    results["wake_false_accepts_per_hour"] = float(m.group(3))
    results["wake_eval_cpu_per_audio_second"] = float(m.group(4))
    results |= latency_and_idle(args.config, args.speech / "ljspeech-32" / "manifest.tsv")
    checks = {"wer_ljspeech-32": ("<=", 0.30), "wake_detected_rate": (">=", 0.95),
              "wake_false_accepts_per_hour": ("<=", 0.5), "idle_vad_wake_cpu_percent": ("<=", 5.0),
              "stt_final_ms_p95": ("<=", 150.0), "max_loop_stall_ms": ("<", 20.0)}
    return 1 if report(results, checks, args.json) else 0

if __name__ == "__main__":
    sys.exit(main())
