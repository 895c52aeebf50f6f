"""Re-derive the phrase spotter's parameters on real voices (issue 13 §2).

Positives: ../shared/speech/precise-wake-real (real people saying "athena", "amelia", "computer",
"hey computer"). Negatives: the children's speech (speechocean762), the other phrases' folders, the
other shared speech sets and the room background. Everything is split deterministically into a
tuning half and a report half by speaker (sha1 of a speaker key: the speechocean762 speaker id; the
set name for single-speaker sets; the file name for precise-wake-real, whose speakers are not
labelled, so one volunteer may sit in both halves there).

For each phrase, warp and keyphrase threshold exponent (threshold = 10^-(e * phones)), the real
PocketSphinx spotter runs over every clip of the chosen half in 96 ms blocks (as the listener feeds
it); the Silero VAD onsets are computed once, and the onset window is applied afterwards to the hits.
Printed per setting: detected %, false accepts per hour, and the wake decision latency (end of the
block that reported the hit minus the phrase end the spotter aligned, plus the block's decode time).

    .venv/bin/python scripts/tune_wake.py --half tune --out /tmp/wake-tune.json
    .venv/bin/python scripts/tune_wake.py --half report --exps 4 --warps 0.9 --out /tmp/wake-report.json

Only derived numbers are kept (hit positions, onsets): no audio is written anywhere.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARED = Path(os.environ.get("BEAR_SHARED", ROOT.parent / "shared"))
SPEECH = SHARED / "speech"
REAL = SPEECH / "precise-wake-real"
PHRASES = {"athena": "athena", "amelia": "amelia", "computer": "computer", "hey computer": "hey-computer"}
# folders that contain another phrase's words: not negatives for it
CONTAINS = {"computer": {"hey-computer"}, "hey computer": set()}
SR, BLOCK = 16000, 1536
WINDOWS_MS = (0, 300, 500, 800, 1200)


def half_of(key: str) -> str:
    return "tune" if hashlib.sha1(key.encode()).digest()[0] % 2 == 0 else "report"


def dataset() -> tuple[dict[str, list[tuple[str, str]]], list[tuple[str, str, str]]]:
    """({phrase: [(file, half)]}, [(file, half, group)]) for negatives."""
    import csv

    positives = {p: [(str(f), half_of(f.name)) for f in sorted((REAL / d).glob("*.flac"))]
                 for p, d in PHRASES.items()}
    negatives = []
    for d in PHRASES.values():
        negatives += [(str(f), half_of(f.name), d) for f in sorted((REAL / d).glob("*.flac"))]
    negatives += [(str(f), half_of("background"), "background") for f in sorted((REAL / "background").glob("*.flac"))]
    kids = SPEECH / "speechocean762-train-children"
    with open(kids / "manifest.tsv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            negatives.append((str(kids / row["file"]), half_of("so762-" + row["speaker"]), "children"))
    for name in ("ljspeech-32", "librispeech-samples", "pocketsphinx-testdata", "misc"):
        for f in sorted((SPEECH / name).rglob("*")):
            if f.suffix in (".wav", ".flac"):
                negatives.append((str(f), half_of(name), name))
    return positives, negatives


def _vad_job(path: str) -> tuple[str, list[int], int]:
    from bear.audio.files import read_audio
    from bear.config import VadConfig
    from bear.hearing.vad import FRAME, SileroState, SpeechGate, load_silero

    global _SESSION
    if "_SESSION" not in globals():
        _SESSION = load_silero(ROOT / "var" / "models" / "silero-vad")
    v = VadConfig()
    audio = read_audio(path)
    gate = SpeechGate(v.threshold, max(1, v.min_speech_ms * SR // 1000 // FRAME), max(1, v.hangover_ms * SR // 1000 // FRAME))
    onsets = []
    for j, p in enumerate(SileroState().probabilities(_SESSION, audio)):
        e = gate.push(p, j * FRAME)
        if e is not None and e.kind == "start":
            onsets.append(e.at)
    return path, onsets, len(audio)


def _whisper():
    global _WHISPER
    if "_WHISPER" not in globals():
        from bear.config import SttConfig
        from bear.hearing.whisper_engine import WhisperModel

        _WHISPER = WhisperModel(ROOT / "var" / "models" / "faster-whisper-tiny.en", SttConfig(whisper_threads=1))
    return _WHISPER


def _spot_job(args) -> tuple[tuple, dict]:
    phrase, warp, exp, files, verify, onsets = args
    from bear.audio.files import read_audio
    from bear.hearing.sphinx import SphinxModel
    from bear.hearing.verify import MARGIN_S, phrase_similarity, whisper_check

    model = SphinxModel(phrase, 0.3, warp, spotter_only=True, threshold_exp=exp)
    out = {}
    for path in files:
        audio = read_audio(path)
        model.spotter.start(0, new_channel=True)
        hits = []
        tail = len(audio) + SR // 2  # half a second of silence after each clip, as `bear eval wake` does
        import numpy as np

        audio = np.concatenate((audio, np.zeros(SR // 2, np.int16)))
        for i in range(0, tail - BLOCK + 1, BLOCK):
            t0 = time.perf_counter()
            found = model.spotter.accept(audio[i:i + BLOCK], False)
            ms = (time.perf_counter() - t0) * 1000
            for h in found:
                sim, vms = None, 0.0
                near = any(abs(h.start - o) <= max(WINDOWS_MS) * SR // 1000 for o in onsets[path])
                if verify and near:  # Whisper on what the bear has heard when the spotter decides
                    t1 = time.perf_counter()
                    text = whisper_check(_whisper(), audio[max(0, h.start - int(MARGIN_S * SR)):i + BLOCK])
                    sim, vms = round(phrase_similarity(text, phrase), 3), (time.perf_counter() - t1) * 1000
                hits.append((h.start, h.end, i + BLOCK, ms, sim, vms))
        out[path] = hits
    return (phrase, warp, exp), out


def accepted(hits, onsets, window_ms: int, min_sim: float | None = None):
    w = window_ms * SR // 1000
    return [h for h in hits if (not w or any(abs(h[0] - o) <= w for o in onsets))
            and (min_sim is None or (h[4] is not None and h[4] >= min_sim))]


SIMS = (0.6, 0.7, 0.8)


def summarise(results, positives, negatives, vad, half, verify_windows=()):
    import statistics

    rows = []
    for (phrase, warp, exp), hits in sorted(results.items()):
        pos = [f for f, h in positives[phrase] if h == half]
        excluded = {PHRASES[phrase]} | CONTAINS.get(phrase, set())
        neg = [f for f, h, g in negatives if h == half and g not in excluded]
        neg_s = sum(vad[f][1] for f in neg) / SR
        for window, min_sim in [(w, None) for w in WINDOWS_MS] + [(w, m) for w in verify_windows for m in SIMS]:
            det, lat = 0, []
            for f in pos:
                acc = accepted(hits[f], vad[f][0], window, min_sim)
                if acc:
                    det += 1
                    s, e, at, ms, sim, vms = acc[0]
                    lat.append((at - e) / SR * 1000 + ms + vms)
            fa = {}
            for f, h, g in negatives:
                if f in hits and h == half and g not in excluded:
                    n = len(accepted(hits[f], vad[f][0], window, min_sim))
                    fa[g] = fa.get(g, 0) + n
            total = sum(fa.values())
            lat.sort()
            rows.append({"phrase": phrase, "warp": warp, "exp": exp, "window_ms": window, "verify": min_sim,
                         "detected": det,
                         "positives": len(pos), "detected_pct": round(100 * det / max(1, len(pos)), 1),
                         "false_accepts": total, "negatives_h": round(neg_s / 3600, 3),
                         "fa_per_hour": round(total / (neg_s / 3600), 2) if neg_s else None, "fa_by_group": fa,
                         "latency_ms_median": round(statistics.median(lat), 1) if lat else None,
                         "latency_ms_p90": round(lat[-(-9 * len(lat) // 10) - 1], 1) if lat else None})
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--half", choices=("tune", "report", "all"), default="tune")
    ap.add_argument("--phrases", default=",".join(PHRASES))
    ap.add_argument("--warps", default="0.9,1.0")
    ap.add_argument("--exps", default="2.5,3.0,3.5,4.0,4.5", help="threshold exponents per phone")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--positives-only", action="store_true", help="detection and latency only (no negatives)")
    ap.add_argument("--verify", action="store_true", help="Whisper re-checks every hit near a speech onset")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    from multiprocessing import Pool

    positives, negatives = dataset()
    if args.positives_only:
        negatives = []
    halves = ("tune", "report") if args.half == "all" else (args.half,)
    phrases = args.phrases.split(",")
    files = sorted({f for p in phrases for f, h in positives[p] if h in halves}
                   | {f for f, h, g in negatives if h in halves})
    t0 = time.time()
    vw = (300, 500, 800) if args.verify else ()
    with Pool(args.jobs) as pool:
        vad = {p: (o, n) for p, o, n in pool.map(_vad_job, files, chunksize=16)}
        print(f"vad: {len(files)} files, {sum(n for _, n in vad.values()) / SR / 3600:.2f} h in {time.time() - t0:.0f} s",
              file=sys.stderr)
        jobs = []
        for phrase in phrases:
            excluded = {PHRASES[phrase]} | CONTAINS.get(phrase, set())
            mine = [f for f, h in positives[phrase] if h in halves] + \
                   [f for f, h, g in negatives if h in halves and g not in excluded]
            for warp in map(float, args.warps.split(",")):
                for exp in map(float, args.exps.split(",")):
                    for k in range(2):  # two chunks per setting: both cores busy to the end
                        part = mine[k::2]
                        jobs.append((phrase, warp, exp, part, args.verify, {f: vad[f][0] for f in part}))
        results: dict = {}
        chunks: dict = {}
        for key, hits in pool.imap_unordered(_spot_job, jobs):
            results.setdefault(key, {}).update(hits)
            chunks[key] = chunks.get(key, 0) + 1
            if chunks[key] == 2:  # a setting is complete: its figures now (the run is long)
                for half in halves:
                    for r in summarise({key: results[key]}, positives, negatives, vad, half, vw):
                        print(f"{time.time() - t0:.0f}s {half} {key} window={r['window_ms']} verify={r['verify']} "
                              f"detected={r['detected_pct']}% "
                              f"fa_per_hour={r['fa_per_hour']} {r['fa_by_group']} lat={r['latency_ms_median']}",
                              file=sys.stderr, flush=True)
    rows = []
    for half in halves:
        for row in summarise(results, positives, negatives, vad, half, vw):
            rows.append({"half": half, **row})
    args.out.write_text(json.dumps(rows, indent=1))
    args.out.with_suffix(".hits.json").write_text(json.dumps({repr(k): v for k, v in results.items()}))
    for r in rows:
        print(f"{r['half']}\t{r['phrase']}\twarp={r['warp']}\texp={r['exp']}\twindow={r['window_ms']}\t"
              f"verify={r['verify']}\t"
              f"detected={r['detected']}/{r['positives']} ({r['detected_pct']}%)\t"
              f"fa_per_hour={r['fa_per_hour']} over {r['negatives_h']} h {r['fa_by_group']}\t"
              f"latency_ms median={r['latency_ms_median']} p90={r['latency_ms_p90']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
