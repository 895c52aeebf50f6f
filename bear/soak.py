"""`bear bench --soak N`: N turns through the real daemon, as fast as the pipeline allows.

The recorded child of `bear bench` (`bear.scenario`: the 20 requests, each after the wake phrase)
speaks one line after another, round and round, to `bear run`'s daemon in its own process (the
same `Daemon`, with WAV output and the mock paw). Each line is fed as fast as the listener takes
it (it never falls more than `MAX_LAG_S` behind), then the room is quiet in real time until the
turn is stored; then the next line. Printed (and written as JSON with `--json`):

- turns_answered=k/N, turns_stored (rows in the store), errors (unanswered lines, turns not stored,
  log lines at error or critical), warnings (with their event names);
- rss_mb {start, peak, end}: the daemon's process tree (daemon + PocketSphinx process), at the
  first turn, the largest sampled (every 0.5 s), at the last turn; rss_slope_mb_per_100_turns: a
  least-squares line through the RSS at each turn, the first tenth (at least 10 turns) left out;
- max_loop_stall_ms: the longest the daemon's event loop was late (from hearing ready to the end).

Targets: 0 errors, every turn stored, slope <= 1 MB per 100 turns. The daemon side is
`python -m bear.soak CONFIG RECORDING.json N`: it prints one JSON line of its own figures.
"""

from __future__ import annotations

import asyncio
import json
import os
import logging
import re
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

log = logging.getLogger(__name__)

SR = 16000
MAX_LAG_S = 0.3  # how far the listener may fall behind the fed audio
PREROLL_S = 0.5  # quiet before each line (the wake phrase needs a pause before it)
TURN_TIMEOUT_S = 60.0  # a line that gets no answer in this long counts as an error
GAP_S = 0.3  # quiet room (real time) after an answer, before the next line


class PacedSource:
    """An `AudioSource` playing recorded lines, each once the bear has answered the one before.

    Speech is fed as fast as the listener takes it; between lines the room is quiet in real time
    (the bear thinks and speaks). `daemon` is set once the daemon exists (its ring and listener
    say how far the listener is behind).
    """

    name = "soak"

    def __init__(self, samples, lines: list[tuple[int, int]], turns: int, block: int, *, trailing_s: float,
                 on_done=None):
        self.samples = samples
        self.lines = lines  # (start, end) sample ranges, speech included, in `samples`
        self.turns = turns
        self.block = block
        self.trailing = int(trailing_s * SR)
        self.on_done = on_done
        self.overflows = 0
        self.daemon = None
        self.sent = 0  # lines spoken so far
        self.answered = 0  # turns stored so far
        self.unanswered = 0
        self._answer: asyncio.Event | None = None

    def turn_done(self, _info: dict) -> None:
        """The daemon's `on_turn` hook (on the loop)."""
        self.answered += 1
        if self._answer is not None:
            self._answer.set()

    def _lag(self) -> int:
        listener = self.daemon.hearing.listener if self.daemon and self.daemon.hearing else None
        if listener is None or listener.heard is None:
            return 1 << 30  # not listening yet
        return self.daemon.ring.written - listener.heard

    async def _quiet(self, emit, seconds: float | None, until=None) -> None:
        """Real-time silence for `seconds`, or until `until()` is true."""
        import numpy as np

        silence = np.zeros(self.block, np.int16)
        loop = asyncio.get_running_loop()
        t0, sent = loop.time(), 0
        while (seconds is None or sent < seconds * SR) and not (until and until()):
            emit(silence)
            sent += self.block
            await asyncio.sleep(max(0.0, t0 + sent / SR - loop.time()))

    async def run(self, emit) -> None:
        """The soak's microphone: quiet until models load, then the scripted lines and their answers, in real time."""
        import numpy as np

        self._answer = asyncio.Event()
        await self._quiet(emit, None, until=lambda: self._lag() < MAX_LAG_S * SR)  # models loading
        while self.sent < self.turns:
            start, end = self.lines[self.sent % len(self.lines)]
            line = self.samples[max(0, start - int(PREROLL_S * SR)):end + self.trailing]
            line = np.concatenate((line, np.zeros(-len(line) % self.block, np.int16)))
            for i in range(0, len(line), self.block):
                while self._lag() > MAX_LAG_S * SR:
                    await asyncio.sleep(0.002)
                emit(line[i:i + self.block])
                await asyncio.sleep(0)
            self.sent += 1
            await self._quiet(emit, TURN_TIMEOUT_S, until=lambda: self.answered >= self.sent)
            if self.answered < self.sent:
                self.unanswered += 1
                log.error("event=soak_unanswered line=%d", self.sent)
                self.answered = self.sent  # a late answer must not count for the next line
            await self._quiet(emit, GAP_S)
        if self.on_done is not None:
            self.on_done()
        await self._quiet(emit, None)


def _line_ranges(meta: dict) -> list[tuple[int, int]]:
    return [(int(s * SR), int(e * SR)) for s, e in zip(meta["starts"], meta["ends"])]


