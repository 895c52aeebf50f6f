import asyncio
import threading

import numpy as np
import pytest
import soundfile

from bear.audio.capture import AudioDeviceError, AudioSourceError, Capture, SoundDeviceSource, WavFileSource
from bear.audio.ring import RingBuffer
from bear.supervisor import TaskFailed
from conftest import arun
from fake_sounddevice import FakeSoundDevice


async def _wait_for(predicate, timeout=5.0):
    async def poll():
        while not predicate():
            await asyncio.sleep(0.01)
    await asyncio.wait_for(poll(), timeout)


def test_wav_source_paced_in_real_time_then_silence(tmp_path):
    path = tmp_path / "one.wav"
    soundfile.write(path, np.full(8000, 0.5, dtype=np.float32), 16000)  # 0.5 s

    async def main():
        ring = RingBuffer(10)
        cap = Capture(WavFileSource(path, 512, realtime=True), ring)
        loop = asyncio.get_running_loop()
        task = asyncio.create_task(cap.run())
        t0 = loop.time()
        await _wait_for(lambda: ring.written >= 16000)  # 1 s of audio: the file, then silence
        elapsed = loop.time() - t0
        task.cancel()
        assert 0.85 < elapsed < 1.6, elapsed
        audio = ring.read(0, 16000)
        assert (audio[:8000] > 16000).all() and (audio[8192:] == 0).all()

    arun(main())


def test_wav_source_fast_and_stop_at_end(jfk_wav):
    async def main():
        ring = RingBuffer(12)
        cap = Capture(WavFileSource(jfk_wav, 512, realtime=False, at_end="stop"), ring)
        await cap.run()  # returns by itself at the end of the file
        assert cap.state == "ended"
        assert 170000 < ring.written < 180000  # jfk.wav is 11 s at 16 kHz

    arun(main(), timeout=10)


@pytest.mark.parametrize("content", [b"RIFF....WAVEjunk", b""])
def test_an_unreadable_or_empty_recording_is_fatal_not_a_device_to_reconnect_to(tmp_path, content, caplog):
    bad = tmp_path / "bad.wav"
    if content:
        bad.write_bytes(content)
    else:
        soundfile.write(bad, np.zeros(0, np.int16), 16000)  # a header and no samples

    async def main():
        cap = Capture(WavFileSource(bad), RingBuffer(1), reconnect_min_s=0.01)
        with pytest.raises(AudioSourceError) as info:
            await cap.run()
        return cap, info.value

    cap, exc = arun(main())
    assert "bad.wav" in str(exc) and isinstance(exc, TaskFailed)
    assert cap.state == "failed" and cap.device_errors == 0 and cap.reconnects == 0
    assert "capture_device_error" not in caplog.text


class FlakySource:
    """Delivers `good` blocks, then fails; the second time round it works for good."""
    name = "flaky"

    def __init__(self, good=5):
        self.good, self.runs, self.overflows = good, 0, 0

    async def run(self, emit):
        self.runs += 1
        for _ in range(self.good if self.runs == 1 else 10**9):
            emit(np.ones(160, dtype=np.int16))
            await asyncio.sleep(0.001)
        raise AudioDeviceError("device vanished")


def test_capture_resumes_after_a_failure_mid_stream(caplog):
    async def main():
        ring = RingBuffer(10)
        source = FlakySource(good=5)
        cap = Capture(source, ring, reconnect_min_s=0.05)
        task = asyncio.create_task(cap.run())
        await _wait_for(lambda: ring.written > 160 * 50)
        assert source.runs == 2 and cap.device_errors == 1 and cap.state == "running"
        task.cancel()

    with caplog.at_level("INFO", logger="bear"):
        arun(main())
    events = [r.getMessage().split()[0] for r in caplog.records]
    assert "event=capture_device_error" in events and "event=capture_resumed" in events


def test_sounddevice_source_hands_blocks_to_the_loop_thread():
    sd = FakeSoundDevice(speed=4.0, overflow_at=3)
    threads = set()

    async def main():
        ring = RingBuffer(10)
        cap = Capture(SoundDeviceSource("", 512, sd_module=sd), ring)
        real_write = ring.write

        def write(block):
            threads.add(threading.current_thread().name)
            real_write(block)

        ring.write = write
        task = asyncio.create_task(cap.run())
        await _wait_for(lambda: ring.written >= 512 * 10)
        assert cap.overflows == 1
        assert (ring.read(0, 512) == 1000).all()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    arun(main())
    assert threads == {threading.main_thread().name}
    assert sd.streams[0].closed


def test_sounddevice_unplugged_mid_stream_reconnects():
    sd = FakeSoundDevice(speed=4.0, die_after=5, open_failures=0)

    async def main():
        ring = RingBuffer(10)
        cap = Capture(SoundDeviceSource("", 512, sd_module=sd), ring, reconnect_min_s=0.05)
        task = asyncio.create_task(cap.run())
        await _wait_for(lambda: ring.written >= 512 * 20)
        assert cap.device_errors == 1 and sd.opened == 2
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    arun(main())


def test_missing_device_then_stalled_stream_then_recovery():
    sd = FakeSoundDevice(speed=4.0, open_failures=2, stall_after=4)

    async def main():
        ring = RingBuffer(10)
        cap = Capture(SoundDeviceSource("", 512, stall_s=0.3, sd_module=sd), ring, reconnect_min_s=0.05)
        task = asyncio.create_task(cap.run())
        await _wait_for(lambda: ring.written >= 512 * 12, timeout=8)
        # two failed opens, one stall detected, then a stream that keeps going
        assert cap.device_errors == 3 and sd.opened == 4
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    arun(main(), timeout=12)


def test_wav_source_memory_does_not_grow_with_the_recording(tmp_path):
    """10 minutes of 48 kHz audio fed through the WAV source: it holds a block, never the recording."""
    import tracemalloc

    path = tmp_path / "long.wav"
    with soundfile.SoundFile(path, "w", 48000, 1, "PCM_16") as f:
        for _ in range(10):
            f.write(np.zeros(48000 * 60, np.int16))  # 10 minutes: 19 MB at 16 kHz int16, 38 MB as float32

    async def main():
        ring = RingBuffer(2)
        cap = Capture(WavFileSource(path, 8000, realtime=False, at_end="stop"), ring)
        tracemalloc.start()
        try:
            await cap.run()
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        return ring.written, peak

    written, peak = arun(main(), timeout=60)
    print(f"peak_traced_mb={peak / 1e6:.1f}")
    assert abs(written - 16000 * 600) <= 8000
    assert peak < 4_000_000
