"""`bear bench [--json FILE] [--pi]`: reply latency, memory and idle cost of the whole pipeline.

`bear run` (the real daemon, in its own process: WAV backends, mock paw, emotion on, replies
written as WAV) first sits in a quiet room, then hears a recorded child (`bear.scenario`) ask one
thing after another, each after the wake phrase. It runs twice: with the phrase cache off
(`uncached`), then with the configured cache (the figures at the top level, and `cached`: the
turns whose every piece was in the cache). The recording and the cache (`<out>/data/phrase-cache`,
seeded from the bear's own cache, the rest rendered; `--cache-build-s` caps it) are prepared
first, at full speed. With `--pi` only the daemon runs inside `../shared/tools/pi-speed` (a
cgroup slice sized like a Raspberry Pi 4; needs root and cgroup v1). Printed, and written as JSON
with the same keys:

- reply_latency_ms {p50, p95}: end of speech -> first reply audio, the trailing-silence wait
  excluded (from the moment the utterance is closed), and its stages {p50, p95}: stt_final_ms,
  emotion_ms, reply_ms, tts_first_ms;
- peak_rss_mb: the largest RSS of the daemon's process tree (daemon + PocketSphinx process),
  summed, sampled every 20 ms once every model was loaded; idle_rss_mb and idle_cpu_percent (% of one core) in the
  quiet room before the first wake, once start-up settled (hearing models, the warm-up's voice and understanding
  model, the cache's index);
- import_ms: `import bear` (-X importtime, median of 5);
- uncached / cached: {reply_latency_ms, tts_first_ms: {p50, p95}, turns} of the run without the
  cache and of the fully cached turns of the run with it (`partly_cached`: turns whose first
  piece, not all, was cached; `uncached_turns` of that run); `cache`: its pieces, MB, build time;
- pi_slice: true inside pi-speed (then idle_cpu_percent_of_slice too).
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

from bear.scenario import REQUESTS, requests_recording  # noqa: F401 (REQUESTS: the benchmark's lines)



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
        """CPU seconds the process tree has used so far."""
        from bear.resources import process_cpu

        return process_cpu(self.pid)

    def _run(self) -> None:
        """RSS every `period_s` (20 ms: a voice's working memory comes and goes within ~100 ms)."""
        from bear.resources import process_rss

        while not self._stop.is_set():
            self.samples.append((time.monotonic(), process_rss(self.pid)))
            self._stop.wait(self.period_s)

    def start(self) -> TreeSampler:
        """Start sampling on its thread; returns self."""
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop sampling and wait for the thread."""
        self._stop.set()
        self.thread.join(2)


def _bench_config(cfg, rec_wav: Path, out_dir: Path, name: str = "bench.toml", **speech) -> Path:
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
    data["speech"].update(speech)
    path = out_dir / name
    path.write_text(to_toml(data))
    return path


def _tree_daemon(pid: int, timeout: float = 10.0) -> int:
    """The `bear run` process under `pid` (pi-speed's shell runs it as a child), or `pid` itself."""
    import psutil

    def is_daemon(p) -> bool:  # python itself: the wrapper's short-lived subshells share its command line
        try:
            return p.name().startswith("python") and "run" in p.cmdline()
        except psutil.Error:  # it ended meanwhile
            return False

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            proc = psutil.Process(pid)
            found = [p for p in [proc, *proc.children(recursive=True)] if is_daemon(p)]
        except psutil.Error:
            return pid
        if found:
            return found[0].pid
        time.sleep(0.02)
    return pid


def _daemon_run(config: Path, rec, lines: int, idle_s: float, voice: str, wrap: list[str], out, *,
                cache: bool) -> dict | None:
    """One `bear run` over the recording; its figures (None if it failed). The idle window starts
    a second after start-up settled: hearing ready, the warm-up done, the phrase cache's index read."""
    db = config.parent / "data" / "bear.db"
    for f in (db, db.with_name("bear.db-wal"), db.with_name("bear.db-shm")):
        f.unlink(missing_ok=True)
    proc = subprocess.Popen(wrap + [sys.executable, "-m", "bear", "run", "--config", str(config), "--for",
                                    f"{rec.seconds + 3:.1f}"], stderr=subprocess.PIPE, text=True)
    t_start = time.monotonic()
    sampler = TreeSampler(_tree_daemon(proc.pid) if wrap else proc.pid).start()
    events: dict[str, float] = {}
    log_lines: list[str] = []
    marks = ("event=hearing_ready", f"event=model_loaded name={voice}", "event=model_loaded name=emotion",
             "event=warmed_up", "event=warmup_skipped", "event=phrase_cache_ready")

    def read_stderr() -> None:
        for line in proc.stderr:
            log_lines.append(line)
            for name in marks:
                if name in line and name not in events:
                    events[name] = time.monotonic()

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    idle = {}

    def settled() -> float | None:
        needed = [events.get("event=hearing_ready"), events.get("event=warmed_up", events.get("event=warmup_skipped"))]
        if cache:
            needed.append(events.get("event=phrase_cache_ready"))
        return None if None in needed else max(needed) + 1.0

    while proc.poll() is None:
        since = time.monotonic() - t_start
        if "cpu0" not in idle and settled() is not None and time.monotonic() >= settled():
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
        return None
    loaded_at = max(events.get(marks[1], 0), events.get(marks[2], 0))
    after = [s for s in sampler.samples if loaded_at and s[0] >= loaded_at]
    con = sqlite3.connect(db)
    rows = con.execute("SELECT timings, child_text, bear_text FROM turns ORDER BY id").fetchall()
    con.close()
    timings = [json.loads(r[0]) for r in rows]
    stages = ("stt_final_ms", "emotion_ms", "reply_ms", "tts_first_ms")
    results = {
        "reply_latency_ms": _p50_p95([t["reply_latency_ms"] for t in timings if "reply_latency_ms" in t]),
        "stages": {k: _p50_p95([t[k] for t in timings if k in t]) for k in stages},
        "turns": len(timings), "requests": lines,
        "peak_rss_mb": round(max(s[1] for s in after) / 1e6, 1) if after else None,
        "idle_rss_mb": round(idle["rss"] / 1e6, 1) if "rss" in idle else None,
        "idle_cpu_percent": round((idle["cpu1"] - idle["cpu0"]) / (idle["t1"] - idle["t0"]) * 100, 2)
        if "cpu1" in idle and idle["t1"] - idle["t0"] >= min(idle_s, 1.0) else None,
    }
    if results["idle_cpu_percent"] is None:
        print("bear: bench: the daemon settled too late for an idle window before the first request "
              "(no idle figure; the machine is busy)", file=sys.stderr)
    if len(rows) != lines:  # say what was heard, so a missed request can be told apart from a misheard one
        print(f"asked={json.dumps(REQUESTS[:lines])}\nheard={json.dumps([r[1] for r in rows])}", file=out)
        print("".join(line for line in log_lines if "event=wake " in line or "event=utterance" in line
                      or "event=no_speech_timeout" in line), end="", file=out)
    results["_turns"] = [(t, r[2]) for t, r in zip(timings, rows)]
    return results


def _p50_p95(values: list[float]) -> dict:
    return {"p50": _pct(values, 0.5), "p95": _pct(values, 0.95)}


def _summary(turns: list[tuple[dict, str]]) -> dict:
    return {"reply_latency_ms": _p50_p95([t["reply_latency_ms"] for t, _ in turns if "reply_latency_ms" in t]),
            "tts_first_ms": _p50_p95([t["tts_first_ms"] for t, _ in turns if "tts_first_ms" in t]),
            "turns": len(turns)}


class _Indented:
    """A text stream whose lines are indented (the cache build's summary line is not a bench figure)."""

    def __init__(self, out):
        self.out = out

    def write(self, text: str) -> int:
        return self.out.write("\n".join(f"   {line}" if line else line for line in text.split("\n")))

    def flush(self) -> None:
        self.out.flush()


def _prepare_cache(bench_cfg, seed_folder: Path, max_s: float | None, out) -> dict:
    """Fill the bench's cache: hard links to the bear's own cached pieces (those that do not say a
    name), then render the rest of the plan (at full speed, outside any slice)."""
    import os

    from bear.speech.cache import FOLDER, usage
    from bear.speech.cache_builder import build_command

    folder = bench_cfg.paths.data_dir / FOLDER
    if seed_folder.is_dir() and seed_folder.resolve() != folder.resolve():
        for src in seed_folder.glob("*/*.ogg"):
            dst = folder / src.parent.name / src.name
            if ".n" not in src.name and not dst.exists():
                dst.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(src, dst)
                except OSError:
                    dst.write_bytes(src.read_bytes())
    t0 = time.perf_counter()
    print(f"== phrase cache for the cached run ({folder})", file=out, flush=True)
    code = build_command(bench_cfg, max_s, out=_Indented(out), nice=False)
    held = usage(folder)
    return {"ok": code == 0, "pieces": held["pieces"], "mb": round(held["bytes"] / 1e6, 1),
            "prepare_s": round(time.perf_counter() - t0, 1)}


def _classify(turns, cache_cfg) -> dict[str, list]:
    """Turns of the cached run by how much of each reply the cache held."""
    from bear.models.manifest import load_manifest
    from bear.speech.cache import PhraseCache, voice_id
    from bear.speech.tts import chunks_for_speech
    from bear.speech.voice import voice_model

    cache = PhraseCache.from_config(cache_cfg)
    vid = voice_id(load_manifest(cache_cfg.manifest_path).get(voice_model(cache_cfg.speech)))
    cache.load(vid)
    out: dict[str, list] = {"cached": [], "partly_cached": [], "uncached": []}
    for timing, text in turns:
        hits = [cache.lookup(vid, cache_cfg.speech.length_scale, p) is not None for p in chunks_for_speech(text)]
        kind = "cached" if hits and all(hits) else "partly_cached" if hits and hits[0] else "uncached"
        out[kind].append((timing, text))
    return out


def pi_speed_command() -> list[str] | str:
    """The pi-speed wrapper (`../shared/tools/pi-speed` beside the clone, or $BEAR_SHARED/tools), or
    why it cannot run here."""
    import os

    root = Path(__file__).resolve().parent.parent
    candidates = [Path(os.environ["BEAR_SHARED"]) / "tools" / "pi-speed"] if os.environ.get("BEAR_SHARED") else []
    candidates.append(root.parent / "shared" / "tools" / "pi-speed")
    tool = next((c for c in candidates if c.is_file()), None)
    if tool is None:
        return f"--pi needs the pi-speed tool at {candidates[-1]} (not found)"
    if os.geteuid() != 0:
        return "--pi needs root: pi-speed moves the daemon into a cgroup (run it with sudo)"
    for controller in ("cpu", "cpuset"):
        if not os.access(f"/sys/fs/cgroup/{controller}", os.W_OK):
            return f"--pi needs cgroup v1 with the {controller} controller at /sys/fs/cgroup/{controller} (not here)"
    return [str(tool), "--"]


def bench(cfg, out_dir: Path, *, lines: int = len(REQUESTS), idle_s: float = 10.0, json_path: Path | None = None,
          out=None, pi: bool = False, cache_build_s: float | None = None) -> int:
    """`bear bench`: run the daemon on a recorded conversation and print (and optionally write as JSON) latency, memory,
    CPU and import figures; returns the exit code."""
    import os

    from bear.config import load_config
    from bear.speech.cache import FOLDER
    from bear.speech.voice import voice_model

    out = out or sys.stdout
    wrap: list[str] = []
    if pi:
        found = pi_speed_command()
        if isinstance(found, str):
            print(f"bear: bench: {found}", file=sys.stderr)
            return 1
        wrap = found
    # start-up and model loading (slow in the Pi slice or on a busy machine: up to ~20 s), the idle window, the wake
    lead = idle_s + 25.0
    rec = requests_recording(cfg, out_dir, lines, lead_s=lead)
    if rec is None:
        return 1
    config = _bench_config(cfg, rec.wav, out_dir)
    bench_cfg = load_config(config)
    plain = _bench_config(cfg, rec.wav, out_dir, "bench-uncached.toml", cache_mb=0)
    cache = None
    if cfg.speech.cache_mb > 0:
        cache = _prepare_cache(bench_cfg, cfg.paths.data_dir / FOLDER, cache_build_s, out)
    voice = voice_model(cfg.speech)
    where = "inside pi-speed (a Pi 4-sized slice)" if pi else "at full speed"
    results: dict = {}
    runs = [("uncached", plain)] + ([("cached", config)] if cache is not None else [])
    for kind, path in runs:
        print(f"== bear run {where}, phrase cache {'on' if kind == 'cached' else 'off'}, on {rec.wav} "
              f"({rec.seconds:.0f} s: {lead:.0f} s quiet room, then {lines} requests)", file=out, flush=True)
        got = _daemon_run(path, rec, lines, idle_s, voice, wrap, out, cache=kind == "cached")
        if got is None:
            return 1
        turns = got.pop("_turns")
        if kind == "uncached":
            results["uncached"] = _summary(turns) | {k: got[k] for k in ("peak_rss_mb", "idle_cpu_percent")}
            if cache is None:
                results = got | results
        else:
            parts = _classify(turns, bench_cfg)
            results = got | results | {"cached": _summary(parts["cached"]),
                                       "partly_cached": _summary(parts["partly_cached"]),
                                       "uncached_turns": len(parts["uncached"]), "cache": cache}
    results["import_ms"] = import_ms()
    results["pi_slice"] = pi
    if pi and results.get("idle_cpu_percent") is not None:
        share = float(os.environ.get("PI_SPEED_PERCENT", 30))
        results["idle_cpu_percent_of_slice"] = round(results["idle_cpu_percent"] / share * 100, 1)
    for key, value in results.items():
        print(f"{key}={json.dumps(value)}", file=out)
    if json_path is not None:
        json_path.write_text(json.dumps(results, indent=1) + "\n")
    if not results.get("turns"):
        print("bear: bench: no turn completed", file=sys.stderr)
        return 1
    return 0


def side_by_side(full: dict, pi: dict, out=None) -> None:
    """Two `bear bench --json` results (full speed, Pi slice) as one table."""
    out = out or sys.stdout

    def get(d: dict, path: str):
        for part in path.split("."):
            d = d.get(part) if isinstance(d, dict) else None
        return d

    rows = ["reply_latency_ms.p50", "reply_latency_ms.p95", "uncached.reply_latency_ms.p50",
            "uncached.reply_latency_ms.p95", "cached.reply_latency_ms.p50", "cached.reply_latency_ms.p95",
            "cached.tts_first_ms.p50", "cached.tts_first_ms.p95", "partly_cached.reply_latency_ms.p95",
            "cached.turns", "partly_cached.turns", "uncached_turns", "turns", "peak_rss_mb", "uncached.peak_rss_mb",
            "idle_rss_mb", "idle_cpu_percent", "uncached.idle_cpu_percent", "idle_cpu_percent_of_slice", "cache.pieces",
            "cache.mb"]
    print(f"{'figure':<36} {'full speed':>12} {'Pi slice':>12}", file=out)
    for row in rows:
        a, b = get(full, row), get(pi, row)
        print(f"{row:<36} {'-' if a is None else a:>12} {'-' if b is None else b:>12}", file=out)
