#!/usr/bin/env python3
"""Echo cancellation benchmark, in the echo room (tests/echo_room.py) on a simulated clock.

    scripts/dev.sh bench-echo     (or: .venv/bin/python scripts/bench_echo.py --config var/bear.toml)

For each level of the bear's voice in the microphone relative to the child (default 0 and +6 dB)
and each canceller (none, linear, and WebRTC's AEC3 when pywebrtc-audio is installed), with the
real hearing pipeline (Silero VAD, PocketSphinx phrase spotter and speech to text):

- wake phrase said over the bear: detected / trials, and wakes the bear's own voice caused;
- ERLE (echo return loss enhancement, dB): microphone over output energy while only the bear's
  voice is in the microphone, from the start of the reply to the child's first word, median; and
  over the long "hey teddy" replies after their first 2 s (converged);
- in a conversation (the canceller heard one reply before: what it learnt is kept) and, "-cold",
  as the first reply after the bear starts (learning; the microphone is 20 dB lower meanwhile);
- the bear saying "hey teddy" again and again (wake barge-in left on): wakes and transcripts;
- the canceller's cost: CPU ms per second of audio it processed (on its own thread, not the loop).

The trials are the REPORT set of tests/echo_trials.py (phrasings, speeds, pitches and replies kept
apart from the TUNING set the canceller was tuned on). Figures only, never pass/fail; CPU figures
are noisy on a shared machine.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_report import report  # noqa: E402


def _cancellers(names: list[str]):
    """{label: (make a canceller or None, warm: the bear spoke before)}; "X-cold": the first reply after a start."""
    from bear.audio.echo import EchoCanceller
    from bear.audio.echo_backends import EchoUnavailable, make_backend

    makers = {}
    for label in names:
        name, cold = label.removesuffix("-cold"), label.endswith("-cold")
        if name == "none":
            makers[label] = (lambda: None, not cold)
            continue
        try:
            make_backend(name)
        except EchoUnavailable as exc:
            print(f"# {name}: unavailable ({exc})", file=sys.stderr)
            continue
        makers[label] = ((lambda n: lambda: EchoCanceller(make_backend(n)))(name), not cold)
    return makers


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", type=Path, required=True, help="for the model folder")
    ap.add_argument("--trials", type=int, default=32, help="barge-in trials per level and canceller")
    ap.add_argument("--levels", default="0,6", help="the bear's voice over the child's, dB, comma-separated")
    ap.add_argument("--cancellers", default="none,linear,webrtc,linear-cold",
                    help="none / linear / webrtc in a conversation (the bear spoke a reply before); "
                         "X-cold: as the first reply after a start")
    ap.add_argument("--set", choices=("report", "tuning"), default="report")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()

    import echo_trials as et

    from bear.audio.ring import RingBuffer
    from bear.config import load_config
    from bear.hearing.listener import Listener
    from bear.hearing.setup import build_hearing
    from bear.models.manifest import load_manifest
    from bear.models.registry import ModelRegistry

    cfg = load_config(args.config)
    registry = ModelRegistry(load_manifest(cfg.manifest_path), cfg.paths.model_dir)
    hearing = build_hearing(cfg, RingBuffer(30), registry, with_button=False)
    voices = et.Voices(cfg.paths.model_dir / "piper-en_US-joe-medium")
    material = et.REPORT if args.set == "report" else et.TUNING
    makers = _cancellers(args.cancellers.split(","))
    levels = [float(x) for x in args.levels.split(",")]

    async def listener(ring):
        fresh = Listener(cfg, ring, registry, stt=hearing.stt, wake=hearing.listener.wake)
        await fresh.wake.restart(0, new_channel=True)
        return fresh

    async def run() -> dict:
        await hearing.preload()
        results: dict = {"trials_per_level": args.trials, "set": args.set}
        for level in levels:
            tag = f"{level:+g}dB".replace("+", "p").replace("-", "m")
            trials = et.barge_in_trials(voices, material, level, args.trials)
            selfs = et.self_wake_trials(voices, level)
            for name, (make, warm) in makers.items():
                t0 = time.perf_counter()
                before = voices.bear(et.WARM_UP) if warm else None
                outcomes, busy, active = [], 0.0, 0.0
                for trial in trials:
                    canceller = make()
                    outcomes.append(await et.run_trial(trial, listener, canceller=canceller, warm_up=before))
                    if canceller is not None:
                        busy, active = busy + canceller.busy_s, active + canceller.active_s
                detected = sum(o.detected for o in outcomes)
                results[f"{tag}_{name}_wake_detected"] = f"{detected}/{len(outcomes)}"
                results[f"{tag}_{name}_wake_detected_rate"] = round(detected / len(outcomes), 3)
                results[f"{tag}_{name}_false_wakes"] = sum(o.false_wakes for o in outcomes)
                erles = [o.erle_db for o in outcomes if o.erle_db is not None]
                if name != "none" and erles:
                    results[f"{tag}_{name}_erle_db_median"] = round(statistics.median(erles), 1)
                self_outcomes = []
                for trial in selfs:
                    canceller = make()
                    self_outcomes.append(await et.run_trial(trial, listener, canceller=canceller,
                                                            erle_from_s=2.0, warm_up=before))
                    if canceller is not None:
                        busy, active = busy + canceller.busy_s, active + canceller.active_s
                results[f"{tag}_{name}_self_wakes"] = sum(len(o.wakes) for o in self_outcomes)
                results[f"{tag}_{name}_self_transcripts"] = sum(len(o.utterances) for o in self_outcomes)
                if name != "none":
                    converged = [o.erle_db for o in self_outcomes if o.erle_db is not None]
                    if converged:
                        results[f"{tag}_{name}_erle_db_converged"] = round(statistics.median(converged), 1)
                    if active:
                        results[f"{tag}_{name}_cpu_ms_per_s"] = round(1000 * busy / active, 1)
                print(f"# {tag} {name}: {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
        return results

    try:
        results = asyncio.run(run())
    finally:
        registry.close()
    checks = {}
    for level in levels:
        tag = f"{level:+g}dB".replace("+", "p").replace("-", "m")
        if "linear" in makers:
            checks[f"{tag}_linear_wake_detected_rate"] = (">=", 0.9)
            checks[f"{tag}_linear_self_wakes"] = ("<=", 0)
            checks[f"{tag}_linear_self_transcripts"] = ("<=", 0)
    report(results, checks, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
