"""The wake heads trained on real voices (scripts/train_wake_head.py): what is committed is what the
manifest installs and what its metrics describe."""

from __future__ import annotations

import hashlib
import json

import pytest

from bear.models.manifest import load_manifest
from conftest import ROOT

HEADS = ROOT / "models" / "wake-heads"


@pytest.mark.parametrize("phrase", ["amelia", "athena", "computer"])
def test_the_committed_head_is_the_manifests_and_its_metrics(phrase):
    blob = (HEADS / f"{phrase}.onnx").read_bytes()
    metrics = json.loads((HEADS / f"{phrase}.metrics.json").read_text())
    entry = load_manifest(ROOT / "models" / "manifest.toml").get(f"wake-head-{phrase}")
    (file,) = entry.files
    digest = hashlib.sha256(blob).hexdigest()
    assert file.sha256 == digest == metrics["sha256"] and file.size == len(blob) == metrics["size"]
    assert entry.commercial and metrics["fit"] == "all" and metrics["phrase"] == phrase
    assert 0.5 <= metrics["threshold"] < 1
    report = metrics["report_half"]
    assert report["detected"] >= 0.9 * report["clips"]  # the figure the README gives


def test_a_head_reads_sixteen_embeddings_and_gives_one_score():
    import numpy as np

    from bear.models.onnx import onnx_session

    session = onnx_session(HEADS / "amelia.onnx")
    (inp,) = session.get_inputs()
    assert inp.shape == [1, 16, 96]
    score = session.run(None, {inp.name: np.zeros((1, 16, 96), np.float32)})[0]
    assert score.shape == (1, 1) and 0 <= float(score[0, 0]) < 0.5  # an input unlike any phrase does not wake
