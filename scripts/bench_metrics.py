#!/usr/bin/env python3
"""What the `metrics` task costs the event loop: prints figures (never pass/fail).

Runs the real daemon in this process (WAV backends, mock paw) on a recorded child asking the
benchmark's requests after the wake phrase (bear.scenario, Piper voice), with `metrics.textfile`
set, and times every step the `metrics` task runs on the event loop (the loop's callbacks are
timed; tasks are the pure-Python asyncio.Task so that each callback names its task). Per interval:

- loop_ms: event-loop time of the metrics task (sampling `live_status()` and handing the write to
  a thread), the figure the budget of 5 ms per interval is about; loop_cpu_ms: the CPU time of the
  same steps (the difference is this machine's other load preempting the loop's thread);
- sample_ms: wall time of the status sample (includes waiting for the store's thread);
- write_ms: writing the file on the worker thread (off the loop);
- bytes: the file's size.

    .venv/bin/python scripts/bench_metrics.py [--seconds 60] [--interval 1]
    ../shared/tools/pi-speed -- .venv/bin/python scripts/bench_metrics.py
"""

from __future__ import annotations

import argparse
import os
import asyncio
import asyncio.events
import asyncio.tasks
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the daemon runs")
    parser.add_argument("--interval", type=float, default=1.0, help="metrics.interval_s (the cost is per write)")
    parser.add_argument("--model-dir", type=Path, default=ROOT / "var" / "models")
    args = parser.parse_args()

    from bear.bench import REQUESTS
    from bear.config import parse_config
    from bear.daemon import Daemon
    from bear.logs import setup_logging
    from bear.metrics import Metrics
    from bear.scenario import Line, build, voice_folder
    from bear.sdnotify import Notifier

    work = Path(tempfile.mkdtemp(prefix="bench-metrics-"))
    base = f"""
[paths]
data_dir = "{work / 'data'}"
runtime_dir = "{work / 'run'}"
model_dir = "{args.model_dir}"
[audio.output]
backend = "wav"
wav_dir = "{work / 'replies'}"
[gpio]
backend = "mock"
[logging]
level = "warning"
"""
    cfg0 = parse_config(base, env={})
    lines = [Line(f"hey teddy, {text}", pause_s=4.0) for text in REQUESTS]
    rec = build(voice_folder(cfg0), lines, ROOT / "var" / "bench-metrics" / "requests.wav")
    seconds = min(args.seconds, rec.seconds)
    cfg = parse_config(base.replace('level = "warning"', 'level = "info"') + f"""
[audio.input]
backend = "wav"
wav_path = "{rec.wav}"
[metrics]
textfile = "{work / 'prom' / 'bear.prom'}"
interval_s = {args.interval}
""", env={})
    (work / "prom").mkdir(parents=True)
    setup_logging("info", stream=open(os.devnull, "w"))  # formatted as in the journal, but not printed

    cycle = [0]
    loop_s: dict[int, float] = {}
    loop_cpu: dict[int, float] = {}
    writes: list[tuple[float, float]] = []
    run_handle = asyncio.events.Handle._run

    def timed_run(handle):
        owner = getattr(handle._callback, "__self__", None)
        if isinstance(owner, asyncio.tasks._PyTask) and owner.get_name() == "metrics":
            t0, c0 = time.perf_counter(), time.thread_time()
            run_handle(handle)
            loop_s[cycle[0]] = loop_s.get(cycle[0], 0.0) + time.perf_counter() - t0
            loop_cpu[cycle[0]] = loop_cpu.get(cycle[0], 0.0) + time.thread_time() - c0
        else:
            run_handle(handle)

    write_once, write = Metrics.write_once, Metrics._write

    async def counted_write_once(self):
        cycle[0] += 1
        return await write_once(self)

    def timed_write(self, status, sample_s):
        t0 = time.perf_counter()
        ok = write(self, status, sample_s)
        writes.append((sample_s, time.perf_counter() - t0))
        return ok

    asyncio.events.Handle._run = timed_run
    Metrics.write_once, Metrics._write = counted_write_once, timed_write

    async def run() -> int:
        asyncio.get_running_loop().set_task_factory(
            lambda loop, coro, **kw: asyncio.tasks._PyTask(coro, loop=loop, **kw))
        return await Daemon(cfg, notifier=Notifier(env={})).run(seconds)

    code = asyncio.run(run())
    prom = work / "prom" / "bear.prom"
    loops = [v * 1000 for k, v in sorted(loop_s.items()) if k >= 2]  # the first interval also attaches the handler
    cpus = [v * 1000 for k, v in sorted(loop_cpu.items()) if k >= 2]
    samples, writes_ms = [s * 1000 for s, _ in writes[1:]], [w * 1000 for _, w in writes[1:]]
    print(f"daemon exit {code}, ran {seconds:.0f} s, {len(writes)} writes every {args.interval:g} s, "
          f"file {prom.stat().st_size if prom.exists() else 0} bytes")
    for name, values in (("loop_ms", loops), ("loop_cpu_ms", cpus), ("sample_ms", samples), ("write_ms", writes_ms)):
        if values:
            print(f"{name}: p50 {statistics.median(values):.2f}  p95 {pct(values, 0.95):.2f}  "
                  f"max {max(values):.2f}  (n={len(values)})")
    return code


if __name__ == "__main__":
    sys.exit(main())
