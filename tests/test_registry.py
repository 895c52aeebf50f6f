import asyncio
import threading

import numpy as np
import pytest

from bear.audio.files import read_audio
from bear.config import MemoryConfig
from bear.models.manifest import Manifest, ModelUnavailable, load_manifest
from bear.models.onnx import onnx_session
from bear.models.registry import ModelRegistry
from bear.resources import process_rss
from bear.models.watchdog import MemoryReading, MemoryWatchdog
from conftest import ROOT, arun, require_model

MANIFEST = ROOT / "models" / "manifest.toml"


def silero_loader(folder):
    return onnx_session(folder / "silero_vad.onnx")


def speech_probability(session, audio_int16):
    """Mean Silero speech probability over 512-sample frames (state carried between frames)."""
    state = np.zeros((2, 1, 128), np.float32)
    context = np.zeros(64, np.float32)
    probs = []
    audio = audio_int16.astype(np.float32) / 32768
    for i in range(0, len(audio) - 511, 512):
        frame = np.concatenate((context, audio[i:i + 512]))[None, :]
        out, state = session.run(None, {"input": frame, "state": state, "sr": np.array(16000, np.int64)})
        context = audio[i + 448:i + 512]
        probs.append(float(out[0, 0]))
    return float(np.mean(probs))


def _registry(model_dir, manifest=None):
    return ModelRegistry(manifest or load_manifest(MANIFEST), model_dir)


def test_lazy_load_on_its_own_thread_and_real_inference(jfk_wav, caplog):
    folder = require_model("silero-vad")
    speech = read_audio(jfk_wav)[16000:48000]
    silence = np.zeros(32000, np.int16)
    seen_threads = set()

    def infer(session, audio):
        seen_threads.add(threading.current_thread().name)
        return speech_probability(session, audio)

    async def main():
        reg = _registry(folder.parent)
        reg.register("silero-vad", silero_loader, thread="vad")
        assert not reg.slot("silero-vad").loaded  # nothing loaded before first use
        p_speech = await reg.run("silero-vad", infer, speech)
        p_silence = await reg.run("silero-vad", infer, silence)
        slot = reg.slot("silero-vad")
        assert slot.loaded and slot.loads == 1 and slot.rss_cost > 0
        reg.close()
        return p_speech, p_silence

    with caplog.at_level("INFO", logger="bear"):
        p_speech, p_silence = arun(main(), timeout=30)
    assert p_speech > 0.5 > 0.05 > p_silence
    assert seen_threads == {"bear-vad"}
    assert any("event=model_loaded name=silero-vad" in r.getMessage() for r in caplog.records)


