"""A hand-written stand-in for the sounddevice module at the PortAudio seam.

Streams call their callback from their own thread, as PortAudio does. Scripted faults:
`die_after` blocks then the stream finishes by itself (a USB microphone pulled out),
`stall_after` blocks then it silently stops calling back, `overflow_at` flags one block,
`open_failures` makes the first N opens raise like PortAudio does for a missing device.
"""

from __future__ import annotations

import threading
import time

import numpy as np


class PortAudioError(Exception):
    pass


class _Status:
    def __init__(self, input_overflow=False, output_underflow=False):
        self.input_overflow = input_overflow
        self.output_underflow = output_underflow


class FakeSoundDevice:
    PortAudioError = PortAudioError

    def __init__(self, *, die_after=None, stall_after=None, overflow_at=None, open_failures=0,
                 speed=1.0, default_samplerate=48000):
        self.die_after = die_after
        self.stall_after = stall_after
        self.overflow_at = overflow_at
        self.open_failures = open_failures
        self.speed = speed
        self.default_samplerate = default_samplerate
        self.opened = 0
        self.streams = []
        self.value = 1000  # what the "microphone" hears

    def query_devices(self, device=None, kind=None):
        return {"name": "fake", "default_samplerate": self.default_samplerate}

    def _open(self):
        self.opened += 1
        if self.open_failures > 0:
            self.open_failures -= 1
            raise PortAudioError("Error querying device -1")

    def InputStream(self, **kw):
        self._open()
        stream = _Stream(self, kw, output=False)
        self.streams.append(stream)
        return stream

    def OutputStream(self, **kw):
        self._open()
        stream = _Stream(self, kw, output=True)
        self.streams.append(stream)
        return stream


class _Stream:
    def __init__(self, sd: FakeSoundDevice, kw: dict, output: bool):
        self.sd, self.kw, self.output = sd, kw, output
        self.callback = kw["callback"]
        self.finished_callback = kw.get("finished_callback")
        self.blocksize = kw["blocksize"]
        self.rate = kw["samplerate"]
        self.calls = 0
        self.played = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.closed = False

    def start(self):
        self._thread.start()

    def _run(self):
        period = self.blocksize / self.rate / self.sd.speed
        t0 = time.monotonic()
        while not self._stop.is_set():
            if not self.output:
                if self.sd.die_after is not None and self.calls >= self.sd.die_after:
                    self.sd.die_after = None  # only the first stream dies
                    if self.finished_callback:
                        self.finished_callback()
                    return
                if self.sd.stall_after is not None and self.calls >= self.sd.stall_after:
                    self.sd.stall_after = None
                    self._stop.wait()
                    return
                data = np.full((self.blocksize, 1), self.sd.value, dtype=np.int16)
                overflow = self.sd.overflow_at == self.calls
                self.callback(data, self.blocksize, None, _Status(input_overflow=overflow))
            else:
                out = np.zeros((self.blocksize, 1), dtype=np.float32)
                self.callback(out, self.blocksize, None, _Status())
                self.played.append(out[:, 0].copy())
            self.calls += 1
            delay = t0 + self.calls * period - time.monotonic()
            if delay > 0:
                self._stop.wait(delay)

    def abort(self):
        self._stop.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(1)

    stop = abort

    def close(self):
        self.closed = True
