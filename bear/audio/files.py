"""Reading recordings of any format and writing the bear's replies as WAV.

Reading uses libsndfile (WAV of every sample format, FLAC, OGG) and libsoxr for resampling;
both come inside their wheels. Writing uses the standard library's `wave`.
"""

from __future__ import annotations

import os
import wave
from pathlib import Path


class AudioFileError(Exception):
    """A recording that cannot be read, with the reason and the file's name."""


def to_int16(samples):
    """float [-1, 1] (or any numeric array) to int16 with clipping."""
    import numpy as np

    if samples.dtype == np.int16:
        return samples
    return (np.clip(samples, -1.0, 1.0) * 32767.0).round().astype(np.int16)


def resample(samples, from_rate: int, to_rate: int):
    """Resample mono float32 samples with libsoxr (high quality)."""
    if from_rate == to_rate:
        return samples
    import soxr

    return soxr.resample(samples, from_rate, to_rate, quality="HQ")


MIN_RATE, MAX_RATE = 4000, 384000  # outside this a header is broken or hostile, not a recording
BLOCK_SAMPLES = 1 << 16  # samples (all channels) decoded at a time


class AudioReader:
    """A recording read in bounded blocks as mono int16 at `rate` (downmixed, resampled with a
    streaming libsoxr resampler): memory does not depend on the file's length or header rate.

    `read()` returns the next block (about `BLOCK_SAMPLES / channels` input frames, resampled) and
    an empty array at the end. Raises AudioFileError (naming the file and the problem) for a
    missing, empty or malformed file, a sample rate outside 4-384 kHz, or NaN/infinite samples.
    """

    def __init__(self, path: Path | str, rate: int = 16000):
        import soundfile

        self.path = Path(path)
        self.rate = rate
        if not self.path.is_file():
            raise AudioFileError(f"{self.path}: no such file")
        try:
            self._file = soundfile.SoundFile(str(self.path))
        except (soundfile.LibsndfileError, RuntimeError, TypeError, ValueError) as exc:
            raise AudioFileError(f"{self.path}: not a readable audio file ({exc})") from None
        try:
            self.file_rate, self.channels, self.frames = self._file.samplerate, self._file.channels, self._file.frames
            if not MIN_RATE <= self.file_rate <= MAX_RATE:
                raise AudioFileError(f"{self.path}: sample rate {self.file_rate} Hz is not a recording's "
                                     f"(must be {MIN_RATE} to {MAX_RATE} Hz)")
            if self.frames == 0:
                raise AudioFileError(f"{self.path}: contains no audio samples")
        except BaseException:
            self._file.close()
            raise
        self._block = max(1, BLOCK_SAMPLES // self.channels)
        self._stream = None
        self.done = False

    @property
    def seconds(self) -> float:
        """The recording's length according to its header."""
        return self.frames / self.file_rate

    def read(self):
        """The next block as mono int16 at `rate`; empty once the recording has ended."""
        import numpy as np
        import soundfile

        if self.done:
            return np.zeros(0, np.int16)
        try:
            data = self._file.read(self._block, dtype="float32", always_2d=True)
        except (soundfile.LibsndfileError, RuntimeError, ValueError) as exc:
            self.close()
            raise AudioFileError(f"{self.path}: not a readable audio file ({exc})") from None
        last = len(data) < self._block
        if not np.isfinite(data).all():
            self.close()
            raise AudioFileError(f"{self.path}: contains NaN or infinite samples")
        mono = data.mean(axis=1, dtype=np.float32) if data.shape[1] > 1 else np.ascontiguousarray(data[:, 0])
        if self.file_rate != self.rate:
            if self._stream is None:
                import soxr

                self._stream = soxr.ResampleStream(self.file_rate, self.rate, 1, dtype="float32", quality="HQ")
            mono = self._stream.resample_chunk(mono, last=last)
        if last:
            self.close()
        return to_int16(mono)

    def __iter__(self):
        while len(block := self.read()) or not self.done:
            if len(block):
                yield block

    def close(self) -> None:
        """Close the file; iteration ends."""
        self.done = True
        self._file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def read_audio(path: Path | str, rate: int = 16000):
    """Read a whole recording as mono int16 at `rate`, downmixing and resampling as needed.

    Decoded in blocks (`AudioReader`): besides the result (2 bytes a sample at `rate`) it holds
    one block. Raises AudioFileError (naming the file and the problem) for a missing, empty,
    truncated or malformed file, or an absurd sample rate.
    """
    import numpy as np

    with AudioReader(path, rate) as reader:
        out = np.zeros(int(reader.frames * rate / reader.file_rate) + 64, np.int16)
        n = 0
        for block in reader:
            if n + len(block) > len(out):  # the header undercounted: grow
                out = np.concatenate((out, np.zeros(max(len(block), len(out) // 2), np.int16)))
            out[n:n + len(block)] = block
            n += len(block)
    if n == 0:
        raise AudioFileError(f"{Path(path)}: contains no audio samples")
    return out[:n] if len(out) - n <= len(out) // 8 + 64 else out[:n].copy()


class WavWriter:
    """Writes int16 mono audio to a WAV file, atomically: `<name>.part` renamed when closed."""

    def __init__(self, path: Path | str, rate: int):
        self.path = Path(path)
        self.rate = rate
        self.frames = 0
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._tmp = self.path.with_name(self.path.name + ".part")
        self._wav = wave.open(str(self._tmp), "wb")
        self._wav.setnchannels(1)
        self._wav.setsampwidth(2)
        self._wav.setframerate(rate)

    def write(self, samples) -> None:
        """Append samples (float or int16; converted to int16)."""
        block = to_int16(samples)
        self._wav.writeframes(block.tobytes())
        self.frames += len(block)

    def close(self) -> Path:
        """Finish the file and move it into place atomically; returns its path."""
        self._wav.close()
        os.replace(self._tmp, self.path)
        return self.path

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if exc[0] is None:
            self.close()
        else:
            self._wav.close()
            self._tmp.unlink(missing_ok=True)
