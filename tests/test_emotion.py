"""The committed emotion model: its checksum, its reported quality (re-measured on the real dev
set), lazy loading through the registry, and `bear emotion TEXT`."""

from __future__ import annotations

import hashlib
import json
import subprocess

import numpy as np
import pytest

from bear.emotion import MODEL, EmotionModel, classify, register
from bear.models.manifest import load_manifest
from bear.models.registry import ModelRegistry
from conftest import BEAR, ROOT, SHARED, arun, require_file, write_config

FOLDER = ROOT / "models" / "emotion-goemotions"
MANIFEST = ROOT / "models" / "manifest.toml"


def test_committed_model_matches_manifest_and_metrics():
    data = (FOLDER / "emotion.onnx").read_bytes()
    entry = load_manifest(MANIFEST).get(MODEL)
    assert entry.role == "emotion" and entry.files[0].bundled
    assert entry.files[0].sha256 == hashlib.sha256(data).hexdigest() and entry.files[0].size == len(data)
    assert len(data) <= 5 * 1024 * 1024
    metrics = json.loads((FOLDER / "metrics.json").read_text())
    assert metrics["sha256"] == entry.files[0].sha256
    assert metrics["dev_macro_f1"] >= 0.55
    assert metrics["labels"] == ["anger", "disgust", "fear", "joy", "neutral", "sadness", "surprise"]


def test_dev_macro_f1_is_what_metrics_json_says():
    dev = require_file(SHARED / "datasets" / "goemotions" / "ekman" / "dev.tsv")
    model = EmotionModel(FOLDER)
    gold, pred = [], []
    for line in dev.read_text(encoding="utf-8").splitlines():
        text, labels, _ = line.split("\t")
        gold.append({int(x) for x in labels.split(",")})
        pred.append(model.labels.index(model.classify(text).label))
    f1s = []
    for c in range(7):
        tp = sum(p == c and c in g for p, g in zip(pred, gold))
        fp = sum(p == c and c not in g for p, g in zip(pred, gold))
        fn = sum(p != c and c in g for p, g in zip(pred, gold))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    macro = float(np.mean(f1s))
    metrics = json.loads((FOLDER / "metrics.json").read_text())
    assert macro >= 0.55
    assert abs(macro - metrics["dev_macro_f1"]) < 0.002, (macro, metrics["dev_macro_f1"])


@pytest.mark.parametrize("text,label", [("I am so happy, this is the best day ever!", "joy"),
                                        ("I'm really scared of the monster", "fear"),
                                        ("that is so gross, yuck", "disgust"),
                                        ("I miss my grandma so much, I'm sad", "sadness"),
                                        ("wow, I did not expect that!", "surprise")])
def test_labels_on_plain_sentences(text, label):
    assert EmotionModel(FOLDER).classify(text).label == label


def test_loads_lazily_through_the_registry(tmp_path):
    registry = ModelRegistry(load_manifest(MANIFEST), FOLDER.parent)  # the project copy: installed as is
    register(registry)
    assert not registry.slot(MODEL).loaded
    try:
        result = arun(classify(registry, "hooray, we won!"))
        assert registry.slot(MODEL).loaded and result.label == "joy"
        assert set(result.scores) == {"anger", "disgust", "fear", "joy", "neutral", "sadness", "surprise"}
        assert abs(sum(result.scores.values()) - 1) < 0.01
        assert EmotionModel(FOLDER).classify("").label == "neutral"
        assert EmotionModel(FOLDER).classify("x" * 100_000).label in result.scores
    finally:
        registry.close()


def test_bear_emotion_prints_label_and_scores(tmp_path, child_env):
    proc = subprocess.run(BEAR + ["emotion", "--config", str(write_config(tmp_path)), "I'm so angry at you"],
                          capture_output=True, text=True, env=child_env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "anger"
    scores = dict(line.split() for line in lines[1:8])
    assert set(scores) == {"anger", "disgust", "fear", "joy", "neutral", "sadness", "surprise"}
    assert max(scores, key=lambda k: float(scores[k])) == "anger"
