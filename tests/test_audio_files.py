import wave

import numpy as np
import pytest
import soundfile

from bear.audio.files import AudioFileError, WavWriter, read_audio
from conftest import SPEECH, require_file


def _peak_hz(samples, rate):
    spectrum = np.abs(np.fft.rfft(samples.astype(np.float32)))
    return np.fft.rfftfreq(len(samples), 1 / rate)[spectrum.argmax()]


@pytest.mark.parametrize("rate, channels, subtype", [
    (44100, 2, "PCM_16"), (48000, 1, "FLOAT"), (22050, 1, "PCM_24"), (8000, 2, "PCM_U8"), (16000, 1, "PCM_16")])
def test_any_rate_and_channel_count_becomes_16k_mono(tmp_path, rate, channels, subtype):
    t = np.arange(int(rate * 1.5)) / rate
    tone = 0.5 * np.sin(2 * np.pi * 440 * t)
    data = np.stack([tone] * channels, axis=1) if channels > 1 else tone
    path = tmp_path / f"tone_{rate}_{channels}.wav"
    soundfile.write(path, data, rate, subtype=subtype)
    out = read_audio(path)
    assert out.dtype == np.int16
    assert abs(len(out) - 24000) <= 2
    assert abs(_peak_hz(out, 16000) - 440) < 2
    assert 0.45 < np.abs(out).max() / 32767 < 0.55


def test_flac_from_the_shared_set():
    path = require_file(next((SPEECH / "librispeech-samples" / "flac").glob("*.flac"), SPEECH / "none.flac"))
    out = read_audio(path)
    assert len(out) > 16000 and out.std() > 100


@pytest.mark.parametrize("content, reason", [
    (b"", "not a readable audio file"),
    (b"RIFF\x24\x00\x00\x00WAVEfmt ", "not a readable audio file"),
    (b"\x00\x01garbage" * 100, "not a readable audio file"),
])
def test_malformed_files_are_refused_with_their_name(tmp_path, content, reason):
    path = tmp_path / "broken.wav"
    path.write_bytes(content)
    with pytest.raises(AudioFileError) as info:
        read_audio(path)
    assert "broken.wav" in str(info.value) and reason in str(info.value)


def test_wav_with_no_samples_and_missing_file(tmp_path):
    empty = tmp_path / "empty.wav"
    with wave.open(str(empty), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000)
    with pytest.raises(AudioFileError, match="no audio samples"):
        read_audio(empty)
    with pytest.raises(AudioFileError, match="no such file"):
        read_audio(tmp_path / "absent.wav")


def test_wav_writer_is_atomic(tmp_path):
    target = tmp_path / "out" / "reply.wav"
    with pytest.raises(RuntimeError):
        with WavWriter(target, 22050) as w:
            w.write(np.zeros(100, dtype=np.float32))
            raise RuntimeError("synthesis failed")
    assert not target.exists() and not list(target.parent.iterdir())
    with WavWriter(target, 22050) as w:
        w.write(np.full(2205, 0.25, dtype=np.float32))
    data, rate = soundfile.read(target, dtype="int16")
    assert rate == 22050 and len(data) == 2205 and data[0] == round(0.25 * 32767)


def _wav_header(rate: int, data_bytes: int, channels: int = 1) -> bytes:
    """A 16-bit PCM WAV header saying whatever we like (the tester's hostile files)."""
    import struct

    return (b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVEfmt "
            + struct.pack("<IHHIIHH", 16, 1, channels, rate, rate * channels * 2, channels * 2, 16)
            + b"data" + struct.pack("<I", data_bytes))


@pytest.mark.parametrize("rate", [1, 3999, 384001, 2_000_000])
def test_an_absurd_header_rate_is_refused_in_one_line(tmp_path, rate):
    path = tmp_path / "hostile.wav"
    path.write_bytes(_wav_header(rate, 65536) + bytes(65536))  # 64 kB: at 1 Hz, 9 hours at 16 kHz
    with pytest.raises(AudioFileError) as info:
        read_audio(path)
    assert str(info.value) == f"{path}: sample rate {rate} Hz is not a recording's (must be 4000 to 384000 Hz)"


@pytest.mark.parametrize("rate", [4000, 384000])
def test_the_edge_rates_are_recordings(tmp_path, rate):
    path = tmp_path / "edge.wav"
    soundfile.write(path, np.zeros(rate // 10, np.float32), rate)
    assert abs(len(read_audio(path)) - 1600) <= 2


def test_reading_holds_the_result_and_one_block_not_the_whole_file_as_floats(tmp_path):
    """60 s of 48 kHz stereo (11.5 MB of int16): the result is 1.9 MB at 16 kHz mono; reading
    must not hold the file decoded as float32 (23 MB), its downmix or its resampled copies."""
    import tracemalloc

    rate, seconds = 48000, 60
    t = np.arange(rate * seconds) / rate
    tone = (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    path = tmp_path / "long.wav"
    soundfile.write(path, np.stack([tone, tone], axis=1), rate, subtype="PCM_16")
    del t, tone
    tracemalloc.start()  # numpy reports its buffers to tracemalloc
    try:
        out = read_audio(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert abs(len(out) - 16000 * seconds) <= 2 and abs(_peak_hz(out[:16000], 16000) - 440) < 2
    result = out.nbytes
    print(f"result_mb={result / 1e6:.1f} peak_traced_mb={peak / 1e6:.1f}")
    assert peak < result + 4_000_000


def test_block_reading_gives_the_same_samples_as_resampling_the_whole_file(tmp_path):
    import soxr

    from bear.audio.files import AudioReader, to_int16

    rate = 44100
    rng = np.random.default_rng(1)
    x = (0.4 * np.sin(2 * np.pi * 440 * np.arange(rate * 5) / rate) + 0.1 * rng.normal(size=rate * 5))
    x = x.astype(np.float32)
    path = tmp_path / "noise.wav"
    soundfile.write(path, x, rate, subtype="FLOAT")
    whole = to_int16(soxr.resample(x, rate, 16000, quality="HQ"))
    with AudioReader(path) as reader:
        blocks = list(reader)
    assert len(blocks) > 2  # it really was read in blocks
    assert np.array_equal(np.concatenate(blocks), whole)
