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


def read_audio(path: Path | str, rate: int = 16000):
    """Read a recording as mono int16 at `rate`, downmixing and resampling as needed.

    Raises AudioFileError (naming the file and the problem) for a missing, empty, truncated or
    malformed file.
    """
    import numpy as np
    import soundfile

    path = Path(path)
    if not path.is_file():
        raise AudioFileError(f"{path}: no such file")
    try:
        data, file_rate = soundfile.read(str(path), dtype="float32", always_2d=True)
    except (soundfile.LibsndfileError, RuntimeError, TypeError, ValueError) as exc:
        raise AudioFileError(f"{path}: not a readable audio file ({exc})") from None
    if data.shape[0] == 0:
        raise AudioFileError(f"{path}: contains no audio samples")
    if not np.isfinite(data).all():
        raise AudioFileError(f"{path}: contains NaN or infinite samples")
    mono = data.mean(axis=1, dtype=np.float32) if data.shape[1] > 1 else data[:, 0]
    return to_int16(resample(np.ascontiguousarray(mono), int(file_rate), rate))


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
        block = to_int16(samples)
        self._wav.writeframes(block.tobytes())
        self.frames += len(block)

    def close(self) -> Path:
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
