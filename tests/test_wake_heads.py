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


def _wake_for(cfg):
    from bear.hearing.offline import registry_for
    from bear.hearing.stt import register_engine
    from bear.hearing.wake import make_wake

    registry = registry_for(cfg)
    try:
        return make_wake(cfg, registry, register_engine(cfg, registry))
    finally:
        registry.close()


@pytest.mark.parametrize("phrase", ["Amelia", "computer!"])
def test_a_phrase_with_a_trained_head_is_spotted_by_it(tmp_path, phrase):
    """wake.phrase alone picks the installed head trained on real voices (97% on real voices against
    far fewer for spotting); wake.trained_head = false keeps spotting with the speech-to-text engine."""
    from bear.hearing.wake import OwwWake, PhraseWake
    from conftest import hearing_config, require_model

    name = "wake-head-" + phrase.lower().strip("!")
    require_model(name)
    wake = _wake_for(hearing_config(tmp_path, f"[wake]\nphrase = \"{phrase}\"\n"))
    assert isinstance(wake, OwwWake) and wake.model == name
    spotted = _wake_for(hearing_config(tmp_path, f"[wake]\nphrase = \"{phrase}\"\ntrained_head = false\n"))
    assert isinstance(spotted, PhraseWake)
    assert isinstance(_wake_for(hearing_config(tmp_path, "[wake]\nphrase = \"hey teddy\"\n")), PhraseWake)


def test_a_head_that_is_not_installed_leaves_the_phrase_to_the_spotter(tmp_path, caplog):
    """A model dir without the head (or with a corrupt one): spotting, and a warning naming the head."""
    import shutil

    from bear.config import parse_config
    from bear.hearing.wake import PhraseWake
    from conftest import MODEL_DIR, require_model, write_config

    require_model("wake-head-athena")
    models = tmp_path / "models"
    models.mkdir()
    for name in ("pocketsphinx-en-us-small", "silero-vad", "openwakeword-frontend", "wake-head-athena"):
        require_model(name)
        shutil.copytree(MODEL_DIR / name, models / name)
    head = next((models / "wake-head-athena").glob("*.onnx"))
    head.write_bytes(head.read_bytes()[:-10] + b"corrupted!")
    text = write_config(tmp_path, "[gpio]\nbackend = \"mock\"\n[wake]\nphrase = \"athena\"\n").read_text()
    cfg = parse_config(text.replace(f'model_dir = "{MODEL_DIR}"', f'model_dir = "{models}"'), env={})
    assert cfg.paths.model_dir == models
    with caplog.at_level("WARNING", logger="bear.hearing.wake"):
        assert isinstance(_wake_for(cfg), PhraseWake)
    assert "event=wake_head_missing head=wake-head-athena" in caplog.text
