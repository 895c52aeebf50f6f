#!/usr/bin/env python3
"""Train the bear's understanding classifier (risk categories and intents) on scripts/corpus/.

    .venv/bin/pip install -e ".[train]"
    .venv/bin/python scripts/train_understanding.py

Every line is put in its canonical spoken form (`bear.talk.spoken.spoken_form`, as on the bear)
and turned into hashed word/character n-grams (`bear.text_features`, 2^16 buckets) -> TF-IDF ->
multinomial logistic regression over all labels (19 risk categories + the intents). The corpus
is split by template family (never by line): families hashing to 0-69 train, 70-84 dev, 85-99
test. The regularisation strength is fixed (C_FIXED; `--c 0` picks it on dev). The two thresholds
of `bear.talk.understand.decide_risk` (the probability mass on the flagged categories, and on the other risk categories, above which a
sentence is risky) are chosen on dev with the bear's own decision, the safety rules included;
the model is then refitted on train+dev and measured on test (per-category precision and recall,
flagged recall, harmless refusals, by form), and finally refitted on every line for the bear, so
the figures in metrics.json describe the train+dev model on lines it never saw. Written as an
int8 ONNX graph (scripts/linear_onnx.py) to models/understanding/ with metrics.json; the
manifest entry's size and sha256 are updated. `--thresholds FLAG RISK` ships the given thresholds
instead of the tuned ones (chosen with `bear eval safety` on the spent held-out sets; the README says why).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import sys
import time
import zlib
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):  # one BLAS thread: the same sums,
    os.environ.setdefault(_var, "1")  # in the same order, on every run (the same corpus gives the same model)

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bear.talk.spoken import spoken_form  # noqa: E402
from bear.text_features import featurize  # noqa: E402
from linear_onnx import build_onnx, onnx_predict, quantize  # noqa: E402  (scripts/)

DIM = 1 << 16
OUT = ROOT / "models" / "understanding"
MODEL = "understanding.onnx"
RISKS = ["emergency", "self_harm", "abuse", "bullying", "strangers", "running_away", "dangerous_object",
         "dangerous_challenge", "personal_data", "sexual", "violence", "weapons", "drugs_alcohol",
         "animal_cruelty", "hate", "profanity", "jailbreak", "medical", "dependence"]


def read_corpus(folder: Path) -> list[dict]:
    rows = []
    for path in sorted(folder.glob("*.tsv")):
        with open(path, newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                rows.append({"text": r["text"], "label": r["label"], "family": r["family"], "form": r["form"],
                             "file": path.name})
    return rows


def split_of(family: str) -> str:
    h = zlib.crc32(family.encode()) % 100
    return "train" if h < 70 else "dev" if h < 85 else "test"


def matrix(feats):
    from scipy.sparse import csr_matrix

    indptr, indices, data = [0], [], []
    for idx, tf in feats:
        indices.extend(idx)
        data.extend(tf)
        indptr.append(len(indices))
    return csr_matrix((np.array(data, np.float32), np.array(indices), np.array(indptr)), shape=(len(feats), DIM))


def fit(x, y, c: float, n_labels: int):
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import normalize

    df = np.bincount(x.indices, minlength=DIM)
    idf = (np.log((1 + x.shape[0]) / (1 + df)) + 1).astype(np.float32)
    clf = LogisticRegression(C=c, max_iter=3000)
    clf.fit(normalize(x.multiply(idf).tocsr()), y)
    coef = np.zeros((n_labels, DIM), np.float32)
    intercept = np.full(n_labels, -30.0, np.float32)  # a label absent from the data is never predicted
    coef[clf.classes_] = clf.coef_
    intercept[clf.classes_] = clf.intercept_
    return idf, coef, intercept


def predict(idf, coef, intercept, x) -> np.ndarray:
    from sklearn.preprocessing import normalize

    logits = normalize(x.multiply(idf).tocsr()) @ coef.T + intercept
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    return p / p.sum(axis=1, keepdims=True)


DEV_MARGIN = 0.005  # dev scores this close to the best are a tie (about 2 lines of 1,700)
C_MARGIN = 0.005  # a larger C must beat a smaller one on dev by more than this (no flip on a near-tie)
# C is fixed: the dev pick among C_SEARCH flipped between 8 and 32 as the corpus grew (dev scores within
# a line or two of each other), so a retrain with more data moved the model for no reason of its own.
# 16 is what rounds 4-6 picked; `--c 0` still runs the search, to revisit the choice.
C_FIXED = 16.0
C_SEARCH = (8.0, 16.0, 32.0)
MAX_BENIGN_REFUSED = 0.07  # on dev, with the rules: the thresholds may refuse at most this share of harmless lines


class Decider:
    """The bear's own decision (rules on the whole line + the classifier on each sentence that is
    not of a harmless kind, `bear.talk.understand.not_harmless` and `decide_risk`) over a set of
    corpus lines, for any thresholds."""

    def __init__(self, rows, labels, n_risk, probs_of_parts):
        from bear.talk.safety import Safety
        from bear.talk.spoken import sentences
        from bear.talk.understand import decide_risk, not_harmless

        safety = Safety.load()
        self.decide = decide_risk
        self.risks = set(labels[:n_risk])
        self.flagged = {c for c in self.risks | set(safety.categories) if safety.category(c).flag}
        self.rows = rows
        self.fired = [safety.rule_hits(spoken_form(r["text"])) for r in rows]
        # per row: [ {label: p} for the whole line and each sentence ], harmless kinds left out
        self.scored = [not_harmless(safety, sentences(r["text"]), s) for r, s in zip(rows, probs_of_parts)]

    def run(self, tf: float, to: float) -> list[str | None]:
        return [self.decide(f, s, self.risks, self.flagged, tf, to) for f, s in zip(self.fired, self.scored)]

    def summary(self, decisions) -> dict:
        gold = [r["label"] for r in self.rows]
        risky = [g in self.risks for g in gold]
        fl = [g in self.flagged for g in gold]
        n = lambda xs: max(1, sum(xs))  # noqa: E731
        out = {
            "flag_recall": sum(d in self.flagged for d, f in zip(decisions, fl) if f) / n(fl),
            "risk_recall": sum(d is not None for d, r in zip(decisions, risky) if r) / n(risky),
            "risk_category_accuracy": sum(d == g for d, g, r in zip(decisions, gold, risky) if r) / n(risky),
            "benign_refused": sum(d is not None for d, r in zip(decisions, risky) if not r) / n([not r for r in risky]),
        }
        near = [r["form"] == "nearmiss" for r in self.rows]
        if any(near):
            out["nearmiss_refused"] = sum(d is not None for d, m in zip(decisions, near) if m) / n(near)
        return {k: round(v, 4) for k, v in out.items()}

    def per_category(self, decisions) -> dict:
        gold = [r["label"] for r in self.rows]
        per = {}
        for cat in sorted(self.risks):
            tp = sum(d == cat and g == cat for d, g in zip(decisions, gold))
            fp = sum(d == cat and g != cat for d, g in zip(decisions, gold))
            fn = sum(d != cat and g == cat for d, g in zip(decisions, gold))
            caught = sum(d is not None and (d in self.flagged or cat not in self.flagged) for d, g in zip(decisions, gold)
                         if g == cat)
            per[cat] = {"precision": round(tp / (tp + fp), 3) if tp + fp else None,
                        "recall": round(tp / (tp + fn), 3) if tp + fn else None,
                        "handled": round(caught / max(1, tp + fn), 3), "lines": tp + fn}
        return per


def probs_of_parts(model, rows, labels) -> list[list[dict[str, float]]]:
    from bear.talk.spoken import sentences

    parts = [sentences(r["text"]) for r in rows]
    flat = [p for ps in parts for p in ps]
    p = predict(*model, matrix([featurize(x, DIM) for x in flat]))
    out, k = [], 0
    for ps in parts:
        out.append([dict(zip(labels, p[k + j])) for j in range(len(ps))])
        k += len(ps)
    return out


def _grid(start: float, stop: float, step: float = 0.05) -> list[float]:
    """Thresholds on a grid (0.05 by default), as exact two-decimal numbers."""
    return [round(start + step * k, 2) for k in range(int(round((stop - start) / step)) + 1)]


def tune(decider: Decider) -> tuple[float, float, dict]:
    """Dev thresholds: the most flagged recall (x2) + risk recall with harmless refusals at most
    MAX_BENIGN_REFUSED. Stable between retrains: every pair within DEV_MARGIN of the best score is
    as good, and of those the one refusing the fewest harmless lines, then the highest thresholds,
    is picked (the pick once flipped on near-ties of a line or two between retrains)."""
    found = []
    for tf in _grid(0.10, 0.80):
        for to in _grid(0.20, 0.90):
            s = decider.summary(decider.run(tf, to))
            if s["benign_refused"] <= MAX_BENIGN_REFUSED:
                found.append((round(2 * s["flag_recall"] + s["risk_recall"], 3), tf, to, s))
    if not found:
        raise SystemExit(f"no thresholds keep dev refusals under {MAX_BENIGN_REFUSED}")
    top = max(score for score, *_ in found)
    near = [f for f in found if f[0] >= top - DEV_MARGIN]
    _, tf, to, s = min(near, key=lambda f: (f[3]["benign_refused"], -f[1], -f[2]))
    return tf, to, s


MAX_TABLE_REFUSED = 0.15  # on the tuning tables: harmless lines a risk decision touches (a guard; replies refuse fewer)
# The project's own table and the held-out sets that are spent (their failures were read: see
# tests/data/holdout/README.md): more child lines, written by other hands, for the two thresholds.
TUNE_TABLES = ("tests/data/safety_eval.tsv", "tests/data/holdout/safety_holdout5.tsv",
               "tests/data/holdout/safety_holdout6.tsv", "tests/data/holdout/safety_holdout7.tsv",
               "tests/data/holdout/safety_holdout8.tsv", "tests/data/holdout/safety_holdout9.tsv",
               "tests/data/holdout/safety_holdout11.tsv",
               # chat tables (says, expect_regex, context): every line is harmless
               "tests/data/chat_eval.tsv", "tests/data/holdout/chat_holdout5.tsv",
               "tests/data/holdout/chat_holdout6.tsv", "tests/data/holdout/chat_holdout7.tsv",
               "tests/data/holdout/chat_holdout8.tsv", "tests/data/holdout/chat_holdout9.tsv",
               "tests/data/holdout/chat_holdout11.tsv")


def _names(tables: list[Path]) -> list[str]:
    return [str(t.resolve().relative_to(ROOT)) for t in tables]


def tune_on_table(model_path: Path, tables: list[Path]) -> tuple[float, float, dict]:
    """Thresholds chosen on labelled tables of child lines (columns category, says, kind: the
    project's tests/data/safety_eval.tsv and the spent held-out sets, TUNE_TABLES; a chat table's
    lines are all harmless): the fewest
    disclosures left unflagged (safety first) at the highest flag threshold that achieves it, then
    the risk threshold with the fewest lines handled wrongly either way (harmful lines left
    unredirected + harmless lines given a risk), with harmless lines given a risk at most
    MAX_TABLE_REFUSED; ties to the higher threshold. The rules and the
    sentence split are the bear's own (bear.talk.understand)."""
    from bear.talk.safety import Safety
    from bear.talk.spoken import sentences
    from bear.talk.understand import UnderstandingModel, decide_risk, not_harmless

    model = UnderstandingModel(model_path.parent)
    safety = Safety.load()
    flagged = {c for c in set(model.risk_labels) | set(safety.categories) if safety.category(c).flag}
    rows = []
    for table in tables:
        with open(table, newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                rows.append(r if "kind" in r else {"says": r["says"], "kind": "benign"})  # a chat table's line
    data = []
    for r in rows:
        parts = sentences(r["says"])
        data.append((r["kind"], safety.rule_hits(parts[0]), not_harmless(safety, parts, model.scores(parts)), parts[0]))
    best = None
    for tf in _grid(0.10, 0.50, 0.01):  # fine: the highest flag threshold that flags as many is wanted
        for to in _grid(0.30, 0.90):
            unflagged = uncaught = refused = 0
            n = {"disclosure": 0, "harmful": 0, "benign": 0}
            for kind, fired, scored, whole in data:
                risk = decide_risk(fired, scored, model.risk_labels, flagged, tf, to)
                n[kind] = n.get(kind, 0) + 1
                if kind == "disclosure":
                    cat = safety.category(risk) if risk else None
                    unflagged += not (cat and (cat.flag or cat.about_to_here(whole)))
                elif kind == "harmful":
                    uncaught += risk is None
                else:
                    refused += risk is not None
            if refused > MAX_TABLE_REFUSED * n["benign"]:
                continue
            # the highest flag threshold that flags as many disclosures (a lower one adds only false
            # alarms: "tell a grown-up right now" to a child talking about a barbecue), then the risk
            # threshold with the fewest lines handled wrongly either way; whole lines, ties to the higher
            key = (unflagged, -tf, uncaught + refused, -to)
            if best is None or key < best[0]:
                best = (key, tf, to, {"disclosures_unflagged": f"{unflagged}/{n['disclosure']}",
                                      "harmful_unredirected": f"{uncaught}/{n['harmful']}",
                                      "harmless_refused": f"{refused}/{n['benign']}"})
    if best is None:
        raise SystemExit(f"no thresholds keep the tuning tables' refusals under {MAX_TABLE_REFUSED}")
    return best[1], best[2], best[3]


def set_thresholds(path: Path, flag_threshold: float, risk_threshold: float) -> None:
    import onnx

    model = onnx.load(str(path))
    for prop in model.metadata_props:
        if prop.key == "flag_threshold":
            prop.value = str(flag_threshold)
        elif prop.key == "risk_threshold":
            prop.value = str(risk_threshold)
    onnx.save(model, str(path))


def update_manifest(size: int, sha: str) -> None:
    path = ROOT / "models" / "manifest.toml"
    text = path.read_text()
    block = re.search(r'bundled = "understanding/understanding.onnx"\n', text)
    if not block:
        print("manifest: no understanding entry found; add it by hand", file=sys.stderr)
        return
    start = text.rfind("[[model.file]]", 0, block.start())
    section = text[start:block.end()]
    new = re.sub(r"size = \d+", f"size = {size}", section)
    new = re.sub(r'sha256 = "[0-9a-f]*"', f'sha256 = "{sha}"', new)
    path.write_text(text[:start] + new + text[block.end():])


FIXED_NOTE = ("given with --thresholds (not tuned): chosen by `bear eval safety` on every spent held-out set, "
              "see the README")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--corpus", type=Path, default=ROOT / "scripts" / "corpus")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--tune-table", type=Path, nargs="*", default=[ROOT / t for t in TUNE_TABLES],
                    help="tables (category, says, kind) the shipped thresholds are tuned on; none = keep dev's")
    ap.add_argument("--retune", action="store_true", help="only re-tune the thresholds of the existing model")
    ap.add_argument("--thresholds", type=float, nargs=2, metavar=("FLAG", "RISK"),
                    help="ship these thresholds instead of the tuned ones (with --retune: set them on the existing "
                         "model); the reason belongs in the commit and README")
    ap.add_argument("--c", type=float, default=C_FIXED,
                    help=f"the regularisation strength (default {C_FIXED}); 0 = pick it on dev from {C_SEARCH}")
    args = ap.parse_args()
    if args.retune:
        if not args.tune_table:
            raise SystemExit("--retune needs at least one --tune-table")
        final = args.out / MODEL
        if args.thresholds:
            (flag_threshold, threshold), tuning = args.thresholds, None
        else:
            flag_threshold, threshold, tuning = tune_on_table(final, args.tune_table)
        set_thresholds(final, flag_threshold, threshold)
        data = final.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        metrics = json.loads((args.out / "metrics.json").read_text())
        metrics.update(flag_threshold=flag_threshold, risk_threshold=threshold, tuning_table=tuning,
                       thresholds_tuned_on=None if args.thresholds else _names(args.tune_table),
                       size_bytes=len(data), sha256=sha)
        if args.thresholds:
            metrics["thresholds_fixed"] = FIXED_NOTE
        (args.out / "metrics.json").write_text(json.dumps(metrics, indent=1) + "\n")
        update_manifest(len(data), sha)
        print(f"thresholds: flag {flag_threshold}, risk {threshold}: {tuning}")
        return 0
    import onnx

    t0 = time.time()
    rows = read_corpus(args.corpus)
    found = sorted({r["label"] for r in rows})
    unknown_risks = [x for x in RISKS if x not in found]
    if unknown_risks:
        print(f"warning: no lines for {unknown_risks}", file=sys.stderr)
    labels = RISKS + sorted(x for x in found if x not in RISKS)
    n_risk = len(RISKS)
    index = {lab: i for i, lab in enumerate(labels)}
    y = np.array([index[r["label"]] for r in rows])
    feats = [featurize(spoken_form(r["text"]), DIM) for r in rows]
    x = matrix(feats)
    split = np.array([split_of(r["family"]) for r in rows])
    tr, dv, te = split == "train", split == "dev", split == "test"
    print(f"{len(rows)} lines, {len(labels)} labels; train {tr.sum()} / dev {dv.sum()} / test {te.sum()} "
          f"({time.time() - t0:.0f} s)", flush=True)

    dev_rows = [rows[i] for i in np.nonzero(dv)[0]]
    best = None
    for c in C_SEARCH if args.c == 0 else (args.c,):
        model = fit(x[tr], y[tr], c, len(labels))
        tf, to, s = tune(Decider(dev_rows, labels, n_risk, probs_of_parts(model, dev_rows, labels)))
        print(f"C={c}: flag threshold {tf}, risk threshold {to}: dev {s}", flush=True)
        score = round(2 * s["flag_recall"] + s["risk_recall"], 3)
        if best is None or score > best[0] + C_MARGIN:  # a larger C only when clearly better
            best = (score, c, tf, to, s)
    _, c, flag_threshold, threshold, dev_summary = best
    dev_flag, dev_risk = flag_threshold, threshold
    print(f"selected C={c}, flag threshold {flag_threshold}, risk threshold {threshold}", flush=True)

    model = fit(x[tr | dv], y[tr | dv], c, len(labels))
    test_rows = [rows[i] for i in np.nonzero(te)[0]]
    decider = Decider(test_rows, labels, n_risk, probs_of_parts(model, test_rows, labels))
    decisions = decider.run(flag_threshold, threshold)
    test_report = decider.summary(decisions)
    test_report["per_category"] = decider.per_category(decisions)
    test_report["lines"] = len(test_rows)
    for form in sorted({r["form"] for r in test_rows}):
        idx = [k for k, r in enumerate(test_rows) if r["form"] == form]
        sub = Decider.__new__(Decider)
        sub.__dict__.update(decider.__dict__, rows=[test_rows[k] for k in idx])
        test_report.setdefault("by_form", {})[form] = sub.summary([decisions[k] for k in idx])
    print(json.dumps({k: v for k, v in test_report.items() if k != "per_category"}), flush=True)

    idf, coef, intercept = fit(x, y, c, len(labels))  # the bear's model: every line
    args.out.mkdir(parents=True, exist_ok=True)
    float_path, final = args.out / "understanding.float.onnx", args.out / MODEL
    onnx.save(build_onnx(idf, coef, intercept, labels, name="bear_understanding",
                         features=f"bear.text_features dim={DIM} on bear.talk.spoken.spoken_form",
                         extra={"risk_labels": ",".join(RISKS), "risk_threshold": threshold,
                                "flag_threshold": flag_threshold, "dim": DIM}),
              float_path)
    quantize(float_path, final)
    sample = feats[::7]
    float_scores, q_scores = onnx_predict(float_path, sample), onnx_predict(final, sample)
    float_path.unlink()
    table_tuning = None
    if args.thresholds:
        flag_threshold, threshold = args.thresholds
        set_thresholds(final, flag_threshold, threshold)
    elif args.tune_table:
        flag_threshold, threshold, table_tuning = tune_on_table(final, args.tune_table)
        set_thresholds(final, flag_threshold, threshold)
        print(f"thresholds tuned on {args.tune_table}: flag {flag_threshold}, risk {threshold}: {table_tuning}")
    agree = float(np.mean(np.argmax(float_scores, 1) == np.argmax(q_scores, 1)))
    data = final.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    metrics = {
        "corpus": "scripts/corpus/*.tsv (written for the project; see its README)",
        "lines": len(rows), "labels": labels, "risk_labels": RISKS,
        "split": "by template family (crc32 % 100: <70 train, <85 dev, else test)",
        "split_lines": {"train": int(tr.sum()), "dev": int(dv.sum()), "test": int(te.sum())},
        "model": "spoken_form -> hashed word uni/bigrams + char 3-5-grams (2^16 buckets), TF-IDF, multinomial "
                 "logistic regression; int8 (onnxruntime quantize_dynamic, Gather weights)",
        "C": c, "flag_threshold": flag_threshold, "risk_threshold": threshold, "dev_thresholds": [dev_flag, dev_risk],
        "threshold_rule": f"on dev, with the safety rules: most flagged recall (x2) + risk recall keeping harmless "
                          f"refusals <= {MAX_BENIGN_REFUSED}",
        "dev": dev_summary,
        "thresholds_tuned_on": _names(args.tune_table) if args.tune_table and not args.thresholds else None,
        **({"thresholds_fixed": FIXED_NOTE} if args.thresholds else {}),
        "tuning_table": table_tuning,
        "test": test_report,
        "test_note": "test figures use the dev-chosen thresholds; the shipped thresholds are the tuning table's "
                     "(its own figures are in-sample: report the untouched tests/data/holdout/ with bear eval safety)",
        "test_model": "fitted on train+dev; the shipped model is refitted on every line with the same settings",
        "int8_vs_float_agreement": round(agree, 4),
        "size_bytes": len(data), "sha256": sha,
    }
    (args.out / "metrics.json").write_text(json.dumps(metrics, indent=1) + "\n")
    update_manifest(len(data), sha)
    print(json.dumps(test_report["per_category"], indent=1))
    print(f"wrote {final} ({len(data) / 1e6:.2f} MB, sha256 {sha[:12]}...) in {time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
