#!/usr/bin/env python3
"""Foundation benchmark: import cost, `bear run` time to READY, idle CPU and RSS.

    scripts/dev.sh bench-foundation (or: .venv/bin/python scripts/bench_foundation.py --wav FILE)

Prints one `name=value` line per figure with its target, then a JSON line with everything.
CPU and RSS count the daemon and its engine child processes, with hearing running. Targets:
import bear < 30 ms, READY < 1 s. Issue 3's idle targets (CPU < 2 %, RSS < 60 MB) were met by
the daemon before hearing existed; with hearing the figures are reported here without a target
(the VAD + wake share alone is measured by scripts/bench_hearing.py, target <= 5 %).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_report import report

from bear.bench import import_ms
from bear.resources import process_cpu, process_rss

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def wall_ms(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def run_daemon(config: str, wav: str, idle_s: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        sock_path = os.path.join(tmp, "notify")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(sock_path)
        sock.settimeout(0.05)
        env = dict(os.environ, NOTIFY_SOCKET=sock_path)
        t0 = time.perf_counter()
        proc = subprocess.Popen([str(Path(PY).parent / "bear"), "run", "--config", config, "--wav", wav],
                                env=env, stderr=subprocess.DEVNULL)
        ready_ms = None
        while ready_ms is None:
            try:
                if b"READY=1" in sock.recv(4096):
                    ready_ms = (time.perf_counter() - t0) * 1000
            except TimeoutError:
                if proc.poll() is not None:
                    raise SystemExit(f"bear run exited with {proc.returncode} before READY") from None
        time.sleep(3.0)  # let start-up settle: hearing models load in the background

        def cpu_total():
            return process_cpu(proc.pid)

        cpu_start = cpu_total()
        t_start = time.perf_counter()
        rss = []
        while time.perf_counter() - t_start < idle_s:
            rss.append(process_rss(proc.pid))
            try:
                while True:
                    sock.recv(4096)  # keep the notify socket drained, as systemd does
            except TimeoutError:
                pass
            time.sleep(0.5)
        cpu_end = cpu_total()
        elapsed = time.perf_counter() - t_start
        t_stop = time.perf_counter()
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=10)
        stop_ms = (time.perf_counter() - t_stop) * 1000
        sock.close()
    cpu = (cpu_end - cpu_start) / elapsed * 100
    return {"ready_ms": round(ready_ms, 1), "idle_cpu_percent": round(cpu, 2),
            "idle_rss_mb": round(max(rss) / 1e6, 1), "stop_ms": round(stop_ms, 1), "exit_code": code}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", required=True)
    ap.add_argument("--wav", default=None,
                    help="recording used as the microphone (default: a quiet room, so the figures are idle)")
    ap.add_argument("--idle", type=float, default=30.0, help="seconds of idle capture to measure")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args()

    base = wall_ms([PY, "-c", "pass"], args.runs)
    results = {
        "import_bear_ms": import_ms("bear", args.runs),
        "import_bear_cli_ms": import_ms("bear.cli", args.runs),
        "help_wall_ms": round(wall_ms([str(Path(PY).parent / "bear"), "--help"], args.runs) - base, 1),
        "python_startup_ms": round(base, 1),
    }
    with tempfile.TemporaryDirectory() as tmp:
        wav = args.wav
        if wav is None:  # a quiet room: low noise at about -60 dBFS
            import numpy as np
            import soundfile

            wav = os.path.join(tmp, "room.wav")
            noise = (np.random.default_rng(0).standard_normal(16000 * 2) * 30).astype(np.int16)
            soundfile.write(wav, noise, 16000)
        results |= run_daemon(args.config, wav, args.idle)
    targets = {"import_bear_ms": ("<", 30), "help_wall_ms": ("<", 30), "ready_ms": ("<", 1000),
               "stop_ms": ("<", 3000)}
    return 1 if report(results, targets, args.json) else 0

if __name__ == "__main__":
    sys.exit(main())
