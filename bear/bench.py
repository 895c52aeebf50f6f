"""`bear bench [--json FILE]`: reply latency, memory and idle cost of the whole pipeline.

`bear run` (the real daemon, in its own process: WAV backends, mock paw, emotion on, replies
written as WAV) first sits in a quiet room, then hears a recorded child (`bear.scenario`) ask one
thing after another, each after the wake phrase. Printed, and written as JSON with the same keys:

- reply_latency_ms {p50, p95}: end of speech -> first reply audio, the trailing-silence wait
  excluded (from the moment the utterance is closed), and its stages {p50, p95}: stt_final_ms,
  emotion_ms, reply_ms, tts_first_ms;
- peak_rss_mb: the largest RSS of the daemon's process tree (daemon + PocketSphinx process),
  summed, sampled every 20 ms once every model was loaded; idle_rss_mb and idle_cpu_percent (% of one core) in the quiet room before
  the first wake, hearing models loaded, the voice not yet;
- import_ms: `import bear` (-X importtime, median of 5).
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from bear.scenario import Line

REQUESTS = [
    "tell me a joke", "what is your name", "tell me a story about a penguin", "can you sing a song",
    "tell me an animal fact", "how are you", "I feel happy today", "let's play a counting game",
    "tell me a riddle", "what do bees do", "can I play with matches", "my favourite colour is blue",
    "tell me about elephants", "I am scared of the dark", "thank you", "what can you do",
    "tell me a story about a robot", "another joke please", "hello there", "good night",
]


def _pct(values: list[float], q: float) -> float | None:
    values = sorted(values)
    if not values:
        return None
    return round(values[min(len(values) - 1, int(round(q * (len(values) - 1))))], 1)


def import_ms(module: str = "bear", runs: int = 5) -> float:
    """Median cumulative import time of `module` in a fresh interpreter (-X importtime)."""
    values = []
    for _ in range(runs):
        proc = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"], capture_output=True,
                              text=True, check=True)
        line = [x for x in proc.stderr.splitlines() if x.rstrip().endswith(f"| {module}")][-1]
        values.append(int(line.split("|")[1]) / 1000)
    return round(statistics.median(values), 2)


class TreeSampler:
    """Samples the RSS of a process tree from a thread (bear.resources does the counting)."""

    def __init__(self, pid: int, period_s: float = 0.02):
        self.pid = pid
        self.period_s = period_s
        self.samples: list[tuple[float, int]] = []  # (time, rss summed over the tree)
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="bench-sampler", daemon=True)

    def cpu_seconds(self) -> float:
        from bear.resources import process_cpu

        return process_cpu(self.pid)

    def _run(self) -> None:
        """RSS every `period_s` (20 ms: a voice's working memory comes and goes within ~100 ms)."""
        from bear.resources import process_rss

        while not self._stop.is_set():
            self.samples.append((time.monotonic(), process_rss(self.pid)))
            self._stop.wait(self.period_s)

    def start(self) -> "TreeSampler":
        self.thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self.thread.join(2)


def _bench_config(cfg, rec_wav: Path, out_dir: Path) -> Path:
    from bear.config import to_toml

    data = cfg.redacted()
    data.pop("source", None)
    for section in data.values():  # an empty path reads back as "." (this folder): keep it empty
        if isinstance(section, dict):
            for key, value in section.items():
                if value == ".":
                    section[key] = ""
    data["paths"]["data_dir"] = str(out_dir / "data")
    data["paths"]["runtime_dir"] = str(out_dir / "run")  # never the sockets of a bear running beside it
    data["audio"]["input"].update(backend="wav", wav_path=str(rec_wav), realtime=True, at_end="silence")
    data["audio"]["output"].update(backend="wav", wav_dir=str(out_dir / "replies"), realtime=False)
    data["gpio"]["backend"] = "mock"
    data["emotion"]["enabled"] = True  # every model the bear has
    data["talk"].update(followup_s=0.0, quiet_hours="")
    data["llm"].update(enabled=False, api_key="")
    data["sync"].update(url="", token="")
    data["logging"].update(status_interval_s=0.0, level="info")
    path = out_dir / "bench.toml"
    path.write_text(to_toml(data))
    return path


def bench(cfg, out_dir: Path, *, lines: int = len(REQUESTS), idle_s: float = 10.0, json_path: Path | None = None,
          out=None) -> int:
    from bear.models.manifest import ManifestError, ModelUnavailable
    from bear.scenario import build, voice_folder

    out = out or sys.stdout
    try:
        voice_dir = voice_folder(cfg)
    except (ModelUnavailable, ManifestError) as exc:
        print(f"bear: bench: {exc}", file=sys.stderr)
        return 1
    out_dir.mkdir(parents=True, exist_ok=True)
    lead = idle_s + 9.0  # start-up and model loading (Whisper's ~1-3 s), then the idle window, then the first wake
    rec = build(voice_dir, [Line(f"hey teddy, {t}", pause_s=3.0) for t in REQUESTS[:lines]],
                out_dir / "bench-child.wav", lead_s=lead)
    config = _bench_config(cfg, rec.wav, out_dir)
    db = out_dir / "data" / "bear.db"
    for f in (db, db.with_name("bear.db-wal"), db.with_name("bear.db-shm")):
        f.unlink(missing_ok=True)
    print(f"== bear run on {rec.wav} ({rec.seconds:.0f} s: {lead:.0f} s quiet room, then {lines} requests)",
          file=out, flush=True)
    proc = subprocess.Popen([sys.executable, "-m", "bear", "run", "--config", str(config), "--for",
                             f"{rec.seconds + 3:.1f}"], stderr=subprocess.PIPE, text=True)
    t_start = time.monotonic()
    sampler = TreeSampler(proc.pid).start()
    events: dict[str, float] = {}
    log_lines: list[str] = []

    def read_stderr() -> None:
        for line in proc.stderr:
            log_lines.append(line)
            for name in ("event=hearing_ready", "event=model_loaded name=piper", "event=model_loaded name=emotion"):
                if name in line and name not in events:
                    events[name] = time.monotonic()

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    idle = {}
    while proc.poll() is None:
        since = time.monotonic() - t_start
        if "event=hearing_ready" in events and "cpu0" not in idle and \
                time.monotonic() - events["event=hearing_ready"] > 2.0:
            idle["cpu0"], idle["t0"] = sampler.cpu_seconds(), time.monotonic()
        if "cpu0" in idle and "cpu1" not in idle and (since > rec.starts[0] - 1.0 or
                                                       time.monotonic() - idle["t0"] >= idle_s):
            idle["cpu1"], idle["t1"] = sampler.cpu_seconds(), time.monotonic()
            idle["rss"] = sampler.samples[-1][1] if sampler.samples else 0
        time.sleep(0.05)
    sampler.stop()
    reader.join(2)
    if proc.returncode != 0:
        sys.stderr.write("".join(log_lines[-20:]))
        print(f"bear: bench: bear run exited with {proc.returncode}", file=sys.stderr)
        return 1
    loaded_at = max(events.get("event=model_loaded name=piper", 0), events.get("event=model_loaded name=emotion", 0))
    after = [s for s in sampler.samples if loaded_at and s[0] >= loaded_at]
    con = sqlite3.connect(db)
    rows = con.execute("SELECT timings, child_text FROM turns ORDER BY id").fetchall()
    con.close()
    timings = [json.loads(r[0]) for r in rows]
    stages = ("stt_final_ms", "emotion_ms", "reply_ms", "tts_first_ms")
    results = {
        "reply_latency_ms": {"p50": _pct([t["reply_latency_ms"] for t in timings if "reply_latency_ms" in t], 0.5),
                             "p95": _pct([t["reply_latency_ms"] for t in timings if "reply_latency_ms" in t], 0.95)},
        "stages": {k: {"p50": _pct([t[k] for t in timings if k in t], 0.5),
                       "p95": _pct([t[k] for t in timings if k in t], 0.95)} for k in stages},
        "turns": len(timings), "requests": lines,
        "peak_rss_mb": round(max(s[1] for s in after) / 1e6, 1) if after else None,
        "idle_rss_mb": round(idle["rss"] / 1e6, 1) if "rss" in idle else None,
        "idle_cpu_percent": round((idle["cpu1"] - idle["cpu0"]) / (idle["t1"] - idle["t0"]) * 100, 2)
        if "cpu1" in idle else None,
        "import_ms": import_ms(),
    }
    for key, value in results.items():
        print(f"{key}={json.dumps(value)}", file=out)
    if len(rows) != lines:  # say what was heard, so a missed request can be told apart from a misheard one
        print(f"asked={json.dumps(REQUESTS[:lines])}\nheard={json.dumps([r[1] for r in rows])}", file=out)
        print("".join(line for line in log_lines if "event=wake " in line or "event=utterance" in line
                      or "event=no_speech_timeout" in line), end="", file=out)
    if json_path is not None:
        json_path.write_text(json.dumps(results, indent=1) + "\n")
    if not timings:
        print("bear: bench: no turn completed", file=sys.stderr)
        return 1
    return 0
