#!/usr/bin/env python3
"""Train the bear's text-emotion model on GoEmotions (Ekman's 6 emotions + neutral).

    .venv/bin/pip install -e ".[train]"
    .venv/bin/python scripts/train_emotion.py [--data ../shared/datasets/goemotions/ekman]

Hashed word/character n-grams (`bear.text_features`) -> TF-IDF -> multinomial logistic
regression, trained on train.tsv; the regularisation strength is selected on dev.tsv by macro-F1.
The classifier is written as an ONNX graph (sparse input: bucket indices + term frequencies),
quantized to int8 with onnxruntime.quantization, checked against the float model, and saved with
its metrics to models/emotion-goemotions/; the manifest entry's size and sha256 are updated.

Evaluation: GoEmotions is multi-label; the bear needs one label, so the model predicts exactly one
class and macro-F1 is computed over the 7 classes against the binarised gold label sets.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bear.text_features import DIM, featurize  # noqa: E402
from linear_onnx import build_onnx, onnx_predict, quantize  # noqa: E402  (scripts/)

OUT = ROOT / "models" / "emotion-goemotions"
MODEL = "emotion.onnx"


def read(path: Path, n_classes: int):
    texts, gold = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        text, labels, _id = line.split("\t")
        texts.append(text)
        row = np.zeros(n_classes, dtype=bool)
        row[[int(x) for x in labels.split(",")]] = True
        gold.append(row)
    return texts, np.array(gold)


def matrix(texts):
    from scipy.sparse import csr_matrix

    indptr, indices, data = [0], [], []
    for t in texts:
        idx, tf = featurize(t)
        indices.extend(idx)
        data.extend(tf)
        indptr.append(len(indices))
    return csr_matrix((np.array(data, np.float32), np.array(indices), np.array(indptr)), shape=(len(texts), DIM))


def macro_f1(gold: np.ndarray, pred: np.ndarray) -> tuple[float, list[float]]:
    onehot = np.zeros_like(gold)
    onehot[np.arange(len(pred)), pred] = True
    f1s = []
    for c in range(gold.shape[1]):
        tp = np.sum(onehot[:, c] & gold[:, c])
        fp = np.sum(onehot[:, c] & ~gold[:, c])
        fn = np.sum(~onehot[:, c] & gold[:, c])
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(f1s)), f1s


def tune_bias(scores: np.ndarray, gold: np.ndarray, rounds: int = 3) -> np.ndarray:
    """Per-class offsets added to the logits, chosen on dev by coordinate search (macro-F1)."""
    bias = np.zeros(scores.shape[1])
    best = macro_f1(gold, np.argmax(scores, 1))[0]
    for _ in range(rounds):
        for c in range(scores.shape[1]):
            for step in np.linspace(-1.5, 1.5, 31):
                trial = bias.copy()
                trial[c] = step
                f = macro_f1(gold, np.argmax(scores + trial, 1))[0]
                if f > best + 1e-9:
                    best, bias = f, trial
    return bias


def update_manifest(size: int, sha: str) -> None:
    path = ROOT / "models" / "manifest.toml"
    text = path.read_text()
    block = re.search(r'bundled = "emotion-goemotions/emotion.onnx"\n', text)
    if not block:
        print("manifest: no emotion entry found; add it by hand", file=sys.stderr)
        return
    start = text.rfind("[[model.file]]", 0, block.start())
    section = text[start:block.end()]
    new = re.sub(r"size = \d+", f"size = {size}", section)
    new = re.sub(r'sha256 = "[0-9a-f]*"', f'sha256 = "{sha}"', new)
    path.write_text(text[:start] + new + text[block.end():])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "datasets" / "goemotions" / "ekman")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()

    from sklearn.linear_model import LogisticRegression

    labels = (args.data / "labels.txt").read_text().split()
    t0 = time.time()
    tr_text, tr_gold = read(args.data / "train.tsv", len(labels))
    dv_text, dv_gold = read(args.data / "dev.tsv", len(labels))
    x_tr, x_dv = matrix(tr_text), matrix(dv_text)
    df = np.bincount(x_tr.indices, minlength=DIM)
    idf = (np.log((1 + x_tr.shape[0]) / (1 + df)) + 1).astype(np.float32)

    def weigh(x):
        from sklearn.preprocessing import normalize
        return normalize(x.multiply(idf).tocsr())

    w_tr, w_dv = weigh(x_tr), weigh(x_dv)
    # multi-label rows appear once per label
    rows, ys = np.nonzero(tr_gold)
    print(f"features: {len(tr_text)} train / {len(dv_text)} dev texts, {len(rows)} train labels "
          f"({time.time() - t0:.0f} s)", flush=True)

    best = None
    for c in (1.0, 2.0, 4.0):
        clf = LogisticRegression(C=c, class_weight="balanced", max_iter=300)
        clf.fit(w_tr[rows], ys)
        f1 = macro_f1(dv_gold, np.argmax(clf.decision_function(w_dv), 1))[0]
        print(f"C={c}: dev macro-F1 {f1:.4f}", flush=True)
        if best is None or f1 > best[0]:
            best = (f1, c, clf)
    f1_plain, c, clf = best
    logits = clf.decision_function(w_dv)
    bias = tune_bias(logits, dv_gold)
    intercept = clf.intercept_ + bias
    f1_float, _ = macro_f1(dv_gold, np.argmax(logits + bias, 1))
    print(f"selected C={c}; per-class offsets {np.round(bias, 2).tolist()}: dev macro-F1 {f1_float:.4f}")

    args.out.mkdir(parents=True, exist_ok=True)
    float_path = args.out / "emotion.float.onnx"
    final = args.out / MODEL
    import onnx
    onnx.save(build_onnx(idf, clf.coef_, intercept, labels, name="bear_emotion",
                         features=f"bear.text_features dim={DIM}"), float_path)
    quantize(float_path, final)
    dv_feats = [featurize(t) for t in dv_text]
    float_scores, q_scores = onnx_predict(float_path, dv_feats), onnx_predict(final, dv_feats)
    float_path.unlink()
    f1_onnx, _ = macro_f1(dv_gold, np.argmax(float_scores, 1))
    f1_q, per_class = macro_f1(dv_gold, np.argmax(q_scores, 1))
    agree = float(np.mean(np.argmax(float_scores, 1) == np.argmax(q_scores, 1)))
    top1 = float(np.mean(dv_gold[np.arange(len(dv_text)), np.argmax(q_scores, 1)]))
    data = final.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    metrics = {
        "dataset": "GoEmotions, Ekman grouping (6 emotions + neutral)",
        "train_texts": len(tr_text), "dev_texts": len(dv_text), "labels": labels,
        "model": "hashed word uni/bigrams + char 3-5-grams, TF-IDF, multinomial logistic regression "
                 "(class_weight=balanced), per-class logit offsets tuned on dev; int8 (onnxruntime "
                 "quantize_dynamic, Gather weights)",
        "feature_dim": DIM, "C": c,
        "dev_macro_f1": round(f1_q, 4), "dev_macro_f1_float": round(f1_onnx, 4),
        "dev_macro_f1_without_offsets": round(f1_plain, 4),
        "dev_per_class_f1": {lab: round(f, 4) for lab, f in zip(labels, per_class)},
        "dev_top1_in_gold": round(top1, 4), "int8_vs_float_agreement": round(agree, 4),
        "evaluation": "one predicted label per text; per-class F1 against the binarised gold label sets",
        "size_bytes": len(data), "sha256": sha,
    }
    (args.out / "metrics.json").write_text(json.dumps(metrics, indent=1) + "\n")
    update_manifest(len(data), sha)
    print(json.dumps(metrics, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
