#!/usr/bin/env python3
"""Train a wake-phrase head on real voices: a small network over openWakeWord's speech embeddings.

    .venv/bin/pip install -e ".[train]"          # onnx, to write the head
    .venv/bin/python scripts/train_wake_head.py amelia athena computer

For each phrase with real recordings in ../shared/speech/precise-wake-real (volunteers, public
domain), the head reads the last 16 embeddings (1.28 s) of openWakeWord's front end (the
`openwakeword-frontend` model the bear already has: Apache-2.0) and scores "the phrase just
ended". It is an openWakeWord-format head (input [1, 16, 96], one score), so the bear runs it as
`wake.engine = "openwakeword"`, `wake.openwakeword_model = "wake-head-<phrase>"`.

Data (derived features only, no audio written anywhere): positives are the windows ending 0-320 ms
after the phrase's last loud frame (30 dB under the clip's peak), from each clip clean and with
the shared room background mixed in at 5-20 dB; negatives are every window of the children's
speech (speechocean762), the other phrases' clips, ljspeech-32, librispeech-samples,
pocketsphinx-testdata, misc and room background, plus the first half of each positive clip (a
phrase half said is not a wake). The halves are those of scripts/tune_wake.py (by speaker where
known; precise-wake-real has no speaker labels, so by file: a volunteer may be in both halves).

Network: standardised inputs -> 32 ReLU units -> sigmoid, Adam on weighted cross-entropy
(numpy only, seeded: the same data give the same head). The threshold is chosen on the tuning
half alone (inner split of its files in two: the lowest threshold with at most 1 false accept an
hour there, most detections). Figures (metrics.json): a head trained on the tuning half, measured
on the report half, and the reverse (2-fold: every clip and every hour of negatives scored by a
head that never saw them). The shipped head is then trained on both halves. Detection here is
offline (the whole clip's windows); `bear eval wake` measures the shipped head through the real
listener (see the README's "Wake phrases on real voices").
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from tune_wake import CONTAINS, PHRASES, REAL, dataset  # noqa: E402

N_EMB, DIM, HIDDEN = 16, 96, 32
PAD = 8000  # half a second of silence around each clip, as `bear eval wake` feeds them
REFRACTORY = 25  # windows (2 s): one false accept, however long the score stays high
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99, 0.995)
SEED = 7
ONE_SPEAKER_SETS = ("ljspeech-32", "librispeech-samples", "pocketsphinx-testdata", "misc")


def windows(emb):
    """Every run of N_EMB embeddings, flattened; window k ends at embedding k + N_EMB - 1."""
    if len(emb) < N_EMB:
        emb = np.vstack((np.zeros((N_EMB - len(emb), DIM), np.float32), emb))
    idx = np.arange(N_EMB)[None, :] + np.arange(len(emb) - N_EMB + 1)[:, None]
    return emb[idx].reshape(-1, N_EMB * DIM).astype(np.float32)


def window_end_ms(n: int):
    return (np.arange(n) + N_EMB - 1) * 80 + 760  # the embedding's last mel frame, in the padded clip


def loud_span_ms(audio) -> tuple[int, int]:
    """First and last 10 ms frame within 30 dB of the clip's loudest (in the padded clip)."""
    fr = audio[: len(audio) // 160 * 160].astype(np.float32).reshape(-1, 160)
    db = 10 * np.log10((fr ** 2).mean(1) + 1e-3)
    on = np.where(db > db.max() - 30)[0]
    return int(on[0]) * 10, int(on[-1]) * 10 + 10


def mix(audio, noise, snr_db: float, rng):
    """`audio` with `noise` (looped, random offset) at `snr_db` below the speech's louder frames."""
    a = audio.astype(np.float32)
    off = int(rng.integers(0, max(1, len(noise) - 1)))
    n = np.resize(np.roll(noise.astype(np.float32), -off), len(a))
    fr = a[: len(a) // 512 * 512].reshape(-1, 512)
    p = (fr ** 2).mean(1)
    speech = np.sort(p)[len(p) // 2:].mean() if len(p) else 1.0
    gain = np.sqrt(speech / (10 ** (snr_db / 10)) / ((n ** 2).mean() + 1e-9))
    return np.clip(a + gain * n, -32768, 32767).astype(np.int16)


def features(front, rng):
    """{file: embeddings} for every clip (padded), and {positive file: [noisy copy's embeddings]}."""
    from bear.audio.files import read_audio

    positives, negatives = dataset()
    noise = [read_audio(f) for f in sorted((REAL / "background").glob("*.flac"))]
    files = sorted({f for v in positives.values() for f, _ in v} | {f for f, _, _ in negatives})
    pos_files = {f for v in positives.values() for f, _ in v}
    emb, noisy, spans = {}, {}, {}
    pad = np.zeros(PAD, np.int16)
    for f in files:
        audio = np.concatenate((pad, read_audio(f), pad))
        emb[f] = front.embed(audio)
        if f in pos_files:
            spans[f] = loud_span_ms(audio)
            noisy[f] = front.embed(mix(audio, noise[int(rng.integers(len(noise)))], float(rng.uniform(5, 20)), rng))
    return positives, negatives, emb, noisy, spans


class Head:
    """Standardise -> HIDDEN ReLU -> 1 logit."""

    def __init__(self, mu, sd, seed: int = SEED):
        r = np.random.default_rng(seed)
        d = N_EMB * DIM
        self.mu, self.sd = mu.astype(np.float32), sd.astype(np.float32)
        self.w1 = r.normal(0, 1 / np.sqrt(d), (d, HIDDEN)).astype(np.float32)
        self.b1 = np.zeros(HIDDEN, np.float32)
        self.w2 = r.normal(0, 1 / np.sqrt(HIDDEN), (HIDDEN, 1)).astype(np.float32)
        self.b2 = np.zeros(1, np.float32)

    def _forward(self, x):
        h = np.maximum(((x - self.mu) / self.sd) @ self.w1 + self.b1, 0)
        return h, (h @ self.w2 + self.b2)[:, 0]

    def score(self, x):
        return 1 / (1 + np.exp(-np.clip(self._forward(x)[1], -30, 30)))

    def fit(self, x, y, w, epochs: int = 30, lr: float = 1e-3, batch: int = 512, l2: float = 1e-4, seed: int = SEED):
        rng = np.random.default_rng(seed)
        params = [self.w1, self.b1, self.w2, self.b2]
        m = [np.zeros_like(p) for p in params]
        v = [np.zeros_like(p) for p in params]
        t = 0
        for _ in range(epochs):
            order = rng.permutation(len(x))
            for i in range(0, len(x), batch):
                b = order[i:i + batch]
                xb = (x[b] - self.mu) / self.sd
                h = np.maximum(xb @ self.w1 + self.b1, 0)
                p = 1 / (1 + np.exp(-np.clip((h @ self.w2 + self.b2)[:, 0], -30, 30)))
                g = (p - y[b]) * w[b] / w[b].sum()
                dh = (g[:, None] @ self.w2.T) * (h > 0)
                grads = (xb.T @ dh + l2 * self.w1, dh.sum(0), h.T @ g[:, None] + l2 * self.w2, g.sum(keepdims=True))
                t += 1
                for p_, g_, m_, v_ in zip(params, grads, m, v):
                    m_ *= 0.9
                    m_ += 0.1 * g_
                    v_ *= 0.999
                    v_ += 0.001 * g_ * g_
                    p_ -= (lr * (m_ / (1 - 0.9 ** t)) / (np.sqrt(v_ / (1 - 0.999 ** t)) + 1e-8)).astype(np.float32)

    def onnx(self, name: str, threshold: float):
        """The head as an ONNX graph whose score crosses 0.5 where this head's crosses `threshold` (the
        bear's default `wake.openwakeword_threshold`): the logit is shifted by logit(threshold)."""
        import onnx
        from onnx import TensorProto, helper, numpy_helper

        inits = [numpy_helper.from_array(a, n) for a, n in (
            (np.array([1, N_EMB * DIM], np.int64), "shape"), (self.mu, "mu"), (self.sd, "sd"),
            (self.w1, "w1"), (self.b1, "b1"), (self.w2, "w2"),
            (self.b2 - np.float32(np.log(threshold / (1 - threshold))), "b2"))]
        nodes = [
            helper.make_node("Reshape", ["input", "shape"], ["flat"]),
            helper.make_node("Sub", ["flat", "mu"], ["centred"]),
            helper.make_node("Div", ["centred", "sd"], ["scaled"]),
            helper.make_node("MatMul", ["scaled", "w1"], ["h0"]),
            helper.make_node("Add", ["h0", "b1"], ["h1"]),
            helper.make_node("Relu", ["h1"], ["h"]),
            helper.make_node("MatMul", ["h", "w2"], ["z0"]),
            helper.make_node("Add", ["z0", "b2"], ["z"]),
            helper.make_node("Sigmoid", ["z"], ["score"]),
        ]
        graph = helper.make_graph(nodes, name, [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, N_EMB, DIM])],
                                  [helper.make_tensor_value_info("score", TensorProto.FLOAT, [1, 1])], inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="bear")
        model.ir_version = 8
        onnx.checker.check_model(model)
        return model.SerializeToString()


def training_set(phrase, files, positives, negatives, emb, noisy, spans):
    """(x, y, weights) from the positive clips and negative files in `files`."""
    excluded = CONTAINS.get(phrase, set()) | {PHRASES[phrase]}
    xp, xn = [], []
    for f, _ in positives[phrase]:
        if f not in files:
            continue
        start, end = spans[f]
        for e in (emb[f], noisy[f]):
            w = windows(e)
            ends = window_end_ms(len(w))
            xp.append(w[(ends >= end) & (ends <= end + 320)])
            xn.append(w[ends < (start + end) / 2])
    for f, _, group in negatives:
        if f in files and group not in excluded:
            xn.append(windows(emb[f]))
    xp, xn = np.vstack(xp), np.vstack(xn)
    x = np.vstack((xp, xn))
    y = np.r_[np.ones(len(xp)), np.zeros(len(xn))].astype(np.float32)
    w = np.r_[np.full(len(xp), len(xn) / len(xp) / 4), np.ones(len(xn))].astype(np.float32)
    return x, y, w


def train(phrase, files, data) -> Head:
    x, y, w = training_set(phrase, files, *data)
    head = Head(x.mean(0), x.std(0) + 1e-3)
    head.fit(x, y, w)
    return head


def false_accepts(scores, threshold: float) -> int:
    n, last = 0, -10 ** 9
    for i in np.where(scores >= threshold)[0]:
        if i - last > REFRACTORY:
            n += 1
        last = i
    return n


def measure(head: Head, phrase, files, positives, negatives, emb, noisy, spans) -> dict:
    """Detection (clean and noisy) and false accepts per threshold on the clips and negatives in `files`."""
    excluded = CONTAINS.get(phrase, set()) | {PHRASES[phrase]}
    best = [head.score(windows(emb[f])).max() for f, _ in positives[phrase] if f in files]
    best_noisy = [head.score(windows(noisy[f])).max() for f, _ in positives[phrase] if f in files]
    negs = [(head.score(windows(emb[f])), len(emb[f]) * 0.08) for f, _, g in negatives if f in files and g not in excluded]
    hours = sum(s for _, s in negs) / 3600
    rows = {}
    for t in THRESHOLDS:
        fa = sum(false_accepts(s, t) for s, _ in negs)
        rows[t] = {"detected": int(sum(b >= t for b in best)), "detected_noisy": int(sum(b >= t for b in best_noisy)),
                   "clips": len(best), "false_accepts": fa, "negative_hours": round(hours, 3),
                   "fa_per_hour": round(fa / hours, 2) if hours else None}
    return rows


def speaker_key(path: str) -> str:
    """Who is speaking, as far as is known: the speechocean762 child (its file names begin with the
    speaker id), else the set for one-speaker sets, else the file (precise-wake-real has no labels)."""
    p = Path(path)
    if p.parent.parent.name == "speechocean762-train-children":
        return "so762-" + str(int(p.name[:5]))
    if p.parent.parent.name == "precise-wake-real" or p.parent.name == "precise-wake-real":
        return p.name
    return next((part for part in p.parts if part in ONE_SPEAKER_SETS), p.name)


def pick_threshold(phrase, tune_files, data) -> tuple[float, dict]:
    """The threshold from the tuning half alone: its files split in two by speaker where known (no child
    in both parts: split by file, each child's other sentences were in training and promised too few
    false accepts), a head trained on each part scores the other; the lowest threshold with <= 1 false
    accept an hour, most detections."""
    a = {f for f in tune_files if hashlib.sha1(speaker_key(f).encode()).digest()[1] % 2 == 0}
    b = tune_files - a
    sums = {t: {"detected": 0, "clips": 0, "false_accepts": 0, "negative_hours": 0.0} for t in THRESHOLDS}
    for fit, test in ((a, b), (b, a)):
        head = train(phrase, fit, data)
        for t, r in measure(head, phrase, test, *data).items():
            for k in sums[t]:
                sums[t][k] += r[k]
    ok = [t for t in THRESHOLDS if sums[t]["false_accepts"] <= sums[t]["negative_hours"]]
    chosen = max(ok or [THRESHOLDS[-1]], key=lambda t: (sums[t]["detected"], -t))
    return chosen, sums[chosen]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("phrases", nargs="+", choices=sorted(p for p in PHRASES if p != "hey computer"))
    ap.add_argument("--frontend", type=Path, default=ROOT / "var" / "models" / "openwakeword-frontend")
    ap.add_argument("--out", type=Path, default=ROOT / "models" / "wake-heads")
    ap.add_argument("--fit", choices=("all", "tune"), default="all",
                    help="the shipped head learns from both halves; 'tune': the tuning half only (to measure it "
                         "on the report half with `bear eval wake`)")
    ap.add_argument("--cache", type=Path, default=ROOT / "var" / "wake-head-features.pickle",
                    help="derived features (no audio) kept between runs; deleted to recompute")
    args = ap.parse_args()
    t0 = time.time()
    rng = np.random.default_rng(SEED)
    if args.cache.is_file():
        data = pickle.loads(args.cache.read_bytes())
    else:
        from bear.hearing.enrol import Embedder  # the front end on whole clips, as `bear enrol` uses it

        data = features(Embedder(args.frontend), rng)
        args.cache.parent.mkdir(parents=True, exist_ok=True)
        args.cache.write_bytes(pickle.dumps(data))
    positives, negatives = data[0], data[1]
    print(f"features: {len(data[2])} files in {time.time() - t0:.0f} s", flush=True)
    halves = {h: {f for v in positives.values() for f, hh in v if hh == h} | {f for f, hh, _ in negatives if hh == h}
              for h in ("tune", "report")}
    args.out.mkdir(parents=True, exist_ok=True)
    for phrase in args.phrases:
        threshold, inner = pick_threshold(phrase, halves["tune"], data)
        folds = {}
        for fit, test in (("tune", "report"), ("report", "tune")):
            folds[f"fit_{fit}_measure_{test}"] = measure(train(phrase, halves[fit], data), phrase, halves[test], *data)
        at = {k: v[threshold] for k, v in folds.items()}
        pooled = {k: sum(r[k] for r in at.values()) for k in ("detected", "detected_noisy", "clips", "false_accepts")}
        pooled["negative_hours"] = round(sum(r["negative_hours"] for r in at.values()), 3)
        head = train(phrase, halves["tune"] | (halves["report"] if args.fit == "all" else set()), data)
        slug = phrase.replace(" ", "_")
        blob = head.onnx(f"wake_head_{slug}", threshold)
        (args.out / f"{slug}.onnx").write_bytes(blob)
        metrics = {"phrase": phrase, "threshold": threshold, "threshold_from_tuning_half": inner,
                   "report_half": at["fit_tune_measure_report"], "two_fold_pooled": pooled,
                   "per_threshold": {k: {str(t): r for t, r in v.items()} for k, v in folds.items()},
                   "sha256": hashlib.sha256(blob).hexdigest(), "size": len(blob),
                   "fit": args.fit, "command": "scripts/train_wake_head.py " + " ".join(args.phrases)}
        (args.out / f"{slug}.metrics.json").write_text(json.dumps(metrics, indent=1) + "\n")
        r = at["fit_tune_measure_report"]
        print(f"{phrase}: threshold {threshold} (tuning half: {inner['detected']}/{inner['clips']}, "
              f"{inner['false_accepts']} FA in {inner['negative_hours']:.2f} h); report half {r['detected']}/{r['clips']} "
              f"clean, {r['detected_noisy']}/{r['clips']} with room noise 5-20 dB, {r['false_accepts']} FA in "
              f"{r['negative_hours']:.2f} h; 2-fold {pooled['detected']}/{pooled['clips']}, {pooled['false_accepts']} FA "
              f"in {pooled['negative_hours']:.2f} h; {len(blob)} bytes sha256 {metrics['sha256'][:12]}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