def child(config: Path, recording: Path, turns: int) -> int:
    """The daemon side: run `Daemon` on a `PacedSource` until `turns` lines were answered."""
    from bear.audio.files import read_audio
    from bear.config import load_config
    from bear.daemon import Daemon
    from bear.logs import setup_logging

    cfg = load_config(config)
    setup_logging(cfg.logging.level)
    meta = json.loads(recording.with_suffix(".json").read_text())
    block = int(SR * cfg.audio.input.block_ms / 1000)
    source = PacedSource(read_audio(recording), _line_ranges(meta), turns, block,
                         trailing_s=cfg.listen.trailing_silence_ms / 1000 + 0.5)

    def turn_done(info: dict) -> None:
        source.turn_done(info)
        if info.get("wav"):
            Path(info["wav"]).unlink(missing_ok=True)  # 1,000 replies would fill the disk

    async def main():
        daemon = await Daemon.create(cfg, source=source, on_turn=turn_done)
        source.daemon = daemon
        source.on_done = lambda: daemon.request_stop(f"soak of {turns} turns done")
        return daemon, await daemon.run()

    daemon, code = asyncio.run(main())
    monitor = daemon.loop_monitor
    print(json.dumps({"exit_code": code, "lines": source.sent, "answered": source.sent - source.unanswered,
                      "unanswered": source.unanswered,
                      "max_loop_stall_ms": round(monitor.max_stall_ms, 1) if monitor else None,
                      "task_crashes": sum(len(v) for v in daemon.supervisor.crashes.values())}), flush=True)
    if daemon.stuck_engines:  # as `bear run`: an engine thread still inside native code must not be
        import logging  # torn down by the interpreter's exit (std::terminate, SIGABRT)

        logging.shutdown()
        sys.stderr.flush()
        os._exit(code)
    return code


def slope_per_100(points: list[tuple[int, int]]) -> float | None:
    """Least-squares slope of (turn, rss bytes), in MB per 100 turns."""
    if len(points) < 2:
        return None
    n = len(points)
    mx, my = sum(p[0] for p in points) / n, sum(p[1] for p in points) / n
    sxx = sum((p[0] - mx) ** 2 for p in points)
    if sxx == 0:
        return None
    return sum((p[0] - mx) * (p[1] - my) for p in points) / sxx * 100 / 1e6


def soak(cfg, out_dir: Path, *, turns: int = 1000, json_path: Path | None = None, out=None) -> int:
    """Run the soak and print its figures; 1 if it missed its targets of errors or storage."""
    from bear.bench import REQUESTS, TreeSampler, _bench_config, requests_recording
    from bear.resources import process_rss

    out = out or sys.stdout
    rec = requests_recording(cfg, out_dir)
    if rec is None:
        return 1
    config = _bench_config(cfg, rec.wav, out_dir)
    db = out_dir / "data" / "bear.db"
    for f in (db, db.with_name("bear.db-wal"), db.with_name("bear.db-shm")):
        f.unlink(missing_ok=True)
    print(f"== soak: {turns} turns through the daemon ({len(REQUESTS)} recorded lines, round and round)",
          file=out, flush=True)
    t0 = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "bear.soak", str(config), str(rec.wav), str(turns)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreeSampler(proc.pid, period_s=0.5).start()  # every 0.5 s is plenty over an hour
    at_turn: list[tuple[int, int]] = []
    problems: list[str] = []
    warnings: dict[str, int] = {}
    tail: list[str] = []
    every = max(1, turns // 10)

    def read_stderr() -> None:
        for line in proc.stderr:
            tail.append(line)
            del tail[:-30]
            m = re.search(r"event=turn n=(\d+)", line)
            if m:
                n = int(m.group(1))
                at_turn.append((n, process_rss(proc.pid)))
                if n % every == 0:
                    print(f"  turn {n}: rss_mb={at_turn[-1][1] / 1e6:.1f} elapsed_s={time.monotonic() - t0:.0f}",
                          file=out, flush=True)
            if line.startswith(("<0>", "<1>", "<2>", "<3>")) or "Traceback" in line:
                problems.append(line.rstrip())
            elif line.startswith("<4>"):
                ev = re.search(r"event=(\w+)", line)
                name = ev.group(1) if ev else line[3:40].strip()
                warnings[name] = warnings.get(name, 0) + 1

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    try:  # not communicate(): it would read stderr too, and lines it took would never be counted
        proc.wait(timeout=turns * TURN_TIMEOUT_S + 120)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        problems.append("soak: timed out")
    stdout = proc.stdout.read()  # one JSON line
    sampler.stop()
    reader.join(5)
    try:
        figures = json.loads(stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        figures = {}
    stored = 0
    if db.exists():
        con = sqlite3.connect(db)
        stored = con.execute("SELECT COUNT(*) FROM turns").fetchone()[0]
        con.close()
    warm = max(10, turns // 10)
    results = {
        "turns": turns,
        "turns_answered": figures.get("answered", 0),
        "turns_stored": stored,
        "errors": len(problems) + max(0, turns - stored),
        "warnings": warnings,
        "rss_mb": {"start": round(at_turn[0][1] / 1e6, 1) if at_turn else None,
                   "peak": round(max(s[1] for s in sampler.samples) / 1e6, 1) if sampler.samples else None,
                   "end": round(at_turn[-1][1] / 1e6, 1) if at_turn else None},
        "rss_slope_mb_per_100_turns": _round(slope_per_100([p for p in at_turn if p[0] > warm])),
        "max_loop_stall_ms": figures.get("max_loop_stall_ms"),
        "task_crashes": figures.get("task_crashes"),
        "seconds": round(time.monotonic() - t0),
        "exit_code": proc.returncode,
    }
    print(f"turns_answered={results['turns_answered']}/{turns}", file=out)
    for key, value in results.items():
        if key not in ("turns", "turns_answered"):
            print(f"{key}={json.dumps(value)}", file=out)
    for line in problems[:20]:
        print(f"  error: {line}", file=out)
    if json_path is not None:
        json_path.write_text(json.dumps(results, indent=1) + "\n")
    if proc.returncode != 0:
        sys.stderr.write("".join(tail))
    ok = proc.returncode == 0 and results["errors"] == 0 and stored == turns
    return 0 if ok else 1


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


if __name__ == "__main__":  # the daemon side: python -m bear.soak CONFIG RECORDING N
    sys.exit(child(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])))