def test_unload_really_returns_the_memory():
    import json
    import os
    import subprocess
    import sys

    folder = require_model("silero-vad")
    proc = subprocess.run([sys.executable, str(ROOT / "tests" / "memory_probe.py"), str(folder.parent)],
                          capture_output=True, text=True, timeout=120, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.returncode == 0, proc.stderr
    figures = json.loads(proc.stdout)
    for c in figures["cycles"]:
        assert not c["still_loaded"]
        assert c["cost"] > 5e6, c
        assert c["freed"] > 0.8 * c["cost"], c
        assert c["after"] < c["loaded"] - 0.8 * c["cost"], c
    assert figures["cycles"][-1]["after"] < figures["baseline"] + 3e6  # no creep across load/unload cycles
    assert figures["loads"] == 4


def test_corrupt_model_is_refused_and_the_caller_carries_on(tmp_path, caplog):
    folder = require_model("silero-vad")
    bad_dir = tmp_path / "models" / "silero-vad"
    bad_dir.mkdir(parents=True)
    data = bytearray((folder / "silero_vad.onnx").read_bytes())
    data[5000] ^= 1
    (bad_dir / "silero_vad.onnx").write_bytes(bytes(data))
    loads = []

    async def main():
        reg = _registry(tmp_path / "models")
        reg.register("silero-vad", lambda f: loads.append(f) or silero_loader(f))
        for _ in range(2):
            with pytest.raises(ModelUnavailable, match="corrupt"):
                await reg.run("silero-vad", lambda m: None)
        reg.close()

    with caplog.at_level("ERROR", logger="bear"):
        arun(main())
    assert loads == []  # the loader never saw the corrupt file
    refused = [r for r in caplog.records if "event=model_refused" in r.getMessage()]
    assert len(refused) == 1  # logged once, not on every call


def test_missing_model_is_unavailable(tmp_path):
    async def main():
        reg = _registry(tmp_path)
        reg.register("silero-vad", silero_loader)
        with pytest.raises(ModelUnavailable, match="missing"):
            await reg.run("silero-vad", lambda m: None)
        with pytest.raises(ModelUnavailable, match="not registered"):
            await reg.run("openwakeword-alexa", lambda m: None)
        reg.close()

    arun(main())


class ScriptedMemory:
    """Injected memory readings: high until `relief_after` models have been unloaded."""

    def __init__(self, registry, high=85.0, low=50.0, relief_after=2):
        self.registry, self.high, self.low, self.relief_after = registry, high, low, relief_after

    def __call__(self):
        unloaded = sum(1 for s in self.registry.slots() if s.loads and not s.loaded)
        pct = self.low if unloaded >= self.relief_after else self.high
        return MemoryReading(pct, process_rss())


def test_watchdog_unloads_emotion_then_voice_then_stt_lru_until_low_water(tmp_path, caplog):
    folder = require_model("silero-vad")
    base = load_manifest(MANIFEST).get("silero-vad")
    # The same real Silero file stands in for a model of every role.
    import dataclasses
    entries = [dataclasses.replace(base, name=f"{role}-{i}", role=role)
               for role in ("stt", "voice", "emotion") for i in (1, 2)]
    manifest = Manifest(MANIFEST, tuple(entries))
    for e in entries:
        (tmp_path / e.name).mkdir()
        (tmp_path / e.name / "silero_vad.onnx").symlink_to(folder / "silero_vad.onnx")

    async def main():
        reg = ModelRegistry(manifest, tmp_path)
        for e in entries:
            reg.register(e.name, silero_loader, thread="shared")
        # use order: voice-2 is least recently used of the voices, stt-1 of the stt models
        for name in ("emotion-1", "voice-2", "stt-1", "voice-1", "stt-2", "emotion-2"):
            await reg.load(name)
            await asyncio.sleep(0.01)
        cfg = MemoryConfig(high_water_percent=70, low_water_percent=60)
        reader = ScriptedMemory(reg, relief_after=4)
        dog = MemoryWatchdog(reg, cfg, reader)
        first = await dog.check()
        second = await dog.check()  # below the high-water mark now: nothing more to do
        reg.close()
        return first, second

    with caplog.at_level("WARNING", logger="bear"):
        first, second = arun(main(), timeout=60)
    assert first == ["emotion-1", "emotion-2", "voice-2", "voice-1"]
    assert second == []
    unload_logs = [r.getMessage() for r in caplog.records if "event=memory_unload" in r.getMessage()]
    assert len(unload_logs) == 4 and "freed_mb=" in unload_logs[0] and "rss_after_mb=" in unload_logs[0]


def test_watchdog_rss_budget_and_nothing_left_to_unload(caplog):
    class Reg:
        def unload_candidates(self):
            return []

    cfg = MemoryConfig(rss_budget_mb=100)
    dog = MemoryWatchdog(Reg(), cfg, lambda: MemoryReading(20.0, 150_000_000))
    assert dog.over_high(MemoryReading(20.0, 150_000_000))
    assert not dog.below_low(MemoryReading(20.0, 90_000_000))  # 100 MB * 60/70 = 85.7 MB
    assert dog.below_low(MemoryReading(20.0, 80_000_000))
    with caplog.at_level("ERROR", logger="bear"):
        for _ in range(3):
            assert arun(dog.check()) == []
    assert sum("event=memory_still_high" in r.getMessage() for r in caplog.records) == 1


def test_a_model_changed_in_place_is_refused_when_it_is_loaded_again(tmp_path, caplog):
    """Bytes flipped in place with size, mtime and inode kept passed the checksum cache and were
    loaded again after every unload: a reload now hashes the files afresh."""
    import os
    import shutil

    shutil.copytree(require_model("silero-vad"), tmp_path / "silero-vad")
    onnx = tmp_path / "silero-vad" / "silero_vad.onnx"

    async def main():
        reg = _registry(tmp_path)
        reg.register("silero-vad", silero_loader, thread="vad")
        await reg.load("silero-vad")
        await reg.unload("silero-vad")
        st = onnx.stat()
        with open(onnx, "r+b") as f:  # a bit flipped on the SD card, the file's metadata untouched
            f.seek(st.st_size // 2)
            byte = f.read(1)
            f.seek(st.st_size // 2)
            f.write(bytes([byte[0] ^ 0x01]))
        os.utime(onnx, ns=(st.st_atime_ns, st.st_mtime_ns))
        assert (onnx.stat().st_size, onnx.stat().st_mtime_ns, onnx.stat().st_ino) == (st.st_size, st.st_mtime_ns,
                                                                                      st.st_ino)
        with pytest.raises(ModelUnavailable, match="sha256"):
            await reg.load("silero-vad")
        reg.close()

    with caplog.at_level("ERROR", logger="bear"):
        arun(main())
    assert "event=model_refused name=silero-vad" in caplog.text
