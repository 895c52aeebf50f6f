"""Speech out: a sounddevice output stream on the bear, WAV files here.

`play(chunks, rate)` takes an async iterable of float32 (or int16) mono chunks at `rate`
(Piper streams one per sentence), resamples them to the sink's rate with a streaming
resampler, applies the volume and plays them. `stop()` silences the sink within 50 ms (it
works on 20 ms blocks) and makes `play` return.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterable, AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from bear.audio.capture import AudioDeviceError, import_sounddevice, parse_device

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from bear.config_schema import AudioOutputConfig

    Samples = NDArray[Any]  # float32 (or int16) mono samples
    # Called with (block, rate, at) for every block played, `at` being the monotonic time it starts playing.
    Tap = Callable[[NDArray[np.float32], int, float], None]

log = logging.getLogger(__name__)

BLOCK_S = 0.02  # playback granularity: stop() is honoured within one block


@dataclass
class PlaybackResult:
    """What one `play()` did."""

    seconds: float  # audio actually played (or written)
    stopped: bool  # True when stop() cut it short
    path: Path | None = None  # the WAV file, for the file sink
    first_audio_s: float | None = None  # from play() to the first block out


class Sink(Protocol):
    """Speech out, as the mouth, the echo canceller (`taps`), the parent's settings (`volume`) and
    `bear status` (`name`, `underruns`) use it. `make_sink` builds the configured one."""

    name: str
    rate: int  # the rate it plays at (a sounddevice sink asks its device on the first play when 0)
    volume: float
    underruns: int
    taps: list[Tap]  # called from the audio thread: a tap only queues

    async def play(self, chunks: AsyncIterable[Samples], rate: int, name: str = "reply") -> PlaybackResult:
        """Play float32 (or int16) mono chunks at `rate` until they end or `stop()`; what was played."""
        ...

    def stop(self) -> None:
        """Stop the current playback within one block (20 ms)."""

    @property
    def stopping(self) -> bool:
        """True once `stop()` was called, until the next play."""
        ...


class _Sink:
    """What both sinks share: resampling, volume, 20 ms blocks and the stop flag."""

    def __init__(self, rate: int, volume: float) -> None:
        self.rate = rate
        self.volume = volume
        self.underruns = 0
        self._stop = asyncio.Event()
        # Called with (block, rate, at) for every block played, `at` being the monotonic time it starts
        # playing: an echo canceller's reference. May be called from the audio thread: only queue.
        self.taps: list[Tap] = []

    def _tap(self, block: NDArray[np.float32], at: float) -> None:
        for tap in self.taps:
            try:
                tap(block, self.rate, at)
            except Exception as exc:  # a listener's fault must never silence the bear
                log.error("event=playback_tap_failed error=%r", f"{type(exc).__name__}: {exc}")

    def stop(self) -> None:
        """Stop the current playback; takes effect within one block (20 ms)."""
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    async def _blocks(self, chunks: AsyncIterable[Samples], rate: int) -> AsyncIterator[NDArray[np.float32]]:
        """Yield float32 blocks of BLOCK_S at the sink's rate, until the chunks end or stop()."""
        import numpy as np
        import soxr

        self._stop.clear()
        stream = soxr.ResampleStream(rate, self.rate, 1, dtype="float32") if rate != self.rate else None
        size = int(self.rate * BLOCK_S)
        pending = np.zeros(0, dtype=np.float32)
        async for chunk in chunks:
            if self._stop.is_set():
                return
            chunk = np.asarray(chunk)
            if chunk.dtype == np.int16:
                chunk = chunk.astype(np.float32) / 32768.0
            chunk = chunk.astype(np.float32, copy=False) * self.volume
            if stream is not None:
                chunk = stream.resample_chunk(chunk)
            pending = np.concatenate((pending, chunk))
            while len(pending) >= size:
                if self._stop.is_set():
                    return
                yield pending[:size]
                pending = pending[size:]
        if stream is not None:
            pending = np.concatenate((pending, stream.resample_chunk(np.zeros(0, np.float32), last=True)))
        for i in range(0, len(pending), size):
            if self._stop.is_set():
                return
            yield pending[i:i + size]


