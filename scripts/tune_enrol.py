"""Enrolment on real voices (issue 13 §2): an eager phrase spotter, verified against enrolled templates.

For each phrase (athena / amelia / computer), 5 clips drawn from the TUNING half of
../shared/speech/precise-wake-real are enrolled (bear.hearing.enrol: cut with the VAD, openWakeWord
embeddings). Speakers are unlabelled there, so the enrolled voices are other people's: a
conservative, cross-speaker figure (the bear enrols the child who will say it).

The eager PocketSphinx spotter's hits (scripts/tune_wake.py, same halves, same 96 ms blocks, same
VAD onsets and 300 ms onset window) are each verified: the openWakeWord embeddings of the audio from
0.2 s before the phrase's start to the moment of decision are aligned with every template (DTW) and
the wake stands when the nearest is within the threshold. Template cut and threshold are chosen on
the tuning half (highest detection with at most --max-fa false accepts an hour there); detection
and false accepts per hour are then reported on the report half, with the decision latency (the
spotter's, plus the embedding and DTW time measured per candidate).

    .venv/bin/python scripts/tune_wake.py --half all --exps 6.0 --warps 0.9 \\
        --phrases athena,amelia,computer --out /tmp/eager.json        # writes /tmp/eager.hits.json
    .venv/bin/python scripts/tune_enrol.py --hits /tmp/eager.hits.json --out /tmp/enrol.json

Only derived numbers are kept: no audio is written anywhere.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from tune_wake import CONTAINS, PHRASES, SR, _vad_job, dataset  # noqa: E402

N_ENROL = 5
WINDOW_MS = 300
CUTS = ((0.3, 0.0), (0.2, 0.1), (0.5, 0.0), (0.4, -0.1))  # (before, after) the speech end, seconds
THRESHOLDS = [round(0.08 + 0.005 * i, 3) for i in range(25)]


def enrol_clips(positives, phrase: str, draw: int, usable) -> list[str]:
    """`N_ENROL` tuning-half clips of `phrase`, in an order set by sha1 of (draw, name), leaving out
    those `bear enrol` would refuse on their own (`usable(path)` False: silent, too short or long),
    as a parent would record those again."""
    tune = [f for f, h in positives[phrase] if h == "tune"]
    tune.sort(key=lambda f: hashlib.sha1(f"{draw}:{Path(f).name}".encode()).digest())
    return [f for f in tune if usable(f)][:N_ENROL]


def _candidates(args):
    """Per file: [(hit, sequence, embed_ms)] for every hit within the onset window (worker)."""
    files, hits, onsets = args
    import numpy as np

    from bear.audio.files import read_audio
    from bear.hearing.enrol import CANDIDATE_BEFORE_S, Embedder, with_context

    emb = Embedder(ROOT / "var" / "models" / "openwakeword-frontend")
    out = {}
    w = WINDOW_MS * SR // 1000
    for path in files:
        near = [h for h in hits[path] if any(abs(h[0] - o) <= w for o in onsets[path])]
        if not near:
            continue
        audio = np.concatenate((read_audio(path), np.zeros(SR // 2, np.int16)))
        rows = []
        for h in near:
            t0 = time.perf_counter()
            seq = emb.embed(with_context(audio, h[0] - int(CANDIDATE_BEFORE_S * SR), h[2]))
            rows.append((h, seq, (time.perf_counter() - t0) * 1000))
        out[path] = rows
    return out


def figures(per, pos: list[str], neg: list[str], neg_h: float, group: dict, thr: float) -> dict:
    """Detection, false accepts per hour and latency when candidates within `thr` are accepted."""
    det, lat, vms = 0, [], []
    for f in pos:
        ok = [r for r in per.get(f, []) if r[1] <= thr]
        if ok:
            det += 1
            (s, e, at, ms, *_), _, v = ok[0]
            lat.append((at - e) / SR * 1000 + ms + v)
            vms.append(v)
    fa, by = 0, {}
    for f in neg:
        n = sum(r[1] <= thr for r in per.get(f, []))
        fa += n
        if n:
            by[group[f]] = by.get(group[f], 0) + n
    lat.sort()
    return {"detected": det, "positives": len(pos), "spotter_detected": sum(bool(per.get(f)) for f in pos),
            "detected_pct": round(100 * det / max(1, len(pos)), 1),
            "false_accepts": fa, "negatives_h": round(neg_h, 3),
            "fa_per_hour": round(fa / neg_h, 2), "fa_by_group": by,
            "latency_ms_median": round(statistics.median(lat), 1) if lat else None,
            "latency_ms_p90": round(lat[-(-9 * len(lat) // 10) - 1], 1) if lat else None,
            "verify_ms_median": round(statistics.median(vms), 2) if vms else None}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hits", type=Path, action="append", required=True,
                    help="tune_wake.py's .hits.json (both halves, the eager exponent); may repeat")
    ap.add_argument("--exp", type=float, default=6.0, help="which spotter exponent of the hits file")
    ap.add_argument("--phrases", default="athena,amelia,computer")
    ap.add_argument("--draws", type=int, default=3, help="different sets of 5 enrolment clips")
    ap.add_argument("--max-fa", type=float, default=1.0, help="false accepts per hour allowed on the tuning half")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    from multiprocessing import Pool

    from bear.audio.files import read_audio
    from bear.hearing import enrol as E
    from bear.hearing.vad import load_silero

    positives, negatives = dataset()
    phrases = args.phrases.split(",")
    hits: dict = {}
    for hf in args.hits:
        for key, per_file in json.loads(hf.read_text()).items():
            phrase, _warp, exp = ast.literal_eval(key)
            if phrase in phrases and exp == args.exp:
                hits.setdefault(phrase, {}).update(per_file)
    missing = [p for p in phrases if p not in hits]
    if missing:
        print(f"tune_enrol: no hits at exp {args.exp} for {missing} in {args.hits}", file=sys.stderr)
        return 2
    t0 = time.time()
    files = sorted({f for p in phrases for f in hits[p]})
    with Pool(args.jobs) as pool:
        vad = {p: (o, n) for p, o, n in pool.map(_vad_job, files, chunksize=16)}
        print(f"vad: {len(files)} files in {time.time() - t0:.0f} s", file=sys.stderr, flush=True)
        cands: dict = {}
        for phrase in phrases:
            mine = sorted(hits[phrase])
            jobs = [(mine[k::8], hits[phrase], {f: vad[f][0] for f in mine[k::8]}) for k in range(8)]
            cands[phrase] = {}
            for part in pool.imap_unordered(_candidates, jobs):
                cands[phrase].update(part)
            print(f"{phrase}: {sum(len(v) for v in cands[phrase].values())} candidates embedded "
                  f"({time.time() - t0:.0f} s)", file=sys.stderr, flush=True)
    embedder = E.Embedder(ROOT / "var" / "models" / "openwakeword-frontend")
    vad_session = load_silero(ROOT / "var" / "models" / "silero-vad")
    def usable(path: str) -> bool:
        try:
            E.cut_phrase(vad_session, read_audio(path))
            return True
        except E.EnrolError:
            return False

    rows: list = []
    kept: list = []  # per phrase and draw: what the one shared setting below is chosen from
    for phrase in phrases:
        excluded = {PHRASES[phrase]} | CONTAINS.get(phrase, set())
        neg = {half: [f for f, h, g in negatives if h == half and g not in excluded and f in hits[phrase]]
               for half in ("tune", "report")}
        neg_h = {half: sum(vad[f][1] for f in fs) / SR / 3600 for half, fs in neg.items()}
        group = {f: g for f, h, g in negatives}
        for draw in range(args.draws):
            enrolled = enrol_clips(positives, phrase, draw, usable)
            pos = {half: [f for f, h in positives[phrase] if h == half and f not in enrolled]
                   for half in ("tune", "report")}
            clips = [(Path(f).name, read_audio(f)) for f in enrolled]
            scored = {}  # cut -> {file: [(hit, distance, verify_ms)]}
            for cut in CUTS:
                E.PAD_BEFORE_S, E.PAD_AFTER_S = cut
                try:
                    templates = E.build_templates(embedder, vad_session, clips, phrase)
                except E.EnrolError as exc:
                    print(f"{phrase} draw {draw} cut {cut}: enrolment refused: {exc}", file=sys.stderr)
                    continue
                per = {}
                for f, rows_f in cands[phrase].items():
                    out = []
                    for h, seq, ms in rows_f:
                        t1 = time.perf_counter()
                        d = templates.distance(seq)
                        out.append((h, d, ms + (time.perf_counter() - t1) * 1000))
                    per[f] = out
                scored[cut] = per

            best = None
            for cut, per in scored.items():
                for thr in THRESHOLDS:
                    f = figures(per, pos["tune"], neg["tune"], neg_h["tune"], group, thr)
                    if f["fa_per_hour"] <= args.max_fa and (best is None or f["detected"] > best[2]["detected"]):
                        best = (cut, thr, f)
            if best is None:
                print(f"{phrase} draw {draw}: no setting within {args.max_fa} false accepts/h", file=sys.stderr)
                continue
            cut, thr, tune_f = best
            rep = figures(scored[cut], pos["report"], neg["report"], neg_h["report"], group, thr)
            row = {"phrase": phrase, "draw": draw, "enrolled": [Path(f).name for f in enrolled], "exp": args.exp,
                   "cut": cut, "threshold": thr, "tune": tune_f, "report": rep,
                   "report_sweep": {t: figures(scored[cut], pos["report"], neg["report"], neg_h["report"], group, t) for t in THRESHOLDS[::2]}}
            rows.append(row)
            kept.append((phrase, draw, scored, pos, neg, neg_h, group))
            print(f"{phrase}\tdraw={draw}\tcut={cut}\tthreshold={thr}\t"
                  f"tune: {tune_f['detected']}/{tune_f['positives']} fa/h={tune_f['fa_per_hour']}\t"
                  f"REPORT: detected={rep['detected']}/{rep['positives']} ({rep['detected_pct']}%; spotter alone "
                  f"{rep['spotter_detected']}) fa_per_hour={rep['fa_per_hour']} over {rep['negatives_h']} h "
                  f"{rep['fa_by_group']} latency_ms median={rep['latency_ms_median']} p90={rep['latency_ms_p90']} "
                  f"verify_ms median={rep['verify_ms_median']}", flush=True)
    shared = shared_setting(kept, args.max_fa)
    args.out.write_text(json.dumps({"per_draw": rows, "shared": shared}, indent=1, default=str))
    return 0


def shared_setting(kept, max_fa: float) -> dict:
    """One cut and threshold for every phrase (the defaults a bear ships with): the highest mean
    detection on the tuning half with at most `max_fa` false accepts an hour there (pooled);
    printed with its report-half figures per phrase and draw."""
    best = None
    cuts = set.intersection(*(set(k[2]) for k in kept)) if kept else set()
    for cut in sorted(cuts):
        for thr in THRESHOLDS:
            tune = [figures(sc[cut], pos["tune"], neg["tune"], nh["tune"], g, thr)
                    for _p, _d, sc, pos, neg, nh, g in kept]
            fa = sum(f["false_accepts"] for f in tune) / sum(f["negatives_h"] for f in tune)
            mean = statistics.mean(f["detected_pct"] for f in tune)
            if fa <= max_fa and (best is None or mean > best[2]):
                best = (cut, thr, mean, fa)
    if best is None:
        return {}
    cut, thr, mean, fa = best
    print(f"shared setting (tuning half): cut={cut} threshold={thr} mean detected={mean:.1f}% "
          f"fa_per_hour={fa:.2f} (pooled)", flush=True)
    out = {"cut": cut, "threshold": thr, "tune_mean_detected_pct": mean, "tune_fa_per_hour": fa, "report": []}
    for phrase, draw, sc, pos, neg, nh, g in kept:
        rep = figures(sc[cut], pos["report"], neg["report"], nh["report"], g, thr)
        out["report"].append({"phrase": phrase, "draw": draw, **rep})
        print(f"shared\t{phrase}\tdraw={draw}\tREPORT: detected={rep['detected']}/{rep['positives']} "
              f"({rep['detected_pct']}%; spotter alone {rep['spotter_detected']}) fa_per_hour={rep['fa_per_hour']} "
              f"over {rep['negatives_h']} h {rep['fa_by_group']} latency_ms median={rep['latency_ms_median']} "
              f"p90={rep['latency_ms_p90']} verify_ms median={rep['verify_ms_median']}", flush=True)
    return out


if __name__ == "__main__":
    sys.exit(main())
