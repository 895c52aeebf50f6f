"""Idle CPU of VAD + wake spotter: the listener fed a waiting room's audio in real time.

Two rooms: "quiet" (white noise at about -60 dBFS, as bench_hearing.py) and "background" (the real
room recordings of ../shared/speech/precise-wake-real/background, about 2 min, played in turn).
Prints `idle room=... audio_s=... cpu_percent_of_one_core=...` (CPU seconds of the bear and its
decoder process per second of audio x 100). Run it as well inside ../shared/tools/pi-speed:

    .venv/bin/python scripts/bench_wake_idle.py --config var/bear.toml
    /work/shared/tools/pi-speed -- .venv/bin/python scripts/bench_wake_idle.py --config var/bear.toml
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("BEAR_SHARED", ROOT.parent / "shared"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", type=Path, default=None)
    ap.add_argument("--seconds", type=float, default=60.0, help="audio per room (real time)")
    args = ap.parse_args()
    import numpy as np

    from bear.audio.files import read_audio
    from bear.config import load_config
    from bear.hearing.offline import build
    from bear.hearing.listener import Listener
    from bear.resources import process_cpu

    cfg = load_config(args.config)
    n = int(args.seconds * 16000)
    rng = np.random.default_rng(0)
    background = np.concatenate([read_audio(p) for p in sorted((SHARED / "speech" / "precise-wake-real" /
                                                                "background").glob("*.flac"))])
    rooms = {"quiet": (rng.standard_normal(n) * 30).astype(np.int16),
             "background": np.tile(background, -(-n // len(background)))[:n]}

    async def run():
        ring, registry, hearing = build(cfg)
        await hearing.preload()
        for name, room in rooms.items():
            listener = Listener(cfg, ring, registry, stt=None, wake=hearing.listener.wake)
            await hearing.listener.wake.restart(ring.written, new_channel=True)
            cpu0, t0 = process_cpu(), time.perf_counter()
            start, block = ring.written, 512 * 3
            for i in range(0, len(room) - block + 1, block):
                ring.write(room[i:i + block])
                await listener.step(start + i, room[i:i + block])
                await asyncio.sleep(max(0.0, t0 + (i + block) / 16000 - time.perf_counter()))
            cpu = (process_cpu() - cpu0) / (len(room) / 16000) * 100
            print(f"idle room={name} phrase={cfg.wake.phrase!r} audio_s={len(room) / 16000:.0f} "
                  f"wakes={listener.wakes} cpu_percent_of_one_core={cpu:.2f}", flush=True)
        registry.close()

    asyncio.run(run())
    return 0


if __name__ == "__main__":
    sys.exit(main())
