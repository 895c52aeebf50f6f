"""Where should the phrase cache be rendered while the bear is idle? Measures both ways:

- `thread`: the daemon's own keeper, on the voice's engine thread (speech.cache_build_idle = true,
  here with speech.cache_idle_s = 5 so that it starts soon);
- `process`: the keeper off, and `nice -n 19 bear cache build` as a second process beside the
  daemon (it has to load its own voice, and does not know when the child talks).

Each mode runs the real daemon (`bear run`, fresh data dir, empty cache) on a recording: a quiet
room of --quiet-s seconds (the rendering works), then --lines requests after the wake phrase (the
first arrives mid-rendering). Both processes share one slice with --pi (../shared/tools/pi-speed).
Printed per mode: pieces rendered per second of quiet room, CPU used in the quiet room (% of one
core), the daemon's longest event-loop stall, the peak RSS of everything (daemon, its PocketSphinx
process, the builder process), and the requests' reply latency (end of speech -> first audio).

    .venv/bin/python scripts/bench_cache.py [--pi] [--config var/bear.toml] [--quiet-s 60] [--lines 4]
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bear.bench import REQUESTS, TreeSampler, _bench_config, _pct, pi_speed_command  # noqa: E402
from bear.config import load_config  # noqa: E402
from bear.scenario import Line, build, voice_folder  # noqa: E402


def run_mode(mode: str, cfg, out: Path, rec, quiet_s: float, wrap: list[str]) -> dict:
    import shutil

    work = out / mode
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    config = _bench_config(cfg, rec.wav, work, cache_idle_s=5.0, cache_build_idle=(mode == "thread"))
    config.write_text(config.read_text().replace("status_interval_s = 0.0", "status_interval_s = 1.0"))
    py = shlex.quote(sys.executable)
    daemon = f"{py} -m bear run --config {shlex.quote(str(config))} --for {rec.seconds + 3:.1f}"
    if mode == "process":  # the builder starts with the daemon and stops when it does
        builder = (f"nice -n 19 {py} -m bear cache build --config {shlex.quote(str(config))} "
                   f"--max-s {rec.seconds - 5:.0f} > {shlex.quote(str(work / 'build.log'))} 2>&1")
        script = f"{daemon} & {builder} & wait"
    else:
        script = f"exec {daemon}"
    proc = subprocess.Popen(wrap + ["bash", "-c", script], stderr=subprocess.PIPE, text=True, cwd=ROOT)
    t0 = time.monotonic()
    sampler = TreeSampler(proc.pid).start()
    folder = work / "data" / "phrase-cache"
    lines: list[str] = []
    marks: dict[str, float] = {}

    def read() -> None:
        for line in proc.stderr:
            lines.append(line)
            if "event=hearing_ready" in line:
                marks.setdefault("ready", time.monotonic())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    quiet_end = t0 + rec.starts[0] - 0.5
    counted = {}
    while proc.poll() is None:
        now = time.monotonic()
        if "ready" in marks and "cpu0" not in counted:
            counted["cpu0"], counted["t0"] = sampler.cpu_seconds(), now
            counted["pieces0"] = len(list(folder.glob("*/*.ogg")))
        if "cpu0" in counted and "cpu1" not in counted and now >= quiet_end:
            counted["cpu1"], counted["t1"] = sampler.cpu_seconds(), now
            counted["pieces1"] = len(list(folder.glob("*/*.ogg")))
            counted["stall"] = _max_stall(lines)
        time.sleep(0.1)
    sampler.stop()
    reader.join(2)
    if proc.returncode != 0:
        sys.stderr.write("".join(lines[-20:]))
        raise SystemExit(f"bench_cache: {mode}: exit {proc.returncode}")
    con = sqlite3.connect(work / "data" / "bear.db")
    timings = [json.loads(r[0]) for r in con.execute("SELECT timings FROM turns ORDER BY id")]
    con.close()
    latency = [t["reply_latency_ms"] for t in timings if "reply_latency_ms" in t]
    quiet = counted.get("t1", 0) - counted.get("t0", 0)
    return {
        "pieces_per_quiet_s": round((counted.get("pieces1", 0) - counted.get("pieces0", 0)) / quiet, 2) if quiet else None,
        "quiet_cpu_percent": round((counted["cpu1"] - counted["cpu0"]) / quiet * 100, 1) if quiet else None,
        "max_loop_stall_ms_quiet": counted.get("stall"), "max_loop_stall_ms": _max_stall(lines),
        "peak_rss_mb": round(max(s[1] for s in sampler.samples) / 1e6, 1) if sampler.samples else None,
        "turns": len(timings), "reply_latency_ms": latency,
        "reply_latency_p50": _pct(latency, 0.5), "reply_latency_p95": _pct(latency, 0.95),
    }


def _max_stall(lines: list[str]) -> float | None:
    found = [float(m.group(1)) for line in lines for m in [re.search(r"max_loop_stall_ms=([\d.]+)", line)] if m]
    return max(found) if found else None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--config", default=str(ROOT / "var" / "bear.toml"))
    ap.add_argument("--out", default=str(ROOT / "var" / "bench-cache"))
    ap.add_argument("--quiet-s", type=float, default=60.0)
    ap.add_argument("--lines", type=int, default=4)
    ap.add_argument("--pi", action="store_true", help="daemon and builder share one pi-speed slice")
    ap.add_argument("--modes", default="thread,process")
    args = ap.parse_args()
    wrap: list[str] = []
    if args.pi:
        found = pi_speed_command()
        if isinstance(found, str):
            print(f"bench_cache: {found}", file=sys.stderr)
            return 1
        wrap = found
    cfg = load_config(Path(args.config))
    out = Path(args.out).absolute()
    rec = build(voice_folder(cfg), [Line(f"hey teddy, {t}", pause_s=3.0) for t in REQUESTS[:args.lines]],
                out / "child.wav", lead_s=args.quiet_s)
    results = {}
    for mode in args.modes.split(","):
        print(f"== {mode} ({'Pi slice' if args.pi else 'full speed'}): {args.quiet_s:.0f} s quiet room, "
              f"then {args.lines} requests", flush=True)
        results[mode] = run_mode(mode, cfg, out, rec, args.quiet_s, wrap)
        for key, value in results[mode].items():
            print(f"{mode}.{key}={json.dumps(value)}", flush=True)
    (out / f"results{'-pi' if args.pi else ''}.json").write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
