import asyncio

import numpy as np
import soundfile

from bear.audio.playback import SoundDeviceSink, WavSink
from conftest import arun
from fake_sounddevice import FakeSoundDevice


async def _chunks(seconds_each, rate=22050, n=3, freq=440.0):
    for _ in range(n):
        t = np.arange(int(rate * seconds_each)) / rate
        yield (0.5 * np.sin(2 * np.pi * freq * t)).astype(np.float32)
        await asyncio.sleep(0)


def test_wav_sink_resamples_and_applies_volume(tmp_path):
    sink = WavSink(tmp_path, 48000, volume=0.5)
    result = arun(sink.play(_chunks(0.5), 22050, name="r1"))
    assert not result.stopped and result.path == tmp_path / "r1.wav"
    data, rate = soundfile.read(result.path, dtype="float32")
    assert rate == 48000
    assert abs(len(data) / 48000 - 1.5) < 0.01
    assert abs(np.abs(data).max() - 0.25) < 0.02  # 0.5 amplitude at half volume
    spectrum = np.abs(np.fft.rfft(data))
    assert abs(np.fft.rfftfreq(len(data), 1 / 48000)[spectrum.argmax()] - 440) < 2


def test_stop_takes_effect_within_50_ms(tmp_path):
    async def main():
        loop = asyncio.get_running_loop()
        sink = WavSink(tmp_path, 48000, realtime=True)
        task = asyncio.create_task(sink.play(_chunks(2.0, n=2), 22050, name="long"))
        await asyncio.sleep(0.5)
        t0 = loop.time()
        sink.stop()
        result = await task
        return loop.time() - t0, result

    took, result = arun(main())
    assert took < 0.05, took
    assert result.stopped and 0.4 < result.seconds < 0.65
    assert soundfile.info(result.path).duration == result.seconds


def test_sounddevice_sink_plays_everything_then_returns():
    sd = FakeSoundDevice(speed=8.0, default_samplerate=48000)
    sink = SoundDeviceSink("", 0, volume=1.0, sd_module=sd)
    result = arun(sink.play(_chunks(0.3, n=2), 22050))
    assert not result.stopped and sink.rate == 48000
    assert abs(result.seconds - 0.6) < 0.03
    played = np.concatenate(sd.streams[0].played)
    assert np.abs(played).max() > 0.45


def test_sounddevice_sink_stop_is_prompt():
    sd = FakeSoundDevice(speed=1.0)

    async def main():
        loop = asyncio.get_running_loop()
        sink = SoundDeviceSink("", 48000, sd_module=sd)
        task = asyncio.create_task(sink.play(_chunks(3.0, n=1), 22050))
        await asyncio.sleep(0.3)
        t0 = loop.time()
        sink.stop()
        result = await task
        return loop.time() - t0, result

    took, result = arun(main())
    assert took < 0.05 and result.stopped and result.seconds < 0.6
    assert sd.streams[0].closed


def test_sounddevice_sink_cancelled_while_draining_leaves_nothing_behind():
    """Forgetting (or shutdown) cancels a reply that is still playing: the stream is closed and
    no waiter task is left pending (it used to be, and was later destroyed with a warning)."""
    sd = FakeSoundDevice(speed=1.0)

    async def main():
        sink = SoundDeviceSink("", 48000, sd_module=sd)
        task = asyncio.create_task(sink.play(_chunks(0.1, n=1), 22050))  # fed at once, then drains
        await asyncio.sleep(0.05)
        task.cancel()
        await asyncio.wait({task})
        await asyncio.sleep(0)
        return task.cancelled(), [t.get_coro().__qualname__ for t in asyncio.all_tasks()]

    cancelled, left = arun(main())
    assert cancelled and "Event.wait" not in left and sd.streams[0].closed, left
