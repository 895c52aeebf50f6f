"""Whisper's second opinion on a wake (wake.verify = "whisper"), with the real models."""

import logging

import numpy as np

from bear.audio.files import read_audio
from bear.config import parse_config
from bear.hearing.verify import phrase_similarity
from conftest import ROOT, SPEECH, MODEL_DIR, arun, require_file, require_model

REAL = SPEECH / "precise-wake-real"


def check_verifier(cfg, ring, registry, hearing, positives, negatives, caplog, logged: str,
                   allowed_false: int = 0) -> None:
    """Each positive wakes the bear once, at most `allowed_false` negatives do (and the verifier refused
    more candidates than that), and the verifier both passed and refused candidates (its log lines
    carry `logged`)."""
    wake = hearing.listener.wake

    async def main():
        await hearing.preload()
        got = [await _wakes(cfg, ring, registry, wake, read_audio(p)) for p in positives]
        false = 0
        for p in negatives:
            false += await _wakes(cfg, ring, registry, wake, read_audio(p))
        registry.close()
        return got, false

    with caplog.at_level(logging.INFO, logger="bear.hearing.wake"):
        got, false = arun(main(), timeout=240)
    assert got == [1] * len(positives)
    assert false <= allowed_false
    assert wake.verifier.rejected >= max(1, 4 * false), f"{len(negatives)} negatives: {false} false wakes, " \
        f"{wake.verifier.rejected} candidates refused"
    assert f"event=wake_verified {logged}" in caplog.text
    assert f"event=wake_rejected reason=verify {logged}" in caplog.text


def test_phrase_similarity():
    assert phrase_similarity("Athena!", "athena") == 1.0
    assert phrase_similarity("um hey, teddy tell me a joke", "hey teddy") == 1.0
    assert phrase_similarity("a tina", "athena") > 0.7  # Whisper's split of a near-miss
    assert phrase_similarity("zero three five one", "athena") < 0.6
    assert phrase_similarity("we call it bear", "hey teddy") < 0.6
    assert phrase_similarity("", "athena") == 0.0


def _hearing(tmp_path, phrase: str, verify: str = "whisper", engine: str = "whisper"):
    from bear.audio.ring import RingBuffer
    from bear.hearing.setup import build_hearing
    from bear.models.manifest import load_manifest
    from bear.models.registry import ModelRegistry

    cfg = parse_config(f'[paths]\nmodel_dir = "{MODEL_DIR}"\n[stt]\nengine = "{engine}"\n'
                       f'[wake]\nphrase = "{phrase}"\nverify = "{verify}"\nsensitivity = 0.6\ntrained_head = false\n', env={})
    registry = ModelRegistry(load_manifest(ROOT / "models" / "manifest.toml"), MODEL_DIR)
    ring = RingBuffer(12.0)
    return cfg, ring, registry, build_hearing(cfg, ring, registry, with_button=False)


async def _wakes(cfg, ring, registry, wake, audio) -> int:
    from bear.hearing.listener import Listener

    listener = Listener(cfg, ring, registry, stt=None, wake=wake)
    audio = np.concatenate((np.zeros(8000, np.int16), audio, np.zeros(8000, np.int16)))
    start = ring.written
    await wake.restart(start, new_channel=True)
    for i in range(0, len(audio) - 1536 + 1, 1536):
        ring.write(audio[i:i + 1536])
        await listener.step(start + i, audio[i:i + 1536])
    return listener.wakes


def test_whisper_verifier_keeps_real_wakes_and_drops_children_chatter(tmp_path, caplog):
    """"athena" said by real people wakes the bear through the verifier; children's read sentences
    that the eager spotter takes for "athena" are dropped (the real spotter, VAD and Whisper)."""
    require_model("faster-whisper-tiny.en")
    athena = sorted((require_file(REAL / "README.md").parent / "athena").glob("*.flac"))[2:4]  # clear ones
    kids = sorted((SPEECH / "speechocean762-train-children" / "flac").glob("*.flac"))[:40]
    cfg, ring, registry, hearing = _hearing(tmp_path, "athena")
    wake = hearing.listener.wake
    assert wake.verifier is not None

    # Whisper tiny.en's int8 text differs a little by CPU: on an AMD EPYC one child's sentence comes out
    # 0.73 like "athena" (the bar is 0.7) where an Intel core heard it further off; at most one of the
    # candidates gets through, and the verifier refuses at least four times as many
    check_verifier(cfg, ring, registry, hearing, athena, kids, caplog, "verifier=whisper similarity=", allowed_false=1)


def test_verify_needs_whisper_as_the_engine(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="bear.hearing.wake"):
        cfg, ring, registry, hearing = _hearing(tmp_path, "hey teddy", engine="pocketsphinx")
    assert hearing.listener.wake.verifier is None
    assert "event=wake_verify_unavailable" in caplog.text
    cfg, ring, registry, hearing = _hearing(tmp_path, "hey teddy", verify="none")
    assert hearing.listener.wake.verifier is None
