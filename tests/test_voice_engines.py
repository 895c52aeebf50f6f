"""Both voice engines behind one seam (bear/speech/voice.py): real replies spoken, lazy loading and
unloading, barge-in, and hibari's bundled voice checked in place (a corrupt file is refused)."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

from bear.audio.playback import WavSink
from bear.config import SpeechConfig
from bear.models import manifest as manifest_mod
from bear.models.fetch import FetchError, fetch_model
from bear.models.manifest import ModelUnavailable, Verifier, load_manifest, package_folder
from bear.models.registry import ModelRegistry
from bear.speech.mouth import Mouth
from bear.speech.tts import Speaker, chunks_for_speech
from bear.speech.voice import HIBARI_VOICE, register_voice
from conftest import BEAR, BEAR_STORY, MODEL_DIR, ROOT, arun, require_model, until, write_config

MANIFEST = ROOT / "models" / "manifest.toml"
ENGINES = ["piper", "hibari"]


def _need(engine: str) -> None:
    if engine == "piper":
        require_model("piper-en_US-joe-medium")


def _registry(engine: str):
    _need(engine)
    registry = ModelRegistry(load_manifest(MANIFEST), MODEL_DIR)
    return registry, register_voice(registry, SpeechConfig(engine=engine))


def _corrupt_hibari(tmp_path, how: str = "flip"):
    """A copy of the installed hibari package whose voice file is damaged (`flip`: one byte;
    `replace`: another file of another size in its place)."""
    copy = tmp_path / "site" / "hibari"
    shutil.copytree(package_folder("hibari"), copy, ignore=shutil.ignore_patterns("__pycache__"))
    onnx = copy / "assets" / "hibari.onnx"
    if how == "flip":
        with open(onnx, "r+b") as f:
            f.seek(4096)
            byte = f.read(1)
            f.seek(4096)
            f.write(bytes([byte[0] ^ 0xFF]))
    else:
        onnx.write_bytes(b"not a voice")
    return copy


@pytest.mark.parametrize("engine, rate", [("piper", 22050), ("hibari", 24000)])
def test_each_engine_speaks_a_reply_loads_lazily_and_gives_its_memory_back(engine, rate):
    _need(engine)
    proc = subprocess.run([sys.executable, str(ROOT / "tests" / "voice_probe.py"), engine, str(MODEL_DIR)],
                          capture_output=True, text=True, timeout=180, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert proc.returncode == 0, proc.stderr[-2000:]
    f = json.loads(proc.stdout)
    assert f["registered_imports"] == [] and not f["registered_loaded"]  # registering loads nothing
    for c in f["cycles"]:
        # the joke (75 characters) is spoken, audibly, at a sensible pace, at the engine's rate
        assert c["rate"] == rate and 3.0 < c["seconds"] < 8.0 and 0.2 < c["peak"] <= 1.0, c
        assert c["cost"] > 30e6 and not c["still_loaded"]
        assert c["freed"] > 0.8 * c["cost"], c  # unloading really returns the memory
    # reloading works and does not pile up: hibari's text-to-phoneme dicts leave a few MB of
    # fragmented heap per cycle (no Python object is kept: tracemalloc), Piper about nothing
    assert f["cycles"][-1]["after"] < f["baseline"] + 0.25 * f["cycles"][0]["cost"], f


@pytest.mark.parametrize("engine", ENGINES)
def test_stop_ends_synthesis_after_the_piece_in_progress(engine):
    async def main():
        registry, name = _registry(engine)
        speaker, n = Speaker(registry, name), 0
        try:
            async for _ in speaker.sentences(BEAR_STORY):
                n += 1
                speaker.stop()  # barge-in after the first piece
        finally:
            registry.close()
        return n

    assert arun(main(), timeout=60) < len(chunks_for_speech(BEAR_STORY)) - 2


@pytest.mark.parametrize("engine", ENGINES)
def test_barge_in_silences_either_voice_within_a_block(tmp_path, engine):
    """The paw mid-reply: the sink falls silent within one 20 ms block (+ scheduling slack), whatever
    the engine; the voice stops after the piece it is making."""

    class Sink(WavSink):  # the real-time WAV sink, noting when playback returned
        returned_at = None

        async def play(self, *args, **kwargs):
            result = await super().play(*args, **kwargs)
            self.returned_at = asyncio.get_running_loop().time()
            return result

    async def main():
        registry, name = _registry(engine)
        await registry.load(name)
        sink = Sink(tmp_path, 48000, realtime=True)
        mouth = Mouth(Speaker(registry, name), sink)

        async def pieces():
            yield BEAR_STORY

        loop = asyncio.get_running_loop()
        try:
            task = asyncio.ensure_future(mouth.say(pieces(), "reply"))
            await until(lambda: mouth.speaking, 10, "the bear to speak")
            await asyncio.sleep(1.0)  # well into the reply
            t0 = loop.time()
            mouth.interrupt("paw")
            spoken = await task
        finally:
            registry.close()
        return sink.returned_at - t0, spoken

    took, spoken = arun(main(), timeout=60)
    assert spoken.stopped and 0.2 < spoken.seconds < 1.5, spoken
    assert took < 0.05, took


def test_hibari_voice_files_are_checked_in_place_and_never_fetched(tmp_path):
    entry = load_manifest(MANIFEST).get(HIBARI_VOICE)
    assert entry.package == "hibari" and entry.role == "voice" and entry.commercial
    assert "assets/hibari.onnx" in [f.path for f in entry.files]
    verifier = Verifier(tmp_path / "models")  # the model dir does not matter: the files are in the package
    assert verifier.status(entry) == ("installed", str(package_folder("hibari")))
    assert fetch_model(entry, tmp_path / "models") == "already installed"
    assert not (tmp_path / "models" / HIBARI_VOICE).exists()  # nothing copied


@pytest.mark.parametrize("how", ["flip", "replace"])
def test_a_corrupt_or_replaced_hibari_voice_is_refused(tmp_path, monkeypatch, caplog, how):
    copy = _corrupt_hibari(tmp_path, how)
    monkeypatch.setattr(manifest_mod, "package_folder", lambda package: copy if package == "hibari" else None)
    entry = load_manifest(MANIFEST).get(HIBARI_VOICE)
    assert Verifier(MODEL_DIR).status(entry)[0] == "corrupt"
    with pytest.raises(FetchError, match="reinstall"):
        fetch_model(entry, tmp_path / "models")

    async def main():
        registry, name = _registry("hibari")
        try:
            with pytest.raises(ModelUnavailable, match="corrupt"):
                await registry.load(name)
            return registry.slot(name).loaded
        finally:
            registry.close()

    with caplog.at_level("INFO", logger="bear"):
        assert arun(main(), timeout=30) is False
    assert "event=model_refused name=hibari-heart" in caplog.text


def test_a_missing_hibari_package_is_reported_missing(monkeypatch):
    monkeypatch.setattr(manifest_mod, "package_folder", lambda package: None)
    status, detail = Verifier(MODEL_DIR).status(load_manifest(MANIFEST).get(HIBARI_VOICE))
    assert status == "missing" and "'hibari' is not installed" in detail


def test_say_refuses_a_corrupt_hibari_voice(tmp_path, child_env):
    """End to end, without any patching: a damaged copy of the package first on the path."""
    copy = _corrupt_hibari(tmp_path)
    env = dict(child_env, PYTHONPATH=f"{copy.parent}:{ROOT}")
    out = tmp_path / "x.wav"
    proc = subprocess.run(BEAR + ["say", "Hello there.", "--out", str(out), "--engine", "hibari",
                                  "--config", str(write_config(tmp_path))],
                          env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "hibari-heart is corrupt" in proc.stderr, proc.stderr
    assert not out.exists()


def test_models_list_shows_the_bundled_voice(tmp_path, child_env):
    proc = subprocess.run(BEAR + ["models", "list", "--config", str(write_config(tmp_path))],
                          env=child_env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    line = next(x for x in proc.stdout.splitlines() if x.startswith(HIBARI_VOICE))
    assert "installed" in line and "Apache-2.0" in line, line


def test_the_synthesized_pieces_are_float32_at_the_voice_rate():
    async def main():
        registry, name = _registry("hibari")
        speaker = Speaker(registry, name)
        try:
            chunks = [c async for c in speaker.sentences("Hi! What a lovely day.", length_scale=1.5)]
            slow = sum(len(c) for c in chunks)
            chunks = [c async for c in speaker.sentences("Hi! What a lovely day.")]
        finally:
            registry.close()
        return chunks, speaker.rate, slow

    chunks, rate, slow = arun(main(), timeout=60)
    assert rate == 24000 and len(chunks) == 2 and all(c.dtype == np.float32 for c in chunks)
    assert slow > 1.3 * sum(len(c) for c in chunks)  # speech.length_scale slows hibari down too


def test_barge_in_while_the_voice_is_still_loading_is_recorded(tmp_path, caplog):
    """The paw pressed before the first audio (the voice still loading on the first wake): nothing
    is played, and the stop is measured and logged like any other."""

    async def main():
        registry, name = _registry("hibari")
        mouth = Mouth(Speaker(registry, name), WavSink(tmp_path, 48000, realtime=True))

        async def pieces():
            yield BEAR_STORY

        try:
            task = asyncio.ensure_future(mouth.say(pieces(), "reply"))
            await until(lambda: mouth.speaking, 5, "say() to start")
            loading = not registry.slot(name).loaded  # hibari takes ~1 s to load, the press comes now
            mouth.interrupt("paw")
            return loading, await task, mouth.last_stop_ms
        finally:
            registry.close()

    with caplog.at_level("INFO", logger="bear"):
        loading, spoken, stop_ms = arun(main(), timeout=60)
    assert loading
    assert spoken.stopped and spoken.seconds == 0.0 and spoken.first_audio_ms is None
    assert stop_ms is not None and "event=speech_stopped trigger=paw" in caplog.text
