"""Microphone capture into the ring buffer, with reconnection when the device fails.

A source produces int16 blocks and calls `emit(block)` on the event loop thread. `Capture`
runs a source, writes its blocks into the ring buffer (through the echo canceller, when there is
one: `bear/audio/echo.py`), counts overflows and device errors,
and reopens a failed device with exponential backoff without restarting the process.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from bear.audio import SAMPLE_RATE
from bear.backoff import backoff_delay
from bear.supervisor import TaskFailed

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from bear.audio.echo import EchoCanceller
    from bear.audio.files import AudioReader
    from bear.audio.ring import RingBuffer
    from bear.config_schema import AudioInputConfig

log = logging.getLogger(__name__)

Emit = Callable[["NDArray[np.int16]"], None]  # called with each int16 mono block


class AudioDeviceError(Exception):
    """The audio device failed or vanished; capture will try to reopen it."""


class AudioSourceError(TaskFailed):
    """The source has no audio and never will (a recording that is empty, unreadable or broken):
    not a device to reconnect to. Capture stops; the daemon exits 1."""


class AudioSource(Protocol):
    """Where microphone audio comes from: `run(emit)` calls `emit` with int16 mono blocks at 16 kHz until it fails or is
    cancelled."""

    name: str
    overflows: int

    async def run(self, emit: Emit) -> None:
        """Produce blocks until the source ends (return) or fails (raise AudioDeviceError to be
        reopened, AudioSourceError if it never can work)."""


def parse_device(device: str) -> int | str | None:
    """sounddevice accepts an index or a (sub)string of the device name; empty = default."""
    if not device:
        return None
    return int(device) if device.isdigit() else device


def import_sounddevice() -> Any:
    """Import sounddevice, turning a missing PortAudio library into an AudioDeviceError."""
    try:
        import sounddevice
    except OSError as exc:  # "PortAudio library not found": no sound stack on this machine
        raise AudioDeviceError(f"sounddevice unavailable: {exc} (install libportaudio2)") from None
    return sounddevice


class SoundDeviceSource:
    """Capture from a real input device with a PortAudio callback stream.

    The callback runs on PortAudio's thread: it only copies the block and hands it to the loop
    with `call_soon_threadsafe`, never blocking. A device that stops delivering audio for
    `stall_s` seconds, or whose stream finishes by itself, is reported as an AudioDeviceError.
    """

    name = "sounddevice"

    def __init__(self, device: str = "", block: int = 512, *, stall_s: float = 2.0, sd_module: Any = None) -> None:
        self.device = device
        self.block = block
        self.stall_s = stall_s
        self.overflows = 0
        self._sd = sd_module

    async def run(self, emit: Emit) -> None:
        """Stream the device's blocks to `emit`; raises AudioDeviceError when it cannot open, fails or stalls for
        `stall_s`."""
        sd = self._sd or import_sounddevice()
        loop = asyncio.get_running_loop()
        failed: asyncio.Future[None] = loop.create_future()
        last = [time.monotonic()]

        def on_block(block: NDArray[np.int16], overflow: bool) -> None:
            last[0] = time.monotonic()
            if overflow:
                self.overflows += 1
            emit(block)

        def fail(reason: str) -> None:
            if not failed.done():
                failed.set_exception(AudioDeviceError(reason))

        def callback(indata: NDArray[np.int16], frames: int, _time: Any, status: Any) -> None:  # PortAudio thread
            try:
                loop.call_soon_threadsafe(on_block, indata[:, 0].copy(), bool(status.input_overflow))
            except RuntimeError:  # loop already closed during shutdown
                pass

        def finished() -> None:  # PortAudio thread
            try:
                loop.call_soon_threadsafe(fail, "input stream stopped by itself")
            except RuntimeError:
                pass

        try:
            stream = sd.InputStream(samplerate=SAMPLE_RATE, channels=1, dtype="int16",
                                    blocksize=self.block, device=parse_device(self.device),
                                    callback=callback, finished_callback=finished)
            stream.start()
        except Exception as exc:  # PortAudioError, ValueError for an unknown device, ...
            raise AudioDeviceError(f"cannot open input device {self.device or 'default'!r}: {exc}") from None
        try:
            while True:
                try:
                    await asyncio.wait_for(asyncio.shield(failed), timeout=self.stall_s / 4)
                except TimeoutError:
                    if time.monotonic() - last[0] > self.stall_s:
                        raise AudioDeviceError(f"no audio from the input device for {self.stall_s:.1f} s")  # noqa: B904
        finally:
            if not failed.done():
                failed.cancel()
            try:
                stream.abort()
                stream.close()
            except Exception as exc:  # a vanished device can fail to close too
                log.debug("event=capture_close_failed error=%s", exc)


class WavFileSource:
    """Capture from a recording, as if it came from the microphone.

    The file is decoded (any rate/channels, resampled and downmixed) a block at a time in a worker
    thread (`bear.audio.files.AudioReader`: memory does not grow with the file's length), then fed
    in blocks, paced in real time or as fast as possible; afterwards silence follows (a quiet
    room) or the source ends.
    """

    name = "wav"

    def __init__(self, path: Path | str, block: int = 512, *, realtime: bool = True,
                 at_end: str = "silence") -> None:
        self.path = Path(path)
        self.block = block
        self.realtime = realtime
        self.at_end = at_end
        self.overflows = 0
        self._reader: AudioReader | None = None  # kept across a restart: it resumes where it was
        self._pending: NDArray[np.int16] | None = None  # decoded samples not yet fed

    async def _next(self) -> NDArray[np.int16]:
        """The next `block` samples of the recording (fewer at its end, empty after it)."""
        import numpy as np

        assert self._reader is not None and self._pending is not None  # run() opened the recording
        while len(self._pending) < self.block and not self._reader.done:
            more = await asyncio.to_thread(self._reader.read)
            self._pending = np.concatenate((self._pending, more)) if len(self._pending) else more
        block, self._pending = self._pending[:self.block], self._pending[self.block:]
        return block

    async def run(self, emit: Emit) -> None:
        """Emit the recording in blocks (paced in real time when `realtime`), then silence for ever, or return when
        `at_end` is "stop"; raises AudioSourceError for an unreadable file."""
        import numpy as np

        from bear.audio.files import AudioFileError, AudioReader

        try:
            if self._reader is None:
                self._reader = await asyncio.to_thread(AudioReader, self.path, SAMPLE_RATE)
                self._pending = np.zeros(0, np.int16)
            silence = np.zeros(self.block, dtype=np.int16)
            loop = asyncio.get_running_loop()
            t0, sent = loop.time(), 0
            while True:
                block = await self._next()
                if not len(block):
                    if self.at_end == "stop":
                        return
                    block = silence
                emit(block)
                sent += len(block)
                if self.realtime:
                    delay = t0 + sent / SAMPLE_RATE - loop.time()
                    await asyncio.sleep(max(0.0, delay))
                else:
                    await asyncio.sleep(0)
        except AudioFileError as exc:
            raise AudioSourceError(str(exc)) from None


class Capture:
    """Runs a source into the ring buffer and keeps it running through device failures."""

    def __init__(self, source: AudioSource, ring: RingBuffer, *, reconnect_min_s: float = 0.2,
                 reconnect_max_s: float = 30.0) -> None:
        self.source = source
        self.ring = ring
        self.reconnect_min_s = reconnect_min_s
        self.reconnect_max_s = reconnect_max_s
        self.state = "starting"
        self.device_errors = 0
        self.reconnects = 0
        self.started = asyncio.Event()  # set once the first block has arrived
        self._overflows_logged = 0
        self._resume_pending = False
        self.muted = False  # microphone off: blocks are dropped as they arrive, the ring gets silence
        # an echo canceller (bear.audio.echo) every block passes through before the ring
        self.echo: EchoCanceller | None = None

    @property
    def overflows(self) -> int:
        """Input overflows the source has counted (audio the device dropped)."""
        return self.source.overflows

    def _emit(self, block: NDArray[np.int16]) -> None:
        if self.muted:
            import numpy as np

            block = np.zeros(len(block), dtype=np.int16)  # the microphone's samples go no further
        if self.echo is not None:
            self.echo.submit(block, time.monotonic(), self._write)
        else:
            self._write(block)
        if self.source.overflows != self._overflows_logged:
            self._overflows_logged = self.source.overflows
            log.warning("event=capture_overflow count=%d", self.source.overflows)

    def _write(self, block: NDArray[np.int16]) -> None:
        self.ring.write(block)
        if not self.started.is_set():
            self.started.set()
        if self._resume_pending:
            self._resume_pending = False
            log.info("event=capture_resumed backend=%s errors=%d", self.source.name, self.device_errors)

    async def run(self) -> None:
        """Capture into the ring for ever: reopen a failed source with backoff, logging each failure and recovery."""
        failures = 0
        failed_at_sample: int | None = None
        while True:
            try:
                if failed_at_sample is None:
                    log.info("event=capture_started backend=%s rate=%d", self.source.name, SAMPLE_RATE)
                self.state = "running"
                await self.source.run(self._emit)
                self.state = "ended"
                log.info("event=capture_ended backend=%s samples=%d", self.source.name, self.ring.written)
                return
            except AudioSourceError:
                self.state = "failed"
                raise
            except AudioDeviceError as exc:
                self.device_errors += 1
                if failed_at_sample is not None and self.ring.written > failed_at_sample:
                    failures = 0  # it worked for a while: start backing off afresh
                failed_at_sample = self.ring.written
                failures += 1
                delay = backoff_delay(failures, self.reconnect_min_s, self.reconnect_max_s)
                self.state = "reconnecting"
                self._resume_pending = True
                log.warning("event=capture_device_error backend=%s error=%r errors=%d retry_in_s=%.1f",
                            self.source.name, str(exc), self.device_errors, delay)
                await asyncio.sleep(delay)
                self.reconnects += 1
                log.info("event=capture_reconnecting backend=%s attempt=%d", self.source.name, self.reconnects)


def make_source(cfg: AudioInputConfig) -> AudioSource:
    """The capture source named by an `AudioInputConfig`."""
    block = int(SAMPLE_RATE * cfg.block_ms / 1000)
    if cfg.backend == "wav":
        return WavFileSource(cfg.wav_path, block, realtime=cfg.realtime, at_end=cfg.at_end)
    return SoundDeviceSource(cfg.device, block)