class WavSink(_Sink):
    """Writes each reply to `<out_dir>/<name>.wav`; optionally paced in real time like a speaker."""

    name = "wav"

    def __init__(self, out_dir: Path | str, rate: int = 48000, volume: float = 1.0, *,
                 realtime: bool = False) -> None:
        super().__init__(rate or 48000, volume)
        self.out_dir = Path(out_dir)
        self.realtime = realtime

    async def play(self, chunks: AsyncIterable[Samples], rate: int, name: str = "reply") -> PlaybackResult:
        """Write the chunks (at `rate`) to `<out_dir>/<name>.wav` at the sink's rate; returns what was written."""
        from bear.audio.files import WavWriter

        loop = asyncio.get_running_loop()
        t0 = loop.time()
        first = None
        writer = WavWriter(self.out_dir / f"{name}.wav", self.rate)
        try:
            async for block in self._blocks(chunks, rate):
                if first is None:
                    first = loop.time() - t0
                writer.write(block)
                self._tap(block, time.monotonic())
                if self.realtime:
                    delay = t0 + first + writer.frames / self.rate - loop.time()
                    if delay > 0:
                        try:  # wake at once on stop()
                            await asyncio.wait_for(self._stop.wait(), delay)
                        except TimeoutError:
                            pass
                else:
                    await asyncio.sleep(0)
        finally:
            path = writer.close()
        return PlaybackResult(writer.frames / self.rate, self.stopping, path, first)


class SoundDeviceSink(_Sink):
    """Plays through a PortAudio output stream fed from a queue of 20 ms blocks.

    The callback (PortAudio thread) pops one block per call and never blocks; when the queue is
    empty it plays silence and counts an underrun if speech was still expected. `stop()` empties
    the queue, so the speaker falls silent after the block being played.
    """

    name = "sounddevice"

    def __init__(self, device: str = "", rate: int = 0, volume: float = 1.0, *, sd_module: Any = None) -> None:
        super().__init__(rate, volume)
        self.device = device
        self._sd = sd_module

    async def play(self, chunks: AsyncIterable[Samples], rate: int, name: str = "reply") -> PlaybackResult:
        """Play the chunks (at `rate`) on the output device until they end or `stop()`; raises AudioDeviceError when the
        device cannot be opened."""
        import collections

        import numpy as np

        sd = self._sd or import_sounddevice()
        loop = asyncio.get_running_loop()
        if not self.rate:
            try:
                self.rate = int(sd.query_devices(parse_device(self.device), "output")["default_samplerate"])
            except Exception as exc:
                raise AudioDeviceError(f"cannot query output device {self.device or 'default'!r}: {exc}") from None
        size = int(self.rate * BLOCK_S)
        queue: collections.deque[NDArray[np.float32]] = collections.deque()
        done = asyncio.Event()
        state: dict[str, Any] = {"played": 0, "feeding": True, "first": None}
        t0 = time.monotonic()

        def callback(outdata: NDArray[np.float32], frames: int, time_info: Any,
                     status: Any) -> None:  # PortAudio thread
            if status.output_underflow:
                self.underruns += 1
            at = time.monotonic() + _output_latency(time_info)
            try:
                block = queue.popleft()
            except IndexError:
                outdata.fill(0)
                self._tap(outdata[:, 0], at)  # silence is played too: the reference stays continuous
                if not state["feeding"]:
                    loop.call_soon_threadsafe(done.set)
                return
            if state["first"] is None:
                state["first"] = time.monotonic() - t0
            outdata[:len(block), 0] = block
            outdata[len(block):, 0] = 0
            self._tap(outdata[:, 0], at)
            state["played"] += len(block)

        try:
            stream = sd.OutputStream(samplerate=self.rate, channels=1, dtype="float32", blocksize=size,
                                     device=parse_device(self.device), callback=callback, latency="low")
            stream.start()
        except Exception as exc:
            raise AudioDeviceError(f"cannot open output device {self.device or 'default'!r}: {exc}") from None
        try:
            async for block in self._blocks(chunks, rate):
                queue.append(np.ascontiguousarray(block, dtype=np.float32))
                while len(queue) > 10 and not self.stopping:  # keep ~200 ms queued, no more
                    await asyncio.sleep(BLOCK_S)
            state["feeding"] = False
            waits = {asyncio.ensure_future(self._stop.wait()), asyncio.ensure_future(done.wait())}
            try:
                await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            finally:  # also when the reply itself is cancelled (forget, shutdown)
                for wait in waits:
                    wait.cancel()
        finally:
            queue.clear()
            stream.abort()
            stream.close()
        if self.underruns:
            log.warning("event=playback_underrun count=%d", self.underruns)
        return PlaybackResult(state["played"] / self.rate, self.stopping, None, state["first"])


def _output_latency(time_info: Any) -> float:
    """Seconds from this callback to its first sample leaving the DAC (0 when PortAudio does not say)."""
    try:
        latency = float(time_info.outputBufferDacTime - time_info.currentTime)
    except (AttributeError, TypeError, ValueError):
        return 0.0
    return latency if 0.0 < latency < 1.0 else 0.0


def make_sink(cfg: AudioOutputConfig, reply_dir: Path) -> Sink:
    """The playback sink named by an `AudioOutputConfig`."""
    if cfg.backend == "wav":
        return WavSink(reply_dir, cfg.sample_rate or 48000, cfg.volume, realtime=cfg.realtime)
    return SoundDeviceSink(cfg.device, cfg.sample_rate, cfg.volume)
